import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getAccessModels, type Example } from "@/lib/services/get-access-models";
import { Chip, ProviderBadge } from "../../components/badges";
import { PageHeader } from "../../components/shell";

export const dynamic = "force-dynamic";

const FIDELITY = {
  close: { tone: "ok", text: "≈ close match" },
  partial: { tone: "warn", text: "◐ partial match" },
  none: { tone: "danger", text: "✕ no equivalent" },
} as const;

function Examples({
  items,
  cloud,
  loaded,
  none,
}: {
  items: Example[];
  cloud: string;
  loaded: string | null;
  none: boolean;
}) {
  if (!loaded) return <p className="mt-2 text-sm text-muted">No {cloud} source loaded.</p>;
  if (items.length === 0)
    return (
      <p className="mt-2 text-sm text-muted">
        {none ? `${cloud} has no counterpart to show.` : `No example in ${loaded}.`}
      </p>
    );
  return (
    <ul className="mt-2 space-y-1.5">
      {items.map((e) => (
        <li key={`${e.title}|${e.detail}`} className="rounded border border-border bg-bg px-2.5 py-1.5">
          <span className="block break-words font-mono text-[15px] font-semibold">
            {e.href ? (
              <Link href={e.href} className="link">
                {e.title}
              </Link>
            ) : (
              e.title
            )}
          </span>
          <span className="block break-words text-sm text-muted">{e.detail}</span>
        </li>
      ))}
    </ul>
  );
}

/** The concept crosswalk for workshops: AWS on the left, Entra on the right, the linking concept between, live examples. */
export default async function AccessModelsPage() {
  await requireUser();
  const { concepts, loaded } = await getAccessModels(db());
  return (
    <>
      <PageHeader
        title="Access models side by side"
        subtitle={`How AWS IAM and Microsoft Entra ID express the same ideas — and where they do not. Examples are live, from ${[loaded.aws, loaded.entra].filter(Boolean).join(" and ") || "no loaded data yet"}.`}
      />
      <div
        className="mb-2 grid gap-4 text-lg font-semibold"
        style={{ gridTemplateColumns: "minmax(0,1fr) 15rem minmax(0,1fr)" }}
        aria-hidden
      >
        <div className="flex items-center gap-2 border-b-4 border-aws pb-1">
          <ProviderBadge kind="aws" /> AWS IAM
        </div>
        <div className="pb-1 text-center text-muted">Concept</div>
        <div className="flex items-center gap-2 border-b-4 border-entra pb-1">
          <ProviderBadge kind="entra" /> Microsoft Entra ID
        </div>
      </div>
      <ol className="space-y-4">
        {concepts.map((c) => (
          <li
            key={c.concept}
            className="grid items-stretch gap-4"
            style={{ gridTemplateColumns: "minmax(0,1fr) 15rem minmax(0,1fr)" }}
          >
            <section
              aria-label={`${c.concept} in AWS`}
              className="min-w-0 rounded-lg border border-border border-l-4 border-l-aws bg-surface p-4"
            >
              <p className="text-lg leading-snug">{c.aws}</p>
              <Examples items={c.awsExamples} cloud="AWS" loaded={loaded.aws} none={c.fidelity === "none"} />
            </section>
            <div className="flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-border p-3 text-center">
              <h2 className="text-xl font-bold">{c.concept}</h2>
              <Chip tone={FIDELITY[c.fidelity].tone}>{FIDELITY[c.fidelity].text}</Chip>
              <p className="text-sm leading-snug text-muted">{c.note}</p>
            </div>
            <section
              aria-label={`${c.concept} in Entra`}
              className="min-w-0 rounded-lg border border-border border-l-4 border-l-entra bg-surface p-4"
            >
              <p className="text-lg leading-snug">{c.entra}</p>
              <Examples items={c.entraExamples} cloud="Entra" loaded={loaded.entra} none={c.fidelity === "none"} />
            </section>
          </li>
        ))}
      </ol>
      <p className="mt-6 text-sm text-muted">
        Want to see one translated? Open the{" "}
        <Link href="/translate" className="link">
          Translator
        </Link>
        . The same crosswalk is in the workshop handout on the{" "}
        <Link href="/reports" className="link">
          Reports
        </Link>{" "}
        page.
      </p>
    </>
  );
}
