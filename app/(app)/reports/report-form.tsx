"use client";

import { useActionState, useState } from "react";
import { SEVERITIES } from "@/lib/model/enums";
import type { ReportFormatChoice } from "@/lib/services/report-params";
import { startReportAction, type ReportFormState } from "./actions";

const KINDS = [
  {
    value: "audit",
    label: "Full cross-cloud audit",
    hint: "Overview, people side by side, privilege, MFA, CA coverage, findings, drift.",
  },
  { value: "findings", label: "Findings only", hint: "Every finding with evidence, fix and completeness." },
  {
    value: "compliance",
    label: "Compliance (CIS, NIST 800-53)",
    hint: "Every control per cloud: pass, fail with subjects, not assessed with why, manual checks.",
  },
  {
    value: "translation",
    label: "Translation",
    hint: "Chosen policies / CA policies: source, suggestion, what is lost.",
  },
  {
    value: "workshop",
    label: "Workshop handout",
    hint: "The access-model crosswalk with examples from the loaded data.",
  },
] as const;

/** "SARIF (findings only)": a format that writes only some kinds says which. */
function formatLabel(f: ReportFormatChoice): string {
  return f.kinds.length < KINDS.length ? `${f.label} (${f.kinds.join(", ")} only)` : f.label;
}

const field = "flex flex-col gap-1 text-sm font-medium";
const control = "rounded border border-border bg-surface px-2 py-1.5 text-sm font-normal text-fg";
const INITIAL: ReportFormState = { error: null };

export function ReportForm({
  sources,
  formats,
}: {
  sources: { id: string; name: string; kind: string }[];
  /** The report formats (lib/report/formats.ts), passed from the server. */
  formats: readonly ReportFormatChoice[];
}) {
  const [state, action, pending] = useActionState(startReportAction, INITIAL);
  const [kind, setKind] = useState<(typeof KINDS)[number]["value"]>("audit");
  const [format, setFormat] = useState<string>(formats[0]?.format ?? "pdf");
  const chosen = formats.find((f) => f.format === format);
  const formatInvalid = chosen !== undefined && !chosen.kinds.includes(kind);
  return (
    <form action={action} className="space-y-3" aria-label="New report">
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Kind</legend>
        <div className="space-y-1">
          {KINDS.map((k) => (
            <label key={k.value} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name="kind"
                value={k.value}
                checked={kind === k.value}
                onChange={() => setKind(k.value)}
                className="mt-1"
              />
              <span>
                <span className="font-medium">{k.label}</span>
                <span className="block text-xs text-muted">{k.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className={field}>
        Format
        <select name="format" value={format} onChange={(e) => setFormat(e.target.value)} className={control}>
          {formats.map((f) => (
            <option key={f.format} value={f.format} disabled={!f.kinds.includes(kind)}>
              {formatLabel(f)}
            </option>
          ))}
        </select>
      </label>
      {sources.length > 1 ? (
        <fieldset>
          <legend className="mb-1 text-sm font-medium">Sources (none = all)</legend>
          {sources.map((s) => (
            <label key={s.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="sources" value={s.id} /> {s.name}{" "}
              <span className="text-xs text-muted">({s.kind === "aws" ? "AWS" : "Entra"})</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <label className={field}>
        Person filter <span className="text-xs font-normal text-muted">part of a name, e-mail, UPN or ARN</span>
        <input name="person" className={control} />
      </label>
      <div className="grid grid-cols-2 gap-2">
        <label className={field}>
          Severity at least
          <select name="severity" className={control} defaultValue="">
            <option value="">Any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className={field}>
          Drift since
          <input type="date" name="since" className={control} />
        </label>
      </div>
      {kind === "translation" ? (
        <label className={field}>
          Items to translate{" "}
          <span className="text-xs font-normal text-muted">names or ids, one per line; none = the custom ones</span>
          <textarea name="items" rows={3} className={control} />
        </label>
      ) : null}
      {state.error ? (
        <p role="alert" className="rounded border border-danger bg-danger-bg px-2 py-1 text-sm text-danger">
          ✕ {state.error}
        </p>
      ) : state.startedId ? (
        <p role="status" className="rounded border border-ok bg-ok-bg px-2 py-1 text-sm text-ok">
          ✓ Started. It appears in the list with its progress.
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending || formatInvalid}
        className="rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg hover:opacity-90 disabled:opacity-50"
      >
        {pending ? "Starting…" : "Generate report"}
      </button>
      {chosen && formatInvalid ? (
        <p className="text-xs text-muted">
          {chosen.label} is for {chosen.kinds.join(", ")} reports only.
        </p>
      ) : null}
    </form>
  );
}
