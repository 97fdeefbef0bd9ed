import { describe, expect, it } from "vitest";
import { deviceKeyFrom, deviceLane, issueDeviceToken } from "./device-token";
import { KeyedLanes, Semaphore } from "./sign-in-gate";

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe("Semaphore (the cap on concurrent password checks)", () => {
  it("runs at most `max` at once, queues up to `maxWaiting`, refuses the rest at once", async () => {
    const s = new Semaphore(2, 3, "busy");
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick(20);
      running--;
      return "done";
    };
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => s.run(work)));
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      ["THROTTLED", "THROTTLED", "THROTTLED"],
    );
    expect(await s.run(work)).toBe("done"); // free again
  });
});

describe("KeyedLanes (attempts on one account one by one)", () => {
  it("serialises work per key, not across keys, and refuses past maxQueued", async () => {
    const lanes = new KeyedLanes(3, "too many");
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick(10);
      log.push(`end ${name}`);
    };
    const all = Promise.allSettled([
      lanes.run("a", work("a1")),
      lanes.run("a", work("a2")),
      lanes.run("b", work("b1")),
      lanes.run("a", work("a3")),
      lanes.run("a", work("a4")),
    ]);
    const results = await all;
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected"]);
    const a = log.filter((l) => l.endsWith("a1") || l.endsWith("a2") || l.endsWith("a3"));
    expect(a).toEqual(["start a1", "end a1", "start a2", "end a2", "start a3", "end a3"]);
    expect(log.indexOf("start b1")).toBeLessThan(log.indexOf("end a1"));
    expect(lanes.queued("a")).toBe(0);
  });

  it("a failing attempt does not block the next one", async () => {
    const lanes = new KeyedLanes(3, "too many");
    const first = lanes.run("a", async () => {
      throw new Error("wrong password");
    });
    await expect(first).rejects.toThrow("wrong password");
    expect(await lanes.run("a", async () => 42)).toBe(42);
  });
});

describe("device tokens", () => {
  const key = deviceKeyFrom(Buffer.alloc(32, 7));
  it("name one account, expire, and cannot be forged or moved to another account", () => {
    const t = issueDeviceToken(key, "user-1", 1000);
    expect(deviceLane(key, t, "user-1", 2000)).toMatch(/^d:/);
    expect(deviceLane(key, t, "user-2", 2000)).toBeNull();
    expect(deviceLane(key, t, "user-1", 1000 + 181 * 86_400_000)).toBeNull();
    expect(deviceLane(deviceKeyFrom(Buffer.alloc(32, 8)), t, "user-1", 2000)).toBeNull();
    const [v, , exp, mac] = t.split(".");
    expect(
      deviceLane(key, [v, Buffer.from("user-2").toString("base64url"), exp, mac].join("."), "user-2", 2000),
    ).toBeNull();
    expect(deviceLane(key, undefined, "user-1")).toBeNull();
    expect(deviceLane(key, "garbage", "user-1")).toBeNull();
  });
});
