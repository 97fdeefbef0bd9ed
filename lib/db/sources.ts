import type { SourceKind } from "../model";
import { AppError } from "../errors";
import type { Db } from "./client";
import { toJson } from "./json";

/** A source as the rest of the app sees it: never with its secret. */
export interface SourceRow {
  id: string;
  kind: SourceKind;
  name: string;
  settings: Record<string, unknown>;
  hasSecret: boolean;
  syncState: unknown;
  createdAt: Date;
  /** The source this one belongs to (a member account's organisation, an Azure estate's Entra tenant). */
  parentId: string | null;
  /** AWS account id / tenant id, when known. */
  externalId: string | null;
}

const PUBLIC = {
  id: true,
  kind: true,
  name: true,
  settings: true,
  secretEncrypted: true,
  syncState: true,
  createdAt: true,
  parentId: true,
  externalId: true,
} as const;

function toRow(r: {
  id: string;
  kind: string;
  name: string;
  settings: unknown;
  secretEncrypted: string | null;
  syncState: unknown;
  createdAt: Date;
  parentId: string | null;
  externalId: string | null;
}): SourceRow {
  return {
    id: r.id,
    kind: r.kind as SourceKind,
    name: r.name,
    settings: (r.settings ?? {}) as Record<string, unknown>,
    hasSecret: r.secretEncrypted !== null,
    syncState: r.syncState,
    createdAt: r.createdAt,
    parentId: r.parentId,
    externalId: r.externalId,
  };
}

export async function listSources(db: Db): Promise<SourceRow[]> {
  return (await db.source.findMany({ select: PUBLIC, orderBy: { name: "asc" } })).map(toRow);
}

export async function getSource(db: Db, id: string): Promise<SourceRow> {
  const r = await db.source.findUnique({ where: { id }, select: PUBLIC });
  if (!r) throw new AppError("NOT_FOUND", `No source with id ${id}`);
  return toRow(r);
}

export async function findSourceByName(db: Db, name: string): Promise<SourceRow | null> {
  const r = await db.source.findUnique({ where: { name }, select: PUBLIC });
  return r ? toRow(r) : null;
}

/**
 * Finds a source by name, or creates it. A name already used by another kind of source is a conflict; a parent or
 * external id given for a found source replaces its own.
 */
export async function ensureSource(
  db: Db,
  input: {
    kind: SourceKind;
    name: string;
    settings?: Record<string, unknown>;
    parentId?: string | null;
    externalId?: string | null;
  },
): Promise<SourceRow> {
  const found = await findSourceByName(db, input.name);
  if (found) {
    if (found.kind !== input.kind) {
      throw new AppError("CONFLICT", `Source "${input.name}" is an ${found.kind} source, not ${input.kind}`);
    }
    // A member account found again under its organisation (or moved to another) takes the parent it is read through.
    const patch = {
      ...(input.parentId !== undefined && input.parentId !== found.parentId ? { parentId: input.parentId } : {}),
      ...(input.externalId !== undefined && input.externalId !== found.externalId
        ? { externalId: input.externalId }
        : {}),
    };
    if (Object.keys(patch).length) {
      await updateSource(db, found.id, patch);
      return { ...found, ...patch };
    }
    return found;
  }
  return createSource(db, input);
}

export async function createSource(
  db: Db,
  input: {
    kind: SourceKind;
    name: string;
    settings?: Record<string, unknown>;
    secretEncrypted?: string | null;
    parentId?: string | null;
    externalId?: string | null;
  },
): Promise<SourceRow> {
  const name = input.name.trim();
  if (!name) throw new AppError("BAD_INPUT", "A source needs a name");
  if (await findSourceByName(db, name)) throw new AppError("CONFLICT", `A source named "${name}" already exists`);
  const r = await db.source.create({
    data: {
      kind: input.kind,
      name,
      settings: toJson(input.settings ?? {}),
      secretEncrypted: input.secretEncrypted ?? null,
      parentId: input.parentId ?? null,
      externalId: input.externalId ?? null,
    },
    select: PUBLIC,
  });
  return toRow(r);
}

export async function updateSource(
  db: Db,
  id: string,
  patch: {
    settings?: Record<string, unknown>;
    secretEncrypted?: string | null;
    syncState?: unknown;
    name?: string;
    parentId?: string | null;
    externalId?: string | null;
  },
): Promise<void> {
  await db.source.update({
    where: { id },
    data: {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.settings !== undefined ? { settings: toJson(patch.settings) } : {}),
      ...(patch.secretEncrypted !== undefined ? { secretEncrypted: patch.secretEncrypted } : {}),
      ...(patch.syncState !== undefined ? { syncState: toJson(patch.syncState) } : {}),
      ...(patch.parentId !== undefined ? { parentId: patch.parentId } : {}),
      ...(patch.externalId !== undefined ? { externalId: patch.externalId } : {}),
    },
  });
}

/** The encrypted secret of a source, for the server-side code that connects (never for display). */
export async function getSourceSecret(db: Db, id: string): Promise<string | null> {
  const r = await db.source.findUnique({ where: { id }, select: { secretEncrypted: true } });
  return r?.secretEncrypted ?? null;
}

export async function deleteSource(db: Db, id: string): Promise<void> {
  await db.source.delete({ where: { id } });
}

/** The sources that belong to another (a member account's `aws` sources under its `awsOrganization`), by name. */
export async function childSources(db: Db, parentId: string): Promise<SourceRow[]> {
  return (await db.source.findMany({ where: { parentId }, select: PUBLIC, orderBy: { name: "asc" } })).map(toRow);
}
