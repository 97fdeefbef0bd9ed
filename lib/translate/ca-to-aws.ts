/**
 * Conditional-access policy → AWS IAM policy and SCP JSON with the equivalent conditions, the principals they would
 * attach to (through the injected person resolver), and every part with no AWS equivalent spelled out.
 *
 * Safety rule: a CA condition narrows *when* a control applies. When a narrowing condition cannot be carried over
 * (device platform, client app type, risk, a country location…), a translated `block` would become "Deny everything"
 * for everybody — so block policies with such losses produce no document, only the explanation. MFA requirements
 * are still emitted (stricter than the source, stated).
 */
import type { AccessControl, NamedLocation } from "../model";
import { DATA } from "./crosswalk";
import { Ledger, listShort } from "./ledger";
import type { PrincipalRef, Suggestion, TranslateContext } from "./types";

/**
 * Actions a user must still reach to set up MFA when MFA is required ("BlockMostAccessUnlessSignedInWithMFA").
 * NOTE: IAM User Guide, reference_policies_examples_aws_my-sec-creds-self-manage.html.
 */
export const MFA_BOOTSTRAP_ACTIONS = [
  "iam:CreateVirtualMFADevice",
  "iam:EnableMFADevice",
  "iam:GetMFADevice",
  "iam:GetUser",
  "iam:ListMFADevices",
  "iam:ListVirtualMFADevices",
  "iam:ResyncMFADevice",
  "sts:GetSessionToken",
];

const SPECIAL_APPS = new Set(["All", "None"]);

type Cond = Record<string, Record<string, string[]>>;

function mapping(key: string): { reason: string; note: string } {
  const m = DATA.conditions.entraToAws[key];
  return { reason: m?.reason ?? m?.note ?? "no AWS equivalent", note: m?.note ?? m?.reason ?? "" };
}

function merge(into: Cond, op: string, key: string, values: string[]): void {
  if (!values.length) return;
  into[op] = { ...(into[op] ?? {}), [key]: [...new Set([...(into[op]?.[key] ?? []), ...values])] };
}

/** Resolves location ids to IP ranges; what cannot be resolved is reported. */
function resolveLocations(
  ids: string[] | null,
  locations: Map<string, NamedLocation>,
  l: Ledger,
  side: "include" | "exclude",
): { ranges: string[]; any: boolean; lost: boolean } {
  if (!ids || ids.length === 0 || ids.includes("All")) return { ranges: [], any: true, lost: false };
  const ranges: string[] = [];
  let lost = false;
  for (const id of ids) {
    if (id === "AllTrusted") {
      const trusted = [...locations.values()].filter((n) => n.kind === "ip" && n.trusted);
      if (trusted.length) {
        ranges.push(...trusted.flatMap((n) => n.ipRanges));
        l.approximated(
          1,
          `${side}Locations AllTrusted → aws:SourceIp ${listShort(trusted.flatMap((n) => n.ipRanges))} (trusted IP named locations).`,
          `${side}Locations AllTrusted`,
          mapping("trustedLocations").note,
        );
      } else {
        lost = true;
        l.drop(
          1,
          `${side}Locations AllTrusted`,
          "no trusted IP named locations were supplied (MFA trusted IPs and compliant-network locations are unknown here)",
        );
      }
      continue;
    }
    const loc = locations.get(id);
    if (!loc) {
      lost = true;
      l.drop(
        1,
        `${side}Locations ${id}`,
        "the named location was not supplied (load or paste the namedLocations with the policy)",
      );
    } else if (loc.kind === "country") {
      lost = true;
      l.drop(
        1,
        `${side}Locations ${loc.name} (countries ${listShort(loc.countries)})`,
        mapping("countryLocations").reason,
      );
    } else {
      ranges.push(...loc.ipRanges);
      l.mapped(
        1,
        `${side}Locations "${loc.name}" → aws:SourceIp ${listShort(loc.ipRanges)} (${side === "include" ? "IpAddress" : "NotIpAddress"}).`,
      );
    }
  }
  return { ranges, any: false, lost };
}

function resolvePrincipals(
  ids: string[],
  kind: string,
  ctx: TranslateContext,
  l: Ledger,
  side: "include" | "exclude",
): { refs: PrincipalRef[]; unresolved: string[] } {
  const refs: PrincipalRef[] = [];
  const unresolved: string[] = [];
  const wanted = ids.filter((id) => id !== "All" && id !== "None" && id !== "GuestsOrExternalUsers");
  for (const id of wanted) {
    const r = (ctx.resolver?.({ side: "entra", kind, id }) ?? []).filter((p) => p.side === "aws");
    if (r.length) refs.push(...r);
    else unresolved.push(id);
  }
  if (wanted.length === 0) return { refs, unresolved };
  const field = `${side}${kind[0]!.toUpperCase()}${kind.slice(1)}s`;
  // One part per list, credited by the share matched, so a template with 14 role ids is not 14 failures.
  l.partial(
    1,
    refs.length ? (wanted.length - unresolved.length) / wanted.length : 0,
    refs.length
      ? `${field} → AWS ${refs.map((r) => `${r.kind} ${r.name}`).join(", ")} (person matching).`
      : `${field}: none of ${wanted.length} matched an AWS principal.`,
  );
  if (unresolved.length)
    l.dropped.push({
      part: `${field} ${listShort(unresolved, 6)}`,
      reason:
        side === "exclude"
          ? "no matched AWS principal: the AWS policy would ALSO apply to these excluded principals (often break-glass accounts) — add an aws:PrincipalArn exclusion by hand"
          : kind === "role"
            ? "directory roles have no AWS counterpart of their own; the resolver found no AWS principal held by the people with these roles"
            : "no matched AWS principal for these Entra objects (no person link, or placeholder ids)",
    });
  return { refs, unresolved };
}

export function translateCaPolicy(ac: AccessControl, ctx: TranslateContext): Suggestion[] {
  const l = new Ledger();
  const locations = new Map((ctx.namedLocations ?? []).map((n) => [n.providerId, n]));
  const c = ac.conditions;
  const ctl = ac.controls;
  const narrowingLost: string[] = [];
  /** The policy is about something AWS does not have (legacy protocols only): no document at all. */
  let irrelevant = false;

  if (ac.state === "off") l.note("The source policy is disabled; the translation shows what it would do if enabled.");
  if (ac.state === "reportOnly")
    l.approximated(
      0.5,
      "The source policy is report-only; AWS has no report-only mode.",
      "state reportOnly",
      mapping("reportOnly").note,
    );

  // Applications → actions.
  const apps = ac.targets.includeApplications;
  if (apps.includes("All"))
    l.mapped(
      1,
      'includeApplications "All" → Action "*" (every AWS API action); CA evaluates at sign-in, IAM on every request.',
    );
  else if (apps.length) {
    narrowingLost.push("applications");
    l.approximated(
      1,
      `includeApplications ${listShort(apps)} → Action "*".`,
      `includeApplications ${listShort(apps.filter((a) => !SPECIAL_APPS.has(a)))}`,
      `${mapping("applications").note} The AWS version applies to all actions, more broadly than the source.`,
    );
  }
  if (ac.targets.excludeApplications.length)
    l.drop(
      0.5,
      `excludeApplications ${listShort(ac.targets.excludeApplications)}`,
      "AWS policies target actions, not applications; the exclusion does not carry over",
    );
  if (ac.targets.includeUserActions.length) {
    narrowingLost.push("user actions");
    l.drop(1, `includeUserActions ${listShort(ac.targets.includeUserActions)}`, mapping("userActions").reason);
  }
  if (ac.targets.includeAuthenticationContexts.length) {
    narrowingLost.push("authentication contexts");
    l.drop(
      1,
      `includeAuthenticationContextClassReferences ${listShort(ac.targets.includeAuthenticationContexts)}`,
      mapping("authenticationContexts").reason,
    );
  }
  if (ac.targets.applicationFilter) {
    narrowingLost.push("application filter");
    l.drop(
      1,
      `applicationFilter ${ac.targets.applicationFilter.rule}`,
      "custom security attribute filters on apps have no AWS counterpart",
    );
  }

  // Conditions with no AWS counterpart.
  const dropIf = (present: boolean, key: string, part: string) => {
    if (!present) return;
    narrowingLost.push(key);
    l.drop(1, part, `${mapping(key).reason} The AWS version applies regardless, i.e. more broadly than the source.`);
  };
  dropIf(
    !!(c.includePlatforms?.length || c.excludePlatforms?.length),
    "platforms",
    `platforms include ${listShort(c.includePlatforms ?? [])} exclude ${listShort(c.excludePlatforms ?? [])}`,
  );
  // Client apps: AWS sign-ins are the console (browser) and CLI/SDK (modern desktop clients); legacy protocols
  // (exchangeActiveSync, other) do not exist on AWS.
  const apps2 = c.clientAppTypes ?? [];
  const modern = apps2.includes("all") || (apps2.includes("browser") && apps2.includes("mobileAppsAndDesktopClients"));
  const legacyOnly =
    apps2.length > 0 && apps2.every((a) => a === "exchangeActiveSync" || a === "easSupported" || a === "other");
  if (apps2.length && modern && !apps2.includes("all"))
    l.note(
      "clientAppTypes browser + mobileAppsAndDesktopClients cover every AWS sign-in (console = browser, CLI/SDK = modern clients).",
    );
  else if (legacyOnly) {
    narrowingLost.push("clientAppTypes (legacy only)");
    irrelevant = true;
    l.drop(
      1,
      `clientAppTypes ${listShort(apps2)}`,
      "the source targets legacy-authentication clients only; AWS has no legacy protocols (every API call is SigV4 signed), so there is nothing to enforce",
    );
  } else dropIf(apps2.length > 0 && !modern, "clientAppTypes", `clientAppTypes ${listShort(apps2)}`);
  dropIf(!!c.signInRiskLevels?.length, "signInRiskLevels", `signInRiskLevels ${listShort(c.signInRiskLevels ?? [])}`);
  dropIf(!!c.userRiskLevels?.length, "userRiskLevels", `userRiskLevels ${listShort(c.userRiskLevels ?? [])}`);
  dropIf(
    !!c.servicePrincipalRiskLevels?.length,
    "servicePrincipalRiskLevels",
    `servicePrincipalRiskLevels ${listShort(c.servicePrincipalRiskLevels ?? [])}`,
  );
  dropIf(!!c.insiderRiskLevels, "insiderRiskLevels", `insiderRiskLevels ${c.insiderRiskLevels}`);
  dropIf(!!c.deviceFilter, "deviceFilter", `devices.deviceFilter ${c.deviceFilter?.mode} ${c.deviceFilter?.rule}`);
  dropIf(!!c.authenticationFlows, "authenticationFlows", `authenticationFlows ${c.authenticationFlows}`);

  // Locations → aws:SourceIp.
  const condition: Cond = {};
  const inc = resolveLocations(c.includeLocations, locations, l, "include");
  const exc = resolveLocations(c.excludeLocations, locations, l, "exclude");
  if (inc.lost) narrowingLost.push("include locations");
  if (exc.lost) narrowingLost.push("exclude locations");
  merge(condition, "IpAddress", "aws:SourceIp", inc.ranges);
  merge(condition, "NotIpAddress", "aws:SourceIp", exc.ranges);
  if (inc.ranges.length || exc.ranges.length)
    l.note(`aws:SourceIp: ${DATA.conditions.awsToEntra["aws:sourceip"]!.note}`);

  // Users → principals.
  const w = ac.who;
  const allUsers = w.includeUsers.includes("All");
  const include = [
    ...resolvePrincipals(w.includeUsers, "user", ctx, l, "include").refs,
    ...resolvePrincipals(w.includeGroups, "group", ctx, l, "include").refs,
    ...resolvePrincipals(w.includeRoles, "role", ctx, l, "include").refs,
  ];
  const exclude = [
    ...resolvePrincipals(w.excludeUsers, "user", ctx, l, "exclude").refs,
    ...resolvePrincipals(w.excludeGroups, "group", ctx, l, "exclude").refs,
    ...resolvePrincipals(w.excludeRoles, "role", ctx, l, "exclude").refs,
  ];
  if (allUsers)
    l.mapped(
      1,
      'includeUsers "All" → every IAM principal: attach the IAM policy to every group/user/role, or use the SCP at the organization root / OU.',
    );
  if (w.includeUsers.includes("None") && !include.length)
    l.note('includeUsers "None": the source policy applies to nobody.');
  const excludeArns = exclude.map((p) => p.arn).filter((a): a is string => !!a);
  merge(condition, "ArnNotLike", "aws:PrincipalArn", excludeArns);
  if (w.includeGuestsOrExternalUsers?.length)
    l.approximated(
      0.5,
      `includeGuestsOrExternalUsers ${listShort(w.includeGuestsOrExternalUsers)} → principals of other accounts.`,
      "includeGuestsOrExternalUsers",
      mapping("guestsOrExternalUsers").note,
    );
  if (w.excludeGuestsOrExternalUsers?.length)
    l.drop(
      0.5,
      `excludeGuestsOrExternalUsers ${listShort(w.excludeGuestsOrExternalUsers)}`,
      mapping("guestsOrExternalUsers").note,
    );
  if (w.includeServicePrincipals.length) {
    narrowingLost.push("workload identities");
    l.drop(
      1,
      `clientApplications.includeServicePrincipals ${listShort(w.includeServicePrincipals)}`,
      "CA for workload identities corresponds to conditions in the IAM roles' policies (aws:SourceIp on the role), not to a user policy",
    );
  }

  // Grants and session.
  const statements: Record<string, unknown>[] = [];
  const withCond = (extra: Cond) => {
    const all: Cond = JSON.parse(JSON.stringify(condition));
    for (const [op, block] of Object.entries(extra)) for (const [k, v] of Object.entries(block)) merge(all, op, k, v);
    return Object.keys(all).length ? { Condition: all } : {};
  };
  if (ctl.block) {
    if (narrowingLost.length) {
      l.drop(
        2,
        "grantControls block",
        `not translated: the conditions that narrow this block (${listShort([...new Set(narrowingLost)])}) have no AWS equivalent, so the translation would be "Deny every action" for every principal`,
      );
    } else {
      statements.push({
        Sid: "BlockTranslatedFromConditionalAccess",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        ...withCond({}),
      });
      l.mapped(
        2,
        `grantControls block → Deny Action "*"${Object.keys(condition).length ? " when the conditions match" : ""}. ${mapping("block").note}`,
      );
    }
  }
  const grants = ctl.grant;
  const mfaLike = grants.includes("mfa") || !!ctl.authenticationStrength;
  const others = grants.filter((g) => g !== "mfa");
  // A policy that targets only user actions / authentication contexts is not about access to apps at all: requiring
  // MFA for every AWS action because of it would be a different policy, not a translation.
  const appsTargeted = apps.length > 0 && !irrelevant;
  if (mfaLike && !appsTargeted) {
    l.drop(
      2,
      "grantControls mfa",
      "the source does not target sign-ins AWS has (it targets only user actions, authentication contexts or legacy-authentication clients); an IAM MFA requirement on every action would be a different policy",
    );
  } else if (mfaLike) {
    statements.push({
      Sid: "DenyWithoutMfaTranslatedFromConditionalAccess",
      Effect: "Deny",
      NotAction: MFA_BOOTSTRAP_ACTIONS,
      Resource: "*",
      ...withCond({ BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } }),
    });
    if (grants.includes("mfa"))
      l.mapped(
        2,
        `grantControls mfa → Deny everything except MFA self-service when BoolIfExists aws:MultiFactorAuthPresent = false. ${mapping("mfa").note}`,
      );
    if (ctl.authenticationStrength)
      l.approximated(
        2,
        `authenticationStrength "${ctl.authenticationStrength.displayName ?? ctl.authenticationStrength.id}" → aws:MultiFactorAuthPresent.`,
        `authenticationStrength ${ctl.authenticationStrength.displayName ?? ""}`.trim(),
        mapping("authenticationStrength").note,
      );
    if (narrowingLost.length)
      l.note(
        `The MFA requirement applies more broadly than the source (lost narrowing: ${listShort([...new Set(narrowingLost)])}); that is stricter, not weaker.`,
      );
  }
  for (const g of others) {
    const why = mapping(g).reason;
    if (ctl.operator === "OR" && mfaLike)
      l.drop(
        1,
        `grantControls ${g} (OR)`,
        `${why} With OR, the source also accepts ${g} instead of MFA; the AWS version requires MFA (stricter).`,
      );
    else if (ctl.operator === "AND")
      l.drop(
        1,
        `grantControls ${g} (AND)`,
        `${why} With AND the source requires it in addition; the AWS version does not check it (weaker).`,
      );
    else l.drop(1, `grantControls ${g}`, why);
  }
  for (const t of ctl.termsOfUse) l.drop(1, `termsOfUse ${t}`, mapping("termsOfUse").reason);
  for (const f of ctl.customFactors) l.drop(1, `customAuthenticationFactors ${f}`, mapping("customFactors").reason);
  const s = ctl.session;
  if (s?.signInFrequency) {
    const f = s.signInFrequency;
    if (f.interval === "everyTime")
      l.approximated(
        1,
        "signInFrequency everyTime → covered by requiring MFA per request.",
        "sessionControls.signInFrequency everyTime",
        mapping("signInFrequency").note,
      );
    else if (f.value && f.type) {
      const seconds = f.value * (f.type === "days" ? 86400 : 3600);
      statements.push({
        Sid: "DenyStaleMfaTranslatedFromConditionalAccess",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        ...withCond({ NumericGreaterThan: { "aws:MultiFactorAuthAge": [String(seconds)] } }),
      });
      l.approximated(
        1,
        `signInFrequency ${f.value} ${f.type} → Deny when aws:MultiFactorAuthAge > ${seconds} seconds.`,
        `sessionControls.signInFrequency ${f.value} ${f.type}`,
        mapping("signInFrequency").note,
      );
    }
  }
  if (s?.persistentBrowser)
    l.drop(1, `sessionControls.persistentBrowser ${s.persistentBrowser}`, mapping("persistentBrowser").reason);
  if (s?.cloudAppSecurity)
    l.drop(1, `sessionControls.cloudAppSecurity ${s.cloudAppSecurity}`, mapping("cloudAppSecurity").reason);
  if (s?.applicationEnforcedRestrictions)
    l.drop(1, "sessionControls.applicationEnforcedRestrictions", mapping("applicationEnforcedRestrictions").reason);
  if (s?.secureSignInSession)
    l.drop(
      1,
      "sessionControls.secureSignInSession",
      "token protection (device-bound sign-in sessions) has no AWS counterpart",
    );
  if (s?.disableResilienceDefaults)
    l.drop(
      0.5,
      "sessionControls.disableResilienceDefaults",
      "Entra backup-authentication behaviour has no AWS counterpart",
    );
  for (const [path, value] of Object.entries(ac.unmapped)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    l.drop(
      0.5,
      path,
      path.includes("continuousAccessEvaluation")
        ? mapping("continuousAccessEvaluation").reason
        : "field the shared model does not hold (kept raw); not translated",
    );
  }

  const attachTo = include;
  if (!allUsers && !attachTo.length)
    l.note("No included principal could be matched to AWS: attach the IAM policy by hand.");
  const document = statements.length ? { Version: "2012-10-17", Statement: statements } : null;
  if (!document) l.note("Nothing in this policy can be enforced by IAM; see the dropped parts.");
  const scpStatements = statements.map((st) => {
    if (allUsers || !include.length) return st;
    const arns = include.map((p) => p.arn).filter((a): a is string => !!a);
    if (!arns.length) return st;
    const cond = { ...((st.Condition as Cond | undefined) ?? {}) };
    merge(cond, "ArnLike", "aws:PrincipalArn", arns);
    return { ...st, Condition: cond };
  });
  const scpLedger = [
    "SCP: attach at the organization root or the OUs/accounts of the included people; it limits every principal in those accounts (the included ones are selected with aws:PrincipalArn when known).",
    "SCPs do not apply to the management account or to service-linked roles; a Deny on MFA in an SCP also hits roles assumed by AWS services unless they are excluded with aws:PrincipalArn.",
  ];
  return [
    {
      target: "aws-iam-policy",
      document,
      confidence: document ? l.confidence() : 0,
      closestBuiltIn: [],
      dropped: l.dropped,
      explanation: [
        ...l.explanation,
        ...(attachTo.length ? [`Attach to: ${attachTo.map((p) => `${p.kind} ${p.name}`).join(", ")}.`] : []),
      ],
      attachTo,
    },
    {
      target: "aws-scp",
      document: document ? { Version: "2012-10-17", Statement: scpStatements } : null,
      confidence: document ? l.confidence() : 0,
      closestBuiltIn: [],
      dropped: l.dropped,
      explanation: [...l.explanation, ...scpLedger],
      attachTo,
    },
  ];
}
