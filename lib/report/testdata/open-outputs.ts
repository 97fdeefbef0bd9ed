// Helpers for tests that open what the exporters wrote: parse, unzip, validate, render.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import yauzl from "yauzl";

const SCHEMA_DIR = path.resolve(import.meta.dirname, "../schema");

function ajv(): Ajv {
  const a = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  a.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  a.addFormat("uri", /^[a-z][a-z0-9+.-]*:\S*$/i);
  return a;
}

function validator(file: string) {
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8")) as object;
  const validate = ajv().compile(schema);
  return (data: unknown): string[] => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

/** Errors of a report JSON against report-v1.schema.json ([] = valid). */
export const validateReportJson = validator("report-v1.schema.json");
/** Errors of a SARIF log against our SARIF 2.1.0 subset schema ([] = valid). */
export const validateSarif = validator("sarif-2.1.0-subset.schema.json");

/** Every entry of a zip: name → text. */
export function unzipText(file: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error("no zip"));
      const out = new Map<string, string>();
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error("no stream"));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
            zip.readEntry();
          });
          stream.on("error", reject);
        });
      });
      zip.on("end", () => resolve(out));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

export const hasPoppler = spawnSync("pdftoppm", ["-v"]).status === 0;

/** Page count and text of a PDF (poppler's pdfinfo / pdftotext). */
export function pdfInfo(file: string): { pages: number; text: string } {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { pages, text };
}

/** Renders pages of a PDF to PNG files (outPrefix-N.png) and returns their paths. */
export function renderPdf(file: string, outPrefix: string, first = 1, last = 4, dpi = 60): string[] {
  execFileSync("pdftoppm", ["-png", "-r", String(dpi), "-f", String(first), "-l", String(last), file, outPrefix]);
  const dir = path.dirname(outPrefix);
  const base = path.basename(outPrefix);
  return fs.readdirSync(dir).filter((f) => f.startsWith(`${base}-`) && f.endsWith(".png")).sort().map((f) => path.join(dir, f));
}
