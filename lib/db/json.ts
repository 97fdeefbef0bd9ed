import type { z } from "zod";
import { AppError } from "../errors";
import type { InputJsonValue } from "./generated/sqlite/internal/prismaNamespace";

/**
 * Converts a model value to what a Prisma Json column takes. `undefined` becomes null (a Json column cannot store
 * undefined); everything else must already be JSON-serialisable.
 */
export function toJson(value: unknown): InputJsonValue {
  return (value ?? null) as InputJsonValue;
}

/**
 * A stored row read back through its lib/model schema (no `as` for stored shapes). The named JSON columns holding
 * null count as absent, so the schema's default applies (older rows, and columns written as null). A row that does
 * not match its schema is an INTERNAL error naming the table and the first fields that differ.
 */
export function fromStored<S extends z.ZodType>(
  schema: S,
  table: string,
  row: Record<string, unknown>,
  jsonColumns: readonly string[] = [],
): z.output<S> {
  const input: Record<string, unknown> = { ...row };
  for (const c of jsonColumns) if (input[c] === null) delete input[c];
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(row)"}: ${i.message}`)
    .join("; ");
  throw new AppError("INTERNAL", `A stored ${table} row does not match its schema (${where})`, {
    cause: parsed.error,
  });
}
