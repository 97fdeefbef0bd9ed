import type { EntraDatasetName } from "../../../model";
import type { DatasetDeclaration } from "../../dataset-declaration";
import type { GraphObject } from "../graph-types";

/** How the live reader asks Microsoft Graph v1.0 for an Entra dataset. */
export interface EntraLiveRead {
  /** Path under /v1.0; `{id}` is the parent object's id for per-object lists. */
  readonly path: string;
  /** `$select`: only the fields the normaliser reads (none when the path takes no `$select`). */
  readonly select: string | null;
}

/** How an exported Graph response (or PowerShell output) of an Entra dataset is recognised. */
export type EntraFileRecognition =
  | {
      /** `@odata.type` names of its objects (after `#microsoft.graph.`). */
      readonly odataTypes: readonly string[];
      /** Matches the resource path an `@odata.context` / `@odata.nextLink` names (after `$metadata#` or `/v1.0/`). */
      readonly url: RegExp;
      /** Recognises one object with no `@odata.type` by its fields; must match no other dataset's objects. */
      readonly shape: (o: GraphObject) => boolean;
    }
  /** Carried inside another dataset's objects (e.g. signInActivity on users). */
  | { readonly partOf: EntraDatasetName };

export type EntraDatasetDeclaration = DatasetDeclaration<"entra", EntraLiveRead, EntraFileRecognition>;

/** A declaration, checked against the shape (the name is kept literal for the registry's completeness check). */
export function declareEntraDataset<const D extends Omit<EntraDatasetDeclaration, "kind">>(
  d: D,
): D & { kind: "entra" } {
  return { kind: "entra", ...d };
}

/** Whether the object has at least one of the keys. */
export function hasAny(o: GraphObject, ...keys: string[]): boolean {
  return keys.some((k) => k in o);
}
