// Types of lib/cli/build.mjs (plain JavaScript: `npm ci` and the bin run it without tsx).
/** Compiles the CLI into the output folder of lib/cli/compiled.mjs; resolves with the entry module's path. */
export declare function buildCli(): Promise<string>;
/** Compiles TypeScript entry modules with the CLI's settings; the files stay in memory (`write: false`). */
export declare function compile(
  entryPoints: Record<string, string>,
  outdir: string,
): Promise<import("esbuild").BuildResult<{ write: false; metafile: true }>>;
