import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each([
    ["/aws", "/aws"],
    ["/people?view=admins", "/people?view=admins"],
    ["/findings#top", "/findings"],
    ["/a/../b", "/b"],
    ["", "/"],
    [null, "/"],
    // a scheme-relative form of the same scheme is a relative path in URL parsing: it stays on this site
    ["http:evil.example", "/evil.example"],
  ])("keeps same-site path %j as %j", (input, want) => {
    expect(safeNextPath(input)).toBe(want);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "  //evil.example",
  ])("drops off-site target %j", (input) => {
    expect(safeNextPath(input)).toBe("/");
  });
});
