import { describe, expect, it } from "vitest";
import { SAMPLE_NOW } from "../sample/company";
import { sampleShiftDays, shiftTimestamps } from "./load-sample";

describe("shiftTimestamps", () => {
  it.each([
    ["2026-11-20T09:00:00+00:00", 3, "2026-11-23T09:00:00+00:00"],
    ["2026-11-20T09:00:00Z", 40, "2026-12-30T09:00:00Z"],
    ["2021-11-02T14:17:09.1686157Z", 1, "2021-11-03T14:17:09.1686157Z"],
    ["0001-01-01T00:00:00Z", 10, "0001-01-01T00:00:00Z"],
    ["no_information,N/A,2024-02-28T23:30:00+00:00", 1, "no_information,N/A,2024-02-29T23:30:00+00:00"],
  ])("%s + %i days", (input, days, expected) => {
    expect(shiftTimestamps(input, days)).toBe(expected);
  });

  it("leaves text without timestamps and zero shifts alone", () => {
    expect(shiftTimestamps('{"a":"2026-11-20"}', 5)).toBe('{"a":"2026-11-20"}');
    expect(shiftTimestamps("2026-11-20T09:00:00Z", 0)).toBe("2026-11-20T09:00:00Z");
  });

  it("shifts by whole days since the sample's date, never backwards", () => {
    expect(sampleShiftDays(new Date(SAMPLE_NOW.getTime() + 2.5 * 86_400_000))).toBe(2);
    expect(sampleShiftDays(new Date("2020-01-01T00:00:00Z"))).toBe(0);
  });
});
