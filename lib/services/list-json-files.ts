import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "../errors";

/** A file as itself, or a folder's *.json files, recursively, in name order. */
export async function listJsonFiles(p: string): Promise<string[]> {
  const st = await fs.stat(p).catch(() => null);
  if (!st) throw new AppError("NOT_FOUND", `No such file or folder: ${p}`);
  if (st.isFile()) return [p];
  const entries = await fs.readdir(p, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = path.join(p, e.name);
    if (e.isDirectory()) out.push(...(await listJsonFiles(child)));
    else if (e.isFile() && /\.json$/i.test(e.name)) out.push(child);
  }
  return out;
}
