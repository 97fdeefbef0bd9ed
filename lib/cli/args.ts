import { parseArgs, type ParseArgsConfig } from "node:util";
import { AppError } from "../errors";

/** node:util parseArgs, with a usage error turned into a clear BAD_INPUT. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new AppError("BAD_INPUT", e instanceof Error ? e.message : String(e));
  }
}
