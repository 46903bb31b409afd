// A global bound on requests in flight, shared by every transport of a window: FIFO, abortable while waiting.
import { SdrsError } from './errors';

interface Waiter {
  start(): void;
}

function checkMax(max: number): number {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`RequestLimiter: max must be a whole number of 1 or more (got ${max})`);
  return max;
}

function abortedError(): SdrsError {
  return new SdrsError({ kind: 'aborted', message: 'The request was cancelled' });
}

/**
 * At most `max` tasks run at once; the others wait in arrival order. A waiting task whose signal
 * aborts leaves the queue at once (its task never runs) and rejects with SdrsError kind 'aborted'.
 * A running task holds its slot until its promise settles, whichever way, and a task that throws
 * synchronously releases it too. Lowering `max` lets running tasks finish and starts nothing until
 * fewer than the new `max` run; raising it starts waiting tasks at once.
 */
export class RequestLimiter {
  private limit: number;
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(max: number) {
    this.limit = checkMax(max);
  }

  get max(): number {
    return this.limit;
  }

  set max(value: number) {
    this.limit = checkMax(value);
    this.pump();
  }

  /** Tasks running now (holding a slot). */
  get inFlight(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError());
    if (this.running < this.limit && this.queue.length === 0) return this.execute(task);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(abortedError());
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          this.execute(task).then(resolve, reject);
        },
      };
      this.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async execute<T>(task: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.pump();
    }
  }

  private pump(): void {
    while (this.running < this.limit && this.queue.length > 0) {
      // execute() takes the slot synchronously, so the loop sees it before starting the next one.
      this.queue.shift()?.start();
    }
  }
}
