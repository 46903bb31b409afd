// Fetches every page of an offset-paged list concurrently, without trusting `count` to be the total.
import { responseError, SdrsError } from './errors';

export interface Page<T> {
  items: T[];
  /** The response's `count`: the total, or just this page's length; both are tolerated. */
  count?: number;
  requestId?: string;
}

export interface PageAllOptions<T> {
  limit: number;
  /** Most requests in flight at once. */
  concurrency: number;
  /**
   * Pages requested before the first answer. Defaults to `concurrency`: speculative offsets are what
   * make a large list take a few round trips whichever meaning `count` has. A caller that knows the
   * list was small last time passes 1 to spare the empty pages.
   */
  initialPages?: number;
  signal?: AbortSignal;
  idOf: (item: T) => string;
}

export type FetchPage<T> = (offset: number, limit: number, signal: AbortSignal) => Promise<Page<T>>;

/**
 * Keeps up to `concurrency` pages in flight at offsets 0, L, 2L, … and stops at the first page
 * shorter than L, which is the only reliable end marker. A `count` above L can only be a total,
 * so it bounds speculation; if the page at that bound is still full, the total was stale and
 * paging simply goes on. Items come back in server order with duplicate IDs dropped (a drill
 * created mid-listing shifts later pages by one).
 */
export function pageAll<T>(fetchPage: FetchPage<T>, options: PageAllOptions<T>): Promise<T[]> {
  const { limit, concurrency } = options;
  const pages = new Map<number, T[]>();
  const inFlight = new Set<number>();
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let firstShort = Infinity; // index of the first page shorter than limit
  let totalBound = Infinity; // last page index a total `count` says is worth asking for
  let next = 0;
  let window = Math.max(1, Math.min(concurrency, options.initialPages ?? concurrency));
  let settled = false;

  return new Promise<T[]>((resolve, reject) => {
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      controller.abort();
      options.signal?.removeEventListener('abort', onOuterAbort);
      reject(e);
    };
    const finish = (): void => {
      settled = true;
      // Speculative requests past the end are of no use now.
      controller.abort();
      options.signal?.removeEventListener('abort', onOuterAbort);
      const seen = new Set<string>();
      const items: T[] = [];
      for (let i = 0; i <= firstShort; i++) {
        for (const item of pages.get(i) ?? []) {
          const id = options.idOf(item);
          if (seen.has(id)) continue;
          seen.add(id);
          items.push(item);
        }
      }
      resolve(items);
    };
    const mayLaunch = (index: number): boolean => {
      if (index > firstShort) return false;
      if (index <= totalBound) return true;
      // Past the bound only if the bound's page came back full: the total was stale.
      return pages.get(totalBound)?.length === limit;
    };
    /** Every page up to the first short one is in: nothing still in flight can matter. */
    const complete = (): boolean => {
      if (firstShort === Infinity) return false;
      for (let i = 0; i <= firstShort; i++) if (!pages.has(i)) return false;
      return true;
    };
    const pump = (): void => {
      if (settled) return;
      if (options.signal?.aborted) return fail(new SdrsError({ kind: 'aborted', message: 'The request was cancelled' }));
      while (inFlight.size < window && mayLaunch(next)) start(next++);
      if (inFlight.size === 0 || complete()) finish();
    };
    const start = (index: number): void => {
      inFlight.add(index);
      fetchPage(index * limit, limit, controller.signal).then((page) => {
        inFlight.delete(index);
        if (settled) return;
        if (page.items.length > limit) {
          return fail(
            responseError(`SDRS returned ${page.items.length} items for a page of at most ${limit}`, page.requestId),
          );
        }
        pages.set(index, page.items);
        if (page.items.length < limit) firstShort = Math.min(firstShort, index);
        if (page.count !== undefined && page.count > limit) totalBound = Math.floor(page.count / limit);
        window = concurrency;
        pump();
      }, fail);
    };
    pump();
  });
}
