import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import net from "node:net";

// moto_server (an AWS emulator written by others, on PATH on the project's machines) as a second, independent
// implementation of the AWS APIs the fakes speak: tests start one on a free port, seed it, read it, stop it.

/** Whether moto_server is on PATH. Tests that need it fail (not skip) without it: the project's machines have it. */
export function motoAvailable(): boolean {
  return spawnSync("sh", ["-c", "command -v moto_server"]).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningMoto {
  url: string;
  stop(): Promise<void>;
}

/** Starts moto_server on a free port of 127.0.0.1 and waits until it answers. */
export async function startMoto(env: Record<string, string> = {}, timeoutMs = 30_000): Promise<RunningMoto> {
  if (!motoAvailable()) throw new Error("moto_server is not on PATH (pip install 'moto[server]')");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: "ignore",
    env: { ...process.env, ...env },
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill();
    });
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`moto_server did not start at ${url} within ${timeoutMs} ms`);
}
