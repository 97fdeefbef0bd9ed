import Link from "next/link";
import type { CanResult, QuotedStatement } from "@/lib/services/ask-can-principal";
import { Chip, type Tone } from "../../../components/badges";
import { keyed } from "../../../components/keyed";
import { Panel } from "../../../components/shell";

const DECISION: Record<string, { label: string; tone: Tone }> = {
  allowed: { label: "✓ Allowed", tone: "ok" },
  explicitDeny: { label: "✕ Explicit deny", tone: "danger" },
  implicitDeny: { label: "○ Implicit deny", tone: "neutral" },
};

const TYPE_LABEL: Record<string, string> = {
  identity: "Identity policies",
  permissionsBoundary: "Permission boundary",
  session: "Session policy",
  resource: "Resource policy",
  vpcEndpoint: "VPC endpoint policy",
  scp: "Service control policies",
  rcp: "Resource control policies",
};

const PART: Record<string, string> = {
  allowed: "allows",
  explicitDeny: "denies explicitly",
  implicitDeny: "does not allow",
};

const FAILED: Record<string, string> = {
  resource: "the resource does not match",
  principal: "the principal does not match",
  condition: "a condition is false",
};

/** "Can it…?" on an AWS principal's page: the exact evaluator over its stored policies (GET form, no script). */
export function CanPanel({ principalId, result }: { principalId: number; result: CanResult }) {
  const { form, answer, error } = result;
  const base = `/principals/${principalId}`;
  return (
    <Panel title="Can it…?">
      <form
        method="get"
        action={`${base}#can`}
        id="can"
        className="grid gap-3 md:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]"
      >
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Action
          <input
            name="can"
            required
            defaultValue={form.action}
            placeholder="s3:GetObject"
            spellCheck={false}
            className="rounded border border-border bg-surface px-2 py-1.5 font-mono text-sm text-fg"
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Resource ARN
          <input
            name="resource"
            defaultValue={form.resource === "*" && !form.action ? "" : form.resource}
            placeholder="arn:aws:s3:::bucket/key — empty for *"
            spellCheck={false}
            className="rounded border border-border bg-surface px-2 py-1.5 font-mono text-sm text-fg"
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted md:col-span-2">
          Context (optional, one key=value a line; repeat a key for a list)
          <textarea
            name="context"
            defaultValue={form.context}
            rows={2}
            placeholder={"aws:MultiFactorAuthPresent=true\naws:SourceIp=203.0.113.10"}
            spellCheck={false}
            className="rounded border border-border bg-surface px-2 py-1.5 font-mono text-sm text-fg"
          />
        </label>
        <div className="flex flex-wrap items-center gap-3 md:col-span-2">
          <button type="submit" className="rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg">
            Evaluate
          </button>
          <span className="text-xs text-muted">
            AWS&apos;s evaluation logic over this principal&apos;s policies — the same evaluator as{" "}
            <code className="font-mono">crosswalk simulate</code>.
          </span>
        </div>
      </form>

      {error ? (
        <p role="alert" className="mt-3 text-sm text-danger">
          {error}
        </p>
      ) : null}

      {answer ? (
        <section aria-label="Decision" className="mt-4 space-y-3 rounded border border-border bg-surface-2 p-3 text-sm">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-mono break-all">{form.action}</span>
            <span className="text-muted">on</span>
            <span className="font-mono break-all">{form.resource}</span>
            <Chip tone={DECISION[answer.decision]?.tone ?? "neutral"}>
              {DECISION[answer.decision]?.label ?? answer.decision}
            </Chip>
            {!answer.knownAction ? <Chip tone="warn">not in the action catalogue</Chip> : null}
          </p>
          <p>Because {answer.reason}.</p>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-label="By policy type">
            {Object.entries(answer.details)
              .filter(([, d]) => d !== "notApplicable")
              .map(([type, d]) => (
                <li key={type}>
                  {TYPE_LABEL[type] ?? type}: <span className="text-fg">{PART[d] ?? d}</span>
                </li>
              ))}
          </ul>
          {answer.missingContextValues.length ? (
            <div className="rounded border border-warn bg-warn-bg p-2" data-testid="missing-context">
              <p className="font-medium text-warn">Missing context values</p>
              <p className="mt-1">
                Statements that name this action read{" "}
                {answer.missingContextValues.map((k, i) => (
                  <span key={k}>
                    {i ? ", " : ""}
                    <code className="font-mono break-all">{k}</code>
                  </span>
                ))}
                , which the request does not carry; the decision is for a request without them. Add them as context
                lines to decide the request you have in mind.
              </p>
            </div>
          ) : null}
          <Statements
            title={answer.decision === "explicitDeny" ? "Deciding Deny statements" : "Deciding statements"}
            items={answer.matched}
            empty={
              answer.decision === "implicitDeny"
                ? "No statement allows this request: nothing grants it."
                : "Decided by AWS's rules, not by a statement."
            }
          />
          {answer.decision !== "allowed" && answer.nearMisses.length ? (
            <Statements title="Statements that name the action but do not apply" items={answer.nearMisses} />
          ) : null}
          <details>
            <summary className="cursor-pointer text-xs text-muted">
              Policies evaluated ({answer.policies.length}) and what is not collected
            </summary>
            <ul className="mt-1 list-disc pl-5 text-xs">
              {keyed(answer.policies, (p) => p.id).map(({ key, item: p }) => (
                <li key={key}>
                  {p.name} — {TYPE_LABEL[p.type] ?? p.type}
                  {p.via === "group" ? ` (through group ${p.viaName})` : p.via === "inline" ? " (inline)" : ""}
                </li>
              ))}
              {result.notCollected.map((n) => (
                <li key={n} className="text-muted">
                  Not collected: {n}
                </li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}
    </Panel>
  );
}

function origin(s: QuotedStatement): string {
  if (s.policyType === "permissionsBoundary") return "permission boundary";
  if (s.policyType === "resource") return "resource policy";
  if (s.policyType === "aws") return "AWS rule";
  if (s.via === "group") return `through group ${s.viaName ?? "?"}`;
  if (s.via === "inline") return "inline";
  return "attached";
}

function Statements({ title, items, empty }: { title: string; items: QuotedStatement[]; empty?: string }) {
  return (
    <div>
      <h3 className="mb-1 font-semibold">{title}</h3>
      {items.length === 0 ? (
        <p className="text-muted">{empty}</p>
      ) : (
        <ol className="space-y-2">
          {keyed(items, (s) => `${s.policyId}|${s.statementIndex}|${s.failed ?? ""}`).map(({ key, item: s }) => (
            <li
              key={key}
              data-testid="deciding-statement"
              className={`rounded border-l-4 bg-surface p-2 ${s.failed ? "border-border" : s.effect === "Deny" ? "border-danger" : "border-ok"}`}
            >
              <p className="flex flex-wrap items-center gap-2">
                <span className={s.effect === "Deny" ? "font-semibold text-danger" : "font-semibold text-ok"}>
                  {s.effect}
                </span>
                {s.policyPageId ? (
                  <Link
                    href={`/policies/${s.policyPageId}#statement-${s.statementIndex + 1}`}
                    className="link font-medium"
                  >
                    {s.policyName ?? s.policyId}
                  </Link>
                ) : (
                  <span className="font-medium">{s.rule ? s.rule.text : (s.policyName ?? s.policyId)}</span>
                )}
                <span className="text-muted">
                  {origin(s)} · statement {s.statementIndex + 1}
                  {s.sid ? ` "${s.sid}"` : ""}
                  {s.lines ? ` · lines ${s.lines.start}–${s.lines.end}` : ""}
                </span>
                {s.failed ? <Chip>{FAILED[s.failed]}</Chip> : null}
                {s.rule ? (
                  <a href={s.rule.source} className="link text-xs">
                    AWS documentation
                  </a>
                ) : null}
              </p>
              {s.text ? (
                <pre className="mt-1 max-h-64 overflow-auto rounded bg-surface-2 p-2 font-mono text-xs leading-relaxed">
                  {s.text}
                </pre>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
