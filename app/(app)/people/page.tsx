import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { browsePeople, PEOPLE_VIEWS } from "@/lib/services/browse-people";
import { tableHref } from "@/lib/services/browse-query";
import { DataTable } from "../../components/data-table/data-table";
import { NothingLoaded, PageHeader, Panel } from "../../components/shell";
import { peopleCells } from "./people-data";
import { PeopleTable } from "./people-table";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;

/** People: one row per human, AWS identity on the left, Entra on the right, the link between them in the middle. */
export default async function PeoplePage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireUser();
  const res = await browsePeople(db(), await searchParams);
  const { peopleTotal, snapshots } = res.extra;
  const current = res.query.filters.view;
  return (
    <>
      <PageHeader
        title="People"
        subtitle="One row per person: their AWS identity and their Entra identity side by side, and how Crosswalk linked them."
      />
      {snapshots.length === 0 ? (
        <NothingLoaded />
      ) : peopleTotal === 0 ? (
        <Panel>
          <p>
            People have not been matched yet: matching runs when a snapshot completes. The inventories are on the AWS
            and Entra pages.
          </p>
        </Panel>
      ) : null}
      <nav aria-label="Quick views" className="mb-3 flex flex-wrap gap-1.5 text-sm">
        {PEOPLE_VIEWS.map((v) => (
          <Link
            key={v.value}
            href={tableHref(
              "/people",
              { ...res.query, q: "", page: 1, filters: { view: v.value } },
              { sort: undefined, dir: undefined },
            )}
            aria-current={current === v.value ? "page" : undefined}
            className={`rounded-full border px-3 py-1 ${current === v.value ? "border-fg bg-fg font-semibold text-bg" : "border-border hover:bg-surface-2"}`}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      <p className="mb-2 text-xs text-muted">
        Key: <span aria-hidden>⚑</span> break-glass account · <span aria-hidden>⚠</span> admin or privileged without
        enforced MFA · Reg = MFA registered, Enf = MFA enforced (✓ yes, ✕ no, ∅ not collected) · +PIM = eligible for a
        higher role through PIM.
      </p>
      <DataTable
        meta={res.meta}
        filters={res.filters}
        query={res.query}
        total={res.total}
        table={(head) => <PeopleTable head={head} rows={peopleCells(res.rows)} caption="People" />}
        path="/people"
        caption="People"
      />
    </>
  );
}
