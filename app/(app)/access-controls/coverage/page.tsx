import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { browseCaCoverage, type CoverageCell } from "@/lib/services/browse-ca-coverage";
import type { ColumnSpec } from "@/lib/services/browse-query";
import { COVERAGE_STATE_LABEL, type CoverageState } from "@/lib/model";
import { Chip, NotCollected, ProviderBadge, TierBadge } from "../../../components/badges";
import { DataTable, type VirtualRow } from "../../../components/data-table/data-table";
import { PageHeader, Panel } from "../../../components/shell";
import { StateBadge } from "../../_inventory/cells";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;

// Each state its own glyph (COVERAGE_STATE_LABEL) and its own background; the colour only repeats the glyph.
const CELL_CLASS: Record<CoverageState, string> = {
  enforced: "bg-ok-bg text-ok",
  reportOnly: "bg-info-bg text-info",
  off: "text-muted",
  excluded: "bg-warn-bg text-warn font-bold",
  notInScope: "text-muted",
};

function Cell({ c, policy }: { c: CoverageCell; policy: string }) {
  const s = COVERAGE_STATE_LABEL[c.state];
  return (
    <span
      className={`-mx-3 -my-2 flex h-[37px] items-center justify-center ${CELL_CLASS[c.state]}`}
      title={`${policy}: ${s.text}${c.why ? ` — ${c.why}` : ""}`}
    >
      <span aria-hidden>{s.glyph}</span>
      <span className="sr-only">{s.text}</span>
    </span>
  );
}

function Flag({ on, yes, no, title }: { on: boolean; yes: string; no: string; title?: string }) {
  return on ? (
    <Chip tone="ok" title={title}>
      ✓ {yes}
    </Chip>
  ) : (
    <Chip tone="danger" title={title}>
      ✕ {no}
    </Chip>
  );
}

/** People × conditional-access policies, with the three questions an auditor asks of every admin. */
export default async function CoveragePage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireUser();
  const res = await browseCaCoverage(db(), await searchParams);
  const { policies, caCollected, snapshot, hasEntra } = res.extra;
  const columns: ColumnSpec[] = [
    ...res.meta.columns,
    { key: "mfa", label: "MFA", width: "5.75rem" },
    { key: "legacy", label: "Legacy", width: "5.75rem" },
    { key: "location", label: "Location", width: "6.25rem" },
    ...policies.map((_, i) => ({ key: `p${i}`, label: String(i + 1), width: "2.25rem" })),
  ];
  const rows: VirtualRow[] = res.rows.map((r) => ({
    key: String(r.id),
    cells: [
      <span key="n" className="inline-flex max-w-full items-center gap-1" title={`${r.name} (${r.displayName})`}>
        <span className="truncate">{r.name}</span>
        {r.breakGlass ? (
          <Chip tone="info" title={`Break-glass: ${r.breakGlass}`}>
            ⚑ break-glass
          </Chip>
        ) : null}
        {r.guest ? <Chip tone="warn">guest</Chip> : null}
      </span>,
      <TierBadge key="t" tier={r.tier} />,
      r.mfaEnforced === null ? (
        <NotCollected key="m" label="MFA ?" why="MFA enforcement could not be worked out (data not collected)" />
      ) : (
        <Flag key="m" on={r.mfaEnforced} yes="MFA" no="no MFA" title={`MFA enforcement: ${r.enforcement}`} />
      ),
      <Flag key="l" on={r.blocksLegacyAuth} yes="blocked" no="open" />,
      r.restrictsLocation ? (
        <Chip key="o" tone="ok">
          ✓ limited
        </Chip>
      ) : (
        <Chip key="o" title="No enabled policy restricts where this user signs in from">
          ○ any
        </Chip>
      ),
      // r.cells is in the order of `policies` (one cell per policy)
      ...policies.map((p, i) => <Cell key={p.id} c={r.cells[i]!} policy={p.name} />),
    ],
  }));
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/access-controls" className="link">
          Access controls
        </Link>{" "}
        / Coverage
      </nav>
      <PageHeader
        title={
          <span className="inline-flex items-center gap-2">
            <ProviderBadge kind="entra" /> Conditional-access coverage
          </span>
        }
        subtitle={
          <>
            Who each policy applies to, who is excluded and who is not in scope — and, for every user, whether any
            enabled policy requires MFA, blocks legacy authentication or restricts location. Break-glass accounts are
            labelled, not counted as gaps. {snapshot ? `Tenant: ${snapshot.sourceName}.` : ""}
          </>
        }
      />
      {!hasEntra ? (
        <Panel>
          <NotCollected label="No Entra tenant loaded" />{" "}
          <Link href="/sources" className="link">
            Add one
          </Link>
        </Panel>
      ) : !caCollected ? (
        <Panel>
          <NotCollected
            label="Conditional access not collected"
            why="The tenant's conditional-access policies were not collected (licence or permission)"
          />{" "}
          Coverage cannot be shown; this is not the same as “no policy applies”.
        </Panel>
      ) : null}
      {policies.length ? (
        <details className="mb-3 rounded-lg border border-border bg-surface p-3" open>
          <summary className="cursor-pointer text-sm font-semibold">Policies (columns 1–{policies.length})</summary>
          <ol className="mt-2 grid gap-x-6 gap-y-1 text-sm md:grid-cols-2 xl:grid-cols-3">
            {policies.map((p, i) => (
              <li key={p.id} className="flex items-center gap-2">
                <span className="w-6 text-right font-semibold tabular-nums">{i + 1}</span>
                <span className="truncate" title={p.name}>
                  {p.name}
                </span>
                <StateBadge state={p.state} />
              </li>
            ))}
          </ol>
          <p className="mt-2 text-xs text-muted">
            Cells:{" "}
            {(Object.keys(COVERAGE_STATE_LABEL) as CoverageState[]).map((k, i) => (
              <span key={k}>
                {i ? " · " : ""}
                <span aria-hidden>{COVERAGE_STATE_LABEL[k].glyph}</span> {COVERAGE_STATE_LABEL[k].text}
              </span>
            ))}
            . Report-only and off: the user is targeted, nothing is enforced. Hover a cell for why. The MFA column says
            whether MFA is enforced for the user, as the user's page and the findings do.
          </p>
        </details>
      ) : null}
      <DataTable
        meta={{ ...res.meta, columns }}
        filters={res.filters}
        query={res.query}
        total={res.total}
        rows={rows}
        path="/access-controls/coverage"
        caption="Conditional-access coverage"
      />
    </>
  );
}
