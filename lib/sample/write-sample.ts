import fs from "node:fs";
import path from "node:path";
import { generateSampleOrg } from "./generate";
import { SAMPLE_DIR } from "./paths";

/**
 * Regenerates prisma/seed/sample-org from the seed: `npx tsx lib/sample/write-sample.ts [dir]`. Files no longer
 * generated are removed, so the folder always equals one generation.
 */
export function writeSample(dir = SAMPLE_DIR): { files: number; bytes: number } {
  const { files } = generateSampleOrg();
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (const [rel, body] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    bytes += Buffer.byteLength(body);
  }
  return { files: Object.keys(files).length, bytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.dirname, "write-sample.ts")) {
  const dir = process.argv[2] ?? SAMPLE_DIR;
  const { files, bytes } = writeSample(dir);
  process.stdout.write(`Wrote ${files} files (${(bytes / 1048576).toFixed(2)} MB) to ${dir}\n`);
}
