// Types of lib/cli/compiled.mjs (plain JavaScript: the bin runs it before anything is compiled).
export declare const ROOT: string;
export declare const OUT_DIR: string;
export declare const MANIFEST: string;
/** entry: the entry module's file name in the output folder; builtAt: epoch ms read before the sources were; inputs: the project files bundled, relative to the root. */
export interface Manifest {
  entry: string;
  builtAt: number;
  inputs: string[];
}
export declare function readManifest(): Manifest | null;
export declare function freshEntry(manifest: Manifest | null, root?: string, outDir?: string): string | null;
