import { COMPANY, DOMAIN, TENANT_ID, daysAgo } from "./company";
import { LOCATIONS, caPolicies, graphPreciseTime, type CaIds } from "./entra-ca";
import { ROLE_TEMPLATES, roleId } from "./entra-roles";
import type { EntraUser, Person } from "./people";
import { TEAMS } from "./people";
import type { SampleRandom } from "./random";

/**
 * The Entra half of the sample: Microsoft Graph v1.0 responses, one file per collection, laid out the way the Entra
 * file import reads a folder (lib/providers/entra/import-files.ts): `users.json`, `groups.json`,
 * `groups/<groupId>/members.json` (direct members), `roleDefinitions.json`, `roleAssignments.json`,
 * `roleEligibilitySchedules.json`, `servicePrincipals.json`, `servicePrincipals/<id>/appRoleAssignments.json`,
 * `oauth2PermissionGrants.json`, `userRegistrationDetails.json`, `namedLocations.json`,
 * `conditionalAccessPolicies.json`.
 */

const GRAPH = "https://graph.microsoft.com/v1.0/$metadata#";

/** Graph's second-precision timestamps ("2026-11-18T08:12:44Z"). */
export function graphTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function response(context: string, value: unknown[]): Record<string, unknown> {
  return { "@odata.context": `${GRAPH}${context}`, value };
}

/** Microsoft's GUID byte order (first three fields little-endian), as used in role assignment ids. */
function guidBytes(guid: string): Buffer {
  const h = guid.replace(/-/g, "");
  const b = Buffer.from(h, "hex");
  const swap = (s: number, n: number) => b.subarray(s, s + n).reverse();
  swap(0, 4);
  swap(4, 2);
  swap(6, 2);
  return b;
}

/** A unifiedRoleAssignment id as Entra forms it for a tenant-wide assignment: role + principal, base64url, "-1". */
export function roleAssignmentId(roleDefinitionId: string, principalId: string): string {
  return `${guidBytes(roleDefinitionId).toString("base64url")}${guidBytes(principalId).toString("base64url")}-1`;
}

interface GroupSpec {
  name: string;
  description: string;
  kind: "security" | "m365" | "dynamic" | "roleAssignable";
  onPrem?: boolean;
  rule?: string;
  created: string;
  /** Member user ids and nested group names. */
  users: string[];
  groups: string[];
  mailNickname?: string;
}

const MICROSOFT_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
const GRAPH_APP_ROLES: Record<string, string> = {
  "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
  "Group.Read.All": "5b567255-7703-4780-807c-7be8301ae99b",
  "GroupMember.Read.All": "98830695-27a2-44f7-8c18-0c3ebc9698f6",
  "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
  "AuditLog.Read.All": "b0afded3-3588-46d8-8b3d-9842eff778da",
  "Policy.Read.All": "246dd0d5-5bd0-4def-940b-0421030a5b68",
  "RoleManagement.Read.Directory": "483bed4a-2ad3-4361-a73b-c83ccdbdc53c",
  "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
  "User.ReadWrite.All": "741f803b-c850-494e-b5df-cde7c675a1ca",
  "Mail.Send": "b633e1c5-b582-4048-a93e-9f11b44c7e96",
  "Sites.ReadWrite.All": "9492366f-7969-46a4-8d15-ed1a20078fff",
};

export class EntraExport {
  private readonly users: EntraUser[];
  private readonly groupIds: Record<string, string> = {};
  private readonly spIds: Record<string, string> = {};
  private readonly auMonterrey: string;

  constructor(
    private readonly r: SampleRandom,
    private readonly people: Person[],
  ) {
    this.users = people.filter((p) => p.entra).map((p) => p.entra!);
    this.auMonterrey = r.guid();
  }

  private userOf(key: string): EntraUser {
    const p = this.people.find((x) => x.key === key);
    if (!p?.entra) throw new Error(`sample: no Entra user ${key}`);
    return p.entra;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Users

  private userObject(u: EntraUser): Record<string, unknown> {
    const sign = u.lastSignIn
      ? {
          lastSignInDateTime: graphTime(u.lastSignIn),
          lastSignInRequestId: this.r.guid(),
          lastNonInteractiveSignInDateTime: u.lastNonInteractive
            ? graphTime(u.lastNonInteractive)
            : "0001-01-01T00:00:00Z",
          lastNonInteractiveSignInRequestId: u.lastNonInteractive ? this.r.guid() : "",
          lastSuccessfulSignInDateTime: graphTime(
            u.lastNonInteractive && u.lastNonInteractive > u.lastSignIn ? u.lastNonInteractive : u.lastSignIn,
          ),
          lastSuccessfulSignInRequestId: this.r.guid(),
        }
      : u.lastNonInteractive
        ? {
            // Service accounts: only non-interactive sign-ins.
            lastSignInDateTime: "0001-01-01T00:00:00Z",
            lastSignInRequestId: "",
            lastNonInteractiveSignInDateTime: graphTime(u.lastNonInteractive),
            lastNonInteractiveSignInRequestId: this.r.guid(),
            lastSuccessfulSignInDateTime: graphTime(u.lastNonInteractive),
            lastSuccessfulSignInRequestId: this.r.guid(),
          }
        : null;
    return {
      id: u.id,
      displayName: u.displayName,
      givenName: u.givenName,
      surname: u.surname,
      userPrincipalName: u.upn,
      mail: u.mail,
      jobTitle: u.jobTitle,
      department: u.department,
      employeeType: u.employeeType,
      accountEnabled: u.enabled,
      userType: u.guest ? "Guest" : "Member",
      externalUserState: u.externalState ?? null,
      externalUserStateChangeDateTime:
        u.externalState === "Accepted" ? graphTime(new Date(u.createdAt.getTime() + 3_600_000)) : null,
      creationType: u.guest ? "Invitation" : null,
      createdDateTime: graphTime(u.createdAt),
      onPremisesSyncEnabled: u.onPrem ? true : null,
      onPremisesImmutableId: u.onPrem ? Buffer.from(this.r.hex(32), "hex").toString("base64") : null,
      lastPasswordChangeDateTime: graphTime(u.passwordChangedAt),
      employeeLeaveDateTime: u.leaveAt ? graphTime(u.leaveAt) : null,
      signInActivity: sign,
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Groups

  private groupSpecs(): GroupSpec[] {
    const people = this.people.filter((p) => p.entra);
    const ids = (ps: Person[]) => ps.map((p) => p.entra!.id);
    const enabledStaff = people.filter((p) => (p.kind === "employee" || p.kind === "contractor") && p.entra!.enabled);
    const byTeam = (team: string) => enabledStaff.filter((p) => p.team === team);
    const byDept = (dept: string) => enabledStaff.filter((p) => p.department === dept);
    const withGroup = (name: string) => people.filter((p) => p.entra!.groups.includes(name));
    const specs: GroupSpec[] = [];
    const add = (s: Omit<GroupSpec, "users" | "groups"> & { users?: string[]; groups?: string[] }) =>
      specs.push({ users: [], groups: [], ...s });

    add({
      name: "All Staff",
      description: `Everyone at ${COMPANY}`,
      kind: "m365",
      created: "2019-03-04T10:00:00Z",
      users: ids(enabledStaff),
      mailNickname: "allstaff",
    });
    add({
      name: "All Employees",
      description: "Dynamic: every enabled employee",
      kind: "dynamic",
      rule: '(user.employeeType -eq "Employee") and (user.accountEnabled -eq true)',
      created: "2021-03-01T09:00:00Z",
      users: ids(people.filter((p) => p.entra!.employeeType === "Employee" && p.entra!.enabled && !p.entra!.guest)),
    });
    add({
      name: "All Contractors",
      description: "Dynamic: every contractor",
      kind: "dynamic",
      rule: '(user.employeeType -eq "Contractor")',
      created: "2021-03-01T09:05:00Z",
      users: ids(people.filter((p) => p.entra!.employeeType === "Contractor")),
    });
    add({
      name: "All Guests",
      description: "Dynamic: every guest",
      kind: "dynamic",
      rule: '(user.userType -eq "Guest")',
      created: "2021-03-01T09:10:00Z",
      users: ids(people.filter((p) => p.entra!.guest)),
    });

    // Department groups synced from on-premises AD; Engineering nests one group per team.
    const engTeams = TEAMS.filter((t) => t.department === "Engineering");
    for (const t of engTeams)
      add({
        name: `SG-Eng-${t.team.replace(/\s+/g, "")}`,
        description: `${t.team} team`,
        kind: "security",
        onPrem: true,
        created: "2019-03-01T12:00:00Z",
        users: ids(byTeam(t.team)),
      });
    add({
      name: "SG-Engineering",
      description: "Engineering department",
      kind: "security",
      onPrem: true,
      created: "2019-03-01T12:00:00Z",
      groups: engTeams.map((t) => `SG-Eng-${t.team.replace(/\s+/g, "")}`),
    });
    for (const dept of [...new Set(TEAMS.map((t) => t.department))].filter((d) => d !== "Engineering")) {
      add({
        name: `SG-${dept.replace(/[^A-Za-z]/g, "")}`,
        description: `${dept} department`,
        kind: "security",
        onPrem: true,
        created: "2019-03-01T12:00:00Z",
        users: ids(byDept(dept)),
      });
    }
    for (const [name, dept] of [
      ["Engineering Team", "Engineering"],
      ["Robotics R&D Team", "Robotics R&D"],
      ["Sales Team", "Sales"],
      ["Marketing Team", "Marketing"],
    ] as const) {
      add({
        name,
        description: `${dept} collaboration`,
        kind: "m365",
        created: "2020-05-11T09:00:00Z",
        users: ids(byDept(dept)),
        mailNickname: name.replace(/[^A-Za-z]/g, "").toLowerCase(),
      });
    }

    // Groups assigned to AWS IAM Identity Center permission sets.
    for (const g of [
      "AWS-Prod-Admins",
      "AWS-Prod-ReadOnly",
      "AWS-Dev-PowerUsers",
      "AWS-DataScience",
      "AWS-Billing",
      "AWS-SecurityAudit",
    ]) {
      add({
        name: g,
        description: `AWS IAM Identity Center: ${g.replace(/^AWS-/, "")}`,
        kind: "security",
        created: "2023-02-14T10:30:00Z",
        users: ids(withGroup(g)),
        groups: g === "AWS-Prod-ReadOnly" ? ["SG-Security"] : [],
      });
    }
    add({
      name: "Role-Helpdesk-Administrators",
      description: "Role-assignable: Helpdesk Administrator",
      kind: "roleAssignable",
      created: "2022-03-07T08:00:00Z",
      users: ids(withGroup("Role-Helpdesk-Administrators")),
    });
    add({
      name: "Role-Security-Operations",
      description: "Role-assignable: Security Administrator",
      kind: "roleAssignable",
      created: "2022-03-07T08:05:00Z",
      users: ids(withGroup("Role-Security-Operations")),
    });
    add({
      name: "CA-Exclude-BreakGlass",
      description: "Emergency access accounts excluded from conditional access",
      kind: "security",
      created: "2020-01-10T10:10:00Z",
      users: ids(withGroup("CA-Exclude-BreakGlass")),
    });
    add({
      name: "CA-Exclude-Temp",
      description: "Temporary CA exclusions (remove after the ticket is closed)",
      kind: "security",
      created: "2024-10-02T15:00:00Z",
      users: ids(withGroup("CA-Exclude-Temp")),
    });
    add({
      name: "CA-Exclude-LegacyAuth",
      description: "Devices and people that still need SMTP basic authentication",
      kind: "security",
      created: "2021-03-02T09:35:00Z",
      users: ids(withGroup("CA-Exclude-LegacyAuth")),
    });
    const vpn = this.r.sample(
      enabledStaff.filter((p) => p.entra!.onPrem),
      14,
    );
    add({
      name: "Legacy VPN Users",
      description: "Cisco VPN (on-premises group)",
      kind: "security",
      onPrem: true,
      created: "2019-03-01T12:00:00Z",
      users: ids(vpn),
    });
    add({
      name: "Interns 2019",
      description: "Summer interns 2019",
      kind: "security",
      onPrem: true,
      created: "2019-06-03T08:00:00Z",
    });
    return specs;
  }

  private groupObject(s: GroupSpec, id: string): Record<string, unknown> {
    const m365 = s.kind === "m365";
    const nick = s.mailNickname ?? s.name.replace(/[^A-Za-z0-9-]/g, "");
    return {
      id,
      displayName: s.name,
      description: s.description,
      groupTypes: m365 ? ["Unified"] : s.kind === "dynamic" ? ["DynamicMembership"] : [],
      securityEnabled: !m365,
      mailEnabled: m365,
      mail: m365 ? `${nick}@${DOMAIN}` : null,
      mailNickname: nick,
      membershipRule: s.rule ?? null,
      membershipRuleProcessingState: s.rule ? "On" : null,
      isAssignableToRole: s.kind === "roleAssignable" ? true : null,
      onPremisesSyncEnabled: s.onPrem ? true : null,
      createdDateTime: graphTime(new Date(s.created)),
      visibility: m365 ? "Private" : null,
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Service principals

  private servicePrincipals() {
    const sp = (displayName: string, o: Record<string, unknown>) => {
      const id = this.r.guid();
      this.spIds[displayName] = id;
      return {
        id,
        appId: this.r.guid(),
        displayName,
        servicePrincipalType: "Application",
        accountEnabled: true,
        appOwnerOrganizationId: TENANT_ID,
        signInAudience: "AzureADMyOrg",
        servicePrincipalNames: [] as string[],
        alternativeNames: [] as string[],
        tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
        appRoles: [],
        keyCredentials: [],
        passwordCredentials: [],
        ...o,
      };
    };
    const ms = (displayName: string, appId: string) =>
      sp(displayName, {
        appId,
        appOwnerOrganizationId: MICROSOFT_TENANT,
        signInAudience: "AzureADMultipleOrgs",
        servicePrincipalNames: [appId],
        tags: [],
      });
    const secret = (name: string, start: Date, end: Date) => ({
      customKeyIdentifier: null,
      displayName: name,
      endDateTime: graphTime(end),
      hint: this.r.f.string.alphanumeric(3),
      keyId: this.r.guid(),
      secretText: null,
      startDateTime: graphTime(start),
    });
    const mi = (name: string, explicit: boolean, resource: string) =>
      sp(name, {
        servicePrincipalType: "ManagedIdentity",
        appOwnerOrganizationId: null,
        signInAudience: null,
        tags: [],
        alternativeNames: [`isExplicit=${explicit ? "True" : "False"}`, resource],
      });
    const sub = "/subscriptions/7a1c5e2d-3f4b-4c6a-9e8d-1b2c3d4e5f60/resourcegroups";
    return [
      ms("Microsoft Graph", "00000003-0000-0000-c000-000000000000"),
      ms("Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"),
      ms("Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000"),
      ms("Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264"),
      ms("Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"),
      ms("Microsoft Intune", "0000000a-0000-0000-c000-000000000000"),
      sp("AWS IAM Identity Center (successor to AWS Single Sign-On)", {
        tags: [
          "WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1",
          "WindowsAzureActiveDirectoryCustomSingleSignOnApplication",
        ],
        preferredSingleSignOnMode: "saml",
      }),
      sp("Crosswalk Reader", { passwordCredentials: [secret("crosswalk", daysAgo(60), daysAgo(-305))] }),
      sp("Northwind HR Sync", { passwordCredentials: [secret("prod", new Date("2024-01-15T10:00:00Z"), daysAgo(25))] }),
      sp("Northwind Fleet Portal", { signInAudience: "AzureADMyOrg" }),
      sp("GitHub Enterprise Cloud - Organization", {
        tags: ["WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1"],
        preferredSingleSignOnMode: "saml",
      }),
      sp("Slack", {
        tags: ["WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1"],
        preferredSingleSignOnMode: "saml",
      }),
      sp("Salesforce", {
        tags: ["WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1"],
        preferredSingleSignOnMode: "saml",
      }),
      sp("Legacy Intranet (App Proxy)", { accountEnabled: false }),
      sp("Scan-to-SharePoint connector", {
        passwordCredentials: [secret("scanner", new Date("2022-06-01T08:00:00Z"), new Date("2027-06-01T08:00:00Z"))],
      }),
      mi(
        "nw-fleet-api-mi",
        true,
        `${sub}/rg-fleet/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nw-fleet-api-mi`,
      ),
      mi("nw-data-factory", false, `${sub}/rg-data/providers/Microsoft.DataFactory/factories/nw-data-factory`),
      mi("nw-automation", false, `${sub}/rg-ops/providers/Microsoft.Automation/automationAccounts/nw-automation`),
    ];
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Every file of the Entra export, by path relative to the Entra folder. */
  files(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    out["users.json"] = response(
      "users",
      this.users.map((u) => this.userObject(u)),
    );

    const specs = this.groupSpecs();
    for (const s of specs) this.groupIds[s.name] = this.r.guid();
    out["groups.json"] = response(
      "groups",
      specs.map((s) => this.groupObject(s, this.groupIds[s.name]!)),
    );
    const byId = new Map(this.users.map((u) => [u.id, u]));
    for (const s of specs) {
      const members = [
        ...s.users.map((id) => {
          const u = byId.get(id)!;
          return { "@odata.type": "#microsoft.graph.user", id, displayName: u.displayName, userPrincipalName: u.upn };
        }),
        ...s.groups.map((g) => ({ "@odata.type": "#microsoft.graph.group", id: this.groupIds[g]!, displayName: g })),
      ];
      if (members.length) out[`groups/${this.groupIds[s.name]}/members.json`] = response("directoryObjects", members);
    }

    // Directory roles: the definitions of every built-in role the tenant uses.
    out["roleDefinitions.json"] = response(
      "roleManagement/directory/roleDefinitions",
      Object.entries(ROLE_TEMPLATES).map(([name, t]) => ({
        id: t.id,
        description: t.description,
        displayName: name,
        isBuiltIn: true,
        isEnabled: true,
        resourceScopes: ["/"],
        templateId: t.id,
        version: "1",
        rolePermissions: [{ allowedResourceActions: t.actions, condition: null }],
        inheritsPermissionsFrom: t.inheritsDirectoryReaders ? [{ id: ROLE_TEMPLATES["Directory Readers"]!.id }] : [],
      })),
    );

    const sps = this.servicePrincipals();
    out["servicePrincipals.json"] = response("servicePrincipals", sps);

    const assignments: Record<string, unknown>[] = [];
    const eligibility: Record<string, unknown>[] = [];
    const assign = (role: string, principalId: string, type: "user" | "group" | "servicePrincipal", scope = "/") => {
      const rid = roleId(role);
      assignments.push({
        id: scope === "/" ? roleAssignmentId(rid, principalId) : `${this.r.f.string.alphanumeric(43)}-1`,
        principalId,
        resourceScope: scope,
        directoryScopeId: scope,
        roleDefinitionId: rid,
        principal: { "@odata.type": `#microsoft.graph.${type}`, id: principalId },
      });
    };
    for (const u of this.users) {
      for (const h of u.roles) {
        const scope = h.scope === "au:monterrey" ? `/administrativeUnits/${this.auMonterrey}` : "/";
        if (h.how === "active") assign(h.role, u.id, "user", scope);
        else {
          const id = this.r.guid();
          const start = this.r.between(new Date("2024-01-01T00:00:00Z"), daysAgo(30));
          eligibility.push({
            id,
            principalId: u.id,
            roleDefinitionId: roleId(h.role),
            directoryScopeId: scope,
            appScopeId: null,
            createdUsing: id,
            createdDateTime: graphPreciseTime(start, `${this.r.f.string.numeric(3)}0000`),
            modifiedDateTime: "0001-01-01T08:00:00Z",
            status: "Provisioned",
            memberType: "Direct",
            scheduleInfo: {
              startDateTime: graphPreciseTime(start, `${this.r.f.string.numeric(3)}0000`),
              recurrence: null,
              expiration: u.guest
                ? { type: "afterDateTime", endDateTime: graphTime(daysAgo(-90)), duration: null }
                : { type: "noExpiration", endDateTime: null, duration: null },
            },
          });
        }
      }
    }
    assign("Helpdesk Administrator", this.groupIds["Role-Helpdesk-Administrators"]!, "group");
    assign("Security Administrator", this.groupIds["Role-Security-Operations"]!, "group");
    assign("User Administrator", this.spIds["Northwind HR Sync"]!, "servicePrincipal");
    out["roleAssignments.json"] = response("roleManagement/directory/roleAssignments(principal())", assignments);
    out["roleEligibilitySchedules.json"] = response("roleManagement/directory/roleEligibilitySchedules", eligibility);

    // Application permissions held by our own apps on Microsoft Graph, and one delegated grant.
    const graphSp = this.spIds["Microsoft Graph"]!;
    const appGrants: [string, string[]][] = [
      [
        "Crosswalk Reader",
        [
          "User.Read.All",
          "GroupMember.Read.All",
          "RoleManagement.Read.Directory",
          "Application.Read.All",
          "Policy.Read.All",
          "AuditLog.Read.All",
        ],
      ],
      ["Northwind HR Sync", ["User.ReadWrite.All", "Group.Read.All"]],
      ["Scan-to-SharePoint connector", ["Sites.ReadWrite.All", "Mail.Send"]],
      ["nw-automation", ["Directory.Read.All"]],
    ];
    for (const [app, perms] of appGrants) {
      const principalId = this.spIds[app]!;
      out[`servicePrincipals/${principalId}/appRoleAssignments.json`] = response(
        `servicePrincipals('${principalId}')/appRoleAssignments`,
        perms.map((perm) => ({
          id: this.r.f.string.alphanumeric(43),
          deletedDateTime: null,
          createdDateTime: graphPreciseTime(
            this.r.between(new Date("2023-01-01T00:00:00Z"), daysAgo(60)),
            this.r.f.string.numeric(7),
          ),
          appRoleId: GRAPH_APP_ROLES[perm]!,
          principalDisplayName: app,
          principalId,
          principalType: "ServicePrincipal",
          resourceDisplayName: "Microsoft Graph",
          resourceId: graphSp,
        })),
      );
    }
    out["oauth2PermissionGrants.json"] = response("oauth2PermissionGrants", [
      {
        clientId: this.spIds["Northwind Fleet Portal"]!,
        consentType: "AllPrincipals",
        id: this.r.f.string.alphanumeric(43),
        principalId: null,
        resourceId: graphSp,
        scope: "openid profile User.Read",
      },
      {
        clientId: this.spIds.Slack!,
        consentType: "AllPrincipals",
        id: this.r.f.string.alphanumeric(43),
        principalId: null,
        resourceId: graphSp,
        scope: "User.Read",
      },
    ]);

    // MFA registration report: one row per user (members and guests).
    const adminIds = new Set(assignments.map((a) => String(a.principalId)));
    for (const s of specs) if (s.kind === "roleAssignable") for (const id of s.users) adminIds.add(id);
    out["userRegistrationDetails.json"] = response(
      "reports/authenticationMethods/userRegistrationDetails",
      this.users.map((u) => {
        const methods = u.mfaMethods;
        const passwordless = methods.some((m) => m === "fido2" || m === "windowsHelloForBusiness");
        return {
          id: u.id,
          userPrincipalName: u.upn,
          userDisplayName: u.displayName,
          userType: u.guest ? "guest" : "member",
          isAdmin: adminIds.has(u.id),
          isSsprRegistered: methods.length > 0,
          isSsprEnabled: !u.guest,
          isSsprCapable: methods.length > 0 && !u.guest,
          isMfaRegistered: methods.length > 0,
          isMfaCapable: methods.length > 0 && u.enabled,
          isPasswordlessCapable: passwordless,
          methodsRegistered: methods,
          isSystemPreferredAuthenticationMethodEnabled: true,
          systemPreferredAuthenticationMethods: methods.length
            ? [methods.includes("fido2") ? "Fido2" : methods.includes("microsoftAuthenticatorPush") ? "push" : "sms"]
            : [],
          userPreferredMethodForSecondaryAuthentication: methods.includes("microsoftAuthenticatorPush")
            ? "push"
            : methods.includes("mobilePhone")
              ? "sms"
              : "none",
          lastUpdatedDateTime: graphPreciseTime(daysAgo(0.3), "1234567"),
        };
      }),
    );

    // Named locations and conditional access.
    const locIds: Record<string, string> = {};
    out["namedLocations.json"] = response(
      "identity/conditionalAccess/namedLocations",
      LOCATIONS.map((l) => {
        const id = this.r.guid();
        locIds[l.key] = id;
        const base = {
          id,
          displayName: l.displayName,
          modifiedDateTime: graphPreciseTime(new Date(l.created), this.r.f.string.numeric(7)),
          createdDateTime: graphPreciseTime(new Date(l.created), this.r.f.string.numeric(7)),
        };
        return l.type === "ip"
          ? {
              "@odata.type": "#microsoft.graph.ipNamedLocation",
              ...base,
              isTrusted: l.trusted ?? false,
              ipRanges: (l.ranges ?? []).map((cidrAddress) => ({
                "@odata.type": cidrAddress.includes(":")
                  ? "#microsoft.graph.iPv6CidrRange"
                  : "#microsoft.graph.iPv4CidrRange",
                cidrAddress,
              })),
            }
          : {
              "@odata.type": "#microsoft.graph.countryNamedLocation",
              ...base,
              countriesAndRegions: l.countries ?? [],
              includeUnknownCountriesAndRegions: l.includeUnknown ?? false,
              countryLookupMethod: "clientIpAddress",
            };
      }),
    );
    const ids: CaIds = {
      groups: this.groupIds,
      locations: locIds,
      users: { sync: this.userOf("Sync_NWDC01_8f2c41d7e9a3").id },
      apps: this.spIds,
    };
    out["conditionalAccessPolicies.json"] = response(
      "identity/conditionalAccess/policies",
      caPolicies(ids).map((c) => {
        const id = this.r.guid();
        return {
          id,
          templateId: null,
          displayName: c.displayName,
          createdDateTime: graphPreciseTime(new Date(c.created), this.r.f.string.numeric(7)),
          modifiedDateTime: graphPreciseTime(new Date(c.modified), this.r.f.string.numeric(7)),
          state: c.state,
          sessionControls: c.sessionControls,
          conditions: c.conditions,
          grantControls: c.grantControls
            ? {
                ...(c.grantControls as Record<string, unknown>),
                "authenticationStrength@odata.context": `${GRAPH}identity/conditionalAccess/policies('${id}')/grantControls/authenticationStrength/$entity`,
              }
            : null,
        };
      }),
    );
    return out;
  }
}
