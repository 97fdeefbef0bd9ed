/**
 * The built-in Entra directory roles the sample tenant uses, by display name, with their real template ids
 * (MicrosoftDocs/entra-docs: docs/identity/role-based-access-control/permissions-reference.md; see
 * Microsoft Entra built-in roles reference). For built-in roles `id` equals `templateId` in Graph responses.
 *
 * NOTE: `allowedResourceActions` are abbreviated: the real lists are long (Global Administrator has hundreds of
 * entries). Each list here holds real action strings in the documented format and keeps the role's character
 * (`allTasks` vs `read`, directory vs workload), which is what tiering looks at. Helpdesk and Billing Administrator
 * are complete, as in the Graph documentation samples.
 */
export interface RoleTemplate {
  id: string;
  description: string;
  actions: string[];
  /** Directory Readers is inherited by most built-in admin roles. */
  inheritsDirectoryReaders?: boolean;
}

const SUPPORT = [
  "microsoft.azure.serviceHealth/allEntities/allTasks",
  "microsoft.azure.supportTickets/allEntities/allTasks",
  "microsoft.office365.webPortal/allEntities/standard/read",
  "microsoft.office365.serviceHealth/allEntities/allTasks",
  "microsoft.office365.supportTickets/allEntities/allTasks",
];

export const ROLE_TEMPLATES: Record<string, RoleTemplate> = {
  "Global Administrator": {
    id: "62e90394-69f5-4237-9190-012177145e10",
    description:
      "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
    actions: [
      "microsoft.directory/administrativeUnits/allProperties/allTasks",
      "microsoft.directory/applications/allProperties/allTasks",
      "microsoft.directory/authorizationPolicy/allProperties/allTasks",
      "microsoft.directory/conditionalAccessPolicies/allProperties/allTasks",
      "microsoft.directory/domains/allProperties/allTasks",
      "microsoft.directory/groups/allProperties/allTasks",
      "microsoft.directory/organization/allProperties/allTasks",
      "microsoft.directory/policies/allProperties/allTasks",
      "microsoft.directory/roleAssignments/allProperties/allTasks",
      "microsoft.directory/roleDefinitions/allProperties/allTasks",
      "microsoft.directory/servicePrincipals/allProperties/allTasks",
      "microsoft.directory/users/allProperties/allTasks",
      "microsoft.directory/users/authenticationMethods/create",
      "microsoft.directory/users/password/update",
      "microsoft.office365.exchange/allEntities/allTasks",
      "microsoft.office365.sharePoint/allEntities/allTasks",
      ...SUPPORT,
    ],
  },
  "Privileged Role Administrator": {
    id: "e8611ab8-c189-46e8-94e1-60213ab1f814",
    description:
      "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.",
    actions: [
      "microsoft.directory/administrativeUnits/allProperties/allTasks",
      "microsoft.directory/authorizationPolicy/allProperties/allTasks",
      "microsoft.directory/directoryRoles/allProperties/allTasks",
      "microsoft.directory/privilegedIdentityManagement/allProperties/allTasks",
      "microsoft.directory/roleAssignments/allProperties/allTasks",
      "microsoft.directory/roleDefinitions/allProperties/allTasks",
      "microsoft.directory/roleEligibilitySchedules/allProperties/allTasks",
      "microsoft.directory/servicePrincipals/appRoleAssignedTo/update",
      "microsoft.directory/servicePrincipals/permissions/update",
    ],
    inheritsDirectoryReaders: true,
  },
  "Privileged Authentication Administrator": {
    id: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
    description:
      "Can access to view, set and reset authentication method information for any user (admin or non-admin).",
    actions: [
      "microsoft.directory/users/authenticationMethods/create",
      "microsoft.directory/users/authenticationMethods/delete",
      "microsoft.directory/users/authenticationMethods/standard/read",
      "microsoft.directory/users/authenticationMethods/basic/update",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      "microsoft.directory/users/password/update",
      ...SUPPORT,
    ],
    inheritsDirectoryReaders: true,
  },
  "Security Administrator": {
    id: "194ae4cb-b126-40b2-bd5b-6091b380977d",
    description:
      "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.",
    actions: [
      "microsoft.directory/conditionalAccessPolicies/allProperties/allTasks",
      "microsoft.directory/identityProtection/allProperties/allTasks",
      "microsoft.directory/namedLocations/allProperties/allTasks",
      "microsoft.directory/auditLogs/allProperties/read",
      "microsoft.directory/signInReports/allProperties/read",
      "microsoft.directory/policies/standard/read",
      "microsoft.office365.protectionCenter/allEntities/allTasks",
      ...SUPPORT,
    ],
    inheritsDirectoryReaders: true,
  },
  "Conditional Access Administrator": {
    id: "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
    description: "Can manage Conditional Access capabilities.",
    actions: [
      "microsoft.directory/conditionalAccessPolicies/allProperties/allTasks",
      "microsoft.directory/namedLocations/allProperties/allTasks",
      "microsoft.directory/authenticationContexts/allProperties/allTasks",
      "microsoft.directory/policies/conditionalAccess/basic/read",
    ],
    inheritsDirectoryReaders: true,
  },
  "Application Administrator": {
    id: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    description: "Can create and manage all aspects of app registrations and enterprise apps.",
    actions: [
      "microsoft.directory/applications/allProperties/allTasks",
      "microsoft.directory/applications/credentials/update",
      "microsoft.directory/servicePrincipals/allProperties/allTasks",
      "microsoft.directory/servicePrincipals/credentials/update",
      "microsoft.directory/applicationPolicies/allProperties/allTasks",
      "microsoft.directory/connectors/allProperties/allTasks",
      "microsoft.directory/oAuth2PermissionGrants/allProperties/allTasks",
      ...SUPPORT,
    ],
    inheritsDirectoryReaders: true,
  },
  "Cloud Application Administrator": {
    id: "158c047a-c907-4556-b7ef-446551a6b5f7",
    description: "Can create and manage all aspects of app registrations and enterprise apps except App Proxy.",
    actions: [
      "microsoft.directory/applications/allProperties/allTasks",
      "microsoft.directory/applications/credentials/update",
      "microsoft.directory/servicePrincipals/allProperties/allTasks",
      "microsoft.directory/servicePrincipals/credentials/update",
      "microsoft.directory/oAuth2PermissionGrants/allProperties/allTasks",
      ...SUPPORT,
    ],
    inheritsDirectoryReaders: true,
  },
  "User Administrator": {
    id: "fe930be7-5e62-47db-91af-98c3a49a38b1",
    description: "Can manage all aspects of users and groups, including resetting passwords for limited admins.",
    actions: [
      "microsoft.directory/users/allProperties/allTasks",
      "microsoft.directory/groups/allProperties/allTasks",
      "microsoft.directory/users/password/update",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      "microsoft.directory/contacts/allProperties/allTasks",
      ...SUPPORT,
    ],
    inheritsDirectoryReaders: true,
  },
  "Helpdesk Administrator": {
    id: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    description: "Can reset passwords for non-administrators and Helpdesk Administrators.",
    actions: [
      "microsoft.directory/users/invalidateAllRefreshTokens",
      "microsoft.directory/users/bitLockerRecoveryKeys/read",
      "microsoft.directory/users/password/update",
      ...SUPPORT,
    ],
    inheritsDirectoryReaders: true,
  },
  "Authentication Administrator": {
    id: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
    description: "Can access to view, set and reset authentication method information for any non-admin user.",
    actions: [
      "microsoft.directory/users/authenticationMethods/create",
      "microsoft.directory/users/authenticationMethods/delete",
      "microsoft.directory/users/authenticationMethods/standard/read",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      "microsoft.directory/users/password/update",
      ...SUPPORT,
    ],
    inheritsDirectoryReaders: true,
  },
  "Exchange Administrator": {
    id: "29232cdf-9323-42fd-ade2-1d097af3e4de",
    description: "Can manage all aspects of the Exchange product.",
    actions: [
      "microsoft.directory/groups/hiddenMembers/read",
      "microsoft.directory/groups.unified/create",
      "microsoft.directory/groups.unified/delete",
      "microsoft.directory/groups.unified/basic/update",
      "microsoft.office365.exchange/allEntities/basic/allTasks",
      "microsoft.office365.network/performance/allProperties/read",
      ...SUPPORT,
    ],
  },
  "SharePoint Administrator": {
    id: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
    description: "Can manage all aspects of the SharePoint service.",
    actions: [
      "microsoft.directory/groups.unified/create",
      "microsoft.directory/groups.unified/delete",
      "microsoft.directory/groups.unified/basic/update",
      "microsoft.office365.sharePoint/allEntities/allTasks",
      "microsoft.office365.network/performance/allProperties/read",
      ...SUPPORT,
    ],
  },
  "Billing Administrator": {
    id: "b0f54661-2d74-4c50-afa3-1ec803f12efe",
    description: "Can perform common billing related tasks like updating payment information.",
    actions: [
      "microsoft.directory/organization/basic/update",
      "microsoft.azure.serviceHealth/allEntities/allTasks",
      "microsoft.azure.supportTickets/allEntities/allTasks",
      "microsoft.commerce.billing/allEntities/allTasks",
      "microsoft.office365.webPortal/allEntities/standard/read",
      "microsoft.office365.serviceHealth/allEntities/allTasks",
      "microsoft.office365.supportTickets/allEntities/allTasks",
    ],
    inheritsDirectoryReaders: true,
  },
  "Global Reader": {
    id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
    description: "Can read everything that a Global Administrator can, but not update anything.",
    actions: [
      "microsoft.directory/users/allProperties/read",
      "microsoft.directory/groups/allProperties/read",
      "microsoft.directory/applications/allProperties/read",
      "microsoft.directory/servicePrincipals/allProperties/read",
      "microsoft.directory/conditionalAccessPolicies/allProperties/read",
      "microsoft.directory/roleAssignments/allProperties/read",
      "microsoft.directory/roleDefinitions/allProperties/read",
      "microsoft.directory/auditLogs/allProperties/read",
      "microsoft.directory/signInReports/allProperties/read",
      "microsoft.office365.webPortal/allEntities/standard/read",
      "microsoft.office365.serviceHealth/allEntities/read",
    ],
  },
  "Security Reader": {
    id: "5d6b6bb7-de71-4623-b4af-96380a352509",
    description: "Can read security information and reports in Microsoft Entra ID and Office 365.",
    actions: [
      "microsoft.directory/auditLogs/allProperties/read",
      "microsoft.directory/conditionalAccessPolicies/standard/read",
      "microsoft.directory/identityProtection/allProperties/read",
      "microsoft.directory/signInReports/allProperties/read",
      "microsoft.directory/policies/standard/read",
      "microsoft.office365.protectionCenter/allEntities/standard/read",
    ],
    inheritsDirectoryReaders: true,
  },
  "Reports Reader": {
    id: "4a5d8f65-41da-4de4-8968-e035b65339cf",
    description: "Can read sign-in and audit reports.",
    actions: [
      "microsoft.directory/auditLogs/allProperties/read",
      "microsoft.directory/signInReports/allProperties/read",
      "microsoft.office365.usageReports/allEntities/allProperties/read",
      "microsoft.office365.webPortal/allEntities/standard/read",
    ],
  },
  "Directory Synchronization Accounts": {
    id: "d29b2b05-8046-44ba-8758-1e26182fcf32",
    description: "Only used by Microsoft Entra Connect service.",
    actions: [
      "microsoft.directory/onPremisesSynchronization/standard/read",
      "microsoft.directory/organization/dirSync/update",
      "microsoft.directory/servicePrincipals/appRoleAssignedTo/update",
      "microsoft.directory/users/create",
      "microsoft.directory/users/basic/update",
      "microsoft.directory/groups/create",
      "microsoft.directory/groups/members/update",
    ],
  },
  "Directory Readers": {
    id: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
    description:
      "Can read basic directory information. Commonly used to grant directory read access to applications and guests.",
    actions: [
      "microsoft.directory/users/standard/read",
      "microsoft.directory/groups/standard/read",
      "microsoft.directory/applications/standard/read",
      "microsoft.directory/servicePrincipals/standard/read",
      "microsoft.directory/organization/standard/read",
      "microsoft.directory/roleAssignments/standard/read",
      "microsoft.directory/roleDefinitions/standard/read",
    ],
  },
  "Intune Administrator": {
    id: "3a2c62db-5318-420d-8d74-23affee5d9d5",
    description: "Can manage all aspects of the Intune product.",
    actions: [
      "microsoft.directory/devices/allProperties/allTasks",
      "microsoft.intune/allEntities/allTasks",
      "microsoft.directory/groups.security/create",
      "microsoft.directory/groups.security/members/update",
      ...SUPPORT,
    ],
    inheritsDirectoryReaders: true,
  },
};

/** The admin roles the "MFA for admins" style policies target (Microsoft's template policy list). */
export const ADMIN_ROLE_NAMES = [
  "Global Administrator",
  "Privileged Role Administrator",
  "Privileged Authentication Administrator",
  "Security Administrator",
  "Conditional Access Administrator",
  "Application Administrator",
  "Cloud Application Administrator",
  "User Administrator",
  "Helpdesk Administrator",
  "Authentication Administrator",
  "Billing Administrator",
  "SharePoint Administrator",
  "Intune Administrator",
] as const;

export function roleId(name: string): string {
  const t = ROLE_TEMPLATES[name];
  if (!t) throw new Error(`sample: unknown directory role ${name}`);
  return t.id;
}
