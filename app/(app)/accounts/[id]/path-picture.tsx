import type { GraphNode, PathGraph } from "@/lib/services/get-account-access";
import type { Tier } from "@/lib/model";

/**
 * The paths into one account as a picture (server-rendered SVG): Entra groups → permission sets / SAML roles → the
 * account. Line width follows the people on an edge; a dashed red line has a path without enforced MFA, a dotted
 * one a path whose MFA is unknown (never drawn as enforced). Each box opens the table filtered to it.
 */

const TIER_COLOUR: Record<Tier, { fill: string; stroke: string }> = {
  admin: { fill: "var(--c-danger-bg)", stroke: "var(--c-danger)" },
  privileged: { fill: "var(--c-warn-bg)", stroke: "var(--c-warn)" },
  write: { fill: "var(--c-info-bg)", stroke: "var(--c-info)" },
  read: { fill: "var(--c-ok-bg)", stroke: "var(--c-ok)" },
  none: { fill: "var(--c-surface-2)", stroke: "var(--c-border)" },
};

const W = 960;
const ROW = 46;
const BOX_H = 36;
const COL = { source: 8, grant: 360, account: 730 };
const BOX_W = { source: 270, grant: 290, account: 222 };

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

function Box({
  x,
  y,
  w,
  title,
  sub,
  href,
  fill = "var(--c-surface)",
  stroke = "var(--c-border)",
}: {
  x: number;
  y: number;
  w: number;
  title: string;
  sub: string;
  href?: string;
  fill?: string;
  stroke?: string;
}) {
  const body = (
    <g>
      <title>{`${title} — ${sub}`}</title>
      <rect x={x} y={y - BOX_H / 2} width={w} height={BOX_H} rx={6} fill={fill} stroke={stroke} strokeWidth={1.5} />
      <text x={x + 10} y={y - 3} fontSize={13} fontWeight={600} fill="var(--c-fg)">
        {cut(title, Math.floor(w / 7.6))}
      </text>
      <text x={x + 10} y={y + 12} fontSize={11} fill="var(--c-muted)">
        {sub}
      </text>
    </g>
  );
  return href ? <a href={href}>{body}</a> : body;
}

export function PathPicture({
  graph,
  accountName,
  accountId,
  hrefOf,
}: {
  graph: PathGraph;
  accountName: string;
  accountId: string;
  hrefOf: (filter: "group" | "grant", id: string) => string;
}) {
  const left = graph.sources.length + (graph.moreSources.count ? 1 : 0);
  const mid = graph.grants.length + (graph.moreGrants.count ? 1 : 0);
  const n = Math.max(left, mid, 1);
  const H = n * ROW + 16;
  const yAt = (i: number, count: number) => 8 + ROW / 2 + ((n - count) * ROW) / 2 + i * ROW;
  const ys = new Map(graph.sources.map((s, i) => [s.id, yAt(i, left)]));
  const yg = new Map(graph.grants.map((g, i) => [g.id, yAt(i, mid)]));
  const yAccount = 8 + (n * ROW) / 2;
  const maxPeople = Math.max(1, ...graph.edges.map((e) => e.people), ...graph.grants.map((g) => g.people));
  const width = (people: number) => 1.5 + (6 * people) / maxPeople;
  const curve = (x1: number, y1: number, x2: number, y2: number) =>
    `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
  const grantFill = (g: GraphNode) =>
    g.tier ? TIER_COLOUR[g.tier] : { fill: "var(--c-nc-bg)", stroke: "var(--c-nc)" };
  // The grant → account edge carries the MFA state of every path through the grant.
  const grantMfa = new Map<string, { notEnforced: boolean; unknown: boolean }>();
  for (const e of graph.edges) {
    const m = grantMfa.get(e.to) ?? { notEnforced: false, unknown: false };
    grantMfa.set(e.to, { notEnforced: m.notEnforced || e.notEnforced, unknown: m.unknown || e.unknownMfa });
  }
  const dash = (m: { notEnforced: boolean; unknown: boolean }) =>
    m.notEnforced
      ? { stroke: "var(--c-danger)", strokeDasharray: "7 4" }
      : m.unknown
        ? { stroke: "var(--c-nc)", strokeDasharray: "2 3" }
        : { stroke: "var(--c-ok)" };

  return (
    <figure aria-label="Picture of the paths into this account" className="overflow-x-auto">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-labelledby="path-picture-title"
        className="min-w-[40rem]"
        style={{ maxHeight: `${Math.max(H, 120)}px` }}
      >
        <title id="path-picture-title">
          {`Entra groups (${graph.sources.length}) → permission sets and roles (${graph.grants.length}) → ${accountName}`}
        </title>
        {graph.edges.map((e) => (
          <path
            key={`${e.from}|${e.to}`}
            d={curve(COL.source + BOX_W.source, ys.get(e.from)!, COL.grant, yg.get(e.to)!)}
            fill="none"
            strokeWidth={width(e.people)}
            strokeOpacity={0.75}
            {...dash({ notEnforced: e.notEnforced, unknown: e.unknownMfa })}
          >
            <title>{`${plural(e.people, "person")}${e.notEnforced ? ", a path without enforced MFA" : e.unknownMfa ? ", MFA unknown" : ", MFA enforced"}`}</title>
          </path>
        ))}
        {graph.grants.map((g) => (
          <path
            key={`acct|${g.id}`}
            d={curve(COL.grant + BOX_W.grant, yg.get(g.id)!, COL.account, yAccount)}
            fill="none"
            strokeWidth={width(g.people)}
            strokeOpacity={0.75}
            {...dash(grantMfa.get(g.id) ?? { notEnforced: false, unknown: false })}
          />
        ))}
        {graph.sources.map((s) => (
          <Box
            key={s.id}
            x={COL.source}
            y={ys.get(s.id)!}
            w={BOX_W.source}
            title={s.id === "direct" ? "Users assigned directly" : s.label}
            sub={`${s.id === "direct" ? "no group" : "Entra group"} · ${plural(s.people, "person")}`}
            href={hrefOf("group", s.id)}
            fill="var(--c-entra-bg)"
            stroke="var(--c-entra)"
          />
        ))}
        {graph.moreSources.count ? (
          <Box
            x={COL.source}
            y={yAt(graph.sources.length, left)}
            w={BOX_W.source}
            title={`+ ${plural(graph.moreSources.count, "more group")}`}
            sub="filter the table to see them"
          />
        ) : null}
        {graph.grants.map((g) => (
          <Box
            key={g.id}
            x={COL.grant}
            y={yg.get(g.id)!}
            w={BOX_W.grant}
            title={g.label}
            sub={`${g.tier ?? "tier unknown"} · ${plural(g.people, "person")}`}
            href={hrefOf("grant", g.id)}
            {...grantFill(g)}
          />
        ))}
        {graph.moreGrants.count ? (
          <Box
            x={COL.grant}
            y={yAt(graph.grants.length, mid)}
            w={BOX_W.grant}
            title={`+ ${plural(graph.moreGrants.count, "more grant")}`}
            sub="filter the table to see them"
          />
        ) : null}
        <Box
          x={COL.account}
          y={yAccount}
          w={BOX_W.account}
          title={accountName}
          sub={`AWS account ${accountId}`}
          fill="var(--c-aws-bg)"
          stroke="var(--c-aws)"
        />
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-xs text-muted">
        <span>
          <svg width="28" height="8" aria-hidden>
            <line x1="0" y1="4" x2="28" y2="4" stroke="var(--c-ok)" strokeWidth="3" />
          </svg>{" "}
          MFA enforced on every path
        </span>
        <span>
          <svg width="28" height="8" aria-hidden>
            <line x1="0" y1="4" x2="28" y2="4" stroke="var(--c-danger)" strokeWidth="3" strokeDasharray="7 4" />
          </svg>{" "}
          a path without enforced MFA
        </span>
        <span>
          <svg width="28" height="8" aria-hidden>
            <line x1="0" y1="4" x2="28" y2="4" stroke="var(--c-nc)" strokeWidth="3" strokeDasharray="2 3" />
          </svg>{" "}
          MFA unknown (not collected)
        </span>
        <span>Line width: people on the edge. Box colour: the highest tier the grant gives.</span>
      </figcaption>
    </figure>
  );
}
