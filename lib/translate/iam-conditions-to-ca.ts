/**
 * IAM policy conditions (MFA, MFA age, source IP) → Graph v1.0 conditionalAccessPolicy JSON (+ ipNamedLocation
 * bodies to create first). One CA policy per kind of control, because Graph refuses `block` together with other
 * grant controls. Policies are emitted report-only: a translated sign-in control should be watched before enforced.
 */
import type { PermissionSet, Statement } from "../model";
import { DATA } from "./crosswalk";
import { Ledger, statementLabel } from "./ledger";
import type { PrincipalRef, Suggestion, TranslateContext } from "./types";

const MFA = "aws:multifactorauthpresent";
const MFA_AGE = "aws:multifactorauthage";
const IP = "aws:sourceip";
const HANDLED = new Set([MFA, MFA_AGE, IP]);

interface Found {
  i: number;
  st: Statement;
  op: string;
  key: string;
  values: string[];
}

function findConditions(ps: PermissionSet): Found[] {
  const out: Found[] = [];
  ps.statements.forEach((st, i) => {
    for (const [op, block] of Object.entries(st.conditions ?? {}))
      for (const [key, values] of Object.entries(block)) out.push({ i, st, op, key: key.toLowerCase(), values });
  });
  return out;
}

/** Whether the statement's MFA condition means "MFA required" (Allow if true / Deny if false or absent). */
function requiresMfa(f: Found): boolean | null {
  const op = f.op.replace(/IfExists$/, "");
  if (op !== "Bool") return null;
  const v = f.values.map((x) => x.toLowerCase());
  if (f.st.effect === "Allow" && v.includes("true")) return true;
  if (f.st.effect === "Deny" && v.includes("false")) return true;
  return null;
}

/** Seconds cap from a MultiFactorAuthAge condition (Allow if age < N, or Deny if age > N). */
function maxAgeSeconds(f: Found): number | null {
  const op = f.op.replace(/IfExists$/, "");
  const n = Number(f.values[0]);
  if (!Number.isFinite(n) || n <= 0) return null;
  if (f.st.effect === "Allow" && (op === "NumericLessThan" || op === "NumericLessThanEquals")) return n;
  if (f.st.effect === "Deny" && (op === "NumericGreaterThan" || op === "NumericGreaterThanEquals")) return n;
  return null;
}

/** "inside" = access only from these ranges (block elsewhere); "outside" = block from these ranges. */
function ipMeaning(f: Found): "allowOnlyFrom" | "blockFrom" | null {
  const op = f.op.replace(/IfExists$/, "");
  if ((f.st.effect === "Allow" && op === "IpAddress") || (f.st.effect === "Deny" && op === "NotIpAddress"))
    return "allowOnlyFrom";
  if ((f.st.effect === "Deny" && op === "IpAddress") || (f.st.effect === "Allow" && op === "NotIpAddress"))
    return "blockFrom";
  return null;
}

function toCidr(v: string): string {
  if (v.includes("/")) return v;
  return v.includes(":") ? `${v}/128` : `${v}/32`;
}

function usersBlock(include: PrincipalRef[]) {
  return {
    includeUsers: include.length ? include.filter((p) => p.kind === "user").map((p) => p.id) : ["All"],
    excludeUsers: [] as string[],
    includeGroups: include.filter((p) => p.kind === "group").map((p) => p.id),
    excludeGroups: [] as string[],
    includeRoles: [] as string[],
    excludeRoles: [] as string[],
  };
}

/**
 * The CA suggestions for one AWS policy; [] when it has no MFA / source-IP condition.
 * `holders` are the AWS principals the policy is attached to (from the database), resolved to Entra principals.
 */
export function translateIamConditionsToCa(
  ps: PermissionSet,
  ctx: TranslateContext,
  holders: { kind: string; id: string; name: string }[] = [],
): Suggestion[] {
  const found = findConditions(ps);
  if (!found.some((f) => HANDLED.has(f.key))) return [];
  const include: PrincipalRef[] = [];
  const unresolved: string[] = [];
  for (const h of holders) {
    const r = ctx.resolver?.({ side: "aws", kind: h.kind, id: h.id, name: h.name }) ?? [];
    if (r.length) include.push(...r.filter((p) => p.side === "entra"));
    else unresolved.push(`${h.kind} ${h.name}`);
  }
  const out: Suggestion[] = [];
  const other = found.filter((f) => !HANDLED.has(f.key));
  /** CA applies at sign-in to apps; an IAM condition on some actions only becomes "all apps" (stated, weighed). */
  const scopeNote = (l: Ledger, group: Found[]) => {
    for (const f of group) {
      const everything = f.st.actions.includes("*") || f.st.notActions.length > 0;
      if (!everything)
        l.approximated(
          0.5,
          `${statementLabel(f.i, f.st.sid)} applies to ${f.st.actions.slice(0, 4).join(", ")}${f.st.actions.length > 4 ? " …" : ""} only.`,
          `${statementLabel(f.i, f.st.sid)}: action scope`,
          "Conditional Access cannot target API actions: the policy applies to every sign-in to the targeted apps, which is broader than the AWS statement",
        );
    }
  };
  const note = (l: Ledger) => {
    for (const f of other) {
      const m = DATA.conditions.awsToEntra[f.key];
      l.drop(
        0.5,
        `${statementLabel(f.i, f.st.sid)}: Condition ${f.op} ${f.key}`,
        m?.reason ?? m?.note ?? "no Conditional Access counterpart for this condition key",
      );
    }
    for (const u of unresolved)
      l.drop(0.25, `attached to ${u}`, "no matched Entra person/group for this AWS principal; add the users by hand");
    if (holders.length === 0)
      l.note(
        'Users: the AWS policy\'s holders are unknown here, so the policy includes "All" users — narrow it before enabling.',
      );
    else if (include.length)
      l.note(`Users: the matched Entra principals of the policy's holders (${include.map((p) => p.name).join(", ")}).`);
    l.note(
      "Applications: All cloud apps — Conditional Access evaluates at sign-in; replace with the AWS IAM Identity Center (or AWS SAML) enterprise application's appId to scope it to AWS access.",
    );
    l.note(
      'State: report-only ("enabledForReportingButNotEnforced") so the effect can be checked in the sign-in logs before enforcing.',
    );
  };

  // MFA (+ age → sign-in frequency).
  const mfa = found.filter((f) => f.key === MFA);
  const age = found.filter((f) => f.key === MFA_AGE);
  if (mfa.length || age.length) {
    const l = new Ledger();
    for (const f of mfa) {
      const label = `${statementLabel(f.i, f.st.sid)}: ${f.op} aws:MultiFactorAuthPresent = ${f.values.join(", ")}`;
      if (requiresMfa(f))
        l.mapped(1, `${label} → grantControls.builtInControls ["mfa"]. ${DATA.conditions.awsToEntra[MFA]!.note}`);
      else
        l.drop(
          1,
          label,
          "this condition does not require MFA (it matches sessions without MFA); it has no CA counterpart",
        );
    }
    let seconds: number | null = null;
    for (const f of age) {
      const label = `${statementLabel(f.i, f.st.sid)}: ${f.op} aws:MultiFactorAuthAge = ${f.values.join(", ")}`;
      const s = maxAgeSeconds(f);
      if (s === null)
        l.drop(
          1,
          label,
          "only 'MFA at most N seconds ago' (Allow NumericLessThan / Deny NumericGreaterThan) maps to a sign-in frequency",
        );
      else {
        seconds = Math.min(seconds ?? s, s);
        l.approximated(
          1,
          `${label} → sessionControls.signInFrequency ${Math.max(1, Math.ceil(s / 3600))} hours.`,
          label,
          DATA.conditions.awsToEntra[MFA_AGE]!.note!,
        );
      }
    }
    scopeNote(l, [...mfa, ...age]);
    note(l);
    const hours = seconds === null ? null : Math.max(1, Math.ceil(seconds / 3600));
    const wantsMfa = mfa.some((f) => requiresMfa(f)) || hours !== null;
    if (wantsMfa) {
      out.push({
        target: "entra-ca-policy",
        document: {
          displayName: `Crosswalk: require MFA (from AWS ${ps.name})`.slice(0, 256),
          state: "enabledForReportingButNotEnforced",
          conditions: {
            users: usersBlock(include),
            applications: { includeApplications: ["All"], excludeApplications: [] },
            clientAppTypes: ["all"],
          },
          grantControls: { operator: "OR", builtInControls: ["mfa"] },
          sessionControls:
            hours === null
              ? null
              : {
                  signInFrequency: {
                    isEnabled: true,
                    value: hours,
                    type: "hours",
                    authenticationType: "primaryAndSecondaryAuthentication",
                    frequencyInterval: "timeBased",
                  },
                },
        },
        confidence: l.confidence(),
        closestBuiltIn: [],
        dropped: l.dropped,
        explanation: l.explanation,
        attachTo: include,
      });
    }
  }

  // Source IP → block outside (or inside) an ipNamedLocation.
  const ips = found.filter((f) => f.key === IP);
  for (const meaning of ["allowOnlyFrom", "blockFrom"] as const) {
    const group = ips.filter((f) => ipMeaning(f) === meaning);
    if (!group.length) continue;
    const l = new Ledger();
    const ranges = [...new Set(group.flatMap((f) => f.values.map(toCidr)))];
    scopeNote(l, group);
    for (const f of group)
      l.mapped(
        1,
        `${statementLabel(f.i, f.st.sid)}: ${f.st.effect} with ${f.op} aws:SourceIp ${f.values.join(", ")} → ${meaning === "allowOnlyFrom" ? "block sign-in from outside" : "block sign-in from"} named location "${ps.name} IP ranges". ${DATA.conditions.awsToEntra[IP]!.note}`,
      );
    note(l);
    const locName = `Crosswalk: ${ps.name} IP ranges`.slice(0, 256);
    const ref = `<namedLocation:${locName}>`;
    l.note(`Create the named location first (supporting document), then replace ${ref} with its id.`);
    out.push({
      target: "entra-ca-policy",
      document: {
        displayName:
          `Crosswalk: ${meaning === "allowOnlyFrom" ? "block outside" : "block from"} ${ps.name} IP ranges`.slice(
            0,
            256,
          ),
        state: "enabledForReportingButNotEnforced",
        conditions: {
          users: usersBlock(include),
          applications: { includeApplications: ["All"], excludeApplications: [] },
          clientAppTypes: ["all"],
          locations:
            meaning === "allowOnlyFrom"
              ? { includeLocations: ["All"], excludeLocations: [ref] }
              : { includeLocations: [ref], excludeLocations: [] },
        },
        grantControls: { operator: "OR", builtInControls: ["block"] },
        sessionControls: null,
      },
      confidence: l.confidence(),
      closestBuiltIn: [],
      dropped: l.dropped,
      explanation: l.explanation,
      attachTo: include,
      supporting: [
        {
          target: "entra-named-location",
          document: {
            "@odata.type": "#microsoft.graph.ipNamedLocation",
            displayName: locName,
            isTrusted: meaning === "allowOnlyFrom",
            ipRanges: ranges.map((c) => ({
              "@odata.type": c.includes(":") ? "#microsoft.graph.iPv6CidrRange" : "#microsoft.graph.iPv4CidrRange",
              cidrAddress: c,
            })),
          },
        },
      ],
    });
  }
  return out;
}
