// The fake AWS organisation (issue 12) at the bench size: 200 accounts, 10k Identity Center users, 2k groups, 300
// permission sets, 20k assignments. Figures: generating it (wall, CPU, RSS of this process), building every member
// account's IAM, and the fake server's throughput: a child process drives it over HTTP with 8 concurrent workers
// cycling through the organisation read calls (Organizations, SSO Admin, Identity Store pages, IAM GAAD pages), so the
// server's CPU per request is its own. The reader's bench (requests ÷ minimum, wall time, the pages) comes with it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { runTsxChild, taggedLine } from "./child";
import type { BenchResult } from "./types";

const FULL = { accounts: 200, users: 10_000, groups: 2_000, permissionSets: 300, assignments: 20_000 };
const QUICK = { accounts: 40, users: 2_000, groups: 400, permissionSets: 60, assignments: 4_000 };
const WORKERS = 8;

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

interface LoadResult {
  requests: number;
  errors: number;
  wallMs: number;
}

export async function run(o: { quick?: boolean } = {}): Promise<BenchResult> {
  const size = o.quick ? QUICK : FULL;
  const { generateOrganization, organizationSummary } = await import("../fakes/aws-org/generate");
  const { FakeAwsOrgServer } = await import("../fakes/aws-org/server");
  const rss0 = process.memoryUsage().rss;
  let t = performance.now();
  const c = process.cpuUsage();
  const org = generateOrganization({ ...size, seed: 1 });
  const genWall = performance.now() - t;
  const genCpu = cpuMs(process.cpuUsage(c));
  const genRss = process.memoryUsage().rss;
  t = performance.now();
  let roles = 0;
  for (const a of org.accounts) roles += org.iam(a.Id)?.gaad.RoleDetailList.length ?? 0;
  const iamWall = performance.now() - t;
  const iamRss = process.memoryUsage().rss;

  const server = new FakeAwsOrgServer(org);
  const url = await server.start();
  const ic = org.identityCenters[0]!;
  const target = {
    url,
    store: ic.instance.IdentityStoreId,
    instance: ic.instance.InstanceArn,
    root: org.root.Id,
    account: org.accounts[5]?.Id ?? org.organization.MasterAccountId,
    group: ic.groups[0]!.GroupId,
    set: ic.permissionSets[0]!.PermissionSetArn,
    seconds: o.quick ? 5 : 15,
  };
  const phase = async (kind: "json" | "gaad", at = url) => {
    const cpu = process.cpuUsage();
    const load = taggedLine<LoadResult>(
      await runTsxChild(import.meta.filename, ["--load", JSON.stringify({ ...target, url: at, kind })]),
      "AWS_ORG_LOAD ",
    );
    return { ...load, serverCpuMs: cpuMs(process.cpuUsage(cpu)) };
  };
  const json = await phase("json");
  const gaad = await phase("gaad");
  await server.stop();
  // The floor: a bare Node HTTP server answering {} to the same load (what any server in this process costs).
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("{}"));
  });
  await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
  const floor = await phase("json", `http://127.0.0.1:${(bare.address() as AddressInfo).port}`);
  bare.closeAllConnections();
  bare.close();
  const perSecond = (l: LoadResult) => Math.round(l.requests / (l.wallMs / 1000));
  const cpuPer = (l: { requests: number; serverCpuMs: number }) =>
    Math.round((l.serverCpuMs * 1000) / Math.max(1, l.requests));
  const counts = organizationSummary(org);
  return {
    name: `aws-org-fake (${size.accounts} accounts, ${size.users} users, ${size.groups} groups, ${size.permissionSets} permission sets, ${size.assignments} assignments)`,
    figures: {
      "generate: wall (ms)": Math.round(genWall),
      "generate: CPU (ms)": Math.round(genCpu),
      "generate: RSS growth (MiB)": mib(genRss - rss0),
      "memberships / provisioned pairs": `${counts.memberships} / ${counts.provisioned}`,
      "member IAM of every account: wall (ms)": Math.round(iamWall),
      "member IAM: roles in all accounts": roles,
      "RSS with every account's IAM built (MiB)": mib(iamRss),
      [`JSON calls (Organizations, SSO Admin, Identity Store): requests/s, ${WORKERS} workers`]: perSecond(json),
      "JSON calls: server CPU per request (µs)": cpuPer(json),
      "bare Node HTTP server, same load: requests/s": perSecond(floor),
      "bare Node HTTP server: CPU per request (µs)": cpuPer(floor),
      [`IAM GAAD pages of 100 (management account): pages/s, ${WORKERS} workers`]: perSecond(gaad),
      "IAM GAAD pages: server CPU per page (µs)": cpuPer(gaad),
      errors: json.errors + gaad.errors,
    },
    notes: [
      "requests/s shares the machine's cores between the server and the load child (fetch); CPU per request is the server's alone",
      "GAAD pages of the management account carry AWS managed policy documents (ReadOnlyAccess alone is 90 KB)",
    ],
  };
}

/** The load child: WORKERS loops of the organisation read calls for `seconds`, over keep-alive HTTP. */
async function loadMain(arg: string): Promise<void> {
  const t = JSON.parse(arg) as {
    url: string;
    store: string;
    instance: string;
    root: string;
    account: string;
    group: string;
    set: string;
    seconds: number;
    kind: "json" | "gaad";
  };
  const auth = (service: string) =>
    `AWS4-HMAC-SHA256 Credential=AKIABENCHMANAGEMENT/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  const json = (target: string, service: string, body: unknown) => ({
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target, authorization: auth(service) },
    body: JSON.stringify(body),
  });
  const jsonCalls = [
    json("AWSOrganizationsV20161128.ListAccounts", "organizations", { MaxResults: 20 }),
    json("AWSOrganizationsV20161128.ListChildren", "organizations", {
      ParentId: t.root,
      ChildType: "ORGANIZATIONAL_UNIT",
    }),
    json("AWSOrganizationsV20161128.ListPoliciesForTarget", "organizations", {
      TargetId: t.account,
      Filter: "SERVICE_CONTROL_POLICY",
    }),
    json("AWSIdentityStore.ListUsers", "identitystore", { IdentityStoreId: t.store, MaxResults: 100 }),
    json("AWSIdentityStore.ListGroupMemberships", "identitystore", {
      IdentityStoreId: t.store,
      GroupId: t.group,
      MaxResults: 100,
    }),
    json("SWBExternalService.ListAccountAssignments", "sso", {
      InstanceArn: t.instance,
      AccountId: t.account,
      PermissionSetArn: t.set,
    }),
    json("SWBExternalService.DescribePermissionSet", "sso", { InstanceArn: t.instance, PermissionSetArn: t.set }),
    json("SWBExternalService.ListPermissionSetsProvisionedToAccount", "sso", {
      InstanceArn: t.instance,
      AccountId: t.account,
    }),
  ];
  const gaad = {
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth("iam") },
    body: "Action=GetAccountAuthorizationDetails&Version=2010-05-08&MaxItems=100",
  };
  const calls = t.kind === "json" ? jsonCalls : [gaad];
  const end = Date.now() + t.seconds * 1000;
  let requests = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      for (let i = w; Date.now() < end; i++) {
        const call = calls[i % calls.length]!;
        const res = await fetch(t.url, { method: "POST", ...call });
        await res.arrayBuffer();
        requests++;
        if (res.status !== 200) errors++;
      }
    }),
  );
  process.stdout.write(`AWS_ORG_LOAD ${JSON.stringify({ requests, errors, wallMs: performance.now() - started })}\n`);
}

if (process.argv[2] === "--load") await loadMain(process.argv[3]!);
