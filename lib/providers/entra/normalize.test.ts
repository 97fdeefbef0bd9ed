import { describe, expect, it } from "vitest";
import { MfaByUser, type MfaInfo } from "./normalize";

describe("MfaByUser", () => {
  it("gives back exactly what was stored, for every combination of registered / isAdmin and method lists", () => {
    const m = new MfaByUser();
    const cases: [string, MfaInfo][] = [];
    const tri = [null, false, true];
    const lists = [
      [],
      ["microsoftAuthenticatorPush", "softwareOneTimePasscode"],
      ["fido2SecurityKey"],
      ["softwareOneTimePasscode", "microsoftAuthenticatorPush"],
    ];
    let n = 0;
    for (const registered of tri)
      for (const isAdmin of tri) for (const methods of lists) cases.push([`u${n++}`, { registered, isAdmin, methods }]);
    for (const [id, info] of cases) m.set(id, info);
    m.set("u0", { registered: true, isAdmin: null, methods: ["sms"] }); // replaced
    cases[0] = ["u0", { registered: true, isAdmin: null, methods: ["sms"] }];
    for (const [id, info] of cases) expect(m.get(id)).toEqual(info);
    expect(m.get("nobody")).toBeUndefined();
    expect(m.size).toBe(cases.length);
    // A caller changing the list it got back does not change the stored one.
    m.get("u1")!.methods.push("x");
    expect(m.get("u1")).toEqual(cases[1]![1]);
  });
});
