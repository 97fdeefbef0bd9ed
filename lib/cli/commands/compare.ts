import { AppError } from "../../errors";
import type { CommandContext } from "../main";

// Placeholder until this command's issue lands; replace the whole file.
export async function run(_ctx: CommandContext): Promise<number> {
  throw new AppError("CONFIG", "the compare command is not built yet");
}
