// The api-versions each resource type of the fake answers: the versions the SDK packages and `az` send, and the ones
// the domain brief names (Microsoft.Authorization 2022-04-01, PIM 2020-10-01, classic administrators 2015-07-01,
// Resource Graph 2022-10-01). Any other version is refused as ARM refuses it (InvalidApiVersionParameter).

export const API_VERSIONS = {
  managementGroups: ["2020-02-01", "2020-05-01", "2020-10-01", "2021-04-01", "2023-04-01"],
  subscriptions: ["2016-06-01", "2019-11-01", "2020-01-01", "2021-01-01", "2022-12-01"],
  resourceGroups: ["2019-10-01", "2021-04-01", "2022-09-01", "2024-03-01", "2024-11-01", "2025-04-01"],
  roleAssignments: ["2015-07-01", "2018-01-01-preview", "2020-04-01-preview", "2022-04-01"],
  roleDefinitions: ["2015-07-01", "2018-01-01-preview", "2022-04-01"],
  denyAssignments: ["2018-07-01-preview", "2022-04-01"],
  pim: ["2020-10-01", "2020-10-01-preview", "2024-09-01-preview"],
  classicAdministrators: ["2015-06-01", "2015-07-01"],
  resourceGraph: ["2019-04-01", "2020-04-01-preview", "2021-03-01", "2021-06-01-preview", "2022-10-01", "2024-04-01"],
} as const;

export type ResourceKind = keyof typeof API_VERSIONS;
