/**
 * The mapping data (lib/translate/data/*.json) loaded once and indexed, plus the small classification rules that
 * turn an AWS action or an Azure / Entra operation into a verb. Everything here is data-driven: change the JSON,
 * not this file, to change a mapping.
 */
import { z } from "zod";
import accessLevelsJson from "./data/access-levels.json";
import conditionJson from "./data/condition-mappings.json";
import crosswalkJson from "./data/service-crosswalk.json";
import equivalenceJson from "./data/role-equivalences.json";
import azureRolesJson from "./data/azure-built-in-roles.json";
import entraRolesJson from "./data/entra-directory-roles.json";
import { hasWildcard, iamGlob, matchActionPattern, type ActionLookup } from "../aws-actions/action-pattern";
import type { AwsActionCatalog, AwsActionInfo } from "./aws-catalog";
import { getOrInsertComputed } from "../get-or-insert";

export const VERBS = ["read", "write", "delete", "action", "permissions"] as const;
export type Verb = (typeof VERBS)[number];

const ZVerbList = z.array(z.string());
const ZOpsByVerbSchema = z.object({ read: ZVerbList, write: ZVerbList, delete: ZVerbList }).partial();
/**
 * How an IAM action maps onto the directory and the resource plane. `kind` drives the over-grant rule:
 * only "grant" actions (change what principals may do) carry Microsoft.Authorization writes and Entra role-assignment
 * writes; "user" / "credential" actions carry user and credential writes only when they can reach other users than
 * the caller (`resource` names the ARN type that decides it, `self` says what the caller gets instead).
 */
const ZDirectoryRuleSchema = z.object({
  match: z.string(),
  /** The Entra directory entity (users, groups, roleAssignments…); none when the action has no directory object. */
  entity: z.string().optional(),
  /** Also counted for this entity when another rule matched first (LookupEvents → audit and sign-in logs). */
  shared: z.boolean().optional(),
  kind: z
    .enum(["grant", "user", "credential", "group", "federation", "passRole", "selfService", "notNeeded", "tag"])
    .optional(),
  /** The IAM ARN resource type the action acts on ("user", "mfa"): statements scoped to the caller's own are self-service. */
  resource: z.string().optional(),
  /** Entra resource-action suffixes per verb, replacing the generic ones of access-levels.json. */
  entra: ZOpsByVerbSchema.optional(),
  /** Azure operations per verb (resource plane), for identity actions with a resource-plane counterpart. */
  azure: ZOpsByVerbSchema.optional(),
  /** Microsoft.Authorization resource types a "grant" action writes. */
  azureTypes: z.array(z.string()).optional(),
  /** What the caller gets instead when the statement only reaches their own user (self-service). */
  self: z.string().optional(),
  /** Why a write of this kind has no counterpart (dropped, with this reason). */
  lost: z.string().optional(),
  /** The difference in meaning of the counterpart (approximated). */
  approximated: z.string().optional(),
});
export type DirectoryRule = z.infer<typeof ZDirectoryRuleSchema>;
const ZServiceSchema = z.object({
  aws: z.string(),
  awsName: z.string(),
  azureName: z.string(),
  namespace: z.string(),
  resourceTypes: z.array(z.string()),
  permissionsNamespace: z.boolean().optional(),
  nouns: z.array(z.object({ match: z.string(), namespace: z.string(), resourceTypes: z.array(z.string()) })).optional(),
  directory: z.array(ZDirectoryRuleSchema).optional(),
  also: z.array(z.object({ namespace: z.string(), resourceTypes: z.array(z.string()) })).optional(),
  data: z
    .object({
      awsActions: z.array(z.string()),
      read: ZVerbList,
      write: ZVerbList,
      delete: ZVerbList,
      /** Data operations that change who may use the data (the counterpart of this service's resource policies). */
      permissions: ZVerbList.optional(),
      permissionsNote: z.string().optional(),
      /** Per-action data operations, before the per-verb lists (receiving a message is not sending one). */
      ops: z.array(z.object({ aws: z.array(z.string()), azure: z.array(z.string()) })).optional(),
    })
    .optional(),
});
export type ServiceMapping = z.infer<typeof ZServiceSchema>;

const ZCrosswalkSchema = z.object({
  services: z.array(ZServiceSchema),
  noEquivalent: z.record(z.string(), z.string()),
});
const ZAccessLevelsSchema = z.object({
  weights: z.record(z.string(), z.number()),
  awsLevels: z.record(z.string(), z.string()),
  writePrefixes: z.object({ delete: z.array(z.string()), write: z.array(z.string()) }),
  readPrefixesForUnknown: z.array(z.string()),
  azureTagActions: z.array(z.string()),
  entraVerbs: z.record(z.string(), z.array(z.string())),
  ancillaryWeights: z.record(z.string(), z.number()).default({}),
});
const ZMappingSchema = z.object({
  status: z.enum(["mapped", "approximated", "dropped"]),
  to: z.string().optional(),
  note: z.string().optional(),
  reason: z.string().optional(),
});
export type ConditionMapping = z.infer<typeof ZMappingSchema>;
const ZConditionsSchema = z.object({
  awsToEntra: z.record(z.string(), ZMappingSchema),
  entraToAws: z.record(z.string(), ZMappingSchema),
});
const ZRoleRefSchema = z.object({ name: z.string(), id: z.string() });
const ZEquivalenceSchema = z.object({
  equivalences: z.array(
    z.object({ aws: z.string(), azure: z.array(ZRoleRefSchema), entra: z.array(ZRoleRefSchema), note: z.string() }),
  ),
});
const ZAzureRoleSchema = z.object({
  name: z.string(),
  id: z.string(),
  description: z.string(),
  actions: z.array(z.string()),
  notActions: z.array(z.string()),
  dataActions: z.array(z.string()),
  notDataActions: z.array(z.string()),
});
export type AzureBuiltInRole = z.infer<typeof ZAzureRoleSchema>;
const ZEntraRoleSchema = z.object({
  name: z.string(),
  id: z.string(),
  privileged: z.boolean(),
  allowedResourceActions: z.array(z.string()),
});
export type EntraBuiltInRole = z.infer<typeof ZEntraRoleSchema>;

/** The parsed data files; parsing at load time means a broken data file fails loudly, once. */
export const DATA = {
  crosswalk: ZCrosswalkSchema.parse(crosswalkJson),
  levels: ZAccessLevelsSchema.parse(accessLevelsJson),
  conditions: ZConditionsSchema.parse(conditionJson),
  equivalences: ZEquivalenceSchema.parse(equivalenceJson).equivalences,
  azureRoles: z.object({ roles: z.array(ZAzureRoleSchema) }).parse(azureRolesJson).roles,
  entraRoles: z.object({ roles: z.array(ZEntraRoleSchema) }).parse(entraRolesJson).roles,
};

const byAws = new Map(DATA.crosswalk.services.map((s) => [s.aws, s]));

/** The crosswalk entry of an AWS service prefix. */
export function serviceMapping(awsService: string): ServiceMapping | undefined {
  return byAws.get(awsService.toLowerCase());
}

/** Every Azure namespace the crosswalk knows (lower case): the universe similarity is measured in. */
export const AZURE_NAMESPACES: string[] = [
  ...new Set(
    DATA.crosswalk.services.flatMap((s) => [
      s.namespace,
      ...(s.nouns ?? []).map((n) => n.namespace),
      ...(s.also ?? []).map((a) => a.namespace),
    ]),
  ),
].map((n) => n.toLowerCase());

/** Directory entities the crosswalk maps to IAM nouns. */
export const DIRECTORY_ENTITIES: string[] = [
  ...new Set(DATA.crosswalk.services.flatMap((s) => (s.directory ?? []).flatMap((d) => (d.entity ? [d.entity] : [])))),
];

function firstWord(action: string): string {
  return /^[A-Z]?[a-z]+/.exec(action)?.[0] ?? action;
}

const verbCache = new WeakMap<object, Verb>();

/** The verb of one AWS action: access level first (data), then the name prefix for Write (delete vs write vs action). */
export function awsVerb(info: Pick<AwsActionInfo, "name" | "accessLevels">): Verb {
  return getOrInsertComputed(verbCache, info, computeVerb);
}

function computeVerb(info: Pick<AwsActionInfo, "name" | "accessLevels">): Verb {
  const levels = info.accessLevels;
  if (levels.includes("Permissions management")) return "permissions";
  if (levels.some((l) => DATA.levels.awsLevels[l] === "read")) return "read";
  if (levels.includes("Tagging")) return "write";
  const word = firstWord(info.name);
  if (DATA.levels.writePrefixes.delete.includes(word)) return "delete";
  if (DATA.levels.writePrefixes.write.includes(word)) return "write";
  return "action";
}

/** The verb of an action iam-data does not know, from its name alone (flagged as approximated by callers). */
export function guessVerb(name: string): Verb {
  const word = firstWord(name);
  if (DATA.levels.readPrefixesForUnknown.includes(word)) return "read";
  return awsVerb({ name, accessLevels: ["Write"] });
}

const regexCache = new Map<string, RegExp>();
function cachedRegExp(source: string): RegExp {
  return getOrInsertComputed(regexCache, source, (s) => new RegExp(s));
}

/** Whether an AWS action of a mapped service is a data-plane operation (S3 objects, DynamoDB items, KMS crypto…). */
export function isDataAction(m: ServiceMapping, action: string): boolean {
  return (m.data?.awsActions ?? []).some((p) => iamGlob(p).test(action));
}

/** Namespace + resource types for one action of a mapped service (noun rules first, e.g. EC2 VPC → Network). */
export function targetOf(m: ServiceMapping, action: string): { namespace: string; resourceTypes: string[] } {
  for (const n of m.nouns ?? []) if (cachedRegExp(n.match).test(action)) return n;
  return { namespace: m.namespace, resourceTypes: m.resourceTypes };
}

/** The directory rule of an IAM action (first matching rule that is not `shared`). */
export function directoryRuleOf(m: ServiceMapping, action: string): DirectoryRule | undefined {
  return (m.directory ?? []).find((d) => !d.shared && cachedRegExp(d.match).test(action));
}

/** The Entra directory entity an IAM action manages (users, groups, roleAssignments…): first matching rule wins. */
export function directoryEntityOf(m: ServiceMapping, action: string): string | undefined {
  return directoryRuleOf(m, action)?.entity;
}

/** Every directory entity an action touches: the first matching rule plus rules marked `shared` (LookupEvents → audit and sign-in logs). */
export function directoryEntitiesOf(m: ServiceMapping, action: string): string[] {
  const first = directoryEntityOf(m, action);
  const shared = (m.directory ?? [])
    .filter((d) => d.shared && d.entity && cachedRegExp(d.match).test(action))
    .map((d) => d.entity!);
  return [...(first ? [first] : []), ...shared];
}

/**
 * Azure control-plane operations for one verb on one target. "permissions" has none: changing who may access a
 * resource is a Microsoft.Authorization role assignment, which only IAM grants carry (aws-policy-to-azure.ts).
 */
export function azureControlActions(namespace: string, resourceTypes: string[], verb: Verb): string[] {
  if (verb === "permissions") return [];
  if (verb === "action") return resourceTypes.map((rt) => `${namespace}/${rt}/*/action`);
  return resourceTypes.map((rt) => `${namespace}/${rt}/${verb}`);
}

/** Azure data-plane operations for one verb of a mapped service. */
export function azureDataActions(m: ServiceMapping, verb: Verb, action?: string): string[] {
  if (!m.data) return [];
  if (action !== undefined) {
    const own = m.data.ops?.find((o) => o.aws.some((p) => iamGlob(p).test(action)));
    if (own) return own.azure;
  }
  if (verb === "read") return m.data.read;
  if (verb === "delete") return m.data.delete;
  return m.data.write;
}

/** Entra directory resource actions for one verb on one entity. */
export function entraActions(entity: string, verb: Verb): string[] {
  const key = verb === "action" ? "write" : verb;
  return (DATA.levels.entraVerbs[key] ?? []).map((suffix) => `microsoft.directory/${entity}/${suffix}`);
}

/**
 * Data operations whose name says they only read (Cosmos DB readMetadata and containers/executeQuery, Log Analytics
 * query/action, Key Vault getSecret/action, blob download…): reads, not writes, although their last segment is neither
 * `read` nor `write` (Azure names data operations by what they do: learn.microsoft.com/azure/role-based-access-control/role-definitions#dataactions).
 */
const READ_LIKE_DATA_OP = /^(read|get|list|query|executequery|search|download)/i;

/** Parses an Azure operation into namespace and verb; `*` segments kept. */
export function parseAzureAction(
  op: string,
  data: boolean,
): { namespace: string; resourcePath: string; verbs: Verb[] } {
  const parts = op.split("/");
  const namespace = (parts[0] ?? "").toLowerCase();
  const last = (parts[parts.length - 1] ?? "").toLowerCase();
  const resourcePath = parts.slice(1, -1).join("/").toLowerCase();
  let verbs: Verb[];
  if (parts.length === 1 || last === "*") verbs = ["read", "write", "delete", "action", "permissions"];
  else if (last === "read") verbs = ["read"];
  else if (last === "write") verbs = ["write"];
  else if (last === "delete") verbs = ["delete"];
  else if (data && READ_LIKE_DATA_OP.test(last === "action" ? (parts[parts.length - 2] ?? "") : last)) verbs = ["read"];
  else if (last === "action") verbs = data ? ["write"] : ["action"];
  else verbs = data ? ["write"] : ["action"];
  // Changing role definitions / assignments is the RBAC counterpart of AWS "Permissions management".
  if (namespace === "microsoft.authorization" && !data) verbs = verbs.map((v) => (v === "read" ? v : "permissions"));
  if (!data && namespace !== "microsoft.authorization" && namespace !== "*")
    verbs = verbs.filter((v) => v !== "permissions");
  return { namespace, resourcePath, verbs: [...new Set(verbs)] };
}

/** Parses an Entra directory action (microsoft.directory/users/basic/update) into entity and verbs. */
export function parseEntraAction(op: string): { namespace: string; entity: string; verbs: Verb[] } {
  const parts = op.split("/");
  const namespace = (parts[0] ?? "").toLowerCase();
  const entity = parts[1] ?? "";
  const last = (parts[parts.length - 1] ?? "").toLowerCase();
  let verbs: Verb[];
  if (last === "alltasks") verbs = ["read", "write", "delete", "permissions"];
  else if (last === "read") verbs = ["read"];
  else if (last === "delete") verbs = ["delete"];
  else verbs = ["write"];
  return { namespace, entity, verbs };
}

/** Crosswalk entries whose Azure namespace (or noun namespace) equals the given one. */
export function servicesForNamespace(namespace: string): ServiceMapping[] {
  const ns = namespace.toLowerCase();
  return DATA.crosswalk.services.filter(
    (s) =>
      s.namespace.toLowerCase() === ns ||
      (s.nouns ?? []).some((n) => n.namespace.toLowerCase() === ns) ||
      (s.also ?? []).some((a) => a.namespace.toLowerCase() === ns),
  );
}

/**
 * Crosswalk entries for an Azure operation: those whose resource types best match its resource path
 * (Microsoft.Storage/storageAccounts/blobServices/… → S3, not EFS). `exact` = some resource type matched;
 * otherwise every entry of the namespace is returned (for "" or "*" paths that is exact too).
 */
export function servicesForOperation(
  namespace: string,
  resourcePath: string,
): { services: ServiceMapping[]; exact: boolean } {
  const all = servicesForNamespace(namespace);
  if (resourcePath === "" || resourcePath === "*") return { services: all, exact: true };
  const ns = namespace.toLowerCase();
  const types = (m: ServiceMapping) =>
    [
      ...(m.namespace.toLowerCase() === ns ? m.resourceTypes : []),
      ...(m.nouns ?? []).filter((n) => n.namespace.toLowerCase() === ns).flatMap((n) => n.resourceTypes),
      ...(m.also ?? []).filter((a) => a.namespace.toLowerCase() === ns).flatMap((a) => a.resourceTypes),
    ].map((t) => t.toLowerCase());
  let best = 0;
  const scored = all.map((m) => {
    const score = Math.max(
      0,
      ...types(m)
        .filter((t) => resourcePath === t || resourcePath.startsWith(`${t}/`) || resourcePath.startsWith("*"))
        .map((t) => t.length),
    );
    best = Math.max(best, score);
    return { m, score };
  });
  if (best === 0) return { services: all, exact: false };
  return { services: scored.filter((x) => x.score === best).map((x) => x.m), exact: true };
}

/** Crosswalk entries with directory rules for an entity. */
export function servicesForEntity(entity: string): ServiceMapping[] {
  return DATA.crosswalk.services.filter((s) => (s.directory ?? []).some((d) => d.entity === entity));
}

const expansionCache = new WeakMap<
  AwsActionCatalog,
  Map<string, { actions: AwsActionInfo[]; unknown: string | null }>
>();

/** Expands an AWS action pattern (`s3:Get*`, `*`, `iam:PassRole`) against the catalogue; memoized per catalogue. */
export function expandAwsPattern(
  catalog: AwsActionCatalog,
  pattern: string,
): { actions: AwsActionInfo[]; unknown: string | null } {
  const cache = getOrInsertComputed(expansionCache, catalog, () => new Map());
  return getOrInsertComputed(cache, pattern.toLowerCase(), () => expandUncached(catalog, pattern));
}

function expandUncached(
  catalog: AwsActionCatalog,
  pattern: string,
): { actions: AwsActionInfo[]; unknown: string | null } {
  const hit = matchActionPattern(lookupOf(catalog), pattern);
  if (hit === "all") return { actions: catalog.allActions(), unknown: null };
  if (hit === null) return { actions: [], unknown: pattern };
  if (hit.length === 0) {
    if (!hasWildcard(pattern)) {
      // Not in iam-data (new, retired or misspelt): keep it with a verb guessed from its name.
      const colon = pattern.indexOf(":");
      return {
        actions: [{ service: pattern.slice(0, colon).toLowerCase(), name: pattern.slice(colon + 1), accessLevels: [] }],
        unknown: pattern,
      };
    }
    return { actions: [], unknown: pattern };
  }
  return { actions: hit, unknown: null };
}

function lookupOf(catalog: AwsActionCatalog): ActionLookup<AwsActionInfo> {
  return {
    serviceKeys: () => catalog.serviceKeys(),
    actions: (s) => catalog.actions(s),
    action: (s, n) => catalog.action(s, n),
    nameOf: (a) => a.name,
  };
}

/** The AWS service prefixes a set of action patterns needs loaded ("all" when a pattern spans services). */
export function servicesNeeded(patterns: string[]): Set<string> | "all" {
  const out = new Set<string>();
  for (const p of patterns) {
    const idx = p.indexOf(":");
    if (p === "*" || idx < 0) return "all";
    const svc = p.slice(0, idx).toLowerCase();
    if (/[*?]/.test(svc)) return "all";
    out.add(svc);
  }
  return out;
}

/** The weight of a verb in similarity and confidence (permission changes weigh most). */
export function verbWeight(verb: Verb): number {
  return DATA.levels.weights[verb] ?? 1;
}
