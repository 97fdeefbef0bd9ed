import fs from "node:fs";
import { once } from "node:events";
import { Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Progress } from "../model";
import type { ReportDocument, ReportKind } from "./document";

export type ProgressFn = (p: Progress) => void;

export interface WriteResult {
  bytes: number;
}

/**
 * One output format, declaring itself: its name, the label a person chooses it by, its file extension and MIME type,
 * and the report kinds it can write (formats.ts lists the exporters; the CLI, the web form and the parameter check
 * read them from there). `write` streams the document to `out` (a file path, or a stream that it ends when finished)
 * and reports progress as rows are written; tables are read page by page, so memory does not grow with their size.
 */
export interface Exporter<F extends string = string> {
  format: F;
  label: string;
  contentType: string;
  extension: string;
  kinds: readonly ReportKind[];
  write(doc: ReportDocument, out: Writable | string, onProgress?: ProgressFn): Promise<WriteResult>;
}

/** A sink that counts the bytes passing through it to the real destination. */
export interface Output {
  stream: Writable;
  /** Resolves with the byte count once everything written to `stream` has reached the destination. */
  done: Promise<number>;
}

/** Opens a path (or wraps a stream) as an Output; the caller ends `output.stream` and awaits `done`. */
export function openOutput(out: Writable | string): Output {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const target = typeof out === "string" ? fs.createWriteStream(out) : out;
  const done = pipeline(counter, target).then(() => bytes);
  // Avoid an unhandled rejection before the caller awaits `done`.
  done.catch(() => undefined);
  return { stream: counter, done };
}

/** Writes a string honouring back-pressure (large tables are written piece by piece). */
export async function writeText(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

/** Counts rows written and reports progress at most every `everyMs`. */
export class ProgressCounter {
  private done = 0;
  private last = 0;
  constructor(
    private readonly phase: string,
    private readonly total: number | null,
    private readonly onProgress: ProgressFn | undefined,
    private readonly everyMs = 250,
  ) {}

  add(n: number): void {
    this.done += n;
    if (!this.onProgress) return;
    const now = Date.now();
    if (now - this.last >= this.everyMs) {
      this.last = now;
      this.onProgress({ phase: this.phase, done: this.done, total: this.total });
    }
  }

  finish(): void {
    this.onProgress?.({ phase: this.phase, done: this.done, total: this.total ?? this.done });
  }
}
