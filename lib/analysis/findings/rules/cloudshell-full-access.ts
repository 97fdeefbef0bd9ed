import { holdersOfManagedPolicy } from "../attached-managed-policy";
import { sourceHit, type Rule, type RuleHit } from "../rule";

/**
 * CIS AWS: AWSCloudShellFullAccess lets its holders upload and download files through CloudShell, around the
 * organisation's data-transfer controls; one finding per account naming every holder.
 */
export const rule: Rule = {
  id: "cloudshell-full-access",
  title: "AWSCloudShellFullAccess attached",
  severity: "medium",
  dataSource: "AWS: managed policy attachments (GetAccountAuthorizationDetails)",
  datasets: { aws: ["authorizationDetails"] },
  clouds: ["aws"],
  fix: "Detach AWSCloudShellFullAccess; where CloudShell is needed, grant a customer-managed policy that denies cloudshell:GetFileDownloadUrls and cloudshell:GetFileUploadUrls.",
  run(a) {
    const hits: RuleHit[] = [];
    for (const src of a.sources) {
      if (src.model.kind !== "aws") continue;
      const holders = holdersOfManagedPolicy(src, "AWSCloudShellFullAccess");
      if (!holders.length) continue;
      hits.push(
        sourceHit(
          src,
          `AWSCloudShellFullAccess is attached to ${holders.map((h) => `${h.kind} ${h.name}`).join(", ")}.`,
          { holders },
          { subjectKind: "policy", subjectProviderId: "arn:aws:iam::aws:policy/AWSCloudShellFullAccess" },
        ),
      );
    }
    return hits;
  },
};
