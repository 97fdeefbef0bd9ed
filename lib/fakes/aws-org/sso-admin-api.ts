import { identityCenterErrors, notFound } from "./identity-center-errors";
import { epoch, type Json, lister, requireString } from "./json-protocol";
import type { CallContext, FakeServiceOptions, JsonService } from "./json-service";
import type {
  FakeOrganization,
  IdcAssignment,
  IdcPermissionSet,
  IdcProvisioning,
  IdentityCenter,
} from "./organization";

// IAM Identity Center administration reads (SSO Admin, JSON 1.1, X-Amz-Target SWBExternalService.<Op>). List calls
// page with MaxResults 1..100 (the AWS model's range). Callable from the instance's owner account or a delegated
// administrator for sso.amazonaws.com. Source: docs.aws.amazon.com/singlesignon/latest/APIReference.

const MAX = 100;
const ACCOUNT_ID = /^\d{12}$/;

function group<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** One instance with the indexes the read calls need. */
class IndexedInstance {
  readonly permissionSets = new Map<string, IdcPermissionSet>();
  readonly byAccountAndSet: Map<string, IdcAssignment[]>;
  readonly byPrincipal: Map<string, IdcAssignment[]>;
  readonly provisionedBySet: Map<string, IdcProvisioning[]>;
  readonly provisionedToAccount: Map<string, IdcProvisioning[]>;

  constructor(readonly ic: IdentityCenter) {
    for (const ps of ic.permissionSets) this.permissionSets.set(ps.PermissionSetArn, ps);
    this.byAccountAndSet = group(ic.assignments, (a) => `${a.AccountId}|${a.PermissionSetArn}`);
    this.byPrincipal = group(ic.assignments, (a) => `${a.PrincipalType}|${a.PrincipalId}`);
    this.provisionedBySet = group(ic.provisioning, (p) => p.PermissionSetArn);
    this.provisionedToAccount = group(ic.provisioning, (p) => p.AccountId);
  }
}

export class SsoAdminApi implements JsonService {
  readonly targetPrefix = "SWBExternalService";
  readonly actionPrefix = "sso";
  readonly errors = identityCenterErrors("sso");
  private readonly instances = new Map<string, IndexedInstance>();

  constructor(private readonly org: FakeOrganization) {
    for (const ic of org.identityCenters) this.instances.set(ic.instance.InstanceArn, new IndexedInstance(ic));
  }

  call(op: string, input: Json, ctx: CallContext, paging: FakeServiceOptions): Json {
    const list = lister(op, input, MAX, paging, this.errors);
    if (op === "ListInstances") {
      const visible = this.org.identityCenters.filter((ic) => this.mayRead(ic, ctx));
      return list("Instances", visible, ctx.accountId, (ic) => ({
        ...ic.instance,
        CreatedDate: epoch(ic.instance.CreatedDate),
      }));
    }
    const inst = this.instance(input, ctx, op);
    const set = () => this.permissionSet(inst, input);
    const arn = (p: { PermissionSetArn: string }) => p.PermissionSetArn;
    switch (op) {
      case "ListPermissionSets":
        return list("PermissionSets", inst.ic.permissionSets, inst.ic.instance.InstanceArn, arn);
      case "DescribePermissionSet": {
        const ps = set();
        return {
          PermissionSet: {
            Name: ps.Name,
            PermissionSetArn: ps.PermissionSetArn,
            ...(ps.Description !== undefined ? { Description: ps.Description } : {}),
            CreatedDate: epoch(ps.CreatedDate),
            SessionDuration: ps.SessionDuration,
            ...(ps.RelayState !== undefined ? { RelayState: ps.RelayState } : {}),
          },
        };
      }
      case "ListManagedPoliciesInPermissionSet": {
        const ps = set();
        return list("AttachedManagedPolicies", ps.managedPolicies, ps.PermissionSetArn, (m) => ({ ...m }));
      }
      case "ListCustomerManagedPolicyReferencesInPermissionSet": {
        const ps = set();
        return list("CustomerManagedPolicyReferences", ps.customerManagedPolicies, ps.PermissionSetArn, (m) => ({
          ...m,
        }));
      }
      case "GetInlinePolicyForPermissionSet":
        // NOTE: a permission set without an inline policy answers an empty InlinePolicy, not an error.
        return { InlinePolicy: set().inlinePolicy ?? "" };
      case "GetPermissionsBoundaryForPermissionSet": {
        const ps = set();
        if (!ps.boundary) throw notFound(`Permissions boundary not found for permission set ${ps.PermissionSetArn}`);
        return { PermissionsBoundary: ps.boundary };
      }
      case "ListAccountsForProvisionedPermissionSet": {
        const ps = set();
        const status = this.status(input);
        const items = (inst.provisionedBySet.get(ps.PermissionSetArn) ?? []).filter((p) => status(p));
        return list(
          "AccountIds",
          items,
          `${ps.PermissionSetArn}:${String(input.ProvisioningStatus ?? "")}`,
          (p) => p.AccountId,
        );
      }
      case "ListPermissionSetsProvisionedToAccount": {
        const account = this.accountId(input);
        const status = this.status(input);
        const items = (inst.provisionedToAccount.get(account) ?? []).filter((p) => status(p));
        return list("PermissionSets", items, `${account}:${String(input.ProvisioningStatus ?? "")}`, arn);
      }
      case "ListAccountAssignments": {
        const account = this.accountId(input);
        const ps = set();
        const items = inst.byAccountAndSet.get(`${account}|${ps.PermissionSetArn}`) ?? [];
        return list("AccountAssignments", items, `${account}|${ps.PermissionSetArn}`, (a) => ({ ...a }));
      }
      case "ListAccountAssignmentsForPrincipal": {
        const principalId = requireString(input, "PrincipalId", this.errors);
        const type = requireString(input, "PrincipalType", this.errors);
        if (type !== "USER" && type !== "GROUP") throw this.errors.invalid(`Invalid PrincipalType ${type}`);
        const filter = (input.Filter as { AccountId?: unknown } | undefined)?.AccountId;
        const all = inst.byPrincipal.get(`${type}|${principalId}`) ?? [];
        const items = filter === undefined ? all : all.filter((a) => a.AccountId === filter);
        return list("AccountAssignments", items, `${type}|${principalId}|${String(filter ?? "")}`, (a) => ({
          AccountId: a.AccountId,
          PermissionSetArn: a.PermissionSetArn,
          PrincipalId: a.PrincipalId,
          PrincipalType: a.PrincipalType,
        }));
      }
      default:
        throw this.errors.unknownOperation(op);
    }
  }

  private mayRead(ic: IdentityCenter, ctx: CallContext): boolean {
    return (
      ic.instance.OwnerAccountId === ctx.accountId ||
      this.org.delegatedAdministrators.some(
        (d) => d.accountId === ctx.accountId && d.servicePrincipal === "sso.amazonaws.com",
      )
    );
  }

  private instance(input: Json, ctx: CallContext, op: string): IndexedInstance {
    const arn = requireString(input, "InstanceArn", this.errors);
    if (!/^arn:(aws|aws-cn|aws-us-gov):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/.test(arn))
      throw this.errors.invalid(
        `1 validation error detected: Value '${arn}' at 'instanceArn' failed to satisfy constraint`,
      );
    const inst = this.instances.get(arn);
    if (!inst) throw notFound(`Could not find Identity Center instance ${arn}`);
    if (!this.mayRead(inst.ic, ctx)) throw this.errors.denied(op, ctx);
    return inst;
  }

  private permissionSet(inst: IndexedInstance, input: Json): IdcPermissionSet {
    const arn = requireString(input, "PermissionSetArn", this.errors);
    const ps = inst.permissionSets.get(arn);
    if (!ps) throw notFound(`Could not find PermissionSet with arn ${arn}`);
    return ps;
  }

  private accountId(input: Json): string {
    const id = requireString(input, "AccountId", this.errors);
    if (!ACCOUNT_ID.test(id))
      throw this.errors.invalid(
        `1 validation error detected: Value '${id}' at 'accountId' failed to satisfy constraint`,
      );
    return id;
  }

  private status(input: Json): (p: IdcProvisioning) => boolean {
    const s = input.ProvisioningStatus;
    if (s === undefined) return () => true;
    if (s === "LATEST_PERMISSION_SET_PROVISIONED") return (p) => !p.outdated;
    if (s === "LATEST_PERMISSION_SET_NOT_PROVISIONED") return (p) => p.outdated;
    throw this.errors.invalid(
      `1 validation error detected: Value '${String(s)}' at 'provisioningStatus' failed to satisfy enum value set`,
    );
  }
}
