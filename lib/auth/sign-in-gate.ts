import { AppError } from "../errors";

/**
 * Admission control for sign-in. A password check is a scrypt hash (128 MiB, a few hundred ms of CPU), so:
 * - at most `max` checks run at once in the process, a bounded number wait, and the rest are refused at once
 *   (24 parallel guesses no longer mean 3 GiB of scrypt buffers);
 * - attempts on one account run one after the other, so that the growing failure delay counts parallel guesses as
 *   it counts sequential ones; a bounded number wait per account, the rest are refused without a password check.
 */

export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly max: number,
    private readonly maxWaiting: number,
    private readonly busyMessage: string,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.maxWaiting) throw new AppError("THROTTLED", this.busyMessage);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** One lane per key: work on a key runs after the previous work on it finished. */
export class KeyedLanes {
  private readonly lanes = new Map<string, { tail: Promise<unknown>; queued: number }>();

  constructor(
    private readonly maxQueued: number,
    private readonly busyMessage: string,
  ) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lane = this.lanes.get(key) ?? { tail: Promise.resolve(), queued: 0 };
    if (lane.queued >= this.maxQueued) throw new AppError("THROTTLED", this.busyMessage);
    lane.queued++;
    this.lanes.set(key, lane);
    const mine = lane.tail.then(work, work);
    lane.tail = mine.catch(() => undefined);
    try {
      return await mine;
    } finally {
      lane.queued--;
      if (lane.queued === 0) this.lanes.delete(key);
    }
  }

  queued(key: string): number {
    return this.lanes.get(key)?.queued ?? 0;
  }
}
