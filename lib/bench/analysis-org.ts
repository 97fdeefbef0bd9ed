// A generated two-cloud organisation for the analysis benchmark: model batches (what connectors yield), streamed
// in pages so generation never holds the whole tenant. Deterministic (seeded).
import type { ConnectorEvent, ModelBatchInput, PrincipalInput } from "../model";
import { seededRandom } from "../testing/seeded-random";

const SERVICES = [
  "s3",
  "ec2",
  "lambda",
  "dynamodb",
  "sqs",
  "sns",
  "kms",
  "logs",
  "cloudwatch",
  "rds",
  "ecr",
  "ecs",
  "glue",
  "athena",
  "kinesis",
];
const PAGE = 5000;
const NOW = Date.parse("2026-11-01T00:00:00Z");
const day = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

export interface OrgSize {
  /** Entra users (every person has one). */
  people: number;
  /** Share of people who also have an IAM user. */
  awsShare: number;
}

const first = (i: number) => `first${i}`;
const last = (i: number) => `last${i}`;
const email = (i: number) => `${first(i)}.${last(i)}@corp.example`;

export async function* awsEvents(size: OrgSize, seed = 7): AsyncGenerator<ConnectorEvent> {
  const r = seededRandom(seed);
  const users = Math.round(size.people * size.awsShare);
  const policies = [
    {
      kind: "awsManagedPolicy" as const,
      providerId: "arn:aws:iam::aws:policy/AdministratorAccess",
      name: "AdministratorAccess",
      builtIn: true,
      document: null,
      statements: [{ effect: "Allow" as const, actions: ["*"], notActions: [], resources: ["*"], notResources: [] }],
    },
    {
      kind: "awsManagedPolicy" as const,
      providerId: "arn:aws:iam::aws:policy/PowerUserAccess",
      name: "PowerUserAccess",
      builtIn: true,
      document: null,
      statements: [
        {
          effect: "Allow" as const,
          actions: [],
          notActions: ["iam:*", "organizations:*", "account:*"],
          resources: ["*"],
          notResources: [],
        },
      ],
    },
    {
      kind: "awsManagedPolicy" as const,
      providerId: "arn:aws:iam::aws:policy/ReadOnlyAccess",
      name: "ReadOnlyAccess",
      builtIn: true,
      document: null,
      statements: [
        {
          effect: "Allow" as const,
          actions: SERVICES.flatMap((s) => [`${s}:Get*`, `${s}:List*`, `${s}:Describe*`]),
          notActions: [],
          resources: ["*"],
          notResources: [],
        },
      ],
    },
    {
      kind: "customerManagedPolicy" as const,
      providerId: "arn:aws:iam::111111111111:policy/ForceMFA",
      name: "ForceMFA",
      builtIn: false,
      document: null,
      statements: [
        {
          sid: "DenyNoMFA",
          effect: "Deny" as const,
          actions: [],
          notActions: ["iam:EnableMFADevice", "iam:ListMFADevices", "sts:GetSessionToken"],
          resources: ["*"],
          notResources: [],
          conditions: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } },
        },
      ],
    },
    {
      kind: "customerManagedPolicy" as const,
      providerId: "arn:aws:iam::111111111111:policy/IamManager",
      name: "IamManager",
      builtIn: false,
      document: null,
      statements: [
        {
          effect: "Allow" as const,
          actions: ["iam:*User*", "iam:*Group*", "iam:Attach*"],
          notActions: [],
          resources: ["*"],
          notResources: [],
        },
      ],
    },
  ];
  for (let p = 0; p < 300; p++) {
    const svc = SERVICES[p % SERVICES.length]!;
    policies.push({
      kind: "customerManagedPolicy",
      providerId: `arn:aws:iam::111111111111:policy/app-${p}`,
      name: `app-${p}`,
      builtIn: false,
      document: null,
      statements: [
        {
          effect: "Allow",
          actions:
            p % 3 === 0 ? [`${svc}:*`] : [`${svc}:Get*`, `${svc}:Put*`, `${SERVICES[(p + 1) % SERVICES.length]}:List*`],
          notActions: [],
          resources: ["*"],
          notResources: [],
        },
      ],
    });
  }
  const groups: PrincipalInput[] = [];
  const assignments: ModelBatchInput["assignments"] = [];
  const G = 300;
  for (let g = 0; g < G; g++) {
    const id = `AGPA${g}`;
    groups.push({
      kind: "group",
      providerId: id,
      name: g === 0 ? "Admins" : g === 1 ? "ForceMFA" : g === 2 ? "IamManagers" : `team-${g}`,
      displayName: `team-${g}`,
      raw: null,
    });
    const pol =
      g === 0
        ? policies[0]!
        : g === 1
          ? policies[3]!
          : g === 2
            ? policies[4]!
            : g % 10 === 3
              ? policies[1]!
              : g % 10 === 4
                ? policies[2]!
                : policies[5 + (g % 300)]!;
    assignments.push({ principalProviderId: id, permissionSetProviderId: pol.providerId, scope: "*", kind: "direct" });
  }
  yield { type: "batch", batch: { permissionSets: policies, principals: groups, assignments } };
  for (let start = 0; start < users; start += PAGE) {
    const principals: PrincipalInput[] = [];
    const memberships: ModelBatchInput["memberships"] = [];
    for (let i = start; i < Math.min(users, start + PAGE); i++) {
      const id = `AIDA${i}`;
      // 75% are named like their email, 20% first.last, 5% are machine or leftover users.
      const kind = r();
      const name = kind < 0.75 ? email(i) : kind < 0.95 ? `${first(i)}.${last(i)}` : `svc-${i}`;
      const consolePassword = !name.startsWith("svc-") && r() < 0.8;
      const lastUse = r() < 0.1 ? null : NOW - Math.floor(r() * 200) * day;
      principals.push({
        kind: "user",
        providerId: id,
        name,
        displayName: name,
        arn: `arn:aws:iam::111111111111:user/${name}`,
        enabled: true,
        guest: false,
        createdAt: iso(NOW - 500 * day),
        lastActivityAt: lastUse ? iso(lastUse) : null,
        mfaRegistered: consolePassword ? r() < 0.6 : false,
        attributes: {
          consolePassword,
          credentialReport: "present",
          passwordLastUsedAt: lastUse && consolePassword ? iso(lastUse) : null,
          credentials:
            r() < 0.4
              ? [
                  {
                    id: `AKIA${i}`,
                    type: "accessKey",
                    active: true,
                    createdAt: iso(NOW - 400 * day),
                    lastUsedAt: r() < 0.2 ? null : iso(NOW - Math.floor(r() * 150) * day),
                    neverUsed: false,
                  },
                ]
              : [],
        },
        raw: null,
      });
      const gs = new Set<number>([3 + Math.floor(r() * (G - 3))]);
      if (r() < 0.5) gs.add(1);
      if (r() < 0.02) gs.add(0);
      if (r() < 0.01) gs.add(2);
      if (r() < 0.5) gs.add(3 + Math.floor(r() * (G - 3)));
      for (const g of gs) memberships.push({ groupProviderId: `AGPA${g}`, memberProviderId: id, direct: true });
    }
    yield { type: "batch", batch: { principals, memberships } };
    yield { type: "progress", phase: "users", done: Math.min(users, start + PAGE), total: users };
  }
  const roles: PrincipalInput[] = [];
  const roleAssign: ModelBatchInput["assignments"] = [];
  for (let k = 0; k < 2000; k++) {
    const id = `AROA${k}`;
    roles.push({
      kind: "role",
      providerId: id,
      name: `role-${k}`,
      displayName: `role-${k}`,
      enabled: true,
      createdAt: iso(NOW - 600 * day),
      lastActivityAt: r() < 0.3 ? null : iso(NOW - Math.floor(r() * 300) * day),
      attributes: {
        trust: [
          k % 20 === 0
            ? { type: "account", value: "222222222222", external: true }
            : { type: "service", value: "lambda.amazonaws.com", external: false },
        ],
      },
      raw: null,
    });
    roleAssign.push({
      principalProviderId: id,
      permissionSetProviderId: policies[k % 50 === 0 ? 0 : 5 + (k % 300)]!.providerId,
      scope: "*",
      kind: "direct",
    });
  }
  yield { type: "batch", batch: { principals: roles, assignments: roleAssign } };
  yield { type: "dataset", name: "authorizationDetails", status: { collected: true } };
  yield { type: "dataset", name: "credentialReport", status: { collected: true } };
}

const GA = "62e90394-69f5-4237-9190-012177145e10";
const ROLES = [
  { id: GA, name: "Global Administrator" },
  { id: "e8611ab8-c189-46e8-94e1-60213ab1f814", name: "Privileged Role Administrator" },
  { id: "fe930be7-5e62-47db-91af-98c3a49a38b1", name: "User Administrator" },
  { id: "194ae4cb-b126-40b2-bd5b-6091b380977d", name: "Security Administrator" },
  { id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", name: "Global Reader" },
  { id: "729827e3-9c14-49f7-bb1b-9608f156bbb8", name: "Helpdesk Administrator" },
  { id: "4d6ac14f-3453-41d0-bef9-a3e0c569773a", name: "License Administrator" },
];

export async function* entraEvents(size: OrgSize, seed = 9): AsyncGenerator<ConnectorEvent> {
  const r = seededRandom(seed);
  const G = 3000;
  const groups: PrincipalInput[] = [];
  const nest: ModelBatchInput["memberships"] = [];
  for (let g = 0; g < G; g++) {
    groups.push({
      kind: "group",
      providerId: `g-${g}`,
      name: `Group ${g}`,
      displayName: `Group ${g}`,
      attributes: { securityEnabled: true, roleAssignable: g < 5 },
      raw: null,
    });
    // Nested: groups 100+ are members of one of the first 100 (so "include group 7" reaches users two levels down).
    if (g >= 100) nest.push({ groupProviderId: `g-${g % 100}`, memberProviderId: `g-${g}`, direct: true });
  }
  const permissionSets = ROLES.map((x) => ({
    kind: "entraDirectoryRole" as const,
    providerId: x.id,
    name: x.name,
    builtIn: true,
    document: null,
    statements: [],
    attributes: { templateId: x.id },
  }));
  const accessControls: ModelBatchInput["accessControls"] = [];
  const ca = (i: number, over: Record<string, unknown>) =>
    accessControls.push({
      kind: "conditionalAccess",
      providerId: `ca-${i}`,
      name: `CA ${i}`,
      state: "on",
      raw: null,
      unmapped: {},
      who: {
        includeUsers: [],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
        includeServicePrincipals: [],
        excludeServicePrincipals: [],
      },
      targets: {
        includeApplications: ["All"],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContexts: [],
        applicationFilter: null,
      },
      conditions: {},
      controls: {
        operator: "OR",
        block: false,
        grant: ["mfa"],
        termsOfUse: [],
        customFactors: [],
        authenticationStrength: null,
        session: null,
      },
      ...over,
    } as never);
  for (let i = 0; i < 30; i++)
    ca(i, {
      name: `MFA for group ${i}`,
      who: {
        includeGroups: [`g-${i}`],
        excludeGroups: [`g-${99 - i}`],
        includeUsers: [],
        excludeUsers: ["u-0"],
        includeRoles: [],
        excludeRoles: [],
      },
    });
  ca(30, {
    name: "MFA for admin roles",
    who: {
      includeRoles: ROLES.slice(0, 4).map((x) => x.id),
      includeUsers: [],
      excludeUsers: ["u-0"],
      includeGroups: [],
      excludeGroups: [],
      excludeRoles: [],
    },
  });
  ca(31, {
    name: "Block legacy auth",
    who: {
      includeUsers: ["All"],
      excludeUsers: ["u-0"],
      includeGroups: [],
      excludeGroups: [],
      includeRoles: [],
      excludeRoles: [],
    },
    conditions: { clientAppTypes: ["exchangeActiveSync", "other"] },
    controls: {
      operator: "OR",
      block: true,
      grant: [],
      termsOfUse: [],
      customFactors: [],
      authenticationStrength: null,
      session: null,
    },
  });
  for (let i = 32; i < 40; i++)
    ca(i, {
      name: `Report-only ${i}`,
      state: "reportOnly",
      who: {
        includeUsers: ["All"],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
      },
    });
  yield { type: "batch", batch: { principals: groups, memberships: nest, permissionSets, accessControls } };
  for (let start = 0; start < size.people; start += PAGE) {
    const principals: PrincipalInput[] = [];
    const memberships: ModelBatchInput["memberships"] = [];
    const assignments: ModelBatchInput["assignments"] = [];
    for (let i = start; i < Math.min(size.people, start + PAGE); i++) {
      const id = `u-${i}`;
      const guest = r() < 0.03;
      const upn = guest
        ? `${first(i)}.${last(i)}_partner.example#EXT#@corp.onmicrosoft.com`
        : i === 0
          ? "breakglass@corp.example"
          : email(i);
      const lastSignIn = r() < 0.05 ? null : iso(NOW - Math.floor(r() * 200) * day);
      principals.push({
        kind: "user",
        providerId: id,
        name: upn,
        displayName: `First${i} Last${i}`,
        upn,
        email: guest ? `${first(i)}.${last(i)}@partner.example` : email(i),
        enabled: r() > 0.03,
        guest,
        createdAt: iso(NOW - 700 * day),
        lastActivityAt: lastSignIn,
        mfaRegistered: r() < 0.75,
        attributes: {
          userType: guest ? "Guest" : "Member",
          lastSignIn: { interactive: lastSignIn, nonInteractive: null, successful: null },
        },
        raw: null,
      });
      memberships.push({
        groupProviderId: `g-${100 + Math.floor(r() * (G - 100))}`,
        memberProviderId: id,
        direct: true,
      });
      if (r() < 0.5)
        memberships.push({ groupProviderId: `g-${Math.floor(r() * 100)}`, memberProviderId: id, direct: true });
      if (i === 0 || r() < 0.002)
        assignments.push({ principalProviderId: id, permissionSetProviderId: GA, scope: "/", kind: "direct" });
      else if (r() < 0.005)
        assignments.push({
          principalProviderId: id,
          permissionSetProviderId: ROLES[1 + Math.floor(r() * (ROLES.length - 1))]!.id,
          scope: "/",
          kind: "direct",
        });
      else if (r() < 0.003)
        assignments.push({
          principalProviderId: id,
          permissionSetProviderId: ROLES[Math.floor(r() * 3)]!.id,
          scope: "/",
          kind: "eligible",
        });
    }
    yield { type: "batch", batch: { principals, memberships, assignments } };
    yield { type: "progress", phase: "users", done: Math.min(size.people, start + PAGE), total: size.people };
  }
  for (const name of [
    "users",
    "signInActivity",
    "groups",
    "memberships",
    "roleAssignments",
    "pimEligibility",
    "mfaRegistration",
    "conditionalAccess",
  ] as const) {
    yield { type: "dataset", name, status: { collected: true } };
  }
}
