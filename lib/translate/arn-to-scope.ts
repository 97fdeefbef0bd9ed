/**
 * AWS Resource ARNs → Azure scopes. Azure assigns roles at a scope (management group / subscription / resource
 * group / resource) and everything below it; ARN patterns, regions, accounts and object-key prefixes do not carry.
 */
import { serviceMapping } from "./crosswalk";

export const SUBSCRIPTION = "/subscriptions/{subscriptionId}";
export const RESOURCE_GROUP = `${SUBSCRIPTION}/resourceGroups/{resourceGroup}`;

export interface ScopeResult {
  scope: string | null;
  /** What does not carry over (null = nothing lost). */
  lost: string | null;
}

/** Splits arn:partition:service:region:account:resource (the resource part may contain ':'). */
export function parseArn(arn: string): { service: string; region: string; account: string; resource: string } | null {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return null;
  return { service: parts[2]!, region: parts[3]!, account: parts[4]!, resource: parts.slice(5).join(":") };
}

export function arnToScope(arn: string): ScopeResult {
  const p = parseArn(arn);
  if (!p) return { scope: null, lost: `"${arn}" is not an ARN; no scope derived` };
  const m = serviceMapping(p.service);
  if (!m)
    return {
      scope: SUBSCRIPTION,
      lost: `AWS service "${p.service}" has no mapped Azure namespace; the role would apply to the whole subscription`,
    };
  const losses: string[] = [];
  if (p.region && p.region !== "*")
    losses.push(`region ${p.region} (Azure scopes have no region; location is a resource property)`);
  if (p.account && p.account !== "*") losses.push(`account ${p.account} (→ the subscription you choose)`);
  let name = p.resource;
  let childLost: string | null = null;
  if (p.service === "s3") {
    const slash = name.indexOf("/");
    if (slash >= 0) {
      const rest = name.slice(slash + 1);
      name = name.slice(0, slash);
      if (rest !== "*")
        childLost = `object key pattern "${rest}" (nearest: an ABAC condition on the blob path in the role assignment)`;
    }
    if (/[*?]/.test(name))
      return {
        scope: RESOURCE_GROUP,
        lost: [
          `bucket name pattern "${name}" cannot be a scope; assign at the resource group holding the storage accounts`,
          ...losses,
        ].join("; "),
      };
    const scope = `${RESOURCE_GROUP}/providers/Microsoft.Storage/storageAccounts/{storageAccount}/blobServices/default/containers/${name}`;
    return { scope, lost: [childLost, ...losses].filter(Boolean).join("; ") || null };
  }
  // type/name or type:name → the last segment names the resource.
  const segs = name.split(/[/:]/).filter(Boolean);
  const leaf = segs.length > 1 ? segs.slice(1).join("/") : (segs[0] ?? "");
  if (!leaf || /[*?]/.test(leaf)) {
    return {
      scope: RESOURCE_GROUP,
      lost: [
        `resource pattern "${name}" cannot be a scope; the role applies to the whole resource group`,
        ...losses,
      ].join("; "),
    };
  }
  const rt = m.resourceTypes[0] ?? "resources";
  return {
    scope: `${RESOURCE_GROUP}/providers/${m.namespace}/${rt}/${leaf.replace(/\//g, "-")}`,
    lost: losses.join("; ") || null,
  };
}
