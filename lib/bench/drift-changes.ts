// A later state of a generated organisation (lib/bench/analysis-org.ts): the same connector events with ~`rate` of
// the users changed — removed, added, moved to another group, promoted to the first group (Admins on AWS, so their
// tier changes), a field changed — and a few policy documents and CA states edited. Streamed like the original (one page in
// memory), deterministic (seeded), so the drift benchmark and tests can build "before" and "after" snapshots.
import type { ConnectorEvent, ModelBatchInput, PermissionSetInput } from "../model";
import { seededRandom } from "../testing/seeded-random";

export interface ChangeOptions {
  /** Share of users changed (split evenly between removed, added, membership moved, promoted, field changed). */
  rate: number;
  /** Share of editable (non-built-in) policies whose document gains an action. */
  policyRate?: number;
  seed?: number;
}

export async function* withChanges(
  events: AsyncIterable<ConnectorEvent>,
  opts: ChangeOptions,
): AsyncGenerator<ConnectorEvent> {
  const r = seededRandom(opts.seed ?? 11);
  const each = opts.rate / 5;
  let firstGroup: string | null = null;
  let added = 0;
  for await (const e of events) {
    if (e.type !== "batch") {
      yield e;
      continue;
    }
    const b: ModelBatchInput = e.batch;
    firstGroup ??= b.principals?.find((p) => p.kind === "group")?.providerId ?? null;
    const removed = new Set<string>();
    const principals = [];
    const memberships = [...(b.memberships ?? [])];
    for (const p of b.principals ?? []) {
      if (p.kind !== "user") {
        principals.push(p);
        continue;
      }
      const x = r();
      if (x < each) {
        removed.add(p.providerId);
        continue;
      }
      if (x < 2 * each) {
        const id = `${p.providerId}-new${added++}`;
        const name = `new-${id}`;
        principals.push({
          ...p,
          providerId: id,
          name,
          displayName: name,
          upn: p.upn ? `${name}@corp.example` : p.upn,
          arn: p.arn ? p.arn.replace(/user\/.*$/, `user/${name}`) : p.arn,
        });
        const m = memberships.find((y) => y.memberProviderId === p.providerId);
        if (m) memberships.push({ ...m, memberProviderId: id });
      } else if (x < 3 * each) {
        const i = memberships.findIndex((y) => y.memberProviderId === p.providerId && y.groupProviderId !== firstGroup);
        if (i >= 0)
          memberships[i] = {
            ...memberships[i]!,
            groupProviderId: memberships[(i + 97) % memberships.length]!.groupProviderId,
          };
      } else if (x < 4 * each && firstGroup) {
        if (!memberships.some((y) => y.memberProviderId === p.providerId && y.groupProviderId === firstGroup)) {
          memberships.push({ groupProviderId: firstGroup, memberProviderId: p.providerId, direct: true });
        }
      } else if (x < 5 * each) {
        principals.push({ ...p, mfaRegistered: !p.mfaRegistered, enabled: p.enabled === false });
        continue;
      }
      principals.push(p);
    }
    const policyRate = opts.policyRate ?? 0.03;
    const permissionSets = (b.permissionSets ?? []).map((s): PermissionSetInput => {
      if (s.builtIn || r() >= policyRate) return s;
      const [st, ...rest] = s.statements ?? [];
      return st ? { ...s, statements: [{ ...st, actions: [...(st.actions ?? []), "iam:PassRole"] }, ...rest] } : s;
    });
    const accessControls = (b.accessControls ?? []).map((c) =>
      r() < policyRate ? { ...c, state: c.state === "on" ? ("reportOnly" as const) : ("on" as const) } : c,
    );
    const keep = <T extends { memberProviderId?: string; principalProviderId?: string }>(xs: T[]) =>
      xs.filter((x) => !removed.has(x.memberProviderId ?? x.principalProviderId ?? ""));
    yield {
      type: "batch",
      batch: {
        ...b,
        principals,
        permissionSets,
        accessControls,
        memberships: keep(memberships),
        assignments: keep(b.assignments ?? []),
      },
    };
  }
}
