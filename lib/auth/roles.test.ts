import { describe, expect, it } from "vitest";
import { assertCan } from "./guard";
import { can, isRole, type Permission, PERMISSIONS, permissionsOf, type Role, ROLES, roleOf } from "./roles";

// What the issue asks of each role, written out in full: a change to PERMISSIONS must change this table too.
const EXPECTED: Record<Role, Permission[]> = {
  viewer: ["view", "export", "translate"],
  auditor: ["view", "export", "translate", "reports", "decideLinks"],
  admin: [
    "view",
    "export",
    "translate",
    "reports",
    "decideLinks",
    "manageSources",
    "runSyncs",
    "manageAccounts",
    "readAuditLog",
  ],
};

describe("roles", () => {
  it.each(ROLES)("%s holds exactly its permissions", (role) => {
    expect(permissionsOf(role)).toEqual(EXPECTED[role]);
  });

  it.each(ROLES.flatMap((role) => (Object.keys(PERMISSIONS) as Permission[]).map((p) => [role, p] as const)))(
    "%s / %s: assertCan agrees with can, and a refusal is FORBIDDEN naming the role needed",
    (role, permission) => {
      const allowed = EXPECTED[role].includes(permission);
      expect(can(role, permission)).toBe(allowed);
      if (allowed) expect(() => assertCan({ role }, permission)).not.toThrow();
      else
        expect(() => assertCan({ role }, permission)).toThrow(
          expect.objectContaining({ code: "FORBIDDEN", httpStatus: 403, message: expect.stringMatching(/needs the/) }),
        );
    },
  );

  it("reads an unknown stored role as viewer, the least", () => {
    expect(roleOf("admin")).toBe("admin");
    expect(roleOf("Admin")).toBe("viewer");
    expect(roleOf("")).toBe("viewer");
    expect(roleOf(null)).toBe("viewer");
    expect(isRole("auditor")).toBe(true);
    expect(isRole("root")).toBe(false);
  });
});
