import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { listPickable, pickItem, pickItemByRef, type PickedItem } from "@/lib/services/translate-workshop";
import { PageHeader } from "../../components/shell";
import { Translator } from "./translator";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const EXAMPLE = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadBuckets",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:ListBucket"],
        Resource: ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
      },
      {
        Sid: "RequireMfa",
        Effect: "Deny",
        NotAction: "iam:*",
        Resource: "*",
        Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
      },
    ],
  },
  null,
  2,
);

/**
 * The Translator (workshops): pick or paste a source, the translation updates as you edit, side by side.
 * Deep links: /translate?kind=policy|role|ca&id=<id> (policy and role ids are PermissionSet ids, ca is AccessControl),
 * or /translate?snapshot=<snapshot id>&item=permissionSet:<provider id>|accessControl:<provider id> (the detail pages).
 */
export default async function TranslatePage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireUser();
  const sp = await searchParams;
  const kind = one(sp.kind);
  const id = Number(one(sp.id));
  const find = one(sp.find) ?? "";
  const snapshot = one(sp.snapshot);
  const item = one(sp.item);
  let picked: PickedItem | null = null;
  let error: string | null = null;
  if (kind || (snapshot && item)) {
    try {
      picked = kind ? await pickItem(db(), kind, id) : await pickItemByRef(db(), snapshot!, item!);
    } catch (e) {
      if (!isAppError(e)) throw e;
      error = e.message;
    }
  }
  const options = await listPickable(db(), find);
  return (
    <>
      <PageHeader
        title="Translator"
        subtitle="Paste an AWS policy, an Entra or Azure role, or a conditional-access policy — or pick one from the loaded data. The counterpart on the other side follows every edit, with what cannot carry over and why."
      />
      {error ? (
        <p role="alert" className="mb-3 rounded border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
          ✕ {error}
        </p>
      ) : null}
      <details className="mb-4 rounded-lg border border-border bg-surface p-3" open={!picked && !!find}>
        <summary className="cursor-pointer text-sm font-semibold">
          Pick from the loaded data {picked ? `(now: ${picked.name})` : ""}
        </summary>
        <search aria-label="Find an item to translate">
          <form method="get" className="mt-2 flex items-end gap-2">
            <label className="flex flex-col text-xs font-medium text-muted">
              Name
              <input
                name="find"
                type="search"
                defaultValue={find}
                placeholder="policy, role or CA policy name"
                className="w-72 rounded border border-border bg-surface px-2 py-1.5 text-sm text-fg"
              />
            </label>
            <button type="submit" className="rounded border border-border px-3 py-1.5 text-sm hover:bg-surface-2">
              Find
            </button>
          </form>
        </search>
        {options.length ? (
          <ul className="mt-2 grid gap-x-4 gap-y-0.5 text-sm md:grid-cols-2 xl:grid-cols-3">
            {options.map((o) => (
              <li key={`${o.kind}-${o.id}`} className="truncate">
                <Link
                  href={`/translate?kind=${o.kind}&id=${o.id}`}
                  className="link"
                  title={`${o.name} — ${o.label}, ${o.source}`}
                >
                  {o.name}
                </Link>{" "}
                <span className="text-xs text-muted">{o.label}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-muted">Nothing loaded matches. Paste a document below instead.</p>
        )}
      </details>
      <Translator
        key={picked ? `${picked.kind}-${picked.id}` : "paste"}
        initialText={picked?.text ?? EXAMPLE}
        sourceName={picked?.name ?? null}
        sourceLabel={picked?.label ?? null}
      />
    </>
  );
}
