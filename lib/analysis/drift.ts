import { DRIFT_AREA_ORDER, type DriftLine, type DriftSummary, type Tier } from "../model";

export { DRIFT_AREA_ORDER, type DriftAreaName, type DriftLine } from "../model";
import type { SourceModel } from "./source-model";

export interface DriftItem {
  key: string;
  label: string;
  kind: string;
}

export interface DriftChange extends DriftItem {
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface DriftSection {
  added: DriftItem[];
  removed: DriftItem[];
  changed: DriftChange[];
}

export interface TierChange {
  providerId: string;
  label: string;
  kind: string;
  before: Tier | null;
  after: Tier | null;
}

/** What changed between two snapshots of one source. */
export interface SnapshotDiff {
  before: { snapshotId: string; finishedAt: string | null };
  after: { snapshotId: string; finishedAt: string | null };
  principals: DriftSection;
  memberships: DriftSection;
  permissionSets: DriftSection;
  assignments: DriftSection;
  accessControls: DriftSection;
  tiers: TierChange[];
  summary: DriftSummary;
}

function section<T>(
  before: T[],
  after: T[],
  keyOf: (x: T) => string,
  describeItem: (x: T) => { label: string; kind: string },
  compare?: (a: T, b: T) => DriftChange["changes"],
): DriftSection {
  const b = new Map(before.map((x) => [keyOf(x), x]));
  const a = new Map(after.map((x) => [keyOf(x), x]));
  const out: DriftSection = { added: [], removed: [], changed: [] };
  for (const [k, x] of a) if (!b.has(k)) out.added.push({ key: k, ...describeItem(x) });
  for (const [k, x] of b) if (!a.has(k)) out.removed.push({ key: k, ...describeItem(x) });
  if (compare) {
    for (const [k, x] of a) {
      const old = b.get(k);
      if (!old) continue;
      const changes = compare(old, x);
      if (changes.length) out.changed.push({ key: k, ...describeItem(x), changes });
    }
  }
  const byLabel = (p: DriftItem, q: DriftItem) => p.label.localeCompare(q.label);
  out.added.sort(byLabel);
  out.removed.sort(byLabel);
  out.changed.sort(byLabel);
  return out;
}

function fields<T extends object>(a: T, b: T, names: (keyof T)[]): DriftChange["changes"] {
  const out: DriftChange["changes"] = [];
  for (const n of names) {
    const x = JSON.stringify(a[n] ?? null);
    const y = JSON.stringify(b[n] ?? null);
    if (x !== y) out.push({ field: String(n), before: a[n] ?? null, after: b[n] ?? null });
  }
  return out;
}

/**
 * Diffs two snapshots of the same source: added / removed / changed principals, direct memberships, permission sets
 * (statements compared), assignments and conditional-access policies, plus privilege-tier changes when the tiers of
 * both snapshots are given (providerId → tier). Pure.
 */
export function diffSnapshots(
  before: SourceModel,
  after: SourceModel,
  tiers: { before?: Map<string, Tier | null>; after?: Map<string, Tier | null> } = {},
): SnapshotDiff {
  const name = (m: SourceModel, id: string) => {
    const p = m.principals.find((x) => x.providerId === id);
    return p ? (p.upn ?? p.name) : id;
  };
  const nameA = new Map(after.principals.map((p) => [p.providerId, p.upn ?? p.name]));
  const nameB = new Map(before.principals.map((p) => [p.providerId, p.upn ?? p.name]));
  const nm = (id: string) => nameA.get(id) ?? nameB.get(id) ?? name(before, id);
  const setName = new Map([...before.permissionSets, ...after.permissionSets].map((s) => [s.providerId, s.name]));
  const principals = section(
    before.principals,
    after.principals,
    (p) => p.providerId,
    (p) => ({ label: p.upn ?? p.name, kind: p.kind }),
    (x, y) => fields(x, y, ["name", "enabled", "guest", "mfaRegistered", "email", "upn"]),
  );
  const direct = (m: SourceModel) => {
    const hasDirect = m.memberships.some((x) => x.direct);
    return m.memberships.filter((x) => !hasDirect || x.direct);
  };
  const memberships = section(
    direct(before),
    direct(after),
    (m) => `${m.groupProviderId}>${m.memberProviderId}`,
    (m) => ({ label: `${nm(m.memberProviderId)} in ${nm(m.groupProviderId)}`, kind: "membership" }),
  );
  const permissionSets = section(
    before.permissionSets,
    after.permissionSets,
    (s) => s.providerId,
    (s) => ({ label: s.name, kind: s.kind }),
    (x, y) => fields(x, y, ["name", "statements"]),
  );
  const assignments = section(
    before.assignments,
    after.assignments,
    (a) => `${a.principalProviderId}>${a.permissionSetProviderId}@${a.scope}#${a.kind}`,
    (a) => ({
      label: `${setName.get(a.permissionSetProviderId) ?? a.permissionSetProviderId} → ${nm(a.principalProviderId)}${a.kind !== "direct" ? ` (${a.kind})` : ""}`,
      kind: a.kind,
    }),
  );
  const accessControls = section(
    before.accessControls,
    after.accessControls,
    (c) => c.providerId,
    (c) => ({ label: c.name, kind: c.kind }),
    (x, y) => fields(x, y, ["name", "state", "who", "targets", "conditions", "controls"]),
  );
  const tierChanges: TierChange[] = [];
  if (tiers.before && tiers.after) {
    const ids = new Set([...tiers.before.keys(), ...tiers.after.keys()]);
    for (const id of ids) {
      const b = tiers.before.get(id) ?? null;
      const a = tiers.after.get(id) ?? null;
      if (b === a) continue;
      const p = after.principals.find((x) => x.providerId === id) ?? before.principals.find((x) => x.providerId === id);
      tierChanges.push({ providerId: id, label: nm(id), kind: p?.kind ?? "?", before: b, after: a });
    }
    tierChanges.sort((x, y) => x.label.localeCompare(y.label));
  }
  const count = (s: DriftSection) => ({ added: s.added.length, removed: s.removed.length, changed: s.changed.length });
  return {
    before: { snapshotId: before.snapshotId, finishedAt: before.finishedAt },
    after: { snapshotId: after.snapshotId, finishedAt: after.finishedAt },
    principals,
    memberships,
    permissionSets,
    assignments,
    accessControls,
    tiers: tierChanges,
    summary: {
      principals: count(principals),
      memberships: count(memberships),
      permissionSets: count(permissionSets),
      assignments: count(assignments),
      accessControls: count(accessControls),
      tiers: { added: 0, removed: 0, changed: tierChanges.length },
    },
  };
}

const show = (v: unknown) =>
  v === null || v === undefined ? "not collected" : typeof v === "object" ? JSON.stringify(v) : String(v);

/** A diff flattened into table lines: areas in DRIFT_AREA_ORDER, within each added, removed, changed (by label). */
export function driftLines(d: SnapshotDiff): DriftLine[] {
  const out: DriftLine[] = [];
  for (const area of DRIFT_AREA_ORDER) {
    if (area === "tiers") continue;
    const s = d[area];
    for (const x of s.added) out.push({ area, change: "added", kind: x.kind, subject: x.label, detail: "" });
    for (const x of s.removed) out.push({ area, change: "removed", kind: x.kind, subject: x.label, detail: "" });
    for (const x of s.changed)
      out.push({
        area,
        change: "changed",
        kind: x.kind,
        subject: x.label,
        detail: x.changes.map((c) => `${c.field}: ${show(c.before)} → ${show(c.after)}`).join("; "),
      });
  }
  for (const t of d.tiers)
    out.push({
      area: "tiers",
      change: "changed",
      kind: t.kind,
      subject: t.label,
      detail: `tier ${t.before ?? "none yet"} → ${t.after ?? "removed"}`,
    });
  return out;
}
