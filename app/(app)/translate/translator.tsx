"use client";

import { useEffect, useRef, useState } from "react";
import type { Suggestion, TranslationReport, TranslationResult } from "@/lib/services/translate";
import { INPUT_KIND_LABEL as KIND_LABEL, TARGET_LABEL } from "@/lib/model/translation-labels";
import { keyed } from "../../components/keyed";

/**
 * The live Translator: the source on the left (editable), the translation on the right, re-computed 400 ms after the
 * last edit by POST /api/translate. Older answers that arrive late are ignored.
 */

const button = "rounded border border-border px-2.5 py-1 text-sm hover:bg-surface-2";

type State = {
  status: "idle" | "working" | "done" | "error";
  report: TranslationReport | null;
  error: string | null;
  ms: number | null;
};

export function Translator({
  initialText,
  sourceName,
  sourceLabel,
}: {
  initialText: string;
  sourceName: string | null;
  sourceLabel: string | null;
}) {
  const [text, setText] = useState(initialText);
  const [state, setState] = useState<State>({ status: "idle", report: null, error: null, ms: null });
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, status: "working" }));
    const t = setTimeout(async () => {
      const started = performance.now();
      try {
        const res = await fetch("/api/translate", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text, name: sourceName ?? "pasted" }),
        });
        const body = await res.json();
        if (mine !== seq.current) return;
        if (!res.ok)
          setState({ status: "error", report: null, error: body?.error?.message ?? `HTTP ${res.status}`, ms: null });
        else
          setState({
            status: "done",
            report: body as TranslationReport,
            error: null,
            ms: Math.round(performance.now() - started),
          });
      } catch (e) {
        if (mine === seq.current)
          setState({ status: "error", report: null, error: e instanceof Error ? e.message : String(e), ms: null });
      }
    }, 400);
    return () => clearTimeout(t);
  }, [text, sourceName]);

  return (
    <div className="grid items-start gap-4" style={{ gridTemplateColumns: "minmax(0,1fr) minmax(0,1.25fr)" }}>
      <section aria-label="Source" className="min-w-0 rounded-lg border border-border bg-surface p-3">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-base font-semibold">
            Source{sourceName ? `: ${sourceName}` : ""}{" "}
            {sourceLabel ? <span className="text-sm font-normal text-muted">({sourceLabel})</span> : null}
          </h2>
          <button type="button" className={button} onClick={() => setText("")}>
            Clear
          </button>
        </div>
        <label htmlFor="translator-source" className="sr-only">
          Source JSON
        </label>
        <textarea
          id="translator-source"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          placeholder="Paste an IAM policy document, a GAAD entry, an Azure or Entra role definition, or a Graph conditional-access policy (JSON)."
          className="h-[70vh] min-h-80 w-full resize-y rounded border border-border bg-bg p-2 font-mono text-[13px] leading-5 text-fg"
        />
      </section>
      <section aria-label="Translation" aria-live="polite" aria-busy={state.status === "working"} className="min-w-0">
        <p className="mb-2 text-xs text-muted" role="status">
          {state.status === "working"
            ? "Translating…"
            : state.status === "done"
              ? `Translated in ${state.ms} ms.`
              : state.status === "error"
                ? ""
                : " "}
        </p>
        {state.error ? (
          <p role="alert" className="rounded border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
            ✕ {state.error}
          </p>
        ) : null}
        {state.report?.results.length === 0 ? (
          <p className="rounded-lg border border-dashed border-border p-4 text-sm text-muted">
            Paste a document on the left.
          </p>
        ) : null}
        {keyed(state.report?.results ?? [], (r) => r.input.name).map(({ key, item: r }) => (
          <ResultView key={key} r={r} />
        ))}
      </section>
    </div>
  );
}

function ResultView({ r }: { r: TranslationResult }) {
  const [tab, setTab] = useState(0);
  const s = r.suggestions[tab] ?? r.suggestions[0];
  return (
    <article className="mb-4 rounded-lg border border-border bg-surface p-3">
      <h2 className="text-base font-semibold">
        {r.input.name}{" "}
        <span className="text-sm font-normal text-muted">— read as {KIND_LABEL[r.input.kind] ?? r.input.kind}</span>
      </h2>
      {r.error ? (
        <p role="alert" className="mt-2 rounded border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
          ✕ {r.error}
        </p>
      ) : r.suggestions.length === 0 ? (
        <p className="mt-2 text-sm text-muted">Nothing to translate in this item.</p>
      ) : (
        <>
          {r.suggestions.length > 1 ? (
            <div role="tablist" aria-label="Suggestions" className="mt-2 flex flex-wrap gap-1 border-b border-border">
              {keyed(r.suggestions, (x) => x.target).map(({ key, item: x, index: i }) => (
                <button
                  key={key}
                  role="tab"
                  type="button"
                  aria-selected={i === tab}
                  onClick={() => setTab(i)}
                  className={`-mb-px border-b-4 px-3 py-1.5 text-sm ${i === tab ? "border-fg font-semibold" : "border-transparent text-muted hover:text-fg"}`}
                >
                  {TARGET_LABEL[x.target] ?? x.target}
                </button>
              ))}
            </div>
          ) : null}
          {s ? <SuggestionView s={s} name={r.input.name} /> : null}
        </>
      )}
    </article>
  );
}

function Confidence({ value }: { value: number }) {
  const pct = Math.round(value * 100);
  const word = value >= 0.8 ? "high" : value >= 0.5 ? "medium" : "low";
  const tone = value >= 0.8 ? "var(--c-ok)" : value >= 0.5 ? "var(--c-warn)" : "var(--c-danger)";
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="font-semibold">Confidence</span>
      <span className="relative h-2.5 w-32 overflow-hidden rounded bg-surface-2" aria-hidden>
        <span className="absolute inset-y-0 left-0" style={{ width: `${pct}%`, background: tone }} />
      </span>
      <span className="tabular-nums">
        {pct}% ({word})
      </span>
    </div>
  );
}

function SuggestionView({ s, name }: { s: Suggestion; name: string }) {
  const [copied, setCopied] = useState(false);
  const json = s.document ? JSON.stringify(s.document, null, 2) : null;
  const download = () => {
    if (!json) return;
    const blob = new Blob([`${json}\n`], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${name.replace(/[^\w.-]+/g, "_")}.${s.target}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <div className="mt-3 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Confidence value={s.confidence} />
        {json ? (
          <div className="flex gap-2">
            <button
              type="button"
              className={button}
              onClick={async () => {
                await navigator.clipboard.writeText(json);
                setCopied(true);
                setTimeout(() => setCopied(false), 1500);
              }}
            >
              {copied ? "✓ Copied" : "Copy"}
            </button>
            <button type="button" className={button} onClick={download}>
              Download
            </button>
          </div>
        ) : null}
      </div>
      {json ? (
        <section
          aria-label={`Suggested ${TARGET_LABEL[s.target] ?? s.target}`}
          className="max-h-96 overflow-auto rounded border border-border bg-bg"
        >
          <pre className="p-2 font-mono text-[13px] leading-5">{json}</pre>
        </section>
      ) : (
        <p className="rounded border border-dashed border-border p-3 text-sm text-muted">
          No document: nothing of this item carries over to {TARGET_LABEL[s.target] ?? s.target}.
        </p>
      )}
      {s.closestBuiltIn.length ? (
        <div>
          <h3 className="mb-1 text-sm font-semibold">Closest built-in roles</h3>
          <ol className="space-y-1 text-sm">
            {s.closestBuiltIn.slice(0, 6).map((b) => (
              <li key={b.id} className="flex flex-wrap items-center gap-2">
                <span className="w-56 truncate" title={`${b.name} (${b.id})`}>
                  {b.name}
                </span>
                <span className="relative h-2 w-28 overflow-hidden rounded bg-surface-2" aria-hidden>
                  <span
                    className="absolute inset-y-0 left-0 bg-info"
                    style={{ width: `${Math.round(b.score * 100)}%` }}
                  />
                </span>
                <span className="tabular-nums">{Math.round(b.score * 100)}%</span>
                {b.basis ? (
                  <span className="text-xs text-muted">
                    {b.basis === "documented" ? "documented equivalence" : "computed similarity"}
                  </span>
                ) : null}
                {b.why ? <p className="basis-full pl-1 text-xs text-muted">Why: {b.why}</p> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {s.dropped.length ? (
        <div>
          <h3 className="mb-1 text-sm font-semibold">What does not carry over ({s.dropped.length})</h3>
          <ul className="space-y-1 text-sm">
            {keyed(s.dropped, (d) => `${d.part}|${d.reason}`).map(({ key, item: d }) => (
              <li key={key} className="rounded border-l-4 border-warn bg-warn-bg px-2 py-1">
                <strong className="text-warn">⚠ {d.part}</strong>
                <span className="block text-fg">{d.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-ok">✓ Everything carried over.</p>
      )}
      {s.explanation.length ? (
        <div>
          <h3 className="mb-1 text-sm font-semibold">Line by line</h3>
          <ol className="list-decimal space-y-0.5 pl-6 text-sm">
            {keyed(s.explanation, (e) => e).map(({ key, item: e }) => (
              <li key={key}>{e}</li>
            ))}
          </ol>
        </div>
      ) : null}
      {s.attachTo?.length ? (
        <p className="text-sm">
          <span className="font-semibold">Would apply to: </span>
          {s.attachTo
            .slice(0, 12)
            .map((p) => `${p.name} (${p.kind})`)
            .join(", ")}
          {s.attachTo.length > 12 ? `, and ${s.attachTo.length - 12} more` : ""}
        </p>
      ) : null}
    </div>
  );
}
