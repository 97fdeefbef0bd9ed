/**
 * IAM group ↔ Entra security group, with members matched through the injected person resolver.
 * Group *permissions* are translated separately (each attached policy / assigned role is its own input).
 */
import { Ledger, listShort } from "./ledger";
import type { AwsGroupInput, EntraGroupInput, PrincipalRef, Suggestion, TranslateContext } from "./types";

function mailNickname(name: string): string {
  const n = name.replace(/[^A-Za-z0-9._-]/g, "").slice(0, 64);
  return n || "crosswalk-group";
}

/** AWS IAM group → Graph v1.0 group body (security group, members bound by id). */
export function translateAwsGroup(g: AwsGroupInput, ctx: TranslateContext): Suggestion[] {
  const l = new Ledger();
  const members: PrincipalRef[] = [];
  l.mapped(
    1,
    `IAM group ${g.name} → Entra security group "${g.name}" (securityEnabled, not mail-enabled, assigned membership).`,
  );
  if (g.path && g.path !== "/")
    l.drop(0.25, `Path ${g.path}`, "Entra groups have no path; use an administrative unit or a naming convention");
  if (!g.membersKnown)
    l.drop(
      1,
      "members",
      "the input did not include the group's members (a single group entry); translate the whole authorization-details file to match them",
    );
  for (const m of g.members) {
    const r = (ctx.resolver?.({ side: "aws", kind: "user", id: m.id, name: m.name }) ?? []).filter(
      (p) => p.side === "entra" && p.kind === "user",
    );
    if (r.length) {
      members.push(r[0]!);
      l.mapped(1, `member ${m.name} → Entra user ${r[0]!.name}.`);
    } else l.drop(1, `member ${m.name}`, "no matched Entra user (no person link)");
  }
  if (g.policies.length)
    l.note(
      `Permissions: ${listShort(g.policies)} — translate each policy; assign the resulting Azure role / directory role to this group (role-assignable groups need isAssignableToRole at creation).`,
    );
  l.note(
    "Semantics: IAM groups cannot nest and cannot be a principal in resource policies; Entra groups can nest and can be dynamic.",
  );
  const document = {
    displayName: g.name,
    description: `Translated by Crosswalk from IAM group ${g.arn ?? g.name}.`,
    mailEnabled: false,
    mailNickname: mailNickname(g.name),
    securityEnabled: true,
    groupTypes: [] as string[],
    ...(members.length
      ? { "members@odata.bind": members.map((m) => `https://graph.microsoft.com/v1.0/directoryObjects/${m.id}`) }
      : {}),
  };
  return [
    {
      target: "entra-group",
      document,
      confidence: l.confidence(),
      closestBuiltIn: [],
      dropped: l.dropped,
      explanation: l.explanation,
      attachTo: members,
    },
  ];
}

/** Entra group → CloudFormation template with AWS::IAM::Group and AWS::IAM::UserToGroupAddition. */
export function translateEntraGroup(g: EntraGroupInput, ctx: TranslateContext): Suggestion[] {
  const l = new Ledger();
  const name = g.displayName.replace(/[^\w+=,.@-]+/g, "-").slice(0, 128) || "CrosswalkGroup";
  l.mapped(
    1,
    `Entra group "${g.displayName}" → IAM group ${name}${name !== g.displayName ? " (characters IAM does not allow replaced by '-')" : ""}.`,
  );
  if (g.groupTypes.includes("Unified"))
    l.approximated(
      0.5,
      "Microsoft 365 group → IAM group.",
      "groupTypes Unified",
      "mailbox, Teams and SharePoint parts of a Microsoft 365 group have no IAM counterpart",
    );
  if (g.membershipRule)
    l.drop(
      1,
      `membershipRule ${g.membershipRule}`,
      "IAM groups have static membership only; the current members are listed instead (re-sync to follow changes)",
    );
  if (!g.membersKnown)
    l.drop(1, "members", "the input did not include members (use $expand=members or the loaded data)");
  const users: string[] = [];
  const matched: PrincipalRef[] = [];
  for (const m of g.members) {
    const type = m.type.replace(/^#?microsoft\.graph\./, "");
    if (type === "group") {
      l.drop(
        1,
        `nested group ${m.displayName}`,
        "IAM groups cannot contain groups; add the nested group's users directly",
      );
      continue;
    }
    if (type !== "user") {
      l.drop(
        1,
        `${type} ${m.displayName}`,
        "only IAM users can be group members (service principals, devices and contacts cannot)",
      );
      continue;
    }
    const r = (ctx.resolver?.({ side: "entra", kind: "user", id: m.id, name: m.displayName }) ?? []).filter(
      (p) => p.side === "aws" && p.kind === "user",
    );
    if (r.length) {
      users.push(r[0]!.name);
      matched.push(r[0]!);
      l.mapped(1, `member ${m.displayName} → IAM user ${r[0]!.name}.`);
    } else
      l.drop(
        1,
        `member ${m.displayName}`,
        "no matched IAM user (no person link); federated users usually reach AWS through IAM Identity Center instead",
      );
  }
  l.note(
    "Semantics: with IAM Identity Center, an Entra group is usually provisioned by SCIM and mapped to permission sets instead of becoming an IAM group.",
  );
  const document = {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Translated by Crosswalk from Entra group ${g.displayName} (${g.id}).`,
    Resources: {
      Group: { Type: "AWS::IAM::Group", Properties: { GroupName: name, Path: "/" } },
      ...(users.length
        ? {
            Members: {
              Type: "AWS::IAM::UserToGroupAddition",
              Properties: { GroupName: { Ref: "Group" }, Users: users },
            },
          }
        : {}),
    },
  };
  return [
    {
      target: "aws-iam-group",
      document,
      confidence: l.confidence(),
      closestBuiltIn: [],
      dropped: l.dropped,
      explanation: l.explanation,
      attachTo: matched,
    },
  ];
}
