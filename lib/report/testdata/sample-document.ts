import { FINDING_COLUMNS, NA, parseReportDocument, type ReportDocument, type Row, type RowPages } from "../document";

/** A streamed table of n generated rows (pages of 250), as a database cursor would give them. */
export function generatedRows(n: number): RowPages {
  return {
    count: n,
    async *pages() {
      for (let i = 0; i < n; i += 250) {
        const page: Row[] = [];
        for (let j = i; j < Math.min(n, i + 250); j++) {
          page.push([
            `person-${j}`,
            j % 7 === 0 ? null : j % 5,
            new Date(Date.UTC(2026, 0, 1 + (j % 28))).toISOString(),
            j % 3 === 0 ? null : j % 2 === 0,
            j % 11 === 0 ? NA : `arn:aws:iam::123456789012:user/person-${j}`,
          ]);
        }
        yield page;
      }
    },
  };
}

/** A document using every block kind, the null / n/a conventions, a streamed table and a findings table. */
export function sampleDocument(bigRows = 300): ReportDocument {
  return parseReportDocument({
    kind: "audit",
    title: "Cross-cloud audit — Contoso",
    subtitle: "AWS account 123456789012 and Entra tenant contoso.onmicrosoft.com",
    provenance: {
      sources: [
        {
          name: "aws-prod",
          kind: "aws",
          snapshotId: "snap1",
          snapshotAt: "2026-03-01T10:00:00.000Z",
          status: "complete",
          origin: "file",
          complete: false,
          datasets: [
            { name: "authorizationDetails", collected: true, count: 42, reason: null, permission: null },
            { name: "credentialReport", collected: false, count: null, reason: "AccessDenied", permission: "iam:GenerateCredentialReport" },
          ],
        },
        { name: "contoso", kind: "entra", snapshotId: "snap2", snapshotAt: "2026-03-02T08:30:00.000Z", status: "complete", origin: "api", complete: true, datasets: [] },
      ],
      notCollected: [{ source: "aws-prod", dataset: "credentialReport", reason: "AccessDenied", permission: "iam:GenerateCredentialReport" }],
      filters: { Severity: "high and above", Person: "all" },
      crosswalkVersion: "0.1.0",
      generatedAt: "2026-03-03T12:00:00.000Z",
      notes: ["Person matching ran over the latest complete snapshots."],
    },
    rules: [
      { id: "no-mfa-console-user", title: "Console user without MFA", severity: "high", help: "A user who can sign in to the console has no MFA device. Require MFA." },
      { id: "wildcard-policy", title: "Policy allows *:*", severity: "critical", help: "A policy grants every action on every resource." },
    ],
    sections: [
      {
        id: "overview",
        title: "Overview",
        blocks: [
          { type: "paragraph", text: "Both clouds side by side. Numbers marked n/c were not collected — never zero. Ünïcödé → arrows ≠ and 名前 survive." },
          { type: "keyValue", items: [{ key: "People", value: 1234 }, { key: "MFA registered (AWS)", value: null }, { key: "Last sync", value: "2026-03-01T10:00:00.000Z", type: "date" }] },
          { type: "chart", chart: { chart: "bar", title: "Privilege tiers per cloud", categories: ["admin", "privileged", "write", "read", "none"], series: [{ name: "AWS", values: [3, 7, 20, 45, 10] }, { name: "Entra", values: [2, 5, null, 60, 30] }] } },
          { type: "chart", chart: { chart: "stackedBar", title: "MFA enforced vs registered", categories: ["AWS", "Entra"], series: [{ name: "enforced", values: [10, 40] }, { name: "registered only", values: [5, null] }, { name: "none", values: [3, 2] }] } },
          { type: "chart", chart: { chart: "donut", title: "Findings by severity", categories: ["critical", "high", "medium", "low", "info"], colors: ["#7f1d1d", "#dc2626", "#f59e0b", "#2563eb", "#6b7280"], series: [{ name: "findings", values: [1, 4, 9, 3, null] }], unit: "findings" } },
        ],
      },
      {
        id: "people",
        title: "People side by side",
        blocks: [
          {
            type: "table",
            table: {
              id: "people",
              title: "People",
              columns: [
                { key: "name", label: "Person", type: "string" },
                { key: "count", label: "Policies", type: "number" },
                { key: "lastSeen", label: "Last activity", type: "date" },
                { key: "mfa", label: "MFA registered", type: "boolean" },
                { key: "arn", label: "AWS identity", type: "string", width: 30 },
              ],
              rows: generatedRows(bigRows),
            },
          },
        ],
      },
      {
        id: "findings",
        title: "Findings",
        blocks: [
          {
            type: "table",
            table: {
              id: "findings",
              title: "Findings",
              kind: "findings",
              columns: [...FINDING_COLUMNS],
              rows: [
                ["high", "no-mfa-console-user", "aws-prod", "user", "alice", "AIDAALICE", "alice can sign in to the console without MFA.", "MFA devices: 0. Password last used: 2026-02-01.", "Enable MFA for alice.", true, "credentialReport", "cis-aws-foundations 2.9; nist-800-53 IA-2(2)", JSON.stringify({ mfaDevices: 0, passwordLastUsed: "2026-02-01" })],
                ["critical", "wildcard-policy", "aws-prod", "policy", "AllowAll", "arn:aws:iam::123456789012:policy/AllowAll", "Policy AllowAll allows *:* " + "and more ".repeat(80), "Statement: Effect Allow, Action *, Resource *.", "Scope it down.", false, "authorizationDetails", "cis-aws-foundations 2.15", JSON.stringify({ statement: { Effect: "Allow", Action: "*", Resource: "*" } })],
                ["medium", "unmatched-person", null, "user", "=cmd|' /C calc'!A0", "x1", "Formula-looking name.", "", "Check.", null, "people", "", "{}"],
              ],
            },
          },
          { type: "code", caption: "Suggested policy", language: "json", text: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }] }, null, 2) },
          { type: "table", table: { id: "empty", title: "Drift since 2026-01-01", columns: [{ key: "what", label: "What", type: "string" }], rows: [], emptyText: "No changes in this period." } },
        ],
      },
    ],
  });
}
