import { AwsJsonError, epoch, type Json, lister, requireString } from "./json-protocol";
import type { CallContext, FakeServiceOptions, JsonService } from "./json-service";
import type { FakeOrganization, OrgAccount, OrgPolicy, OrgUnit } from "./organization";

// AWS Organizations read operations (JSON 1.1, X-Amz-Target AWSOrganizationsV20161128.<Op>). Every List call pages
// with MaxResults 1..20 (the AWS model's range). Errors carry the shapes of @aws-sdk/client-organizations.
// Source: docs.aws.amazon.com/organizations/latest/APIReference (each operation's page).

const MAX = 20;
const POLICY_TYPES = new Set([
  "SERVICE_CONTROL_POLICY",
  "RESOURCE_CONTROL_POLICY",
  "TAG_POLICY",
  "BACKUP_POLICY",
  "AISERVICES_OPT_OUT_POLICY",
  "CHATBOT_POLICY",
  "DECLARATIVE_POLICY_EC2",
]);

const invalid = (message: string, reason: string) =>
  new AwsJsonError(400, "InvalidInputException", message, { Reason: reason });

export interface OrganizationsOptions {
  /** The caller's account is not in an organization: every call answers AWSOrganizationsNotInUseException. */
  notInUse?: boolean;
}

export class OrganizationsApi implements JsonService {
  readonly targetPrefix = "AWSOrganizationsV20161128";
  readonly actionPrefix = "organizations";
  readonly errors = {
    invalid: (m: string) => invalid(m, "INVALID_INPUT"),
    badToken: () => invalid("The provided token is invalid.", "INVALID_NEXT_TOKEN"),
    throttled: () =>
      new AwsJsonError(400, "TooManyRequestsException", "Rate exceeded.", { Type: "TooManyRequestsException" }),
    failed: () =>
      new AwsJsonError(
        500,
        "ServiceException",
        "AWS Organizations can't complete your request because of an internal service error. Try again later.",
      ),
    denied: (_op: string, _ctx: CallContext) =>
      new AwsJsonError(400, "AccessDeniedException", "You don't have permissions to access this resource."),
    unknownOperation: (op: string) =>
      new AwsJsonError(400, "UnknownOperationException", `Operation ${op} is not supported by this fake.`),
  };

  private readonly ous = new Map<string, OrgUnit>();
  private readonly accounts = new Map<string, OrgAccount>();
  private readonly policies = new Map<string, OrgPolicy>();
  private readonly children = new Map<string, { ous: OrgUnit[]; accounts: OrgAccount[] }>();
  private readonly attached = new Map<string, OrgPolicy[]>();

  constructor(
    private readonly org: FakeOrganization,
    private readonly options: () => OrganizationsOptions = () => ({}),
  ) {
    const kids = (id: string) => {
      let c = this.children.get(id);
      if (!c) {
        c = { ous: [], accounts: [] };
        this.children.set(id, c);
      }
      return c;
    };
    kids(org.root.Id);
    for (const ou of org.ous) {
      this.ous.set(ou.Id, ou);
      kids(ou.Id);
      kids(ou.parentId).ous.push(ou);
    }
    for (const a of org.accounts) {
      this.accounts.set(a.Id, a);
      kids(a.parentId).accounts.push(a);
    }
    for (const p of org.policies) {
      this.policies.set(p.Id, p);
      for (const t of p.targets) {
        const list = this.attached.get(t) ?? [];
        list.push(p);
        this.attached.set(t, list);
      }
    }
  }

  call(op: string, input: Json, ctx: CallContext, paging: FakeServiceOptions): Json {
    if (this.options().notInUse)
      throw new AwsJsonError(
        400,
        "AWSOrganizationsNotInUseException",
        "Your account is not a member of an organization.",
      );
    const o = this.org.organization;
    const delegated = this.org.delegatedAdministrators.some((d) => d.accountId === ctx.accountId);
    if (ctx.accountId !== o.MasterAccountId && !delegated) throw this.errors.denied(op, ctx);
    const list = lister(op, input, MAX, paging, this.errors);
    switch (op) {
      case "DescribeOrganization":
        return {
          Organization: {
            ...o,
            AvailablePolicyTypes: this.org.root.PolicyTypes,
          },
        };
      case "ListRoots":
        return list("Roots", [this.org.root], "", (r) => ({ ...r }));
      case "ListOrganizationalUnitsForParent": {
        const parent = this.parent(requireString(input, "ParentId", this.errors));
        return list("OrganizationalUnits", parent.ous, parent.id, (ou) => this.renderOu(ou));
      }
      case "ListAccounts":
        return list("Accounts", this.org.accounts, "", (a) => this.renderAccount(a));
      case "ListAccountsForParent": {
        const parent = this.parent(requireString(input, "ParentId", this.errors));
        return list("Accounts", parent.accounts, parent.id, (a) => this.renderAccount(a));
      }
      case "ListChildren": {
        const parent = this.parent(requireString(input, "ParentId", this.errors));
        const type = requireString(input, "ChildType", this.errors);
        if (type !== "ACCOUNT" && type !== "ORGANIZATIONAL_UNIT")
          throw invalid(`Value '${type}' at 'childType' failed to satisfy constraint`, "INVALID_ENUM");
        const items = type === "ACCOUNT" ? parent.accounts : parent.ous;
        return list("Children", items, `${parent.id}:${type}`, (c) => ({ Id: c.Id, Type: type }));
      }
      case "ListParents": {
        const id = requireString(input, "ChildId", this.errors);
        const child = this.ous.get(id) ?? this.accounts.get(id);
        if (!child)
          throw new AwsJsonError(
            400,
            "ChildNotFoundException",
            "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
          );
        const parentId = child.parentId;
        return list("Parents", [parentId], id, (p) => ({
          Id: p,
          Type: p === this.org.root.Id ? "ROOT" : "ORGANIZATIONAL_UNIT",
        }));
      }
      case "ListPolicies": {
        const filter = this.policyType(input);
        const items = this.org.policies.filter((p) => p.Type === filter);
        return list("Policies", items, filter, (p) => this.summary(p));
      }
      case "DescribePolicy": {
        const p = this.policy(requireString(input, "PolicyId", this.errors));
        return { Policy: { PolicySummary: this.summary(p), Content: p.Content } };
      }
      case "ListPoliciesForTarget": {
        const target = requireString(input, "TargetId", this.errors);
        const filter = this.policyType(input);
        if (target !== this.org.root.Id && !this.ous.has(target) && !this.accounts.has(target))
          throw new AwsJsonError(
            400,
            "TargetNotFoundException",
            "We can't find a root, OU, account, or email address with the TargetId that you specified.",
          );
        const items = (this.attached.get(target) ?? []).filter((p) => p.Type === filter);
        return list("Policies", items, `${target}:${filter}`, (p) => this.summary(p));
      }
      case "ListTargetsForPolicy": {
        const p = this.policy(requireString(input, "PolicyId", this.errors));
        return list("Targets", p.targets, p.Id, (t) => this.target(t));
      }
      case "ListDelegatedAdministrators": {
        const sp = input.ServicePrincipal;
        const admins = this.org.delegatedAdministrators.filter((d) => sp === undefined || d.servicePrincipal === sp);
        const first = new Map<string, Date>();
        for (const d of admins)
          if (!first.has(d.accountId) || first.get(d.accountId)! > d.DelegationEnabledDate)
            first.set(d.accountId, d.DelegationEnabledDate);
        return list("DelegatedAdministrators", [...first], String(sp ?? ""), ([id, since]) => {
          const a = this.accounts.get(id)!;
          const { Paths: _paths, ...rest } = this.renderAccount(a);
          return { ...rest, DelegationEnabledDate: epoch(since) };
        });
      }
      default:
        throw this.errors.unknownOperation(op);
    }
  }

  private parent(id: string): { id: string; ous: OrgUnit[]; accounts: OrgAccount[] } {
    const c = this.children.get(id);
    if (!c)
      throw new AwsJsonError(
        400,
        "ParentNotFoundException",
        "We can't find a root or OU with the ParentId that you specified.",
      );
    return { id, ...c };
  }

  private policy(id: string): OrgPolicy {
    const p = this.policies.get(id);
    if (!p)
      throw new AwsJsonError(
        400,
        "PolicyNotFoundException",
        "We can't find a policy with the PolicyId that you specified.",
      );
    return p;
  }

  private policyType(input: Json): string {
    const f = requireString(input, "Filter", this.errors);
    if (!POLICY_TYPES.has(f)) throw invalid(`Value '${f}' at 'filter' failed to satisfy constraint`, "INVALID_ENUM");
    return f;
  }

  /** Entity path: o-…/r-…/ou-…/…/ (the form of the IAM user guide's aws:PrincipalOrgPaths). */
  private path(parentId: string): string {
    const ids: string[] = [];
    for (let id: string | undefined = parentId; id && id !== this.org.root.Id; id = this.ous.get(id)?.parentId)
      ids.unshift(id);
    return `${this.org.organization.Id}/${this.org.root.Id}/${ids.map((i) => `${i}/`).join("")}`;
  }

  private renderOu(ou: OrgUnit): Json {
    return { Id: ou.Id, Arn: ou.Arn, Name: ou.Name, Path: `${this.path(ou.parentId)}${ou.Id}/` };
  }

  private renderAccount(a: OrgAccount): Json {
    return {
      Id: a.Id,
      Arn: a.Arn,
      Email: a.Email,
      Name: a.Name,
      Status: a.Status,
      State: a.State,
      Paths: [`${this.path(a.parentId)}${a.Id}/`],
      JoinedMethod: a.JoinedMethod,
      JoinedTimestamp: epoch(a.JoinedTimestamp),
    };
  }

  private summary(p: OrgPolicy): Json {
    return { Id: p.Id, Arn: p.Arn, Name: p.Name, Description: p.Description, Type: p.Type, AwsManaged: p.AwsManaged };
  }

  private target(id: string): Json {
    if (id === this.org.root.Id)
      return { TargetId: id, Arn: this.org.root.Arn, Name: this.org.root.Name, Type: "ROOT" };
    const ou = this.ous.get(id);
    if (ou) return { TargetId: id, Arn: ou.Arn, Name: ou.Name, Type: "ORGANIZATIONAL_UNIT" };
    const a = this.accounts.get(id)!;
    return { TargetId: id, Arn: a.Arn, Name: a.Name, Type: "ACCOUNT" };
  }
}
