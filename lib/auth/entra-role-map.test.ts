import { describe, expect, it } from "vitest";
import { decideRole, DEFAULT_ROLE_MAP, parseRoleValues, type EntraRoleMap } from "./entra-role-map";

const ENG = "5c2d9e10-bbbb-4b1e-8f00-00000000b002";
const SEC = "5c2d9e10-cccc-4b1e-8f00-00000000b003";
const map: EntraRoleMap = {
  viewer: [...DEFAULT_ROLE_MAP.viewer, ENG],
  auditor: [...DEFAULT_ROLE_MAP.auditor, SEC],
  admin: DEFAULT_ROLE_MAP.admin,
};

describe("decideRole", () => {
  it.each([
    ["app role viewer", ["Crosswalk.Viewer"], [], "viewer"],
    ["app role admin", ["Crosswalk.Admin"], [], "admin"],
    ["the highest of several", ["Crosswalk.Viewer", "Crosswalk.Admin", "Crosswalk.Auditor"], [], "admin"],
    ["a group", [], [ENG], "viewer"],
    ["a group id in another case", [], [SEC.toUpperCase()], "auditor"],
    ["group beats app role when higher", ["Crosswalk.Viewer"], [SEC], "auditor"],
    ["an unmapped app role", ["Other.Role"], [], null],
    ["nothing at all", [], [], null],
  ] as const)("%s → %s", (_name, roles, groups, want) => {
    expect(decideRole(map, { roles: [...roles], groups: [...groups] }).role).toBe(want);
  });

  it("says why there is no role, naming the app roles seen and the groups overage", () => {
    const d = decideRole(map, { roles: ["Other.Role"], groups: null });
    expect(d.role).toBeNull();
    if (d.role === null) {
      expect(d.reason).toContain("Other.Role");
      expect(d.reason).toContain("more than 200 groups");
    }
  });
});

describe("parseRoleValues", () => {
  it("splits on commas, spaces and new lines, without duplicates", () => {
    expect(parseRoleValues(`Crosswalk.Admin, ${ENG}\n${ENG};x:y`, "admin")).toEqual(["Crosswalk.Admin", ENG, "x:y"]);
    expect(parseRoleValues("  ", "viewer")).toEqual([]);
  });
  it("refuses what is neither an app role value nor a group id, naming it", () => {
    expect(() => parseRoleValues("Crosswalk.Admin <script>", "admin")).toThrow(/"<script>" \(admin\)/);
  });
});
