import Link from "next/link";
import type { ControlResult } from "@/lib/services/check-compliance";
import { ProviderBadge } from "../../components/badges";
import { StatusChip } from "./status-chip";

const SHOWN = 25;
const link = "font-medium text-link underline-offset-2 hover:underline";

/** The drill-down of one control: per cloud, the subjects (linked to their findings), the evidence, what is missing. */
export function ControlDetail({ control }: { control: ControlResult }) {
  return (
    <div className={`grid gap-4 ${control.clouds.length > 1 ? "lg:grid-cols-2" : ""}`} data-testid="control-detail">
      {control.clouds.map((r) => (
        <section key={r.cloud} className="rounded border border-border bg-surface-2 p-3 text-sm">
          <h3 className="mb-2 flex flex-wrap items-center gap-2 font-semibold">
            <ProviderBadge kind={r.cloud} /> <StatusChip status={r.status} />
          </h3>
          {r.manual ? (
            <p className="mb-2">
              <span className="font-medium">Auditor checks: </span>
              {r.manual}
            </p>
          ) : null}
          {r.missing.length ? (
            <div className="mb-2">
              <p className="font-medium">Not assessed because</p>
              <ul className="ml-4 list-disc">
                {r.missing.map((m) => (
                  <li key={`${m.source}:${m.what}`}>
                    {m.source ? <span className="font-medium">{m.source}: </span> : null}
                    <code className="text-xs">{m.what}</code> — {m.reason}
                    {m.permission ? (
                      <span className="text-muted">
                        {" "}
                        (needs <code className="text-xs">{m.permission}</code>)
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {r.subjects.length ? (
            <div className="mb-2">
              <p className="font-medium">
                {r.subjects.length} failing subject{r.subjects.length === 1 ? "" : "s"}
              </p>
              <ul className="ml-4 list-disc">
                {r.subjects.slice(0, SHOWN).map((s) => (
                  <li key={`${s.rule}:${s.findingId ?? `${s.subject}:${s.explanation}`}`} className="break-words">
                    {s.findingId !== null ? (
                      <Link className={link} href={`/findings?rule=${encodeURIComponent(s.rule)}&open=${s.findingId}`}>
                        {s.subject}
                      </Link>
                    ) : (
                      <span className="font-medium">{s.subject}</span>
                    )}{" "}
                    <span className="text-muted">
                      ({s.rule}
                      {s.source ? `, ${s.source}` : ""})
                    </span>{" "}
                    — {s.explanation}
                  </li>
                ))}
              </ul>
              {r.subjects.length > SHOWN ? (
                <p className="mt-1 text-muted">
                  and {r.subjects.length - SHOWN} more:{" "}
                  {[...new Set(r.subjects.map((s) => s.rule))].map((rule) => (
                    <Link key={rule} className={`${link} mr-2`} href={`/findings?rule=${encodeURIComponent(rule)}`}>
                      all {rule} findings
                    </Link>
                  ))}
                </p>
              ) : null}
            </div>
          ) : null}
          {r.evidence.length ? (
            <div>
              <p className="font-medium">Checked</p>
              <ul className="ml-4 list-disc">
                {r.evidence.map((e) => (
                  <li key={e.rule}>
                    <code className="text-xs">{e.rule}</code> ({e.title}) over {e.sources.join(", ")}:{" "}
                    {e.findings === 0 ? "no finding" : `${e.findings} finding${e.findings === 1 ? "" : "s"}`}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ))}
    </div>
  );
}
