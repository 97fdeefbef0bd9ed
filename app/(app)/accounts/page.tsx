import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { type AccountSummary, listAccounts, type TreeRow } from "@/lib/services/browse-accounts";
import { Chip, When } from "../../components/badges";
import { PageHeader, Panel } from "../../components/shell";
import { IamRead, PathMfa, PeopleByTier, ScpList } from "./account-cells";

export const dynamic = "force-dynamic";

const th = "py-2 pr-3 font-medium";

function Head() {
  return (
    <thead className="text-left text-xs uppercase tracking-wide text-muted">
      <tr>
        <th scope="col" className={th}>
          Organisation unit / account
        </th>
        <th scope="col" className={th}>
          People through Entra, by tier
        </th>
        <th scope="col" className={th}>
          MFA on the paths
        </th>
        <th scope="col" className={th}>
          SCPs in force
        </th>
        <th scope="col" className={th}>
          Account IAM
        </th>
      </tr>
    </thead>
  );
}

function AccountName({ a }: { a: AccountSummary }) {
  return (
    <span className="inline-flex flex-col">
      <span className="inline-flex flex-wrap items-center gap-1.5">
        <Link href={`/accounts/${a.accountId}`} className="link font-medium">
          {a.name}
        </Link>
        {a.management ? <Chip tone="info">management</Chip> : null}
        {a.status && a.status !== "ACTIVE" ? <Chip tone="warn">{a.status.toLowerCase()}</Chip> : null}
      </span>
      <span className="font-mono text-xs text-muted">{a.accountId}</span>
    </span>
  );
}

function AccountCells({ a }: { a: AccountSummary }) {
  return (
    <>
      <td className="py-2 pr-3">
        <PeopleByTier accountId={a.accountId} access={a.access} />
      </td>
      <td className="py-2 pr-3">
        <PathMfa accountId={a.accountId} access={a.access} />
      </td>
      <td className="py-2 pr-3">
        <ScpList a={a} />
      </td>
      <td className="py-2 pr-3">
        <IamRead a={a} />
      </td>
    </>
  );
}

function Row({ r }: { r: TreeRow }) {
  const pad = { paddingLeft: `${r.depth * 1.25}rem` };
  if (r.type === "node")
    return (
      <tr className="border-t border-border bg-surface-2/50">
        <th scope="row" colSpan={5} className="py-1.5 pr-3 text-left font-semibold" style={pad}>
          <span aria-hidden className="mr-1 text-muted">
            {r.kind === "root" ? "◉" : "▾"}
          </span>
          {r.name} <span className="text-xs font-normal text-muted">{r.kind === "root" ? "root" : "OU"}</span>
          <span className="ml-2 text-xs font-normal text-muted">
            {r.accounts} account{r.accounts === 1 ? "" : "s"}
          </span>
        </th>
      </tr>
    );
  return (
    <tr className="border-t border-border align-top">
      <td className="py-2 pr-3" style={pad}>
        <AccountName a={r.account} />
      </td>
      <AccountCells a={r.account} />
    </tr>
  );
}

export default async function AccountsPage() {
  await requireUser();
  const { organisations, outside } = await listAccounts(db());
  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="AWS accounts of each organisation and who reaches them through Entra ID (IAM Identity Center and SAML apps). People are counted once per account, at their highest tier there, over paths they can use now."
      />
      {organisations.length === 0 && outside.length === 0 ? (
        <Panel>
          <p className="text-sm">
            No AWS organisation loaded and no Entra path into an AWS account.{" "}
            <Link href="/sources" className="link">
              Add an AWS organisation and its Entra tenant
            </Link>
            .
          </p>
        </Panel>
      ) : null}
      {organisations.map(({ org, rows, accounts }) => (
        <Panel
          key={org.snapshotId}
          title={
            <span>
              Organisation{" "}
              <Link href={`/sources/${org.sourceId}`} className="link">
                {org.sourceName}
              </Link>{" "}
              <span className="text-sm font-normal text-muted">
                · {accounts} account{accounts === 1 ? "" : "s"} · read <When value={org.finishedAt} />
              </span>
            </span>
          }
        >
          <div className="overflow-x-auto">
            <table className="w-full min-w-[56rem] text-sm">
              <caption className="sr-only">Accounts of {org.sourceName}</caption>
              <Head />
              <tbody>
                {rows.map((r) => (
                  <Row key={r.type === "node" ? r.id : r.account.accountId} r={r} />
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      ))}
      {outside.length ? (
        <Panel title="Accounts outside any stored organisation">
          <p className="mb-2 text-sm text-muted">
            Reached through per-account SAML apps; no organisation snapshot holds them, so their SCPs are unknown.
          </p>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[56rem] text-sm">
              <caption className="sr-only">Accounts outside any organisation</caption>
              <Head />
              <tbody>
                {outside.map((a) => (
                  <tr key={a.accountId} className="border-t border-border align-top">
                    <td className="py-2 pr-3">
                      <AccountName a={a} />
                    </td>
                    <AccountCells a={a} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      ) : null}
    </>
  );
}
