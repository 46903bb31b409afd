// Fetches every page of an offset-paged list concurrently, without trusting `count` to be the total.
import { responseError, SdrsError } from './errors';

/** Most items one listing may return; a server that pages past this is ignoring `offset` or listing without end. */
export const MAX_LISTED_ITEMS = 200_000;
/**
 * Most pages one listing may ask for, so a server that lists without end stops within seconds at any page size (at
 * pageSize 5 the item ceiling alone allows 40,000 requests). 2,000 pages hold the 200,000-item ceiling at 100 a page;
 * at the default of 1000 the item ceiling comes first, and below 100 a page the longest listing is 2,000 × pageSize.
 */
export const MAX_LISTED_PAGES = 2_000;

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
  /**
   * The page the listing is expected to end on (from the last listing's size): pages past it are asked for only once it
   * has come back full, as for a total `count`, so a page-length `count` does not open the whole window for nothing.
   */
  expectedLastPage?: number;
  signal?: AbortSignal;
  idOf: (item: T) => string;
  /** Ceiling on the items of one listing (default MAX_LISTED_ITEMS); past it the listing fails. */
  maxItems?: number;
  /** Ceiling on the pages of one listing (default MAX_LISTED_PAGES); past it the listing fails. */
  maxPages?: number;
  /** What is listed, plural, for the ceiling error ("drills"); default "items". */
  noun?: string;
}

export type FetchPage<T> = (offset: number, limit: number, signal: AbortSignal) => Promise<Page<T>>;

/**
 * Keeps up to `concurrency` pages in flight at offsets 0, L, 2L, … and stops at the first page
 * shorter than L, which is the only reliable end marker. A `count` above L can only be a total,
 * so it bounds speculation; if the page at that bound is still full, the total was stale and
 * paging simply goes on. Items come back in server order with duplicate IDs dropped (a drill
 * created mid-listing shifts later pages by one).
 *
 * Two guards make every listing end, whatever the server does. Pages are judged in index order
 * (they may arrive in any order): a full page whose IDs all appeared on earlier pages means the
 * server is repeating itself (it ignores `offset`), so the listing ends before that page. And a
 * listing that would exceed `maxItems` fails with a `response` error naming the limit. Requests run
 * at most 2 × `concurrency` pages ahead of the first page not yet judged, and none is started once
 * the returned promise has settled.
 */
export function pageAll<T>(fetchPage: FetchPage<T>, options: PageAllOptions<T>): Promise<T[]> {
  const { limit, concurrency } = options;
  const maxItems = options.maxItems ?? MAX_LISTED_ITEMS;
  if (!Number.isSafeInteger(maxItems) || maxItems < 1) throw new RangeError(`pageAll: maxItems must be a positive whole number (got ${maxItems})`);
  const maxPages = options.maxPages ?? MAX_LISTED_PAGES;
  if (!Number.isSafeInteger(maxPages) || maxPages < 1) throw new RangeError(`pageAll: maxPages must be a positive whole number (got ${maxPages})`);
  // Pages 0..itemCeilingPage hold more than maxItems positions when all are full, and pages 0..maxPages-1 are all one
  // listing may ask for: never ask past either.
  const itemCeilingPage = Math.floor(maxItems / limit);
  const ceilingPage = Math.min(itemCeilingPage, maxPages - 1);
  const pages = new Map<number, Page<T>>();
  const inFlight = new Set<number>();
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let firstShort = Infinity; // index of the first page shorter than limit seen so far, in any order
  let totalBound = Infinity; // last page index a total `count` says is worth asking for
  const expectedLastPage = options.expectedLastPage ?? Infinity;
  let next = 0;
  let window = Math.max(1, Math.min(concurrency, options.initialPages ?? concurrency));
  // Pages requested past the first one not yet judged: twice the window keeps requests flowing when answers come out of order.
  const lookahead = 2 * concurrency;
  let settled = false;
  // Pages before `scanned` have been judged in index order; their items are in `items`.
  let scanned = 0;
  const seen = new Set<string>();
  const items: T[] = [];

  return new Promise<T[]>((resolve, reject) => {
    const settle = (): void => {
      settled = true;
      // Requests still in flight (speculation past the end, or siblings of a failure) are of no use now.
      controller.abort();
      options.signal?.removeEventListener('abort', onOuterAbort);
    };
    const fail = (e: unknown): void => {
      if (settled) return;
      settle();
      reject(e);
    };
    const finish = (): void => {
      if (settled) return;
      settle();
      resolve(items);
    };
    const tooMany = (requestId: string | undefined): SdrsError =>
      items.length > maxItems || ceilingPage === itemCeilingPage
        ? responseError(
            `SDRS listed more than ${maxItems.toLocaleString('en-US')} ${options.noun ?? 'items'}; stopped there (is the server ignoring offset?)`,
            requestId,
          )
        : responseError(
            `SDRS listed ${maxPages.toLocaleString('en-US')} full pages of ${limit} ${options.noun ?? 'items'} and no end; stopped there (raise sdrs.pageSize to list more per request, or the server is ignoring offset)`,
            requestId,
          );
    const mayLaunch = (index: number): boolean => {
      if (index > firstShort || index > ceilingPage) return false;
      // A slow early page must not let fast later ones run ahead without bound (a server that repeats
      // itself is only recognised once the earlier pages are in).
      if (index >= scanned + lookahead) return false;
      // Past a bound only once the bound's page came back full: the total (or the expected size) was stale.
      const past = (bound: number): boolean => index > bound && pages.get(bound)?.items.length !== limit;
      return !past(totalBound) && !past(expectedLastPage);
    };
    /** Judges the pages that are now contiguous from `scanned`; settles once the end is known. */
    const scan = (): void => {
      for (let page = pages.get(scanned); page && !settled; page = pages.get(++scanned)) {
        const full = page.items.length === limit;
        // A full page that adds nothing: the server repeats itself, and the listing is what came before.
        if (full && page.items.every((item) => seen.has(options.idOf(item)))) return finish();
        for (const item of page.items) {
          const id = options.idOf(item);
          if (seen.has(id)) continue;
          seen.add(id);
          items.push(item);
        }
        if (items.length > maxItems || (full && scanned >= ceilingPage)) return fail(tooMany(page.requestId));
        if (!full) return finish();
      }
    };
    const pump = (): void => {
      if (settled) return;
      if (options.signal?.aborted) return fail(new SdrsError({ kind: 'aborted', message: 'The request was cancelled' }));
      while (inFlight.size < window && mayLaunch(next)) start(next++);
      // Defensive: nothing in flight and nothing to ask means every page there is has been judged.
      if (inFlight.size === 0) finish();
    };
    const start = (index: number): void => {
      inFlight.add(index);
      fetchPage(index * limit, limit, controller.signal).then((page) => {
        inFlight.delete(index);
        if (settled) return;
        if (!Array.isArray(page.items)) return fail(responseError('SDRS returned a page without a list of items', page.requestId));
        if (page.items.length > limit) {
          return fail(responseError(`SDRS returned ${page.items.length} items for a page of at most ${limit}`, page.requestId));
        }
        pages.set(index, page);
        if (page.items.length < limit) firstShort = Math.min(firstShort, index);
        if (page.count !== undefined && page.count > limit) totalBound = Math.floor(page.count / limit);
        window = concurrency;
        scan();
        pump();
      }, fail);
    };
    pump();
  });
}
