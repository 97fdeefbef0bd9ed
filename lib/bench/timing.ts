/** One timed call: wall ms and this process's CPU ms. */
export async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, value };
}

/** First (cold) call and the median of 5 warm calls, wall and CPU ms. */
export async function query<T>(f: () => Promise<T>) {
  const first = await timed(f);
  const warm: { ms: number; cpu: number }[] = [];
  for (let i = 0; i < 5; i++) warm.push(await timed(f));
  warm.sort((a, b) => a.ms - b.ms);
  return { cold: first.ms, coldCpu: first.cpu, warm: warm[2]!.ms, warmCpu: warm[2]!.cpu, value: first.value };
}
