import { translateItem, prepareContext, detectInputs, isDetectionError } from "./index";
import { loadManagedPolicies } from "./data/managed-policies";
const items = loadManagedPolicies().flatMap((p) => detectInputs({ arn: p.arn, latestVersionId: p.versionId, versions: { [p.versionId]: { document: p.document } } }, null, p.name));
const t0 = Date.now();
const ok = items.filter((d) => !isDetectionError(d)) as any[];
const ctx = await prepareContext(ok);
const t1 = Date.now();
const res = ok.map((d) => translateItem(d, ctx));
console.log("catalog", t1 - t0, "translate", Date.now() - t1, res.length);
