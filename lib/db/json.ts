import type { InputJsonValue } from "./generated/sqlite/internal/prismaNamespace";

/**
 * Converts a model value to what a Prisma Json column takes. `undefined` becomes null (a Json column cannot store
 * undefined); everything else must already be JSON-serialisable.
 */
export function toJson(value: unknown): InputJsonValue {
  return (value ?? null) as InputJsonValue;
}
