import { AppError } from "../../errors";

/**
 * The only commands Crosswalk sends to Organizations, IAM Identity Center (SSO Admin, Identity Store) and STS. Any
 * other command — CreateAccount, AttachPolicy, CreateAccountAssignment, DeleteUser, even a read it does not use — is
 * refused before the request is built, so no write can reach AWS. (Member accounts' IAM goes through the IAM
 * client's own allowlist, lib/providers/aws/live/read-only.ts.)
 */
export const ALLOWED_ORG_COMMANDS: ReadonlySet<string> = new Set([
  // Organizations
  "DescribeOrganizationCommand",
  "ListRootsCommand",
  "ListOrganizationalUnitsForParentCommand",
  "ListAccountsForParentCommand",
  "ListPoliciesCommand",
  "DescribePolicyCommand",
  "ListTargetsForPolicyCommand",
  "ListDelegatedAdministratorsCommand",
  // SSO Admin
  "ListInstancesCommand",
  "ListPermissionSetsCommand",
  "DescribePermissionSetCommand",
  "ListManagedPoliciesInPermissionSetCommand",
  "ListCustomerManagedPolicyReferencesInPermissionSetCommand",
  "GetInlinePolicyForPermissionSetCommand",
  "GetPermissionsBoundaryForPermissionSetCommand",
  "ListAccountsForProvisionedPermissionSetCommand",
  "ListAccountAssignmentsCommand",
  // Identity Store
  "ListUsersCommand",
  "ListGroupsCommand",
  "ListGroupMembershipsCommand",
  // STS (AssumeRole into member accounts; GetCallerIdentity to name the management account)
  "AssumeRoleCommand",
  "GetCallerIdentityCommand",
]);

interface MiddlewareClient {
  middlewareStack: {
    add: (
      mw: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: "initialize"; priority: "high"; name: string; override: boolean },
    ) => void;
  };
}

/**
 * Installs the allowlist on an SDK client as the first `initialize` middleware: it runs before serialization,
 * signing and any HTTP, and throws READ_ONLY_VIOLATION for a command that is not on the list.
 */
export function enforceOrgReadOnly<C>(client: C): C {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? "";
      if (!ALLOWED_ORG_COMMANDS.has(name)) {
        throw new AppError(
          "READ_ONLY_VIOLATION",
          `Refused to send ${name || "an unnamed command"}: Crosswalk only reads the organisation`,
        );
      }
      return next(args);
    },
    { step: "initialize", priority: "high", name: "crosswalkOrgReadOnlyAllowlist", override: true },
  );
  return client;
}
