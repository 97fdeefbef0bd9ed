import Link from "next/link";
import { ACCESS_LEVELS } from "@/lib/model";
import type { PrincipalDetail } from "@/lib/services/browse-principal";
import { Chip } from "../../../components/badges";
import { keyed } from "../../../components/keyed";
import { Panel } from "../../../components/shell";

/** AWS effective permissions: by access level and service, where they come from, and drill-down (the "Can it…?" panel answers for one request). */
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
                    <Link href={`${base}?can=${encodeURIComponent(x.action)}#can`} className="link">
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
        </div>
      )}
    </Panel>
  );
}
