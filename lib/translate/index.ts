/**
 * lib/translate — pure, data-driven translators between AWS IAM and Entra ID / Azure RBAC that explain themselves.
 *
 * For UI and report code:
 *   const results = await translate(jsonTextOrValue, { file, namedLocations, resolver });
 *   // → TranslationResult[]: { input: {file, name, kind}, error, suggestions: [{ target, document, confidence,
 *   //     closestBuiltIn: [{name, id, score, basis}], dropped: [{part, reason}], explanation: [..], attachTo?, supporting? }] }
 * For model objects already in hand (e.g. a PermissionSet from the database):
 *   const ctx = await prepareContext([item], options);  translateItem(item, ctx)
 * Per direction (sync, given a context): translateAwsPolicy, translateRoleToAws, translateCaPolicy,
 * translateIamConditionsToCa, translateAwsGroup, translateEntraGroup.
 * Every document is validated against the target's schema (output-schemas.ts) before it is returned.
 */
import { AppError } from "../errors";
import { loadAwsCatalog } from "./aws-catalog";
import { translateAwsPolicy } from "./aws-policy-to-azure";
import { translateCaPolicy } from "./ca-to-aws";
import { DATA, servicesNeeded } from "./crosswalk";
import { decodeText, detectInputs, isDetectionError, parseJsonText, type DetectedItem } from "./detect-input";
import { translateAwsGroup, translateEntraGroup } from "./group-to-group";
import { translateIamConditionsToCa } from "./iam-conditions-to-ca";
import { DOCUMENT_SCHEMAS, SUPPORTING_SCHEMAS, validateDocument } from "./output-schemas";
import { translateRoleToAws } from "./role-to-aws-policy";
import type {
  Suggestion,
  TranslateContext,
  TranslateOptions,
  TranslationInput,
  TranslationReport,
  TranslationResult,
} from "./types";

export * from "./types";
export { detectInputs, decodeText, parseJsonText, isDetectionError, type DetectedItem } from "./detect-input";
export { loadAwsCatalog, AwsActionCatalog } from "./aws-catalog";
export { translateAwsPolicy, PLACEHOLDER_SCOPE } from "./aws-policy-to-azure";
export { translateRoleToAws } from "./role-to-aws-policy";
export { translateCaPolicy, MFA_BOOTSTRAP_ACTIONS } from "./ca-to-aws";
export { translateIamConditionsToCa } from "./iam-conditions-to-ca";
export { translateAwsGroup, translateEntraGroup } from "./group-to-group";
export { DOCUMENT_SCHEMAS, validateDocument } from "./output-schemas";
export {
  parseAwsPolicyDocument,
  parseConditionalAccessPolicy,
  parseNamedLocation,
  parseAzureRoleDefinition,
  parseEntraRoleDefinition,
} from "./parse-inputs";

/** The AWS services an item needs from the action catalogue. */
function neededServices(item: TranslationInput): Set<string> | "all" {
  if (item.kind === "aws-iam-policy" || item.kind === "aws-managed-policy" || item.kind === "aws-inline-policy") {
    const st = item.permissionSet.statements;
    if (st.some((s) => s.notActions.length > 0)) return "all";
    return servicesNeeded(st.flatMap((s) => s.actions));
  }
  if (item.kind === "azure-rbac-role" || item.kind === "entra-directory-role")
    return new Set(DATA.crosswalk.services.map((s) => s.aws));
  return new Set();
}

/** Loads what the items need (the AWS action catalogue) into a context; the only async step. */
export async function prepareContext(
  items: TranslationInput[],
  options: TranslateOptions = {},
): Promise<TranslateContext> {
  let all = false;
  const services = new Set<string>();
  for (const it of items) {
    const n = neededServices(it);
    if (n === "all") all = true;
    else for (const s of n) services.add(s);
  }
  const catalog = await loadAwsCatalog(all ? "all" : services);
  return { ...options, catalog };
}

function check(s: Suggestion): Suggestion {
  if (s.document) {
    const issues = validateDocument(s.target, s.document);
    if (issues.length)
      throw new AppError(
        "INTERNAL",
        `produced ${s.target} document fails its schema: ${issues.slice(0, 3).join("; ")}`,
      );
  }
  for (const sup of s.supporting ?? []) {
    const schema = SUPPORTING_SCHEMAS[sup.target];
    if (schema && !schema.safeParse(sup.document).success)
      throw new AppError("INTERNAL", `produced ${sup.target} document fails its schema`);
  }
  return s;
}

/**
 * Translates one parsed item. Never throws: a failure becomes `error` in the result.
 * `holders`: AWS principals an AWS policy is attached to (used to scope the CA suggestion), when known.
 */
export function translateItem(
  item: TranslationInput,
  ctx: TranslateContext,
  holders: { kind: string; id: string; name: string }[] = [],
): TranslationResult {
  const input = { file: item.file, name: item.name, kind: item.kind };
  try {
    let suggestions: Suggestion[];
    switch (item.kind) {
      case "aws-iam-policy":
      case "aws-managed-policy":
      case "aws-inline-policy":
        suggestions = [
          ...translateAwsPolicy(item.permissionSet, ctx),
          ...translateIamConditionsToCa(item.permissionSet, ctx, holders),
        ];
        break;
      case "azure-rbac-role":
      case "entra-directory-role":
        suggestions = translateRoleToAws(item.permissionSet, ctx);
        break;
      case "entra-ca-policy":
        suggestions = translateCaPolicy(item.accessControl, ctx);
        break;
      case "aws-iam-group":
        suggestions = translateAwsGroup(item.group, ctx);
        break;
      case "entra-group":
        suggestions = translateEntraGroup(item.group, ctx);
        break;
      case "entra-named-location":
        // Context for CA policies, not a translation of its own.
        suggestions = [];
        break;
    }
    return { input, error: null, suggestions: suggestions.map(check) };
  } catch (e) {
    return { input, error: e instanceof Error ? e.message : String(e), suggestions: [] };
  }
}

/** Result for an item that could not be parsed. */
export function errorResult(d: Extract<DetectedItem, { error: string }>): TranslationResult {
  return { input: { file: d.file, name: d.name, kind: d.kind }, error: d.error, suggestions: [] };
}

/**
 * Translates detected items together: named locations among them (plus options.namedLocations) become the
 * context of the CA policies among them.
 */
export async function translateDetected(
  detected: DetectedItem[],
  options: TranslateOptions = {},
): Promise<TranslationResult[]> {
  const ok = detected.filter((d): d is TranslationInput => !isDetectionError(d));
  const locations = [
    ...(options.namedLocations ?? []),
    ...ok.flatMap((d) => (d.kind === "entra-named-location" ? [d.namedLocation] : [])),
  ];
  const ctx = await prepareContext(ok, { ...options, namedLocations: locations });
  return detected.map((d) => (isDetectionError(d) ? errorResult(d) : translateItem(d, ctx)));
}

/**
 * Translates pasted text or an already-parsed JSON value (one document, an array, a Graph collection, a GAAD file).
 * Malformed JSON → one result with the error (never throws for bad input).
 */
export async function translate(
  input: string | unknown,
  options: TranslateOptions & { file?: string | null; name?: string } = {},
): Promise<TranslationResult[]> {
  const file = options.file ?? null;
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = parseJsonText(input, file ?? "pasted text");
    } catch (e) {
      return [
        {
          input: { file, name: options.name ?? file ?? "pasted text", kind: "unknown" },
          error: e instanceof Error ? e.message : String(e),
          suggestions: [],
        },
      ];
    }
  }
  return translateDetected(detectInputs(value, file, options.name ?? file ?? "input"), options);
}

/**
 * Translates several files together (a folder): each file is decoded (UTF-8 / UTF-16 with BOM) and detected on its
 * own — a malformed file becomes one error result and does not stop the rest — and named locations found in any
 * file serve the CA policies in all of them.
 */
export async function translateFiles(
  files: { file: string; bytes: Uint8Array }[],
  options: TranslateOptions = {},
): Promise<TranslationResult[]> {
  const detected: DetectedItem[] = files.flatMap(({ file, bytes }) => {
    try {
      return detectInputs(parseJsonText(decodeText(bytes), file), file, file);
    } catch (e) {
      return [{ kind: "unknown" as const, file, name: file, error: e instanceof Error ? e.message : String(e) }];
    }
  });
  return translateDetected(detected, options);
}

/** Wraps results in the documented envelope. */
export function toReport(results: TranslationResult[]): TranslationReport {
  return { version: 1, results };
}

export const TARGET_SCHEMAS = DOCUMENT_SCHEMAS;
