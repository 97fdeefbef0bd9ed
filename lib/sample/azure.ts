import crypto from "node:crypto";
import builtIns from "../translate/data/azure-built-in-roles.json";
import { COMPANY, DOMAIN, TENANT_ID, daysAgo } from "./company";
import { ENTRA_DIR } from "./paths";

/** Where the sample's Azure RBAC export lives, relative to the sample folder (read by `crosswalk import azure`). */
export const AZURE_DIR = "azure";

/**
 * Northwind's Azure estate as `az` and ARM print it: the management-group tree with its subscriptions
 * (`az account management-group show --name <root> --expand --recurse`), `az account list`, `az group list`,
 * `az role definition list`, `az role assignment list --all --include-inherited --include-classic-administrators`,
 * and the ARM REST lists az has no command for (PIM eligibility / assignment schedule instances, deny assignments).
 * Principals are the sample tenant's own objects, looked up by name in the generated Entra files, so every
 * assignment points at a real user, group or service principal — except the one made to a deleted user.
 *
 * The cases it holds (each a finding or a path the sample exists to show): Priya Natarajan is Owner of Northwind
 * Production through the group SG-Eng-CloudPlatform (and admin in the AWS account through IAM group Admins); the
 * automation account's managed identity is Owner of Production; a guest (Sofia Lindqvist, Apex Integrators) is Owner
 * of Dev/Test; a Contributor assignment names a deleted user; a custom role with actions "*" is assignable at the
 * Landing Zones management group; Marcus Bell's admin account is PIM-eligible Owner of the whole Northwind tree and
 * Tomasz Kowalczyk eligible User Access Administrator there; a Cloud Platform engineer activated an eligible
 * Contributor role; Tomasz holds Role Based Access Control Administrator on Dev/Test under a delegation condition; a
 * deployment stack's deny assignment protects the Connectivity subscription (writes and deletes); Helena Vasquez is the classic Service Administrator of
 * the legacy subscription.
 */
export function azureSampleFiles(files: Record<string, string>): Record<string, string> {
  return new AzureSample(files).files();
}

/** A stable GUID from a name (the sample never draws from the shared random stream, so other files stay as they are). */
function guid(name: string): string {
  const h = crypto.createHash("sha1").update(`northwind-azure:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[Number.parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A time as az prints it (`2024-06-11T10:00:00.000000+00:00`). */
const azTime = (d: Date) => `${d.toISOString().slice(0, 19)}.000000+00:00`;
/** A time as the PIM REST APIs print it. */
const restTime = (d: Date) => d.toISOString();

const MG = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;
const SUBS = {
  production: { id: "7a1c5e2d-3f4b-4c6a-9e8d-1b2c3d4e5f60", name: "Northwind Production", mg: "nw-corp" },
  analytics: { id: guid("sub:analytics"), name: "Northwind Fleet Analytics", mg: "nw-corp" },
  devtest: { id: guid("sub:devtest"), name: "Northwind Dev/Test", mg: "nw-sandbox" },
  connectivity: { id: guid("sub:connectivity"), name: "Northwind Connectivity", mg: "nw-platform" },
  identity: { id: guid("sub:identity"), name: "Northwind Identity", mg: "nw-platform" },
  legacy: { id: guid("sub:legacy"), name: "Northwind Legacy (classic)", mg: null },
} as const;
type SubKey = keyof typeof SUBS;
const subScope = (k: SubKey) => `/subscriptions/${SUBS[k].id}`;
const rgScope = (k: SubKey, rg: string) => `${subScope(k)}/resourceGroups/${rg}`;

const RESOURCE_GROUPS: [SubKey, string, string][] = [
  ["production", "rg-fleet", "westeurope"],
  ["production", "rg-data", "westeurope"],
  ["production", "rg-ops", "westeurope"],
  ["analytics", "rg-telemetry", "northeurope"],
  ["devtest", "rg-robotics-sim", "westeurope"],
  ["connectivity", "rg-hub-network", "westeurope"],
  ["identity", "rg-domain-controllers", "westeurope"],
  ["legacy", "rg-classic-erp", "westeurope"],
];

const BUILT_IN = [
  "Owner",
  "Contributor",
  "Reader",
  "User Access Administrator",
  "Role Based Access Control Administrator",
  "Key Vault Secrets User",
  "Storage Blob Data Contributor",
  "Virtual Machine Contributor",
  "Network Contributor",
] as const;

const CUSTOM = {
  "Northwind Landing Zone Admin": {
    id: guid("role:landing-zone-admin"),
    description: "Landing zone automation: everything below Landing Zones (created for the 2023 migration).",
    actions: ["*"],
    notActions: [] as string[],
    dataActions: [] as string[],
    scopes: [MG("nw-landingzones")],
  },
  "Northwind Fleet Operator": {
    id: guid("role:fleet-operator"),
    description: "Start, stop and restart the fleet API virtual machines; read their monitoring.",
    actions: [
      "Microsoft.Compute/virtualMachines/read",
      "Microsoft.Compute/virtualMachines/start/action",
      "Microsoft.Compute/virtualMachines/restart/action",
      "Microsoft.Compute/virtualMachines/deallocate/action",
      "Microsoft.Insights/metrics/read",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
    ],
    notActions: [] as string[],
    dataActions: [] as string[],
    scopes: [subScope("production")],
  },
};
type RoleName = (typeof BUILT_IN)[number] | keyof typeof CUSTOM;

// Who made the assignments (an admin of the tenant); az prints object ids here.
const CREATED_BY = guid("creator");

interface Principal {
  id: string;
  name: string;
  type: "User" | "Group" | "ServicePrincipal";
}

class AzureSample {
  private readonly users: { id: string; userPrincipalName: string; displayName: string }[];
  private readonly groups: { id: string; displayName: string }[];
  private readonly sps: { id: string; displayName: string; servicePrincipalType: string }[];

  constructor(private readonly source: Record<string, string>) {
    const list = (f: string) => (JSON.parse(source[`${ENTRA_DIR}/${f}`] ?? '{"value":[]}') as { value: never[] }).value;
    this.users = list("users.json");
    this.groups = list("groups.json");
    this.sps = list("servicePrincipals.json");
  }

  private user(upnStart: string): Principal {
    const u = this.users.find((x) => x.userPrincipalName.toLowerCase().startsWith(upnStart));
    if (!u) throw new Error(`sample Azure: no Entra user ${upnStart}`);
    return { id: u.id, name: u.userPrincipalName, type: "User" };
  }
  private group(name: string): Principal {
    const g = this.groups.find((x) => x.displayName === name);
    if (!g) throw new Error(`sample Azure: no Entra group ${name}`);
    return { id: g.id, name, type: "Group" };
  }
  private sp(name: string): Principal {
    const s = this.sps.find((x) => x.displayName === name);
    if (!s) throw new Error(`sample Azure: no Entra service principal ${name}`);
    return { id: s.id, name, type: "ServicePrincipal" };
  }

  private roleId(role: RoleName): string {
    if (role in CUSTOM) return CUSTOM[role as keyof typeof CUSTOM].id;
    const r = (builtIns as { roles: { name: string; id: string }[] }).roles.find((x) => x.name === role);
    if (!r) throw new Error(`sample Azure: no built-in role ${role}`);
    return r.id;
  }
  /** A role definition id as az prints it: under the subscription az was pointed at (Production). */
  private roleDefinitionId(role: RoleName): string {
    return `${subScope("production")}/providers/Microsoft.Authorization/roleDefinitions/${this.roleId(role)}`;
  }

  files(): Record<string, string> {
    const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
    const out: Record<string, string> = {};
    const put = (name: string, v: unknown) => {
      out[`${AZURE_DIR}/${name}`] = json(v);
    };
    put("az-account-management-group-show.json", this.tree());
    put("az-account-list.json", this.subscriptions());
    put("az-group-list.json", this.resourceGroups());
    put("az-role-definition-list.json", this.roleDefinitions());
    const { assignments, eligible, active } = this.assignments();
    put("az-role-assignment-list.json", assignments);
    put("arm-role-eligibility-schedule-instances.json", { value: eligible });
    put("arm-role-assignment-schedule-instances.json", { value: active });
    put("arm-deny-assignments.json", { value: [this.denyAssignment()] });
    return out;
  }

  private tree() {
    const sub = (k: SubKey) => ({
      children: null,
      displayName: SUBS[k].name,
      id: subScope(k),
      name: SUBS[k].id,
      type: "/subscriptions",
    });
    const mg = (name: string, displayName: string, children: unknown[]) => ({
      children,
      displayName,
      id: MG(name),
      name,
      type: "Microsoft.Management/managementGroups",
    });
    const subsOf = (m: string) => (Object.keys(SUBS) as SubKey[]).filter((k) => SUBS[k].mg === m).map(sub);
    return {
      children: [
        mg("northwind", COMPANY, [
          mg("nw-platform", "Platform", subsOf("nw-platform")),
          mg("nw-landingzones", "Landing Zones", [mg("nw-corp", "Corp", subsOf("nw-corp"))]),
          mg("nw-sandbox", "Sandbox", subsOf("nw-sandbox")),
        ]),
        // A subscription nobody moved: it stays under the tenant root group.
        sub("legacy"),
      ],
      details: {
        managementGroupAncestors: null,
        managementGroupAncestorsChain: null,
        parent: null,
        path: null,
        updatedBy: CREATED_BY,
        updatedTime: azTime(daysAgo(420)),
        version: 7,
      },
      displayName: "Tenant Root Group",
      id: MG(TENANT_ID),
      name: TENANT_ID,
      tenantId: TENANT_ID,
      type: "Microsoft.Management/managementGroups",
    };
  }

  private subscriptions() {
    return (Object.keys(SUBS) as SubKey[]).map((k, i) => ({
      cloudName: "AzureCloud",
      homeTenantId: TENANT_ID,
      id: SUBS[k].id,
      isDefault: i === 0,
      managedByTenants: [],
      name: SUBS[k].name,
      state: k === "legacy" ? "Warned" : "Enabled",
      tenantId: TENANT_ID,
      user: { name: `auditor@${DOMAIN}`, type: "user" },
    }));
  }

  private resourceGroups() {
    return RESOURCE_GROUPS.map(([k, name, location]) => ({
      id: rgScope(k, name),
      location,
      managedBy: null,
      name,
      properties: { provisioningState: "Succeeded" },
      tags: name === "rg-hub-network" ? { "deployment-stack": "hub" } : null,
      type: "Microsoft.Resources/resourceGroups",
    }));
  }

  private roleDefinitions() {
    const all = (builtIns as { roles: { name: string; id: string; description: string }[] }).roles;
    const perm = (p: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }) => ({
      actions: p.actions,
      condition: null,
      conditionVersion: null,
      dataActions: p.dataActions,
      notActions: p.notActions,
      notDataActions: p.notDataActions,
    });
    const builtIn = BUILT_IN.map((name) => {
      const r = all.find((x) => x.name === name) as unknown as {
        id: string;
        description: string;
        actions: string[];
        notActions: string[];
        dataActions: string[];
        notDataActions: string[];
      };
      return {
        assignableScopes: ["/"],
        createdBy: null,
        createdOn: "2015-02-02T21:55:09.880642+00:00",
        description: r.description,
        id: this.roleDefinitionId(name),
        name: r.id,
        permissions: [perm(r)],
        roleName: name,
        roleType: "BuiltInRole",
        type: "Microsoft.Authorization/roleDefinitions",
        updatedBy: null,
        updatedOn: "2024-04-16T21:31:34.321115+00:00",
      };
    });
    const custom = Object.entries(CUSTOM).map(([name, c], i) => ({
      assignableScopes: c.scopes,
      createdBy: CREATED_BY,
      createdOn: azTime(daysAgo(700 - i * 200)),
      description: c.description,
      id: this.roleDefinitionId(name as RoleName),
      name: c.id,
      permissions: [perm({ ...c, notDataActions: [] })],
      roleName: name,
      roleType: "CustomRole",
      type: "Microsoft.Authorization/roleDefinitions",
      updatedBy: CREATED_BY,
      updatedOn: azTime(daysAgo(700 - i * 200)),
    }));
    return [...builtIn, ...custom];
  }

  private assignments() {
    const priya = this.user("priya.natarajan@");
    const tomasz = this.user("tomasz.kowalczyk@");
    const marcusAdmin = this.user("adm.marcus.bell@");
    const helena = this.user("helena.vasquez@");
    const sofia = this.user("sofia.lindqvist_");
    const cloudPlatform = this.group("SG-Eng-CloudPlatform");
    // A Cloud Platform engineer other than Priya (the group's members are in the Entra export).
    const engineer = this.user(this.firstMemberBesides("SG-Eng-CloudPlatform", priya.id));
    const deleted: Principal = { id: guid("deleted-user"), name: "", type: "User" };
    const rows: Record<string, unknown>[] = [];
    const assign = (
      key: string,
      who: Principal,
      role: RoleName,
      scope: string,
      age: number,
      extra: Record<string, unknown> = {},
    ) => {
      const name = guid(`ra:${key}`);
      const rg = /\/resourceGroups\/([^/]+)$/i.exec(scope)?.[1];
      const row: Record<string, unknown> = {
        canDelegate: null,
        condition: null,
        conditionVersion: null,
        createdBy: CREATED_BY,
        createdOn: azTime(daysAgo(age)),
        delegatedManagedIdentityResourceId: null,
        description: null,
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        principalId: who.id,
        principalName: who.name,
        principalType: who.type,
        roleDefinitionId: this.roleDefinitionId(role),
        roleDefinitionName: role,
        scope,
        type: "Microsoft.Authorization/roleAssignments",
        updatedBy: CREATED_BY,
        updatedOn: azTime(daysAgo(age)),
        ...extra,
      };
      if (rg) row.resourceGroup = rg;
      rows.push(row);
      return row;
    };
    const root = MG(TENANT_ID);
    assign("crosswalk-reader", this.sp("Crosswalk Reader"), "Reader", root, 60);
    assign("security-reader", this.group("SG-Security"), "Reader", root, 500);
    assign("cloudplatform-owner", cloudPlatform, "Owner", subScope("production"), 640);
    assign("automation-owner", this.sp("nw-automation"), "Owner", subScope("production"), 380);
    assign(
      "fleet-mi-secrets",
      this.sp("nw-fleet-api-mi"),
      "Key Vault Secrets User",
      rgScope("production", "rg-fleet"),
      300,
    );
    assign(
      "data-factory-blobs",
      this.sp("nw-data-factory"),
      "Storage Blob Data Contributor",
      rgScope("production", "rg-data"),
      280,
    );
    assign(
      "analytics-blobs",
      this.group("SG-DataAnalytics"),
      "Storage Blob Data Contributor",
      subScope("analytics"),
      260,
    );
    assign(
      "fleet-operator",
      this.group("SG-Eng-Backend"),
      "Northwind Fleet Operator",
      rgScope("production", "rg-fleet"),
      200,
    );
    assign(
      "landing-zone-admin",
      this.sp("GitHub Enterprise Cloud - Organization"),
      "Northwind Landing Zone Admin",
      MG("nw-landingzones"),
      520,
    );
    assign("guest-owner", sofia, "Owner", subScope("devtest"), 150);
    assign("orphan-contributor", deleted, "Contributor", subScope("analytics"), 820);
    assign("network", this.group("SG-IT"), "Network Contributor", subScope("connectivity"), 450);
    assign("legacy-owner", helena, "Owner", subScope("legacy"), 1900);
    assign("rbac-admin", tomasz, "Role Based Access Control Administrator", subScope("devtest"), 90, {
      // Constrain roles: only Reader and Virtual Machine Contributor may be assigned
      // (learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples).
      condition: `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${this.roleId("Reader")}, ${this.roleId("Virtual Machine Contributor")}}))`,
      conditionVersion: "2.0",
    });
    // The role assignment a PIM activation made: time-bound, marked `active` through the schedule instance below.
    const activation = assign("activation", engineer, "Contributor", subScope("analytics"), 0);
    // Classic administrators, as az prints them with --include-classic-administrators.
    rows.push({
      id: "NA(classic admins)",
      name: "NA(classic admins)",
      principalId: null,
      principalName: helena.name,
      roleDefinitionName: "ServiceAdministrator;AccountAdministrator",
      roleDefinitionId: "NA(classic admin role)",
      scope: subScope("legacy"),
    });

    const expanded = (scope: string, role: RoleName, who: Principal) => ({
      scope: { id: scope, displayName: this.scopeName(scope), type: this.scopeType(scope) },
      roleDefinition: {
        id: this.roleDefinitionId(role),
        displayName: role,
        type: role in CUSTOM ? "CustomRole" : "BuiltInRole",
      },
      principal: { id: who.id, displayName: who.name, email: who.type === "User" ? who.name : null, type: who.type },
    });
    const eligibility = (key: string, who: Principal, role: RoleName, scope: string, start: number, days: number) => {
      const id = guid(`eligible:${key}`);
      return {
        properties: {
          scope,
          roleDefinitionId: this.roleDefinitionId(role),
          principalId: who.id,
          principalType: who.type,
          roleEligibilityScheduleId: `${scope}/providers/Microsoft.Authorization/roleEligibilitySchedules/${guid(`schedule:${key}`)}`,
          status: "Provisioned",
          startDateTime: restTime(daysAgo(start)),
          endDateTime: restTime(daysAgo(start - days)),
          memberType: "Direct",
          createdOn: restTime(daysAgo(start)),
          condition: null,
          conditionVersion: null,
          expandedProperties: expanded(scope, role, who),
        },
        name: id,
        id: `${scope}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances/${id}`,
        type: "Microsoft.Authorization/roleEligibilityScheduleInstances",
      };
    };
    const eligible = [
      eligibility("marcus-owner", marcusAdmin, "Owner", MG("northwind"), 200, 365),
      eligibility("tomasz-uaa", tomasz, "User Access Administrator", MG("northwind"), 120, 365),
      eligibility("engineer-contributor", engineer, "Contributor", subScope("analytics"), 100, 365),
    ];
    const activeId = guid("active:engineer-contributor");
    const active = [
      {
        properties: {
          scope: subScope("analytics"),
          roleDefinitionId: this.roleDefinitionId("Contributor"),
          principalId: engineer.id,
          principalType: "User",
          roleAssignmentScheduleId: `${subScope("analytics")}/providers/Microsoft.Authorization/roleAssignmentSchedules/${guid("active-schedule:engineer")}`,
          originRoleAssignmentId: activation.id,
          status: "Provisioned",
          startDateTime: restTime(daysAgo(0.1)),
          endDateTime: restTime(daysAgo(-0.2)),
          linkedRoleEligibilityScheduleId: (eligible[2]!.properties as { roleEligibilityScheduleId: string })
            .roleEligibilityScheduleId,
          linkedRoleEligibilityScheduleInstanceId: eligible[2]!.id,
          assignmentType: "Activated",
          memberType: "Direct",
          createdOn: restTime(daysAgo(0.1)),
          condition: null,
          conditionVersion: null,
          expandedProperties: expanded(subScope("analytics"), "Contributor", engineer),
        },
        name: activeId,
        id: `${subScope("analytics")}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances/${activeId}`,
        type: "Microsoft.Authorization/roleAssignmentScheduleInstances",
      },
    ];
    return { assignments: rows, eligible, active };
  }

  /** The deny assignment a subscription-scope deployment stack (deny settings: denyWriteAndDelete) puts on Connectivity. */
  private denyAssignment() {
    const scope = subScope("connectivity");
    const id = guid("deny:hub");
    const stack = `${scope}/providers/Microsoft.Resources/deploymentStacks/hub-network`;
    const automation = this.sp("nw-automation");
    return {
      properties: {
        denyAssignmentName: `Deny assignment '${id}' created by Deployment Stack '${stack}'.`,
        description: "Created by a Deployment Stack",
        permissions: [
          {
            actions: ["*/write", "*/delete"],
            notActions: [],
            dataActions: [],
            notDataActions: [],
            condition: null,
            conditionVersion: null,
          },
        ],
        scope,
        doNotApplyToChildScopes: false,
        principals: [
          {
            id: "00000000-0000-0000-0000-000000000000",
            type: "SystemDefined",
            displayName: "All Principals",
            email: null,
          },
        ],
        excludePrincipals: [{ id: automation.id, type: "ServicePrincipal", displayName: automation.name, email: null }],
        isSystemProtected: true,
        condition: null,
        conditionVersion: null,
        createdOn: `${daysAgo(300).toISOString().slice(0, 19)}.0000000Z`,
        updatedOn: `${daysAgo(300).toISOString().slice(0, 19)}.0000000Z`,
        createdBy: null,
        updatedBy: null,
      },
      id: `${scope}/providers/Microsoft.Authorization/denyAssignments/${id}`,
      type: "Microsoft.Authorization/denyAssignments",
      name: id,
    };
  }

  /** The first member (by UPN) of a group besides one user: the group's members file of the Entra export. */
  private firstMemberBesides(group: string, not: string): string {
    const body = this.source[`${ENTRA_DIR}/groups/${this.group(group).id}/members.json`];
    const ids = new Set(body ? (JSON.parse(body) as { value: { id: string }[] }).value.map((m) => m.id) : []);
    const u = this.users
      .filter((x) => x.id !== not && ids.has(x.id))
      .sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName))[0];
    if (!u) throw new Error(`sample Azure: ${group} has no member besides ${not}`);
    return u.userPrincipalName.toLowerCase();
  }

  private scopeName(scope: string): string {
    for (const k of Object.keys(SUBS) as SubKey[]) if (subScope(k) === scope) return SUBS[k].name;
    if (scope === MG("northwind")) return COMPANY;
    return scope.split("/").pop() ?? scope;
  }
  private scopeType(scope: string): string {
    if (scope.startsWith("/providers/Microsoft.Management/")) return "managementgroup";
    return /\/resourceGroups\//.test(scope) ? "resourcegroup" : "subscription";
  }
}
