import { identityCenterErrors, notFound } from "./identity-center-errors";
import { epoch, type Json, lister, requireString } from "./json-protocol";
import type { CallContext, FakeServiceOptions, JsonService } from "./json-service";
import type { FakeOrganization, IdcGroup, IdcMembership, IdcUser, IdentityCenter } from "./organization";

// Identity Store reads (JSON 1.1, X-Amz-Target AWSIdentityStore.<Op>) with the users' and groups' ExternalIds (the
// SCIM link to the external IdP's object id). List calls page with MaxResults 1..100 (the AWS model's range).
// ListUsers / ListGroups accept the (deprecated) exact-match Filters on UserName / DisplayName.
// Source: docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference.

const MAX = 100;

class IndexedStore {
  readonly users = new Map<string, IdcUser>();
  readonly groups = new Map<string, IdcGroup>();
  readonly byGroup = new Map<string, IdcMembership[]>();
  readonly byMember = new Map<string, IdcMembership[]>();

  constructor(readonly ic: IdentityCenter) {
    for (const u of ic.users) this.users.set(u.UserId, u);
    for (const g of ic.groups) this.groups.set(g.GroupId, g);
    for (const m of ic.memberships) {
      push(this.byGroup, m.GroupId, m);
      push(this.byMember, m.UserId, m);
    }
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const dates = (x: { CreatedAt: Date; UpdatedAt: Date }) => ({
  CreatedAt: epoch(x.CreatedAt),
  UpdatedAt: epoch(x.UpdatedAt),
});

export class IdentityStoreApi implements JsonService {
  readonly targetPrefix = "AWSIdentityStore";
  readonly actionPrefix = "identitystore";
  readonly errors = identityCenterErrors("identitystore");
  private readonly stores = new Map<string, IndexedStore>();

  constructor(private readonly org: FakeOrganization) {
    for (const ic of org.identityCenters) this.stores.set(ic.instance.IdentityStoreId, new IndexedStore(ic));
  }

  call(op: string, input: Json, ctx: CallContext, paging: FakeServiceOptions): Json {
    const store = this.store(input, ctx, op);
    const storeId = store.ic.instance.IdentityStoreId;
    const list = lister(op, input, MAX, paging, this.errors);
    const user = (u: IdcUser) => ({ IdentityStoreId: storeId, ...u, ...dates(u) });
    const grp = (g: IdcGroup) => ({ IdentityStoreId: storeId, ...g, ...dates(g) });
    const membership = (m: IdcMembership) => ({
      IdentityStoreId: storeId,
      MembershipId: m.MembershipId,
      GroupId: m.GroupId,
      MemberId: { UserId: m.UserId },
    });
    switch (op) {
      case "ListUsers": {
        const f = this.filter(input, "UserName");
        const items = f === null ? store.ic.users : store.ic.users.filter((u) => u.UserName === f);
        return list("Users", items, `${storeId}:${f ?? ""}`, user);
      }
      case "ListGroups": {
        const f = this.filter(input, "DisplayName");
        const items = f === null ? store.ic.groups : store.ic.groups.filter((g) => g.DisplayName === f);
        return list("Groups", items, `${storeId}:${f ?? ""}`, grp);
      }
      case "ListGroupMemberships": {
        const g = this.group(store, requireString(input, "GroupId", this.errors));
        return list("GroupMemberships", store.byGroup.get(g.GroupId) ?? [], g.GroupId, membership);
      }
      case "ListGroupMembershipsForMember": {
        const userId = (input.MemberId as { UserId?: unknown } | undefined)?.UserId;
        if (typeof userId !== "string") throw this.errors.invalid("MemberId must hold a UserId");
        const u = this.user(store, userId);
        return list("GroupMemberships", store.byMember.get(u.UserId) ?? [], u.UserId, membership);
      }
      case "DescribeUser":
        return user(this.user(store, requireString(input, "UserId", this.errors)));
      case "DescribeGroup":
        return grp(this.group(store, requireString(input, "GroupId", this.errors)));
      default:
        throw this.errors.unknownOperation(op);
    }
  }

  private store(input: Json, ctx: CallContext, op: string): IndexedStore {
    const id = requireString(input, "IdentityStoreId", this.errors);
    if (!/^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
      throw this.errors.invalid(
        `1 validation error detected: Value '${id}' at 'identityStoreId' failed to satisfy constraint`,
      );
    const store = this.stores.get(id);
    if (!store) throw notFound(`Identity store ${id} not found`, { ResourceType: "IDENTITY_STORE", ResourceId: id });
    const owner = store.ic.instance.OwnerAccountId === ctx.accountId;
    const delegated = this.org.delegatedAdministrators.some(
      (d) => d.accountId === ctx.accountId && d.servicePrincipal === "sso.amazonaws.com",
    );
    if (!owner && !delegated) throw this.errors.denied(op, ctx);
    return store;
  }

  private user(store: IndexedStore, id: string): IdcUser {
    const u = store.users.get(id);
    if (!u) throw notFound(`USER not found.`, { ResourceType: "USER", ResourceId: id });
    return u;
  }

  private group(store: IndexedStore, id: string): IdcGroup {
    const g = store.groups.get(id);
    if (!g) throw notFound(`GROUP not found.`, { ResourceType: "GROUP", ResourceId: id });
    return g;
  }

  /** The value of the one exact-match filter ListUsers / ListGroups accept, or null. */
  private filter(input: Json, path: string): string | null {
    const filters = input.Filters as { AttributePath?: unknown; AttributeValue?: unknown }[] | undefined;
    if (!filters || filters.length === 0) return null;
    const f = filters[0]!;
    if (filters.length > 1 || f.AttributePath !== path || typeof f.AttributeValue !== "string")
      throw this.errors.invalid(`Filters supports one filter on ${path}`);
    return f.AttributeValue;
  }
}
