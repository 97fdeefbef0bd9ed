import Link from "next/link";
import { ACCESS_LEVELS } from "@/lib/model";
import type { ActionExplanation, PrincipalDetail } from "@/lib/services/browse-principal";
import { Chip } from "../../../components/badges";
import { keyed } from "../../../components/keyed";
import { Panel } from "../../../components/shell";

const DECISION: Record<string, { label: string; tone: "ok" | "warn" | "danger" | "neutral" }> = {
  allowed: { label: "✓ Allowed", tone: "ok" },
  allowedWithCondition: { label: "◐ Allowed with a condition", tone: "warn" },
  deniedExplicit: { label: "✕ Denied explicitly", tone: "danger" },
  deniedByBoundary: { label: "✕ Denied by the permission boundary", tone: "danger" },
  notAllowed: { label: "○ Not allowed (implicit deny)", tone: "neutral" },
};

/** AWS effective permissions: by access level and service, where they come from, drill-down and "why" for an action. */
export function EffectivePanel({ principalId, detail }: { principalId: number; detail: PrincipalDetail }) {
  const e = detail.effective;
  const base = `/principals/${principalId}`;
  return (
    <Panel title="Effective permissions">
      {!e ? (
        <p className="text-sm text-danger">{detail.effectiveError ?? "Not computed."}</p>
      ) : (
        <div className="space-y-4">
          <p className="text-sm">
            <span className="text-2xl font-semibold tabular-nums">{e.summary.allowed.toLocaleString("en-US")}</span>{" "}
            actions allowed
            {e.summary.conditional ? (
              <>, {e.summary.conditional.toLocaleString("en-US")} only with a condition</>
            ) : null}
            {e.summary.deniedExplicit ? (
              <>, {e.summary.deniedExplicit.toLocaleString("en-US")} denied explicitly</>
            ) : null}
            {e.summary.deniedByBoundary ? (
              <>, {e.summary.deniedByBoundary.toLocaleString("en-US")} cut by the permission boundary</>
            ) : null}
            .
          </p>
          <div className="flex flex-wrap gap-2">
            {ACCESS_LEVELS.map((l) => (
              <Link
                key={l}
                href={`${base}?level=${encodeURIComponent(l)}#effective`}
                className="rounded border border-border px-2 py-1 text-sm hover:bg-surface-2"
              >
                {l}: <span className="font-semibold tabular-nums">{e.summary.byLevel[l].toLocaleString("en-US")}</span>
              </Link>
            ))}
          </div>
          <div id="effective" className="max-h-96 overflow-auto rounded border border-border">
            <table className="w-full text-sm">
              <caption className="sr-only">Allowed actions by service and access level</caption>
              <thead className="sticky top-0 bg-surface-2 text-left text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Service
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    All
                  </th>
                  {ACCESS_LEVELS.map((l) => (
                    <th key={l} scope="col" className="px-3 py-2 text-right">
                      {l}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {e.summary.services.map((s) => (
                  <tr key={s.service} className="border-t border-border">
                    <th scope="row" className="px-3 py-1.5 text-left font-normal">
                      <Link href={`${base}?service=${s.service}#actions`} className="link">
                        {s.serviceName}
                      </Link>{" "}
                      <span className="font-mono text-xs text-muted">{s.service}</span>
                    </th>
                    <td className="px-3 py-1.5 text-right tabular-nums">{s.total.toLocaleString("en-US")}</td>
                    {ACCESS_LEVELS.map((l) => (
                      <td key={l} className="px-3 py-1.5 text-right tabular-nums">
                        {s.byLevel[l] ? s.byLevel[l].toLocaleString("en-US") : <span className="text-muted">0</span>}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {e.summary.unknownActions.length ? (
            <p className="text-sm">
              <Chip tone="warn">⚑ Unknown actions kept</Chip> {e.summary.unknownActions.join(", ")}
            </p>
          ) : null}

          <div>
            <h3 className="mb-1 text-sm font-semibold">Where they come from</h3>
            <ul className="space-y-1 text-sm">
              {keyed(e.sources, (s) => `${s.providerId}|${s.via}|${s.viaName ?? ""}`).map(({ key, item: s }) => (
                <li key={key}>
                  <span className="font-medium">{s.name}</span>{" "}
                  <span className="text-muted">
                    {s.via === "group"
                      ? `through group ${s.viaName ?? "?"}`
                      : s.via === "boundary"
                        ? "permission boundary (limits, grants nothing)"
                        : s.via === "inline"
                          ? "inline policy"
                          : "attached"}
                  </span>
                </li>
              ))}
            </ul>
          </div>

          {e.actions ? (
            <div id="actions">
              <h3 className="mb-1 text-sm font-semibold">
                Actions{e.service ? ` of ${e.service}` : ""}
                {e.level ? ` at level ${e.level}` : ""} ({e.actions.length.toLocaleString("en-US")}
                {e.actions.length >= 2000 ? "+, first 2,000" : ""}){" "}
                <Link href={base} className="link ml-2 font-normal">
                  clear
                </Link>
              </h3>
              <ul className="grid max-h-80 grid-cols-1 gap-x-4 overflow-auto font-mono text-xs md:grid-cols-3">
                {e.actions.map((x) => (
                  <li key={x.action}>
                    <Link href={`${base}?action=${encodeURIComponent(x.action)}#why`} className="link">
                      {x.action}
                    </Link>
                    {x.conditional ? " ◐" : ""}
                    {x.partlyDenied ? " ✕" : ""}
                  </li>
                ))}
              </ul>
              <p className="mt-1 text-xs text-muted">◐ only with a condition · ✕ partly denied</p>
            </div>
          ) : null}

          <form method="get" action={base} className="flex flex-wrap items-end gap-2" id="why">
            <label className="flex flex-col text-xs font-medium text-muted">
              Why can (or can&apos;t) it do…
              <input
                name="action"
                defaultValue={e.explanation?.action ?? ""}
                placeholder="s3:GetObject"
                className="w-72 rounded border border-border bg-surface px-2 py-1.5 font-mono text-sm text-fg"
              />
            </label>
            <button type="submit" className="rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg">
              Explain
            </button>
          </form>
          {e.explanation ? (
            <div className="rounded border border-border bg-surface-2 p-3 text-sm" data-testid="explanation">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{e.explanation.action}</span>
                <Chip tone={DECISION[e.explanation.decision]?.tone ?? "neutral"}>
                  {DECISION[e.explanation.decision]?.label ?? e.explanation.decision}
                </Chip>
                {e.explanation.level ? <Chip>{e.explanation.level}</Chip> : null}
                {!e.explanation.known ? <Chip tone="warn">not a known action</Chip> : null}
              </p>
              <StatementsOf explanation={e.explanation} />
            </div>
          ) : null}
        </div>
      )}
    </Panel>
  );
}

/** The statements that allow or deny the explained action, each with its policy and path. */
function StatementsOf({ explanation: x }: { explanation: ActionExplanation }) {
  const statements = [
    ...x.allows.map((s) => ({ ...s, k: "allows" })),
    ...x.denies.map((s) => ({ ...s, k: "denies" })),
    ...x.boundary.denies.map((s) => ({ ...s, k: "boundary denies" })),
  ];
  if (statements.length === 0) return <p className="mt-2 text-muted">No statement mentions this action.</p>;
  return (
    <ul className="mt-2 space-y-1">
      {keyed(statements, (s) => `${s.k}|${s.permissionSetProviderId}|${s.via}|${s.viaName ?? ""}|${s.index}`).map(
        ({ key, item: s }) => (
          <li key={key}>
            <span className={s.effect === "Deny" ? "font-semibold text-danger" : "font-semibold text-ok"}>
              {s.effect}
            </span>{" "}
            in <span className="font-medium">{s.permissionSet}</span> statement{" "}
            {s.sid ? `"${s.sid}"` : `#${s.index + 1}`}
            {s.via === "group" ? ` (through group ${s.viaName})` : ""}
            {s.conditional ? " — with a condition" : ""}
            {!s.allResources ? ` — on ${s.resources.join(", ")}` : ""}
          </li>
        ),
      )}
    </ul>
  );
}
