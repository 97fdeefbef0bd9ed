import path from "node:path";

/** The public test corpus copied into the repository (see corpus/SOURCE.md for each file's origin and licence). */
export const CORPUS_DIR = path.resolve(import.meta.dirname, "corpus");

/** A path inside the test corpus, e.g. corpusPath("aws/gaad/cloudsplaining"). */
export function corpusPath(rel: string): string {
  return path.join(CORPUS_DIR, rel);
}
