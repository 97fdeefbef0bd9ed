import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";
import { FailureDelay } from "./rate-limit";

describe("clientAddress", () => {
  const h = new Headers({ "x-forwarded-for": "198.51.100.7, 10.0.0.1", "x-real-ip": "10.0.0.2" });

  it("ignores client-set forwarding headers unless a trusted proxy sets them", () => {
    expect(clientAddress(h, false)).toBeNull();
    expect(clientAddress(new Headers(), false)).toBeNull();
  });

  it("takes the first X-Forwarded-For address, then X-Real-IP, behind a trusted proxy", () => {
    expect(clientAddress(h, true)).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-real-ip": "10.0.0.2" }), true)).toBe("10.0.0.2");
    expect(clientAddress(new Headers(), true)).toBeNull();
  });
});

describe("FailureDelay", () => {
  it("waits longer after each failure past the free ones, bounded, and forgets after the window or a reset", () => {
    let now = 0;
    const d = new FailureDelay({ free: 2, baseMs: 100, maxMs: 500, windowMs: 10_000 }, () => now);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      seen.push(d.delayMs("k"));
      d.fail("k");
    }
    expect(seen).toEqual([0, 0, 100, 200, 400, 500]);
    expect(d.delayMs("other")).toBe(0);
    now = 10_001;
    expect(d.delayMs("k")).toBe(0);
    d.fail("k");
    d.fail("k");
    d.fail("k");
    expect(d.delayMs("k")).toBe(200);
    d.reset("k");
    expect(d.delayMs("k")).toBe(0);
  });
});
