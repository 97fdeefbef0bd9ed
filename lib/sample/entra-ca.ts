import { ADMIN_ROLE_NAMES, roleId } from "./entra-roles";

/**
 * Named locations and conditional-access policies of the sample tenant, shaped exactly like Graph v1.0
 * (`/identity/conditionalAccess/policies`, `/identity/conditionalAccess/namedLocations`): every property Graph
 * returns is present, unset ones as null or [] the way Graph prints them.
 */

export interface CaIds {
  groups: Record<string, string>;
  locations: Record<string, string>;
  users: Record<string, string>;
  apps: Record<string, string>;
}

/** Graph's 7-digit fractional timestamps ("2021-11-02T14:17:09.1686157Z"). */
export function graphPreciseTime(d: Date, fraction: string): string {
  return d.toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

export interface LocationSpec {
  key: string;
  type: "ip" | "country";
  displayName: string;
  created: string;
  trusted?: boolean;
  ranges?: string[];
  countries?: string[];
  includeUnknown?: boolean;
}

export const LOCATIONS: LocationSpec[] = [
  {
    key: "hq",
    type: "ip",
    displayName: "Northwind HQ - Seattle",
    created: "2020-02-03T10:11:12Z",
    trusted: true,
    ranges: ["203.0.113.0/24", "2001:db8:4e57::/48"],
  },
  {
    key: "factory",
    type: "ip",
    displayName: "Northwind Plant - Monterrey",
    created: "2020-02-03T10:15:40Z",
    trusted: true,
    ranges: ["198.51.100.0/25"],
  },
  {
    key: "vpn",
    type: "ip",
    displayName: "Corporate VPN egress",
    created: "2021-05-11T08:00:00Z",
    trusted: true,
    ranges: ["192.0.2.0/26"],
  },
  {
    key: "partner",
    type: "ip",
    displayName: "Apex Integrators office (untrusted)",
    created: "2023-03-20T14:00:00Z",
    trusted: false,
    ranges: ["192.0.2.128/27"],
  },
  {
    key: "blocked",
    type: "country",
    displayName: "Blocked countries",
    created: "2021-05-11T08:10:00Z",
    countries: ["KP", "IR", "SY", "CU", "RU", "BY"],
    includeUnknown: true,
  },
  {
    key: "operating",
    type: "country",
    displayName: "Operating countries",
    created: "2022-01-17T09:00:00Z",
    countries: ["US", "MX", "CA", "DE", "GB", "PL", "SE"],
    includeUnknown: false,
  },
];

const EMPTY_USERS = {
  includeUsers: [] as string[],
  excludeUsers: [] as string[],
  includeGroups: [] as string[],
  excludeGroups: [] as string[],
  includeRoles: [] as string[],
  excludeRoles: [] as string[],
  includeGuestsOrExternalUsers: null as unknown,
  excludeGuestsOrExternalUsers: null as unknown,
};

const ALL_APPS = {
  includeApplications: ["All"],
  excludeApplications: [] as string[],
  includeUserActions: [] as string[],
  includeAuthenticationContextClassReferences: [] as string[],
  applicationFilter: null,
};

function conditions(over: Record<string, unknown>) {
  return {
    userRiskLevels: [],
    signInRiskLevels: [],
    clientAppTypes: ["all"],
    servicePrincipalRiskLevels: [],
    insiderRiskLevels: null,
    platforms: null,
    locations: null,
    devices: null,
    clientApplications: null,
    authenticationFlows: null,
    applications: ALL_APPS,
    users: EMPTY_USERS,
    ...over,
  };
}

function grant(operator: "AND" | "OR", builtInControls: string[], authenticationStrength: unknown = null) {
  return { operator, builtInControls, customAuthenticationFactors: [], termsOfUse: [], authenticationStrength };
}

export interface CaSpec {
  displayName: string;
  state: "enabled" | "disabled" | "enabledForReportingButNotEnforced";
  created: string;
  modified: string;
  conditions: Record<string, unknown>;
  grantControls: unknown;
  sessionControls: unknown;
}

/** The dozen-odd policies a mid-size tenant typically has, including the usual gaps. */
export function caPolicies(ids: CaIds): CaSpec[] {
  const breakGlass = ids.groups["CA-Exclude-BreakGlass"]!;
  const temp = ids.groups["CA-Exclude-Temp"]!;
  const legacyExc = ids.groups["CA-Exclude-LegacyAuth"]!;
  const sync = ids.users.sync!;
  const adminRoles = ADMIN_ROLE_NAMES.map(roleId);
  const users = (u: Partial<typeof EMPTY_USERS>) => ({ ...EMPTY_USERS, ...u });
  return [
    {
      displayName: "CA001: Require multifactor authentication for admins",
      state: "enabled",
      created: "2021-03-02T09:12:44Z",
      modified: "2025-02-10T16:03:51Z",
      conditions: conditions({ users: users({ includeRoles: adminRoles, excludeGroups: [breakGlass, temp] }) }),
      grantControls: grant("OR", ["mfa"]),
      sessionControls: null,
    },
    {
      // Rolled out to employees through a dynamic group; contractors and guests are not in it.
      displayName: "CA002: Require multifactor authentication for employees",
      state: "enabled",
      created: "2021-03-02T09:20:10Z",
      modified: "2024-06-18T11:40:02Z",
      conditions: conditions({
        users: users({
          includeGroups: [ids.groups["All Employees"]!],
          excludeGroups: [breakGlass, temp],
          excludeUsers: [sync],
        }),
      }),
      grantControls: grant("OR", ["mfa"]),
      sessionControls: null,
    },
    {
      displayName: "CA003: Require multifactor authentication for all users",
      state: "enabledForReportingButNotEnforced",
      created: "2025-09-01T08:00:00Z",
      modified: "2025-10-14T12:31:09Z",
      conditions: conditions({
        users: users({ includeUsers: ["All"], excludeGroups: [breakGlass], excludeUsers: [sync] }),
      }),
      grantControls: grant("OR", ["mfa"]),
      sessionControls: null,
    },
    {
      displayName: "CA004: Block legacy authentication",
      state: "enabled",
      created: "2021-03-02T09:30:00Z",
      modified: "2023-11-07T10:05:00Z",
      conditions: conditions({
        clientAppTypes: ["exchangeActiveSync", "other"],
        users: users({ includeUsers: ["All"], excludeGroups: [breakGlass, legacyExc] }),
      }),
      grantControls: grant("OR", ["block"]),
      sessionControls: null,
    },
    {
      displayName: "CA005: Require multifactor authentication for guests",
      state: "enabled",
      created: "2022-04-04T13:00:00Z",
      modified: "2022-04-04T13:00:00Z",
      conditions: conditions({
        users: users({
          includeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: "internalGuest,b2bCollaborationGuest,b2bCollaborationMember,otherExternalUser",
            externalTenants: {
              "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants",
              membershipKind: "all",
            },
          },
        }),
      }),
      grantControls: grant("OR", ["mfa"]),
      sessionControls: null,
    },
    {
      displayName: "CA006: Require compliant or hybrid joined device for admins",
      state: "enabled",
      created: "2022-09-12T10:00:00Z",
      modified: "2024-01-22T09:30:00Z",
      conditions: conditions({
        users: users({
          includeRoles: [
            roleId("Global Administrator"),
            roleId("Privileged Role Administrator"),
            roleId("Security Administrator"),
          ],
          excludeGroups: [breakGlass],
        }),
      }),
      grantControls: grant("OR", ["compliantDevice", "domainJoinedDevice"]),
      sessionControls: null,
    },
    {
      displayName: "CA007: Block admin portals outside trusted locations",
      state: "enabled",
      created: "2023-02-01T08:30:00Z",
      modified: "2023-02-01T08:30:00Z",
      conditions: conditions({
        applications: { ...ALL_APPS, includeApplications: ["MicrosoftAdminPortals"] },
        users: users({ includeRoles: adminRoles, excludeGroups: [breakGlass] }),
        locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
      }),
      grantControls: grant("OR", ["block"]),
      sessionControls: null,
    },
    {
      displayName: "CA008: Block sign-ins from blocked countries",
      state: "enabled",
      created: "2021-05-11T08:20:00Z",
      modified: "2022-02-28T10:00:00Z",
      conditions: conditions({
        users: users({ includeUsers: ["All"], excludeGroups: [breakGlass] }),
        locations: { includeLocations: [ids.locations.blocked!], excludeLocations: [] },
      }),
      grantControls: grant("OR", ["block"]),
      sessionControls: null,
    },
    {
      displayName: "CA009: Require MFA for medium and high sign-in risk",
      state: "enabled",
      created: "2023-06-05T09:00:00Z",
      modified: "2023-06-05T09:00:00Z",
      conditions: conditions({
        signInRiskLevels: ["high", "medium"],
        users: users({ includeUsers: ["All"], excludeGroups: [breakGlass] }),
      }),
      grantControls: grant("OR", ["mfa"]),
      sessionControls: {
        applicationEnforcedRestrictions: null,
        cloudAppSecurity: null,
        persistentBrowser: null,
        disableResilienceDefaults: null,
        signInFrequency: {
          value: null,
          type: null,
          authenticationType: "primaryAndSecondaryAuthentication",
          frequencyInterval: "everyTime",
          isEnabled: true,
        },
      },
    },
    {
      displayName: "CA010: Require password change for high user risk",
      state: "enabledForReportingButNotEnforced",
      created: "2023-06-05T09:10:00Z",
      modified: "2023-06-05T09:10:00Z",
      conditions: conditions({
        userRiskLevels: ["high"],
        users: users({ includeUsers: ["All"], excludeGroups: [breakGlass] }),
      }),
      grantControls: grant("AND", ["mfa", "passwordChange"]),
      sessionControls: {
        applicationEnforcedRestrictions: null,
        cloudAppSecurity: null,
        persistentBrowser: null,
        disableResilienceDefaults: null,
        signInFrequency: {
          value: null,
          type: null,
          authenticationType: "primaryAndSecondaryAuthentication",
          frequencyInterval: "everyTime",
          isEnabled: true,
        },
      },
    },
    {
      displayName: "CA011: Office 365 on mobile requires an approved or protected app",
      state: "enabled",
      created: "2022-11-14T11:00:00Z",
      modified: "2024-03-04T15:20:00Z",
      conditions: conditions({
        applications: { ...ALL_APPS, includeApplications: ["Office365"] },
        platforms: { includePlatforms: ["android", "iOS"], excludePlatforms: [] },
        clientAppTypes: ["mobileAppsAndDesktopClients"],
        users: users({ includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"], excludeGroups: [breakGlass] }),
      }),
      grantControls: grant("OR", ["approvedApplication", "compliantApplication"]),
      sessionControls: null,
    },
    {
      displayName: "CA012: Sign-in frequency 8 hours on unmanaged devices",
      state: "enabledForReportingButNotEnforced",
      created: "2024-08-19T10:00:00Z",
      modified: "2024-09-02T08:45:00Z",
      conditions: conditions({
        users: users({ includeUsers: ["All"], excludeGroups: [breakGlass] }),
        devices: {
          deviceFilter: { mode: "exclude", rule: 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"' },
        },
        clientAppTypes: ["browser"],
      }),
      grantControls: null,
      sessionControls: {
        applicationEnforcedRestrictions: null,
        cloudAppSecurity: null,
        disableResilienceDefaults: null,
        persistentBrowser: { mode: "never", isEnabled: true },
        signInFrequency: {
          value: 8,
          type: "hours",
          authenticationType: "primaryAndSecondaryAuthentication",
          frequencyInterval: "timeBased",
          isEnabled: true,
        },
      },
    },
    {
      displayName: "CA013: Require MFA to register security information outside trusted locations",
      state: "enabled",
      created: "2021-08-30T12:00:00Z",
      modified: "2021-08-30T12:00:00Z",
      conditions: conditions({
        applications: { ...ALL_APPS, includeApplications: [], includeUserActions: ["urn:user:registersecurityinfo"] },
        users: users({ includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"], excludeGroups: [breakGlass] }),
        locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
      }),
      grantControls: grant("OR", ["mfa"]),
      sessionControls: null,
    },
    {
      displayName: "CA014: Phishing-resistant MFA for Global Administrators (pilot)",
      state: "enabledForReportingButNotEnforced",
      created: "2025-05-20T09:00:00Z",
      modified: "2025-05-20T09:00:00Z",
      conditions: conditions({
        users: users({ includeRoles: [roleId("Global Administrator")], excludeGroups: [breakGlass] }),
      }),
      grantControls: grant("OR", [], {
        id: "00000000-0000-0000-0000-000000000004",
        createdDateTime: "2021-12-01T08:00:00Z",
        modifiedDateTime: "2021-12-01T08:00:00Z",
        displayName: "Phishing-resistant MFA",
        description:
          "Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key",
        policyType: "builtIn",
        requirementsSatisfied: "mfa",
        allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
      }),
      sessionControls: null,
    },
    {
      // An old policy from before CA002, switched off but never deleted.
      displayName: "Legacy - MFA from untrusted networks (old)",
      state: "disabled",
      created: "2019-11-04T10:00:00Z",
      modified: "2021-03-02T09:25:00Z",
      conditions: conditions({
        users: users({ includeUsers: ["All"] }),
        locations: { includeLocations: ["All"], excludeLocations: [ids.locations.hq!, ids.locations.factory!] },
      }),
      grantControls: grant("OR", ["mfa"]),
      sessionControls: null,
    },
  ];
}
