import type { ConnectorEvent } from "../../model";
import type { CredentialReport } from "./credential-report";

/** The IAM actions each optional dataset needs, shown with "not collected". */
export const DATASET_PERMISSIONS = {
  authorizationDetails: "iam:GetAccountAuthorizationDetails",
  credentialReport: "iam:GenerateCredentialReport, iam:GetCredentialReport",
  accountSummary: "iam:GetAccountSummary",
  accountAlias: "iam:ListAccountAliases",
} as const;

/** Dataset status (and the root user's facts) for a credential report that was, or was not, collected. */
export function* credentialReportEvents(
  report: CredentialReport | null,
  reasonIfMissing: string,
): Generator<ConnectorEvent> {
  if (!report) {
    yield {
      type: "dataset",
      name: "credentialReport",
      status: { collected: false, reason: reasonIfMissing, permission: DATASET_PERMISSIONS.credentialReport },
    };
    return;
  }
  yield { type: "dataset", name: "credentialReport", status: { collected: true, count: report.users.size } };
  const root = report.root;
  yield {
    type: "provenance",
    data: {
      credentialReportGeneratedAt: report.generatedAt,
      // The root user is not an IAM user (GAAD does not list it); its MFA and keys matter for audits.
      rootAccount: root
        ? {
            arn: root.arn,
            mfaActive: root.mfaActive,
            passwordLastUsedAt: root.passwordLastUsedAt,
            accessKeys: root.credentials.filter((c) => c.type === "accessKey"),
            lastActivityAt: root.lastActivityAt,
          }
        : null,
    },
  };
}
