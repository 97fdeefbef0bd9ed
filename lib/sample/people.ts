import { DOMAIN, PARTNERS, TENANT_DOMAIN, SAMPLE_NOW, daysAgo, mailPart } from "./company";
import type { SampleRandom } from "./random";

/** An IAM access key as the credential report describes it. `lastUsed` null = never used. */
export interface AccessKey {
  active: boolean;
  createdAt: Date;
  lastUsed: Date | null;
  service?: string;
  region?: string;
}

/** A person's (or machine's) IAM user. */
export interface AwsUser {
  userName: string;
  path: string;
  createdAt: Date;
  /** IAM group names. */
  groups: string[];
  /** Managed policies attached directly (names from the policy catalogue). */
  policies: string[];
  inline: { name: string; document: object }[];
  boundary?: string;
  console: boolean;
  /** null = the password was never used. */
  passwordLastUsed: Date | null;
  mfa: boolean;
  keys: AccessKey[];
  tags: [string, string][];
}

/** A directory role held by a user (active assignment or PIM-eligible), by role display name. */
export interface RoleHolding {
  role: string;
  how: "active" | "eligible";
  /** `/` (tenant) unless scoped to an administrative unit. */
  scope?: string;
}

/** A person's Entra user object. */
export interface EntraUser {
  id: string;
  upn: string;
  mail: string | null;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  department: string | null;
  employeeType: "Employee" | "Contractor" | null;
  enabled: boolean;
  guest: boolean;
  externalState?: "Accepted" | "PendingAcceptance";
  onPrem: boolean;
  createdAt: Date;
  /** null = never signed in (Graph then returns no signInActivity). */
  lastSignIn: Date | null;
  lastNonInteractive: Date | null;
  passwordChangedAt: Date;
  leaveAt?: Date;
  /** Registered authentication methods that count for MFA; empty = not MFA-registered. */
  mfaMethods: string[];
  /** Extra groups beyond the ones derived from department/team/kind (by group display name). */
  groups: string[];
  roles: RoleHolding[];
}

export type PersonKind = "employee" | "contractor" | "guest" | "account";

/** One human (or one non-human account) of the company, with its identities on each side. */
export interface Person {
  key: string;
  first: string;
  last: string;
  department: string;
  team: string;
  title: string;
  kind: PersonKind;
  hiredAt: Date;
  leftAt?: Date;
  aws?: AwsUser;
  entra?: EntraUser;
  /** Why this person is interesting (documentation; tests assert on the exported data, not on this). */
  scenario?: string;
}

interface TeamSpec {
  department: string;
  team: string;
  size: number;
  titles: string[];
  /** Share of the team with an IAM user. */
  aws: number;
  awsGroups: string[];
  /** Entra groups assigned to AWS IAM Identity Center permission sets. */
  sso?: string[];
}

export const TEAMS: TeamSpec[] = [
  {
    department: "Engineering",
    team: "Cloud Platform",
    size: 12,
    titles: ["Site Reliability Engineer", "Platform Engineer", "Senior Platform Engineer", "DevOps Engineer"],
    aws: 0.95,
    awsGroups: ["CloudPlatform", "MFAEnforced", "SelfService"],
    sso: ["AWS-Dev-PowerUsers", "AWS-Prod-ReadOnly"],
  },
  {
    department: "Engineering",
    team: "Backend",
    size: 25,
    titles: ["Software Engineer", "Senior Software Engineer", "Staff Engineer"],
    aws: 0.85,
    awsGroups: ["Developers", "MFAEnforced", "SelfService"],
    sso: ["AWS-Dev-PowerUsers"],
  },
  {
    department: "Engineering",
    team: "Frontend",
    size: 14,
    titles: ["Frontend Engineer", "Senior Frontend Engineer", "UX Engineer"],
    aws: 0.6,
    awsGroups: ["FrontendDevelopers", "MFAEnforced", "SelfService"],
  },
  // NOTE: the firmware team's IAM group never got the MFA-enforcing policy: registered-but-not-enforced on purpose.
  {
    department: "Engineering",
    team: "Firmware",
    size: 18,
    titles: ["Firmware Engineer", "Embedded Software Engineer", "Senior Firmware Engineer"],
    aws: 0.7,
    awsGroups: ["FirmwareBuild", "SelfService"],
  },
  {
    department: "Engineering",
    team: "Quality Assurance",
    size: 14,
    titles: ["QA Engineer", "Test Automation Engineer"],
    aws: 0.6,
    awsGroups: ["QA", "MFAEnforced", "SelfService"],
  },
  {
    department: "Robotics R&D",
    team: "Research",
    size: 24,
    titles: ["Research Scientist", "Robotics Engineer", "Senior Research Scientist"],
    aws: 0.6,
    awsGroups: ["Research", "MFAEnforced", "SelfService"],
    sso: ["AWS-DataScience"],
  },
  {
    department: "Robotics R&D",
    team: "Hardware",
    size: 16,
    titles: ["Mechanical Engineer", "Electrical Engineer", "Hardware Engineer"],
    aws: 0.12,
    awsGroups: ["ReadOnlyUsers"],
  },
  {
    department: "Data & Analytics",
    team: "Data",
    size: 15,
    titles: ["Data Analyst", "Data Engineer", "Analytics Engineer"],
    aws: 0.9,
    awsGroups: ["DataAnalysts", "MFAEnforced", "SelfService"],
    sso: ["AWS-DataScience"],
  },
  {
    department: "Manufacturing",
    team: "Operations",
    size: 50,
    titles: [
      "Production Technician",
      "Manufacturing Engineer",
      "Shift Supervisor",
      "Quality Inspector",
      "Supply Chain Planner",
    ],
    aws: 0.06,
    awsGroups: ["IoTOperators", "MFAEnforced"],
  },
  {
    department: "IT",
    team: "IT",
    size: 8,
    titles: ["IT Support Specialist", "Systems Administrator", "Endpoint Engineer"],
    aws: 0.5,
    awsGroups: ["ITAdmins", "MFAEnforced"],
  },
  {
    department: "Security",
    team: "Security",
    size: 4,
    titles: ["Security Engineer", "Security Analyst"],
    aws: 1,
    awsGroups: ["SecurityAuditors", "IncidentResponders", "MFAEnforced", "SelfService"],
    sso: ["AWS-SecurityAudit"],
  },
  {
    department: "Finance",
    team: "Finance",
    size: 12,
    titles: ["Accountant", "Financial Analyst", "Payroll Specialist"],
    aws: 0.25,
    awsGroups: ["Billing", "MFAEnforced"],
    sso: ["AWS-Billing"],
  },
  {
    department: "Customer Support",
    team: "Support",
    size: 20,
    titles: ["Support Engineer", "Customer Success Manager", "Technical Support Specialist"],
    aws: 0.25,
    awsGroups: ["SupportReadOnly"],
  },
  {
    department: "Sales",
    team: "Sales",
    size: 35,
    titles: ["Account Executive", "Sales Engineer", "Sales Development Representative", "Regional Sales Manager"],
    aws: 0,
    awsGroups: [],
  },
  {
    department: "Marketing",
    team: "Marketing",
    size: 15,
    titles: ["Marketing Manager", "Content Strategist", "Product Marketing Manager"],
    aws: 0,
    awsGroups: [],
  },
  {
    department: "People",
    team: "HR",
    size: 8,
    titles: ["HR Business Partner", "Recruiter", "People Operations Specialist"],
    aws: 0,
    awsGroups: [],
  },
  { department: "Legal", team: "Legal", size: 4, titles: ["Legal Counsel", "Paralegal"], aws: 0, awsGroups: [] },
  {
    department: "Executive",
    team: "Executive",
    size: 3,
    titles: ["Chief Operating Officer", "Chief Financial Officer", "VP Sales"],
    aws: 0,
    awsGroups: [],
  },
];

/** Contractors per team (they get a permissions boundary in AWS and are not in the "All Employees" dynamic group). */
const CONTRACTORS: [string, number][] = [
  ["Firmware", 6],
  ["Backend", 5],
  ["Data", 3],
  ["Operations", 4],
];

/** Combinations of registered methods seen in real registration reports. */
const MFA_COMBOS: string[][] = [
  ["microsoftAuthenticatorPush", "softwareOneTimePasscode"],
  ["microsoftAuthenticatorPush", "mobilePhone"],
  ["microsoftAuthenticatorPush"],
  ["windowsHelloForBusiness", "microsoftAuthenticatorPush"],
  ["fido2", "microsoftAuthenticatorPush"],
  ["mobilePhone"],
];

const KEY_SERVICES = ["s3", "ec2", "sts", "lambda", "dynamodb", "cloudformation", "ecr", "logs"];
const REGIONS = ["eu-west-1", "us-east-1", "us-west-2", "eu-central-1"];

/** Builds the whole roster, random population first, then the hand-made scenario people. */
export class Roster {
  readonly people: Person[] = [];
  private readonly mailLocals = new Set<string>();
  private readonly userNames = new Set<string>();

  constructor(private readonly r: SampleRandom) {}

  build(): Person[] {
    this.scenarioPeople();
    for (const t of TEAMS) for (let i = 0; i < t.size; i++) this.employee(t, "employee");
    for (const [team, n] of CONTRACTORS) {
      const t = TEAMS.find((x) => x.team === team)!;
      for (let i = 0; i < n; i++) this.employee(t, "contractor");
    }
    this.randomLeavers(8);
    this.guests();
    this.accounts();
    for (const p of this.people) settleTimeline(p);
    return this.people;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Building blocks

  /** A unique mail local part for a name: first.last, else first.x.last with a middle initial. */
  private mailLocal(first: string, last: string, wanted?: string): string {
    let local = wanted ?? `${mailPart(first)}.${mailPart(last)}`;
    while (this.mailLocals.has(local)) {
      local = `${mailPart(first)}.${this.r.f.string.alpha({ length: 1, casing: "lower" })}.${mailPart(last)}`;
    }
    this.mailLocals.add(local);
    return local;
  }

  private uniqueUserName(wanted: string, fallback: string): string {
    let name = this.userNames.has(wanted) ? fallback : wanted;
    let n = 2;
    while (this.userNames.has(name)) name = `${fallback}${n++}`;
    this.userNames.add(name);
    return name;
  }

  private recent(maxDays = 12): Date {
    return this.r.between(daysAgo(maxDays), daysAgo(0.05));
  }

  /** A last-activity time: mostly recent, sometimes weeks old, sometimes stale (> 90 days). */
  private activity(since: Date): Date {
    const roll = this.r.int(1, 100);
    const d =
      roll <= 86
        ? this.recent()
        : roll <= 95
          ? this.r.between(daysAgo(80), daysAgo(25))
          : this.r.between(daysAgo(330), daysAgo(100));
    return d < since ? since : d;
  }

  private entraFor(p: Person, local: string, opts: Partial<EntraUser> = {}): EntraUser {
    const synced = p.kind === "employee" && p.hiredAt < new Date("2025-06-01T00:00:00Z") && this.r.chance(0.92);
    const created = synced ? this.r.between(new Date("2019-03-01T00:00:00Z"), p.hiredAt) : p.hiredAt;
    const lastSignIn = this.activity(p.hiredAt);
    return {
      id: this.r.guid(),
      upn: `${local}@${DOMAIN}`,
      mail: `${local}@${DOMAIN}`,
      displayName: `${p.first} ${p.last}`,
      givenName: p.first,
      surname: p.last,
      jobTitle: p.title,
      department: p.department,
      employeeType: p.kind === "contractor" ? "Contractor" : p.kind === "employee" ? "Employee" : null,
      enabled: true,
      guest: false,
      onPrem: synced,
      // biome-ignore lint/complexity/useMathMinMax: Dates, not numbers (Math.max would turn the later one into a number)
      createdAt: created < p.hiredAt ? p.hiredAt : created,
      lastSignIn,
      lastNonInteractive: this.r.between(lastSignIn, daysAgo(0)),
      passwordChangedAt: this.r.between(p.hiredAt, daysAgo(1)),
      mfaMethods: this.r.chance(p.kind === "contractor" ? 0.8 : 0.9) ? this.r.pick(MFA_COMBOS) : [],
      groups: [],
      roles: [],
      ...opts,
    };
  }

  private keys(createdAt: Date): AccessKey[] {
    const roll = this.r.int(1, 100);
    const n = roll <= 45 ? 0 : roll <= 90 ? 1 : 2;
    const keys: AccessKey[] = [];
    for (let i = 0; i < n; i++) {
      const created = this.r.between(createdAt, daysAgo(2));
      const use = this.r.int(1, 100);
      const lastUsed = use <= 70 ? this.activity(created) : use <= 85 ? this.r.between(created, daysAgo(120)) : null;
      keys.push({
        active: i === 0 || this.r.chance(0.6),
        createdAt: created,
        lastUsed: lastUsed && lastUsed < created ? created : lastUsed,
        ...(lastUsed ? { service: this.r.pick(KEY_SERVICES), region: this.r.pick(REGIONS) } : {}),
      });
    }
    return keys;
  }

  private awsFor(p: Person, local: string, groups: string[], opts: Partial<AwsUser> = {}): AwsUser {
    const createdAt = this.r.between(
      p.hiredAt < new Date("2016-01-01T00:00:00Z") ? new Date("2016-01-01T00:00:00Z") : p.hiredAt,
      daysAgo(3),
    );
    const flast = `${mailPart(p.first).slice(0, 1)}${mailPart(p.last)}`;
    // Older accounts were named first-initial+last; newer ones after the mail address.
    const userName =
      createdAt < new Date("2019-01-01T00:00:00Z")
        ? this.uniqueUserName(flast, local)
        : this.uniqueUserName(local, flast);
    const console = this.r.chance(0.85);
    const enforced = groups.includes("MFAEnforced");
    const tags: [string, string][] = [];
    if (this.r.chance(0.55)) tags.push(["email", `${local}@${DOMAIN}`]);
    if (this.r.chance(0.75))
      tags.push(
        ["department", p.department],
        ["cost-center", `CC-${1000 + TEAMS.findIndex((t) => t.team === p.team) * 10}`],
      );
    return {
      userName,
      path: "/",
      createdAt,
      groups,
      policies: [],
      inline: [],
      console,
      passwordLastUsed: console ? (this.r.chance(0.03) ? null : this.activity(createdAt)) : null,
      mfa: console ? this.r.chance(enforced ? 0.97 : 0.7) : this.r.chance(0.1),
      keys: this.keys(createdAt),
      tags,
      ...opts,
    };
  }

  private employee(t: TeamSpec, kind: "employee" | "contractor"): Person {
    const { first, last } = this.r.name();
    const hiredAt =
      kind === "contractor"
        ? this.r.between(daysAgo(700), daysAgo(20))
        : this.r.between(new Date("2013-02-01T00:00:00Z"), daysAgo(15));
    const p: Person = {
      key: "",
      first,
      last,
      department: t.department,
      team: t.team,
      title: kind === "contractor" ? `Contractor - ${this.r.pick(t.titles)}` : this.r.pick(t.titles),
      kind,
      hiredAt,
    };
    const local = this.mailLocal(first, last);
    p.key = local;
    p.entra = this.entraFor(p, local, t.sso ? { groups: this.r.chance(0.7) ? [...t.sso] : [] } : {});
    if (this.r.chance(kind === "contractor" ? 0.9 : t.aws)) {
      const groups =
        kind === "contractor" ? ["Contractors", ...t.awsGroups.filter((g) => g !== "MFAEnforced")] : [...t.awsGroups];
      // A few engineers also get the sandbox account-wide admin policy (limited to one region by a condition).
      if (kind === "employee" && ["Cloud Platform", "Backend", "Research"].includes(t.team) && this.r.chance(0.15))
        groups.push("SandboxUsers");
      p.aws = this.awsFor(p, local, groups, kind === "contractor" ? { boundary: "ContractorBoundary" } : {});
    }
    this.people.push(p);
    return p;
  }

  /** Former employees: disabled in Entra; some IAM users cleaned up properly, some forgotten. */
  private randomLeavers(n: number): void {
    for (let i = 0; i < n; i++) {
      const t = this.r.pick(TEAMS.filter((x) => x.aws > 0.5));
      const p = this.employee(t, "employee");
      const left = this.r.between(daysAgo(300), daysAgo(20));
      p.leftAt = left;
      p.scenario = "leaver";
      const e = p.entra!;
      e.enabled = false;
      e.leaveAt = left;
      e.lastSignIn = this.r.between(new Date(left.getTime() - 20 * 86_400_000), left);
      e.lastNonInteractive = e.lastSignIn;
      e.groups = [];
      if (p.aws) {
        const a = p.aws;
        if (i % 2 === 0) {
          // Offboarded properly: no console password, keys deactivated.
          a.console = false;
          a.passwordLastUsed = a.passwordLastUsed && a.passwordLastUsed < left ? a.passwordLastUsed : null;
          a.keys = a.keys.map((k) => ({
            ...k,
            active: false,
            lastUsed: k.lastUsed && k.lastUsed > left ? left : k.lastUsed,
          }));
          a.mfa = false;
        } else {
          // Forgotten: still able to sign in, activity stopped when they left.
          a.console = true;
          a.passwordLastUsed = this.r.between(new Date(left.getTime() - 10 * 86_400_000), left);
        }
      }
    }
  }

  private guest(
    first: string,
    last: string,
    partner: keyof typeof PARTNERS,
    opts: Partial<EntraUser> = {},
    scenario?: string,
  ): Person {
    const org = PARTNERS[partner];
    const local = `${mailPart(first)}.${mailPart(last)}`;
    const invited = this.r.between(daysAgo(800), daysAgo(30));
    const mail = `${local}@${org.domain}`;
    const p: Person = {
      key: mail,
      first,
      last,
      department: org.name,
      team: org.name,
      title: "Guest",
      kind: "guest",
      hiredAt: invited,
    };
    if (scenario) p.scenario = scenario;
    const lastSignIn = this.r.between(daysAgo(30), daysAgo(0.2));
    p.entra = {
      id: this.r.guid(),
      upn: `${mail.replace("@", "_")}#EXT#@${TENANT_DOMAIN}`,
      mail,
      displayName: `${first} ${last} (${org.name})`,
      givenName: first,
      surname: last,
      jobTitle: null,
      department: null,
      employeeType: null,
      enabled: true,
      guest: true,
      externalState: "Accepted",
      onPrem: false,
      createdAt: invited,
      lastSignIn,
      lastNonInteractive: lastSignIn,
      passwordChangedAt: invited,
      mfaMethods: this.r.chance(0.5) ? ["microsoftAuthenticatorPush"] : [],
      groups: [],
      roles: [],
      ...opts,
    };
    this.people.push(p);
    return p;
  }

  private guests(): void {
    const plain: [string, string, keyof typeof PARTNERS][] = [
      ["Lukas", "Brandt", "motion"],
      ["Mei", "Tanaka", "motion"],
      ["Oskar", "Wolff", "motion"],
      ["Chiara", "Romano", "apex"],
      ["Daniel", "Osei", "apex"],
      ["Hannah", "Becker", "cloudwise"],
      ["Samuel", "Adeyemi", "ledger"],
      ["Ingrid", "Halvorsen", "ledger"],
    ];
    for (const [f, l, org] of plain) this.guest(f, l, org);
    // Invited, never accepted, never signed in.
    this.guest(
      "Victor",
      "Lemaire",
      "cloudwise",
      { externalState: "PendingAcceptance", lastSignIn: null, lastNonInteractive: null, mfaMethods: [] },
      "guest invitation never accepted",
    );
    // A stale guest: last sign-in long ago, still enabled.
    const stale = this.r.between(daysAgo(400), daysAgo(200));
    this.guest("Pavel", "Dvorak", "motion", { lastSignIn: stale, lastNonInteractive: stale }, "stale guest");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Hand-made people: each exercises a matching case or a finding rule.

  private named(
    first: string,
    last: string,
    team: string,
    title: string,
    opts: { kind?: PersonKind; hired?: Date; local?: string; scenario: string },
  ): Person {
    const t = TEAMS.find((x) => x.team === team)!;
    const p: Person = {
      key: "",
      first,
      last,
      department: t.department,
      team,
      title,
      kind: opts.kind ?? "employee",
      hiredAt: opts.hired ?? this.r.between(new Date("2015-01-01T00:00:00Z"), daysAgo(400)),
      scenario: opts.scenario,
    };
    const local = this.mailLocal(first, last, opts.local);
    p.key = local;
    this.people.push(p);
    return p;
  }

  private scenarioPeople(): void {
    const r = this.r;
    const old = (y: number) => new Date(`${y}-03-15T00:00:00Z`);

    // The CTO: AWS admin through a legacy IAM user with a console password and no MFA device.
    const cto = this.named("Helena", "Vasquez", "Executive", "Chief Technology Officer", {
      hired: old(2014),
      scenario: "admin in AWS without MFA; Global Administrator in Entra",
    });
    cto.entra = this.entraFor(cto, cto.key, {
      roles: [{ role: "Global Administrator", how: "active" }],
      mfaMethods: ["microsoftAuthenticatorPush", "softwareOneTimePasscode"],
    });
    cto.aws = this.awsFor(cto, cto.key, ["Admins"], {
      userName: this.uniqueUserName("hvasquez", "helena.vasquez"),
      createdAt: old(2016),
      console: true,
      mfa: false,
      passwordLastUsed: daysAgo(2),
      keys: [{ active: true, createdAt: old(2017), lastUsed: daysAgo(40), service: "s3", region: "eu-west-1" }],
    });

    // IT director: a daily account plus a separate cloud-only admin account (same human, two Entra identities).
    const itd = this.named("Marcus", "Bell", "IT", "Director of IT", {
      hired: old(2016),
      scenario: "separate cloud-only admin account; AWS admin with MFA",
    });
    itd.entra = this.entraFor(itd, itd.key, { roles: [{ role: "Global Reader", how: "active" }] });
    itd.aws = this.awsFor(itd, itd.key, ["Admins", "MFAEnforced"], {
      userName: this.uniqueUserName("mbell", "marcus.bell"),
      createdAt: old(2016),
      console: true,
      mfa: true,
    });
    const itdAdmin: Person = {
      ...itd,
      key: "adm.marcus.bell",
      kind: "account",
      scenario: "admin account of Marcus Bell",
      aws: undefined,
    } as Person;
    itdAdmin.entra = this.entraFor(itdAdmin, "adm.marcus.bell", {
      upn: `adm.marcus.bell@${TENANT_DOMAIN}`,
      mail: null,
      displayName: "Marcus Bell (Admin)",
      onPrem: false,
      jobTitle: null,
      roles: [
        { role: "Global Administrator", how: "active" },
        { role: "Privileged Role Administrator", how: "eligible" },
      ],
      mfaMethods: ["fido2", "microsoftAuthenticatorPush"],
    });
    this.people.push(itdAdmin);

    // Cloud platform lead: PIM-eligible Global Administrator, AWS admin with MFA, member of the AWS SSO admin group.
    const lead = this.named("Priya", "Natarajan", "Cloud Platform", "Head of Cloud Platform", {
      hired: old(2017),
      scenario: "PIM-eligible Global Administrator",
    });
    lead.entra = this.entraFor(lead, lead.key, {
      roles: [
        { role: "Global Administrator", how: "eligible" },
        { role: "Application Administrator", how: "active" },
      ],
      groups: ["AWS-Prod-Admins"],
      mfaMethods: ["fido2", "microsoftAuthenticatorPush"],
    });
    lead.aws = this.awsFor(lead, lead.key, ["Admins", "CloudPlatform", "MFAEnforced"], { console: true, mfa: true });

    // Security lead: privileged Entra roles, incl. one through a role-assignable group.
    const sec = this.named("Tomasz", "Kowalczyk", "Security", "Head of Security", {
      hired: old(2018),
      scenario: "Privileged Role Administrator; Security Administrator via role-assignable group",
    });
    sec.entra = this.entraFor(sec, sec.key, {
      roles: [
        { role: "Privileged Role Administrator", how: "active" },
        { role: "Conditional Access Administrator", how: "eligible" },
      ],
      groups: ["Role-Security-Operations", "AWS-SecurityAudit", "AWS-Prod-Admins"],
      mfaMethods: ["fido2", "windowsHelloForBusiness"],
    });
    sec.aws = this.awsFor(sec, sec.key, ["SecurityAuditors", "IncidentResponders", "MFAEnforced"], {
      console: true,
      mfa: true,
      tags: [["email", `${sec.key}@${DOMAIN}`]],
    });

    // Exchange admin temporarily excluded from conditional access, never registered MFA: admin without MFA in Entra.
    const exo = this.named("Olivia", "Grant", "IT", "Messaging Administrator", {
      hired: old(2019),
      scenario: "Entra admin excluded from CA (temporary exclusion group), no MFA registered",
    });
    exo.entra = this.entraFor(exo, exo.key, {
      roles: [{ role: "Exchange Administrator", how: "active" }],
      groups: ["CA-Exclude-Temp"],
      mfaMethods: [],
    });

    // Helpdesk staff hold their role through a role-assignable group; one is also in the legacy-auth exception group.
    for (const [f, l] of [
      ["Ethan", "Brooks"],
      ["Fatima", "Rahman"],
      ["Lucas", "Moreau"],
    ] as const) {
      const h = this.named(f, l, "IT", "Service Desk Analyst", {
        scenario: "Helpdesk Administrator via role-assignable group",
      });
      h.entra = this.entraFor(h, h.key, {
        groups: ["Role-Helpdesk-Administrators", ...(l === "Moreau" ? ["CA-Exclude-LegacyAuth"] : [])],
      });
    }
    // A User Administrator scoped to the Monterrey administrative unit.
    const mx = this.named("Alejandro", "Ruiz", "Operations", "Plant IT Coordinator", {
      scenario: "User Administrator scoped to an administrative unit",
    });
    mx.entra = this.entraFor(mx, mx.key, {
      roles: [{ role: "User Administrator", how: "active", scope: "au:monterrey" }],
    });
    // Finance: Billing Administrator in Entra, Billing group in AWS.
    const fin = this.named("Grace", "Lindholm", "Finance", "Finance Director", {
      hired: old(2017),
      scenario: "Billing on both sides",
    });
    fin.entra = this.entraFor(fin, fin.key, {
      roles: [{ role: "Billing Administrator", how: "active" }],
      groups: ["AWS-Billing"],
    });
    fin.aws = this.awsFor(fin, fin.key, ["Billing", "MFAEnforced"], { console: true, mfa: true, keys: [] });

    // Leavers still active in AWS (disabled in Entra): one even kept using an access key after leaving.
    const leaver = (f: string, l: string, team: string, leftDays: number, scenario: string) => {
      const p = this.named(f, l, team, r.pick(TEAMS.find((t) => t.team === team)!.titles), {
        scenario,
        hired: old(2018),
      });
      p.leftAt = daysAgo(leftDays);
      p.entra = this.entraFor(p, p.key, {
        enabled: false,
        leaveAt: p.leftAt,
        lastSignIn: daysAgo(leftDays + 3),
        lastNonInteractive: daysAgo(leftDays + 1),
      });
      return p;
    };
    const holt = leaver(
      "Gregory",
      "Holt",
      "Backend",
      95,
      "leaver disabled in Entra, IAM user active and its key still used",
    );
    holt.aws = this.awsFor(holt, holt.key, ["Developers", "MFAEnforced", "SelfService"], {
      console: true,
      mfa: true,
      passwordLastUsed: daysAgo(97),
      keys: [{ active: true, createdAt: old(2021), lastUsed: daysAgo(6), service: "s3", region: "eu-west-1" }],
    });
    const bello = leaver(
      "Aisha",
      "Bello",
      "Data",
      180,
      "leaver disabled in Entra, IAM user with active console password and key",
    );
    bello.aws = this.awsFor(bello, bello.key, ["DataAnalysts", "SelfService"], {
      console: true,
      mfa: false,
      passwordLastUsed: daysAgo(185),
      keys: [{ active: true, createdAt: old(2022), lastUsed: daysAgo(181), service: "athena", region: "eu-west-1" }],
    });
    const castillo = leaver(
      "Ryan",
      "Castillo",
      "Cloud Platform",
      40,
      "leaver disabled in Entra, still in the AWS Admins group",
    );
    castillo.aws = this.awsFor(castillo, castillo.key, ["Admins", "CloudPlatform", "MFAEnforced"], {
      console: true,
      mfa: true,
      passwordLastUsed: daysAgo(42),
      keys: [],
    });

    // AWS only: people deleted from Entra long ago whose IAM users were never removed.
    const orphan = (f: string, l: string, team: string, userName: string, scenario: string, opts: Partial<AwsUser>) => {
      const p = this.named(f, l, team, "Former employee", { scenario, hired: old(2015) });
      p.leftAt = new Date("2023-06-30T00:00:00Z");
      p.aws = this.awsFor(p, p.key, opts.groups ?? [], {
        userName: this.uniqueUserName(userName, `${userName}2`),
        createdAt: old(2016),
        ...opts,
      });
    };
    orphan("Daniel", "Okafor", "Backend", "dokafor", "AWS only: orphaned IAM user of a person who left", {
      groups: ["Developers", "LegacyDeployers"],
      console: true,
      mfa: false,
      passwordLastUsed: new Date("2023-06-28T16:20:00Z"),
      keys: [
        {
          active: true,
          createdAt: old(2017),
          lastUsed: new Date("2023-06-29T08:00:00Z"),
          service: "cloudformation",
          region: "us-east-1",
        },
      ],
    });
    orphan("Bjorn", "Eriksen", "Firmware", "bjorn.eriksen", "AWS only: former contractor, key never used", {
      groups: ["FirmwareBuild", "Contractors"],
      boundary: "ContractorBoundary",
      console: false,
      mfa: false,
      passwordLastUsed: null,
      keys: [{ active: true, createdAt: new Date("2022-11-02T10:00:00Z"), lastUsed: null }],
    });

    // Name spellings that differ between the two sides.
    const zoe = this.named("Zoë", "Müller", "Research", "Senior Research Scientist", {
      local: "zoe.muller",
      scenario: "differing spelling: Zoë Müller / zoe.mueller",
    });
    zoe.entra = this.entraFor(zoe, zoe.key);
    zoe.aws = this.awsFor(zoe, zoe.key, ["Research", "MFAEnforced", "SelfService"], {
      userName: this.uniqueUserName("zoe.mueller", "zmueller"),
      tags: [],
      console: true,
      mfa: true,
    });
    const kate = this.named("Katherine", "O'Brien", "Frontend", "Senior Frontend Engineer", {
      local: "katherine.obrien",
      scenario: "nickname: Katherine O'Brien / kate.obrien",
    });
    kate.entra = this.entraFor(kate, kate.key);
    kate.aws = this.awsFor(kate, kate.key, ["FrontendDevelopers", "MFAEnforced"], {
      userName: this.uniqueUserName("kate.obrien", "kobrien"),
      tags: [],
      console: true,
      mfa: true,
    });
    const jose = this.named("José Luis", "Hernández", "Backend", "Staff Engineer", {
      local: "joseluis.hernandez",
      scenario: "compound first name: José Luis Hernández / jose.hernandez",
    });
    jose.entra = this.entraFor(jose, jose.key);
    jose.aws = this.awsFor(jose, jose.key, ["Developers", "MFAEnforced", "SelfService"], {
      userName: this.uniqueUserName("jose.hernandez", "jhernandez"),
      tags: [],
      console: true,
      mfa: true,
    });
    const maria = this.named("María", "García-López", "Data", "Data Engineer", {
      local: "maria.garcia",
      scenario: "matched by email tag: María García-López / maria.garcialopez",
    });
    maria.entra = this.entraFor(maria, maria.key);
    maria.aws = this.awsFor(maria, maria.key, ["DataAnalysts", "MFAEnforced"], {
      userName: this.uniqueUserName("maria.garcialopez", "mgarcialopez"),
      tags: [["email", `maria.garcia@${DOMAIN}`]],
    });

    // Ambiguous: one IAM user "jwilson", two Wilsons in Entra; "akumar" and two Kumars.
    const james = this.named("James", "Wilson", "Backend", "Senior Software Engineer", {
      scenario: "ambiguous with Jessica Wilson for IAM user jwilson",
    });
    james.entra = this.entraFor(james, james.key);
    james.aws = this.awsFor(james, james.key, ["Developers", "MFAEnforced"], {
      userName: this.uniqueUserName("jwilson", "jwilson"),
      createdAt: old(2017),
      tags: [],
      console: true,
      mfa: true,
    });
    const jess = this.named("Jessica", "Wilson", "Data", "Data Analyst", {
      scenario: "ambiguous with James Wilson for IAM user jwilson",
    });
    jess.entra = this.entraFor(jess, jess.key);
    const anil = this.named("Anil", "Kumar", "Cloud Platform", "Platform Engineer", {
      scenario: "ambiguous with Arjun Kumar for IAM user akumar",
    });
    anil.entra = this.entraFor(anil, anil.key);
    anil.aws = this.awsFor(anil, anil.key, ["CloudPlatform", "MFAEnforced"], {
      userName: this.uniqueUserName("akumar", "akumar"),
      createdAt: old(2018),
      tags: [],
      console: false,
      keys: [{ active: true, createdAt: old(2019), lastUsed: daysAgo(1), service: "ec2", region: "eu-west-1" }],
    });
    const arjun = this.named("Arjun", "Kumar", "Research", "Robotics Engineer", {
      scenario: "ambiguous with Anil Kumar for IAM user akumar",
    });
    arjun.entra = this.entraFor(arjun, arjun.key);

    // Disabled in AWS (console removed, keys deactivated) but active in Entra: moved to another job.
    const noah = this.named("Noah", "Fischer", "Sales", "Sales Engineer", {
      scenario: "disabled in AWS, active in Entra (moved from engineering to sales)",
    });
    noah.entra = this.entraFor(noah, noah.key, { lastSignIn: daysAgo(1) });
    noah.aws = this.awsFor(noah, noah.key, ["Developers"], {
      console: false,
      mfa: false,
      passwordLastUsed: daysAgo(210),
      keys: [{ active: false, createdAt: old(2021), lastUsed: daysAgo(215), service: "lambda", region: "eu-west-1" }],
    });

    // Stale in Entra: on long leave, still enabled; MFA registered but not covered by any enforced policy (contractor).
    const novak = this.named("Peter", "Novak", "Hardware", "Electrical Engineer", {
      scenario: "stale Entra user (no sign-in for 200 days)",
    });
    novak.entra = this.entraFor(novak, novak.key, { lastSignIn: daysAgo(203), lastNonInteractive: daysAgo(200) });
    const ctr = this.named("Sven", "Aalto", "Firmware", "Contractor - Firmware Engineer", {
      kind: "contractor",
      hired: daysAgo(300),
      scenario: "contractor: MFA registered, only a report-only policy would enforce it",
    });
    ctr.entra = this.entraFor(ctr, ctr.key, { mfaMethods: ["microsoftAuthenticatorPush"] });
    ctr.aws = this.awsFor(ctr, ctr.key, ["Contractors", "FirmwareBuild"], {
      boundary: "ContractorBoundary",
      console: true,
      mfa: true,
      createdAt: daysAgo(290),
    });
    // AWS console user with MFA registered but not in the MFA-enforcing group.
    const fw = this.named("Ines", "Carvalho", "Firmware", "Senior Firmware Engineer", {
      scenario: "AWS MFA registered but not enforced (no deny-without-MFA policy applies)",
    });
    fw.entra = this.entraFor(fw, fw.key);
    fw.aws = this.awsFor(fw, fw.key, ["FirmwareBuild", "SelfService"], {
      console: true,
      mfa: true,
      passwordLastUsed: daysAgo(3),
    });

    // Guests with AWS access, and guests holding Entra admin roles.
    const sofia = this.guest(
      "Sofia",
      "Lindqvist",
      "apex",
      { mfaMethods: ["microsoftAuthenticatorPush"], groups: ["AWS-Dev-PowerUsers"] },
      "guest with an IAM user (PowerUser)",
    );
    sofia.aws = this.awsFor(sofia, "sofia.lindqvist", ["CloudPlatform"], {
      userName: this.uniqueUserName(`sofia.lindqvist@${PARTNERS.apex.domain}`, "sofia.lindqvist"),
      console: true,
      mfa: false,
      passwordLastUsed: daysAgo(4),
      tags: [["company", PARTNERS.apex.name]],
    });
    const rahul = this.guest(
      "Rahul",
      "Mehta",
      "cloudwise",
      { mfaMethods: [], roles: [{ role: "Application Administrator", how: "active" }] },
      "guest with a privileged directory role, no MFA registered",
    );
    rahul.aws = this.awsFor(rahul, "rahul.mehta", ["Admins"], {
      userName: this.uniqueUserName("ext-rahul.mehta", "ext-rmehta"),
      console: true,
      mfa: true,
      tags: [
        ["email", `rahul.mehta@${PARTNERS.cloudwise.domain}`],
        ["company", PARTNERS.cloudwise.name],
      ],
    });
    const emma = this.guest(
      "Emma",
      "Clarke",
      "ledger",
      {
        mfaMethods: ["microsoftAuthenticatorPush", "mobilePhone"],
        roles: [
          { role: "Global Reader", how: "active" },
          { role: "Security Administrator", how: "eligible" },
        ],
      },
      "external auditor: Global Reader, eligible Security Administrator",
    );
    emma.aws = this.awsFor(emma, "emma.clarke", ["SecurityAuditors"], {
      userName: this.uniqueUserName("ext-emma.clarke", "ext-eclarke"),
      console: true,
      mfa: true,
      keys: [],
      tags: [["email", `emma.clarke@${PARTNERS.ledger.domain}`]],
    });

    // Reports Reader and Security Reader for completeness of the role table.
    const analyst = this.named("Hiroshi", "Sato", "Security", "Security Analyst", { scenario: "Security Reader" });
    analyst.entra = this.entraFor(analyst, analyst.key, {
      roles: [
        { role: "Security Reader", how: "active" },
        { role: "Reports Reader", how: "active" },
      ],
      groups: ["Role-Security-Operations"],
    });
    analyst.aws = this.awsFor(analyst, analyst.key, ["SecurityAuditors", "MFAEnforced"], { console: true, mfa: true });
    const sp = this.named("Camille", "Laurent", "IT", "Collaboration Engineer", {
      scenario: "SharePoint Administrator (PIM eligible), Cloud Application Administrator",
    });
    sp.entra = this.entraFor(sp, sp.key, {
      roles: [
        { role: "SharePoint Administrator", how: "eligible" },
        { role: "Cloud Application Administrator", how: "active" },
        { role: "Authentication Administrator", how: "eligible" },
      ],
    });
  }

  /** Non-human accounts: break-glass, directory sync, scanners and machine IAM users. */
  private accounts(): void {
    const acct = (
      key: string,
      displayName: string,
      entra?: Partial<EntraUser>,
      aws?: Partial<AwsUser>,
      scenario?: string,
    ): Person => {
      const p: Person = {
        key,
        first: displayName,
        last: "",
        department: "IT",
        team: "IT",
        title: "Service account",
        kind: "account",
        hiredAt: new Date("2019-04-01T00:00:00Z"),
      };
      if (scenario) p.scenario = scenario;
      if (entra) {
        p.entra = this.entraFor(p, key, {
          upn: `${key}@${TENANT_DOMAIN}`,
          mail: null,
          displayName,
          givenName: null,
          surname: null,
          jobTitle: null,
          department: null,
          employeeType: null,
          onPrem: false,
          mfaMethods: [],
          ...entra,
        });
      }
      if (aws) {
        const createdAt = aws.createdAt ?? new Date("2019-05-01T00:00:00Z");
        p.aws = {
          userName: this.uniqueUserName(key, `${key}-2`),
          path: "/",
          createdAt,
          groups: [],
          policies: [],
          inline: [],
          console: false,
          passwordLastUsed: null,
          mfa: false,
          keys: [],
          tags: [],
          ...aws,
        };
      }
      this.people.push(p);
      return p;
    };
    acct(
      "breakglass01",
      "Emergency Access 01",
      {
        createdAt: new Date("2020-01-10T10:00:00Z"),
        groups: ["CA-Exclude-BreakGlass"],
        roles: [{ role: "Global Administrator", how: "active" }],
        mfaMethods: ["fido2"],
        lastSignIn: daysAgo(88),
        lastNonInteractive: daysAgo(88),
      },
      undefined,
      "break-glass account, excluded from CA",
    );
    acct(
      "breakglass02",
      "Emergency Access 02",
      {
        createdAt: new Date("2020-01-10T10:05:00Z"),
        groups: ["CA-Exclude-BreakGlass"],
        roles: [{ role: "Global Administrator", how: "active" }],
        mfaMethods: [],
        lastSignIn: daysAgo(88),
        lastNonInteractive: daysAgo(88),
      },
      undefined,
      "break-glass account, excluded from CA",
    );
    acct(
      "Sync_NWDC01_8f2c41d7e9a3",
      "On-Premises Directory Synchronization Service Account",
      {
        createdAt: new Date("2019-03-01T12:00:00Z"),
        roles: [{ role: "Directory Synchronization Accounts", how: "active" }],
        lastSignIn: null,
        lastNonInteractive: daysAgo(0.02),
      },
      undefined,
      "directory sync account",
    );
    acct(
      "svc-scanner",
      "Scan to Email (Konica MFP)",
      {
        upn: `svc-scanner@${DOMAIN}`,
        mail: `svc-scanner@${DOMAIN}`,
        onPrem: true,
        groups: ["CA-Exclude-LegacyAuth"],
        lastSignIn: daysAgo(0.5),
      },
      undefined,
      "legacy SMTP auth exception",
    );

    const key = (lastUsedDays: number | null, createdDays: number, service = "s3", active = true): AccessKey => ({
      active,
      createdAt: daysAgo(createdDays),
      lastUsed: lastUsedDays === null ? null : daysAgo(lastUsedDays),
      ...(lastUsedDays === null ? {} : { service, region: "eu-west-1" }),
    });
    acct(
      "ci-deploy",
      "CI deploy",
      undefined,
      {
        path: "/automation/",
        groups: ["LegacyDeployers"],
        keys: [key(0.1, 800, "cloudformation"), key(30, 400, "s3", false)],
        tags: [
          ["owner", "platform-team"],
          ["purpose", "ci"],
        ],
      },
      "machine user with the *:* policy and an old second key",
    );
    acct("terraform-automation", "Terraform", undefined, {
      path: "/automation/",
      policies: ["TerraformStateAccess", "AdministratorAccess"],
      keys: [key(0.3, 380, "sts")],
      tags: [["owner", "platform-team"]],
    });
    acct(
      "backup-agent",
      "Backup agent",
      undefined,
      { path: "/automation/", policies: ["AmazonS3FullAccess"], keys: [key(410, 1500, "s3")], tags: [["owner", "it"]] },
      "stale access key (> 1 year)",
    );
    acct("grafana-cloudwatch", "Grafana", undefined, {
      path: "/automation/",
      policies: ["CloudWatchLogsReadOnlyAccess"],
      keys: [key(0.01, 200, "logs")],
    });
    acct(
      "legacy-ftp-sync",
      "Legacy FTP sync",
      undefined,
      {
        path: "/automation/",
        inline: [
          {
            name: "ftp-bucket-write",
            document: {
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Action: ["s3:PutObject", "s3:GetObject"],
                  Resource: "arn:aws:s3:::nw-partner-ftp-drop/*",
                },
              ],
            },
          },
        ],
        keys: [key(null, 720)],
      },
      "access key never used",
    );
    acct("nw-smtp-relay", "SES SMTP", undefined, {
      path: "/automation/",
      inline: [
        {
          name: "ses-send",
          document: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "ses:SendRawEmail", Resource: "*" }],
          },
        },
      ],
      keys: [key(0.2, 600, "ses")],
    });
  }
}

const DAY_MS = 86_400_000;
const earliest = (dates: (Date | null | undefined)[]): Date | null =>
  dates.reduce<Date | null>((min, d) => (d && (!min || d < min) ? d : min), null);

/**
 * Hand-made people set some dates and the generator draws others; this puts them in an order that can happen: an
 * account exists before anything is done with it, a key is created before it is used, a password is changed after
 * the account was created.
 */
function settleTimeline(p: Person): void {
  const a = p.aws;
  if (a) {
    for (const k of a.keys)
      if (k.lastUsed && k.lastUsed < k.createdAt) k.createdAt = new Date(k.lastUsed.getTime() - 30 * DAY_MS);
    const first = earliest([a.passwordLastUsed, ...a.keys.map((k) => k.createdAt)]);
    if (first && first < a.createdAt) a.createdAt = new Date(first.getTime() - 7 * DAY_MS);
  }
  const e = p.entra;
  if (e) {
    const first = earliest([
      e.lastSignIn,
      e.lastNonInteractive,
      e.leaveAt ? new Date(e.leaveAt.getTime() - 60 * DAY_MS) : null,
    ]);
    if (first && first < e.createdAt) e.createdAt = new Date(first.getTime() - 14 * DAY_MS);
    if (e.passwordChangedAt < e.createdAt) e.passwordChangedAt = new Date(e.createdAt.getTime() + DAY_MS);
    if (e.leaveAt && e.passwordChangedAt > e.leaveAt) e.passwordChangedAt = new Date(e.createdAt.getTime() + DAY_MS);
  }
}

/** Everyone with `SAMPLE_NOW` as the reference: exported for callers that want "days since". */
export function ageDays(d: Date): number {
  return (SAMPLE_NOW.getTime() - d.getTime()) / 86_400_000;
}
