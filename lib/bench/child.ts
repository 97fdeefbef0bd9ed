import { spawn } from "node:child_process";

/**
 * Runs a TypeScript file in a child node (tsx) and resolves with its stdout once it exits 0. Benchmarks measure in
 * children so that each run's peak RSS is its own; async so a server in the parent can keep answering the child.
 */
export function runTsxChild(
  file: string,
  args: string[],
  options: { nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", file, ...args], {
      env: { ...process.env, LOG_LEVEL: "silent", ...(options.env ?? {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", reject);
    p.on("close", (code) => {
      if (code !== 0)
        reject(
          new Error(
            `${file} ${args.join(" ")} failed (exit ${code}): ${stderr.trim().split("\n").slice(-4).join(" | ")}`,
          ),
        );
      else resolve(stdout);
    });
  });
}

/** The JSON a child printed on the line starting with `tag`. */
export function taggedLine<T>(stdout: string, tag: string): T {
  const line = stdout.split("\n").find((l) => l.startsWith(tag));
  if (!line) throw new Error(`the child printed no ${tag.trim()} line: ${stdout.slice(-300)}`);
  return JSON.parse(line.slice(tag.length)) as T;
}
