// Derived data (tiers, MFA enforcement, people, findings) for report tests, written only when the analysis layer has
// not produced any: reports must show what analysis stores, and these rows are shaped like it.
import type { Db } from "../../db/client";

export async function ensureDerived(db: Db): Promise<{ wrote: boolean }> {
  if ((await db.finding.count()) > 0 && (await db.person.count()) > 0) return { wrote: false };
  const snaps = await db.snapshot.findMany({ where: { status: "complete" }, include: { source: true }, orderBy: { finishedAt: "desc" } });
  const latest = new Map<string, (typeof snaps)[number]>();
  for (const s of snaps) if (!latest.has(s.sourceId)) latest.set(s.sourceId, s);
  const aws = [...latest.values()].find((s) => s.source.kind === "aws")!;
  const entra = [...latest.values()].find((s) => s.source.kind === "entra")!;
  const awsUsers = await db.principal.findMany({ where: { snapshotId: aws.id, kind: "user" }, orderBy: { name: "asc" } });
  const entraUsers = await db.principal.findMany({ where: { snapshotId: entra.id, kind: "user" }, orderBy: { name: "asc" } });
  // Tiers / MFA enforcement as analysis would store them.
  for (const [i, u] of [...awsUsers, ...entraUsers].entries()) {
    const tier = i % 37 === 0 ? "admin" : i % 11 === 0 ? "privileged" : i % 3 === 0 ? "write" : "read";
    await db.principal.update({
      where: { id: u.id },
      data: {
        tier,
        mfaEnforced: i % 5 === 0 ? null : i % 2 === 0,
        derived: { tier: { tier, reasons: [{ tier, permissionSet: tier === "admin" ? "AdministratorAccess" : "ReadOnlyAccess", detail: "attached directly" }] } },
      },
    });
  }
  // People: match by e-mail local part = IAM user name.
  const byLocal = new Map(entraUsers.map((u) => [(u.upn ?? u.name).split("@")[0]!.toLowerCase(), u]));
  let key = 0;
  const linked = new Set<number>();
  for (const a of awsUsers) {
    const e = byLocal.get(a.name.toLowerCase());
    const p = await db.person.create({
      data: { key: `p${key++}`, displayName: e?.displayName ?? a.displayName ?? a.name, method: e ? "email" : null, confidence: e ? 0.95 : null, summary: {}, search: `${a.name} ${e?.upn ?? ""}`.toLowerCase() },
    });
    await db.personIdentity.create({ data: { personId: p.id, sourceId: aws.sourceId, providerId: a.providerId } });
    if (e) {
      linked.add(e.id);
      await db.personIdentity.create({ data: { personId: p.id, sourceId: entra.sourceId, providerId: e.providerId } });
    }
  }
  for (const e of entraUsers.filter((u) => !linked.has(u.id))) {
    const p = await db.person.create({ data: { key: `p${key++}`, displayName: e.displayName, summary: {}, search: `${e.upn ?? e.name}`.toLowerCase() } });
    await db.personIdentity.create({ data: { personId: p.id, sourceId: entra.sourceId, providerId: e.providerId } });
  }
  const sev = ["critical", "high", "medium", "low", "info"];
  await db.finding.createMany({
    data: awsUsers.slice(0, 40).map((u, i) => ({
      rule: i % 2 ? "no-mfa-console-user" : "stale-access-key",
      severity: sev[i % 5]!,
      sourceId: aws.sourceId,
      subjectKind: "user",
      subjectProviderId: u.providerId,
      subjectName: u.name,
      explanation: `${u.name} can sign in to the console without MFA.`,
      evidence: { mfaDevices: 0, dataSource: "credentialReport" },
      fix: `Require MFA for ${u.name}.`,
      complete: i % 7 !== 0,
    })),
  });
  await db.finding.create({
    data: { rule: "unmatched-person", severity: "medium", sourceId: null, subjectKind: "person", subjectProviderId: "x", subjectName: "=HYPERLINK(\"http://evil\")", explanation: "No match on the other side.", evidence: {}, fix: "Link or remove.", complete: true },
  });
  return { wrote: true };
}
