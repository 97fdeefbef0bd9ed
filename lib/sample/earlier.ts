import { DAY, SAMPLE_NOW } from "./company";
import { AWS_CREDENTIAL_REPORT_FILE, AWS_GAAD_FILE, ENTRA_DIR } from "./paths";

/**
 * The sample organisation as it was EARLIER_DAYS before its date: the committed export files with the last weeks'
 * changes undone, so that loading both (the earlier state first) gives each source two snapshots whose drift shows
 * something. A small declarative patch over the real files (HISTORY), not a second copy of them: the output is the
 * same GAAD / credential report / Graph JSON, only the files that differ, formatted as the generator writes them.
 */

export const EARLIER_DAYS = 45;
/** When the earlier state was exported. */
export const EARLIER_AT = new Date(SAMPLE_NOW.getTime() - EARLIER_DAYS * DAY);

/** A person who left since, as both exports printed them then. */
interface Leaver {
  first: string;
  last: string;
  aws: { userName: string; userId: string; groups: string[]; createDate: string };
  entra: {
    id: string;
    jobTitle: string;
    department: string;
    employeeType: string;
    groups: string[];
    createdDateTime: string;
  };
}

/** What changed since the earlier state (each line is undone to produce it). */
export const HISTORY = {
  /** Joined since: absent from the earlier exports (both clouds). */
  joined: { awsUserName: "kristen.reichel", entraUpn: "kristen.reichel@northwind.example" },
  /** Left since: present in the earlier exports, deleted from both clouds now. */
  left: {
    first: "Olivier",
    last: "Petit",
    aws: {
      userName: "olivier.petit",
      userId: "AIDA3Q5ISHVMQPETITZ7A",
      groups: ["Contractors", "FirmwareBuild", "SelfService"],
      createDate: "2025-02-03T09:14:27+00:00",
    },
    entra: {
      id: "7d1c5e2a-93b4-4f0e-8c61-2a9f4b3e6d10",
      jobTitle: "Contractor - Firmware Engineer",
      department: "Engineering",
      employeeType: "Contractor",
      groups: ["All Staff", "All Contractors", "SG-Eng-Firmware", "Engineering Team"],
      createdDateTime: "2025-02-03T08:51:02Z",
    },
  } satisfies Leaver,
  /** Noah Fischer moved from engineering to sales: his groups then (as a platform engineer he also managed IAM). */
  moved: {
    awsUserName: "noah.fischer",
    awsGroupsBefore: ["Developers", "CloudPlatform", "ITAdmins"],
    entraUpn: "noah.fischer@northwind.example",
    entraFrom: ["SG-Eng-Backend", "Engineering Team"],
    entraTo: ["SG-Sales", "Sales Team"],
  },
  /** A customer managed policy whose current default version was published since (the earlier default is v1). */
  policy: { name: "NorthwindDeveloperAccess", defaultBefore: "v1" },
  /** A directory role assigned since (absent then). */
  role: { upn: "camille.laurent@northwind.example", roleName: "Cloud Application Administrator" },
  /** A conditional-access policy switched on since (report-only then). */
  ca: { name: "CA004: Block legacy authentication", stateBefore: "enabledForReportingButNotEnforced" },
} as const;

type Obj = Record<string, unknown>;
type List = { value: Obj[] } & Obj;

const json2 = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const json4 = (v: unknown) => `${JSON.stringify(v, null, 4)}\n`;

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`sample history: ${what} is not in the sample files`);
  return v;
}

function earlierAws(files: Record<string, string>, out: Record<string, string>): void {
  const gaad = JSON.parse(need(files[AWS_GAAD_FILE], AWS_GAAD_FILE)) as {
    UserDetailList: Obj[];
    Policies: Obj[];
  } & Obj;
  const accountArn = String(need(gaad.UserDetailList[0], "an IAM user").Arn).replace(/user\/.*$/, "");
  const { joined, left, moved, policy } = HISTORY;
  const users = gaad.UserDetailList.filter((u) => u.UserName !== joined.awsUserName);
  need(
    gaad.UserDetailList.find((u) => u.UserName === joined.awsUserName),
    joined.awsUserName,
  );
  const template = need(
    gaad.UserDetailList.find((u) => u.UserName === moved.awsUserName),
    moved.awsUserName,
  );
  users.push({
    ...template,
    UserName: left.aws.userName,
    UserId: left.aws.userId,
    Arn: `${accountArn}user/${left.aws.userName}`,
    CreateDate: left.aws.createDate,
    UserPolicyList: [],
    GroupList: [...left.aws.groups],
    AttachedManagedPolicies: [],
    Tags: [
      { Key: "email", Value: `${left.first}.${left.last}@northwind.example`.toLowerCase() },
      { Key: "employee-type", Value: "contractor" },
    ],
  });
  users.sort((a, b) => String(a.UserName).localeCompare(String(b.UserName)));
  gaad.UserDetailList = users.map((u) =>
    u.UserName === moved.awsUserName ? { ...u, GroupList: [...moved.awsGroupsBefore] } : u,
  );
  gaad.Policies = gaad.Policies.map((p) => {
    if (p.PolicyName !== policy.name) return p;
    const versions = (p.PolicyVersionList as Obj[]).filter((v) => String(v.VersionId) <= policy.defaultBefore);
    need(
      versions.find((v) => v.VersionId === policy.defaultBefore),
      `${policy.name} ${policy.defaultBefore}`,
    );
    return {
      ...p,
      DefaultVersionId: policy.defaultBefore,
      PolicyVersionList: versions.map((v) => ({ ...v, IsDefaultVersion: v.VersionId === policy.defaultBefore })),
    };
  });
  out[AWS_GAAD_FILE] = json4(gaad);

  // Credential report: the joiner's row goes, the leaver's comes (console password, no keys, no MFA yet).
  const lines = need(files[AWS_CREDENTIAL_REPORT_FILE], AWS_CREDENTIAL_REPORT_FILE).replace(/\n$/, "").split("\n");
  const header = need(lines[0], "the credential report header").split(",");
  const row: Record<string, string> = Object.fromEntries(header.map((h) => [h, "N/A"]));
  Object.assign(row, {
    user: left.aws.userName,
    arn: `${accountArn}user/${left.aws.userName}`,
    user_creation_time: left.aws.createDate,
    password_enabled: "true",
    password_last_used: new Date(EARLIER_AT.getTime() - 3 * DAY).toISOString().replace(/\.\d+Z$/, "+00:00"),
    password_last_changed: left.aws.createDate,
    mfa_active: "false",
    access_key_1_active: "false",
    access_key_2_active: "false",
    cert_1_active: "false",
    cert_2_active: "false",
  });
  const body = lines.slice(1).filter((l) => !l.startsWith(`${joined.awsUserName},`));
  body.push(header.map((h) => row[h]).join(","));
  out[AWS_CREDENTIAL_REPORT_FILE] = `${[lines[0], ...body].join("\n")}\n`;
}

function earlierEntra(files: Record<string, string>, out: Record<string, string>): void {
  const read = (name: string) => JSON.parse(need(files[`${ENTRA_DIR}/${name}`], `${ENTRA_DIR}/${name}`)) as List;
  const write = (name: string, v: unknown) => (out[`${ENTRA_DIR}/${name}`] = json2(v));
  const { joined, left, moved, role, ca } = HISTORY;
  const users = read("users.json");
  const joiner = need(
    users.value.find((u) => u.userPrincipalName === joined.entraUpn),
    joined.entraUpn,
  );
  const mover = need(
    users.value.find((u) => u.userPrincipalName === moved.entraUpn),
    moved.entraUpn,
  );
  const upn = `${left.first}.${left.last}@northwind.example`.toLowerCase();
  const leaver: Obj = {
    ...mover,
    id: left.entra.id,
    displayName: `${left.first} ${left.last}`,
    givenName: left.first,
    surname: left.last,
    userPrincipalName: upn,
    mail: upn,
    jobTitle: left.entra.jobTitle,
    department: left.entra.department,
    employeeType: left.entra.employeeType,
    accountEnabled: true,
    onPremisesSyncEnabled: null,
    onPremisesImmutableId: null,
    createdDateTime: left.entra.createdDateTime,
    lastPasswordChangeDateTime: left.entra.createdDateTime,
    employeeLeaveDateTime: null,
  };
  write("users.json", { ...users, value: [...users.value.filter((u) => u !== joiner), leaver] });

  const reg = read("userRegistrationDetails.json");
  const moverReg = need(
    reg.value.find((r) => r.id === mover.id),
    `${moved.entraUpn} registration details`,
  );
  write("userRegistrationDetails.json", {
    ...reg,
    value: [
      ...reg.value.filter((r) => r.id !== joiner.id),
      { ...moverReg, id: leaver.id, userPrincipalName: upn, userDisplayName: leaver.displayName, isAdmin: false },
    ],
  });

  // Group members: the joiner in none yet, the leaver still in theirs, the mover in engineering then.
  const groups = read("groups.json").value;
  const groupId = (name: string) =>
    String(
      need(
        groups.find((g) => g.displayName === name),
        `group ${name}`,
      ).id,
    );
  const member = (u: Obj) => ({
    "@odata.type": "#microsoft.graph.user",
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
  });
  const add = new Map<string, Obj[]>();
  const drop = new Map<string, string[]>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const g of left.entra.groups) push(add, groupId(g), member(leaver));
  for (const g of moved.entraFrom) push(add, groupId(g), member(mover));
  for (const g of moved.entraTo) push(drop, groupId(g), String(mover.id));
  for (const g of groups) {
    const name = `groups/${String(g.id)}/members.json`;
    if (!files[`${ENTRA_DIR}/${name}`]) continue;
    const list = read(name);
    const gone = new Set([String(joiner.id), ...(drop.get(String(g.id)) ?? [])]);
    const value = [...list.value.filter((m) => !gone.has(String(m.id))), ...(add.get(String(g.id)) ?? [])];
    if (value.length !== list.value.length || add.has(String(g.id))) write(name, { ...list, value });
  }
  for (const id of add.keys()) need(files[`${ENTRA_DIR}/groups/${id}/members.json`], `members of group ${id}`);

  const defs = read("roleDefinitions.json").value;
  const roleId = String(
    need(
      defs.find((d) => d.displayName === role.roleName),
      role.roleName,
    ).id,
  );
  const holder = String(
    need(
      users.value.find((u) => u.userPrincipalName === role.upn),
      role.upn,
    ).id,
  );
  const assignments = read("roleAssignments.json");
  const kept = assignments.value.filter((a) => !(a.principalId === holder && a.roleDefinitionId === roleId));
  if (kept.length === assignments.value.length)
    throw new Error(`sample history: ${role.upn} holds no ${role.roleName} assignment`);
  write("roleAssignments.json", { ...assignments, value: kept });

  const policies = read("conditionalAccessPolicies.json");
  need(
    policies.value.find((p) => p.displayName === ca.name),
    ca.name,
  );
  write("conditionalAccessPolicies.json", {
    ...policies,
    value: policies.value.map((p) =>
      p.displayName === ca.name ? { ...p, state: ca.stateBefore, modifiedDateTime: null } : p,
    ),
  });
}

/**
 * The files that differ in the earlier state (paths relative to the sample folder), from the current files' texts
 * (at least the ones HISTORY touches: the AWS export and report, and the Entra users, registrations, groups and their
 * members, role definitions and assignments, conditional-access policies). Pure; throws when the files no longer
 * hold a person or object HISTORY names (the generator changed).
 */
export function earlierSampleFiles(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  earlierAws(files, out);
  earlierEntra(files, out);
  return out;
}
