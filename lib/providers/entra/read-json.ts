import fs from "node:fs";
import path from "node:path";
import { AppError } from "../../errors";
import { checkJsonLimits } from "../json-limits";

/** Largest single file an import accepts (Graph exports of 100k users are ~100 MB as UTF-16). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Decodes an export: UTF-8 (with or without BOM) or UTF-16 LE/BE with BOM, which Windows PowerShell 5.1's `>` and
 * `Out-File` write by default. UTF-16 without a BOM is recognised by its zero bytes.
 */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString("utf16le");
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString("utf8");
  if (buf.length >= 4 && buf.length % 2 === 0 && buf[1] === 0 && buf[3] === 0 && buf[0] !== 0)
    return buf.toString("utf16le");
  return buf.toString("utf8");
}

/** Parses one JSON file with a clear, file-naming BAD_INPUT / TOO_LARGE error. */
export function readJsonFile(file: string, label = file, maxBytes = MAX_FILE_BYTES): unknown {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new AppError("NOT_FOUND", `${label}: no such file`);
  }
  if (size > maxBytes) {
    throw new AppError(
      "TOO_LARGE",
      `${label}: ${size} bytes is more than the ${maxBytes}-byte limit for one file; split the export`,
    );
  }
  if (size === 0) throw new AppError("BAD_INPUT", `${label}: the file is empty`);
  const text = decodeText(fs.readFileSync(file)).trim();
  if (!text) throw new AppError("BAD_INPUT", `${label}: the file is empty`);
  checkJsonLimits(text, label);
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(why);
    const atEnd = /end of JSON|Unterminated/i.test(why) || (pos !== null && Number(pos[1]) >= text.length);
    const hint = atEnd ? " (the file looks truncated)" : "";
    throw new AppError("BAD_INPUT", `${label}: not valid JSON${hint}: ${why}`);
  }
}

/** The `.json` files below a folder, recursively, in a stable order. */
export function listJsonFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith(".json")) out.push(p);
    }
  };
  walk(root);
  return out;
}
