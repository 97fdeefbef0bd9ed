import { type Cloud, isIdentityCloud, type LinkOverride, type Principal } from "../model";

/** A decision made by hand (the PersonLink table); it wins over automatic matching and survives syncs. */
export type { LinkOverride } from "../model";
import { nicknamesOf } from "./nicknames";
import type { SourceModel } from "./source-model";

/** How two identities were linked. Ordered strongest first. */
export const MATCH_METHODS = {
  manual: 1,
  email: 0.95,
  identityCenter: 0.95,
  upnLocalPart: 0.85,
  firstLast: 0.75,
  displayName: 0.7,
  nickname: 0.65,
  initialLast: 0.6,
} as const;
export type MatchMethod = keyof typeof MATCH_METHODS;

export interface IdentityRef {
  sourceId: string;
  sourceName: string;
  cloud: Cloud;
  providerId: string;
  kind: Principal["kind"];
  name: string;
}

export interface PersonLinkResult {
  a: IdentityRef;
  b: IdentityRef;
  method: MatchMethod;
  confidence: number;
  /** The value both sides share (the email, the handle …). */
  on: string;
}

export interface MatchedPerson {
  /** Stable across syncs: built from the anchor identity's source and provider id. */
  key: string;
  displayName: string;
  identities: IdentityRef[];
  /** The weakest link that holds the person together; null for a one-identity person. */
  method: MatchMethod | null;
  confidence: number | null;
  links: PersonLinkResult[];
  /** An identity that matched several people on the other side equally well: shown, never merged. */
  ambiguous: boolean;
  candidates: { identity: IdentityRef; method: MatchMethod; on: string }[];
  /** An AWS user that looks like a machine account (no console password and a service-like name). */
  likelyService: boolean;
}

const FOLD: Record<string, string> = { ß: "ss", ø: "o", æ: "ae", œ: "oe", ł: "l", đ: "d", ı: "i", þ: "th" };

/** Lower-case, diacritics removed (é → e, ß → ss), trimmed. */
export function fold(s: string): string {
  // Fast path: most names are plain ASCII, and NFD + \p{M} costs ~1 µs a string (100k people × several keys).
  if (!/[\u0080-\uffff]/.test(s)) return s.toLowerCase().trim();
  return s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßøæœłđıþ]/g, (c) => FOLD[c] ?? c)
    .trim();
}

/** A handle with separators removed: "Jöhn.O'Smith-Jones" → "johnosmithjones". */
export function collapse(s: string): string {
  return fold(s).replace(/[^a-z0-9]/g, "");
}

// The other common way to write a letter in ASCII: German (Müller → Mueller), Danish and Norwegian (Søren → Soeren,
// Åse → Aase). `fold` gives the first way (u, o, a), this the second.
const SPELLED: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ø: "oe", å: "aa" };
const SPELLED_RE = /[äöüøå]/g;

/** Every collapsed spelling of a name: "Müller" → ["muller", "mueller"]; one entry for plain ASCII. */
export function spellings(s: string): string[] {
  const plain = collapse(s);
  if (!/[\u0080-\uffff]/.test(s)) return [plain];
  const lower = s.normalize("NFC").toLowerCase();
  if (!/[äöüøå]/.test(lower)) return [plain];
  const other = collapse(lower.replace(SPELLED_RE, (c) => SPELLED[c] ?? c));
  return other === plain ? [plain] : [plain, other];
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const EMAIL_TAGS = [
  "email",
  "mail",
  "e-mail",
  "emailaddress",
  "email_address",
  "useremail",
  "upn",
  "userprincipalname",
];

function isEmail(s: string | null | undefined): s is string {
  return !!s && EMAIL.test(s.trim());
}

/** The email-like keys an identity carries (name, email, UPN, tags such as email/Email/mail, SSO user names). */
export function emailsOf(p: Principal): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === "string" && isEmail(v)) out.add(fold(v));
  };
  add(p.name);
  add(p.email);
  add(p.upn);
  for (const [k, v] of Object.entries(p.tags)) if (EMAIL_TAGS.includes(k.toLowerCase())) add(v);
  for (const k of ["identityCenterUserName", "samlSubject", "userName", "otherMails", "proxyAddresses"]) {
    const v = p.attributes[k];
    if (!Array.isArray(v)) add(v);
    else for (const x of v) add(typeof x === "string" ? x.replace(/^smtp:/i, "") : x);
  }
  return [...out];
}

/** First and last name, each in every spelling (Zoë Müller → first [zoe], last [muller, mueller]). */
function splitName(displayName: string, p: Principal): { first: string[]; last: string[] } | null {
  const given = p.attributes.givenName;
  const sur = p.attributes.surname;
  if (typeof given === "string" && typeof sur === "string" && collapse(given) && collapse(sur))
    return { first: spellings(given), last: spellings(sur) };
  let name = displayName.replace(/\(.*?\)/g, " ").trim();
  if (name.includes(",")) {
    const [l, f] = name.split(",", 2);
    name = `${f} ${l}`;
  }
  const tokens = name.split(/\s+/).filter((t) => collapse(t));
  if (tokens.length < 2) return null;
  return { first: spellings(tokens[0]!), last: spellings(tokens[tokens.length - 1]!) };
}

const SERVICE_NAME =
  /(^|[-_.])(svc|service|bot|ci|cd|deploy|deployer|terraform|jenkins|github|gitlab|automation|app|api|backup|monitor|integration|sync)([-_.]|$)/i;

function refOf(m: SourceModel, cloud: Cloud, p: Principal): IdentityRef {
  return {
    sourceId: m.sourceId,
    sourceName: m.sourceName,
    cloud,
    providerId: p.providerId,
    kind: p.kind,
    name: p.upn ?? p.name,
  };
}

const idKey = (r: { sourceId: string; providerId: string }) => `${r.sourceId}\u0000${r.providerId}`;

/**
 * Links the same humans across AWS accounts and Entra tenants. Each AWS user is compared with the users of every
 * Entra source by the strongest method that finds anyone; one clear candidate links, several are "ambiguous"
 * (kept apart, candidates listed). Overrides: `confirmed` links two identities whatever the rules say;
 * `rejected` forbids a link the rules would make.
 */
export function matchPeople(sources: SourceModel[], overrides: LinkOverride[] = []): MatchedPerson[] {
  const aws = sources.filter((s) => s.kind === "aws");
  const entra = sources.filter((s) => s.kind === "entra");
  // `key` (idKey) is computed once per identity; `n` numbers it for the union-find below.
  type Entry = { ref: IdentityRef; p: Principal; key: string; n: number };
  const entries = new Map<string, Entry>();
  const list: Entry[] = [];
  for (const m of sources) {
    // Only IAM and Entra users are people's identities (Identity Center users link through access paths).
    const cloud = m.kind;
    if (!isIdentityCloud(cloud)) continue;
    for (const p of m.principals) {
      if (p.kind !== "user") continue;
      const key = idKey({ sourceId: m.sourceId, providerId: p.providerId });
      const n = entries.get(key)?.n ?? list.length;
      const e = { ref: refOf(m, cloud, p), p, key, n };
      entries.set(key, e);
      list[n] = e;
    }
  }
  const numberOf = new Map<IdentityRef, number>(list.map((e) => [e.ref, e.n]));

  // Indexes over Entra users, one per method.
  const idx: Record<Exclude<MatchMethod, "manual" | "identityCenter">, Map<string, Entry[]>> = {
    email: new Map(),
    upnLocalPart: new Map(),
    firstLast: new Map(),
    displayName: new Map(),
    nickname: new Map(),
    initialLast: new Map(),
  };
  const put = (m: Map<string, Entry[]>, k: string, e: Entry) => {
    if (!k) return;
    const l = m.get(k);
    if (!l) m.set(k, [e]);
    else if (!l.includes(e)) l.push(e);
  };
  for (const m of entra) {
    for (const p of m.principals) {
      if (p.kind !== "user") continue;
      const e = entries.get(idKey({ sourceId: m.sourceId, providerId: p.providerId }))!;
      for (const mail of emailsOf(p)) {
        put(idx.email, mail, e);
        put(idx.upnLocalPart, collapse(mail.split("@")[0]!), e);
      }
      const n = splitName(p.displayName, p);
      if (n) {
        for (const last of n.last) {
          for (const first of n.first) {
            put(idx.firstLast, first + last, e);
            put(idx.initialLast, first.slice(0, 1) + last, e);
            for (const nick of nicknamesOf(first)) put(idx.nickname, nick + last, e);
          }
        }
      }
      for (const d of spellings(p.displayName)) put(idx.displayName, d, e);
    }
  }

  const rejected = new Set<string>();
  const confirmed: PersonLinkResult[] = [];
  for (const o of overrides) {
    const a = entries.get(idKey({ sourceId: o.leftSourceId, providerId: o.leftProviderId }));
    const b = entries.get(idKey({ sourceId: o.rightSourceId, providerId: o.rightProviderId }));
    const pair = [
      idKey({ sourceId: o.leftSourceId, providerId: o.leftProviderId }),
      idKey({ sourceId: o.rightSourceId, providerId: o.rightProviderId }),
    ];
    if (o.decision === "rejected") {
      rejected.add(pair.join("|"));
      rejected.add([pair[1], pair[0]].join("|"));
    } else if (a && b) confirmed.push({ a: a.ref, b: b.ref, method: "manual", confidence: 1, on: "confirmed by hand" });
  }
  const manualIds = new Set(confirmed.flatMap((l) => [idKey(l.a), idKey(l.b)]));

  const links: PersonLinkResult[] = [...confirmed];
  const ambiguousOf = new Map<string, MatchedPerson["candidates"]>();
  const serviceLike = new Set<string>();
  for (const m of aws) {
    for (const p of m.principals) {
      if (p.kind !== "user") continue;
      const me = entries.get(idKey({ sourceId: m.sourceId, providerId: p.providerId }))!;
      if (p.attributes.consolePassword === false && SERVICE_NAME.test(p.name)) serviceLike.add(me.key);
      if (manualIds.has(me.key)) continue; // a hand-made link replaces automatic matching for this identity
      const probes: [MatchMethod, Map<string, Entry[]>, string[]][] = [];
      const mails = emailsOf(p);
      const ic =
        typeof p.attributes.identityCenterUserName === "string" ? fold(p.attributes.identityCenterUserName) : null;
      probes.push([ic ? "identityCenter" : "email", idx.email, ic ? [ic, ...mails] : mails]);
      const local = spellings(isEmail(p.name) ? p.name.split("@")[0]! : p.name);
      probes.push(["upnLocalPart", idx.upnLocalPart, local]);
      probes.push(["firstLast", idx.firstLast, local]);
      if (p.displayName && p.displayName !== p.name)
        probes.push(["displayName", idx.displayName, spellings(p.displayName)]);
      probes.push(["nickname", idx.nickname, local]);
      probes.push(["initialLast", idx.initialLast, local]);
      for (const [method, map, keys] of probes) {
        const found = new Map<Entry, { e: Entry; on: string }>();
        for (const k of keys) {
          if (!k || k.length < 3) continue;
          for (const e of map.get(k) ?? []) {
            if (rejected.size && rejected.has(`${me.key}|${e.key}`)) continue;
            found.set(e, { e, on: k });
          }
        }
        if (!found.size) continue;
        // Several candidates in the same Entra source = ambiguous; one per source links to each.
        const bySource = new Map<string, { e: Entry; on: string }[]>();
        for (const f of found.values()) {
          const l = bySource.get(f.e.ref.sourceId) ?? [];
          l.push(f);
          bySource.set(f.e.ref.sourceId, l);
        }
        for (const same of bySource.values()) {
          if (same.length === 1) {
            links.push({ a: me.ref, b: same[0]!.e.ref, method, confidence: MATCH_METHODS[method], on: same[0]!.on });
          } else {
            const c = ambiguousOf.get(me.key) ?? [];
            for (const f of same) c.push({ identity: f.e.ref, method, on: f.on });
            ambiguousOf.set(me.key, c);
          }
        }
        break;
      }
    }
  }

  // Union-find over links, on identity numbers (no string keys: 160k identities at 100k people).
  const parent = new Int32Array(list.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!; // path halving
      x = parent[x]!;
    }
    return x;
  };
  for (const l of links) {
    const ra = find(numberOf.get(l.a)!);
    const rb = find(numberOf.get(l.b)!);
    if (ra !== rb) parent[ra] = rb;
  }
  const groups = new Map<number, Entry[]>();
  for (const e of list) {
    const r = find(e.n);
    const g = groups.get(r);
    if (g) g.push(e);
    else groups.set(r, [e]);
  }
  const linksOf = new Map<number, PersonLinkResult[]>();
  for (const l of links) {
    const r = find(numberOf.get(l.a)!);
    const g = linksOf.get(r);
    if (g) g.push(l);
    else linksOf.set(r, [l]);
  }
  const people: MatchedPerson[] = [];
  for (const [root, members] of groups) {
    members.sort((x, y) =>
      x.ref.cloud === y.ref.cloud ? x.key.localeCompare(y.key) : x.ref.cloud === "entra" ? -1 : 1,
    );
    const anchor = members[0]!;
    const pl = linksOf.get(root) ?? [];
    const weakest = pl.reduce<PersonLinkResult | null>(
      (w, l) => (w === null || l.confidence < w.confidence ? l : w),
      null,
    );
    const candidates = members.flatMap((e) => ambiguousOf.get(e.key) ?? []);
    people.push({
      key: `${anchor.ref.cloud}:${anchor.ref.sourceId}:${anchor.ref.providerId}`,
      displayName: members.find((e) => e.ref.cloud === "entra")?.p.displayName ?? anchor.p.displayName ?? anchor.p.name,
      identities: members.map((e) => e.ref),
      method: weakest?.method ?? null,
      confidence: weakest?.confidence ?? null,
      links: pl,
      ambiguous: candidates.length > 0,
      candidates,
      likelyService: members.length === 1 && serviceLike.has(anchor.key),
    });
  }
  people.sort((a, b) =>
    a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  return people;
}
