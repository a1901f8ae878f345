// One paginator for every list API, parameterised by the API's paging rule (docs §7, issue 2 item 5).
//
// Stop conditions: an empty page; the next offset reaching the last reported total; a short page when the API
// reports no total. Totals may change between pages (resources created/deleted mid-read): the latest total
// wins, items already seen are skipped by id, and the offset only ever grows, so a bounded total always ends
// the loop. A total that keeps growing (or a server that ignores offsets) hits the page cap → 'PAGINATION'.
//
// Read-ahead: with page offsets and a reported total, the pages that total still calls for are requested
// before the current one is handled (at most READ_AHEAD_PAGES ahead), so a list of N pages costs about two
// round trips instead of N. Pages are still handled strictly in order by the rules above; a page requested
// ahead that those rules never reach (the list shrank, a page came back empty) is dropped, failure included.
// A list that fails aborts the pages it still has in flight: nothing should keep a request slot, or retry,
// for a list nobody is reading any more. One that ends normally lets them finish (they are answered anyway,
// and an abort would count as a request without response).
// Record offsets depend on what the previous page held, so they are read one page after the other.

import type { Listed } from './call-options.js';
import { configError } from './config-error.js';
import { HuaweiCloudError } from './errors.js';
import type { Page } from './models.js';
import type { ServiceName } from './observer.js';
import { abortedError } from './operations/abort.js';

export interface PagingRule {
  /** Page size sent on every request. */
  limit: number;
  /**
   * 'page': offset = page index × limit (SWR: offset must be 0 or a multiple of limit).
   * 'record': offset = records received so far (HSS, APIG/ROMA: offset is a record offset).
   */
  offset: 'page' | 'record';
}

/** SWR Enterprise lists: limit ≤ 100, offset a multiple of limit. */
export const SWR_PAGING: PagingRule = { limit: 100, offset: 'page' };
/** HSS ListRegistry: limit 10–200, record offset. */
export const HSS_PAGING: PagingRule = { limit: 200, offset: 'record' };
/** APIG / ROMA lists: limit 1–500, record offset. */
export const APIG_PAGING: PagingRule = { limit: 500, offset: 'record' };

export const DEFAULT_MAX_PAGES = 1000;
/**
 * Page requests a list keeps in flight beyond the one it waits for. The service's concurrency cap still
 * decides how many are on the wire; this only bounds what one list queues at that cap.
 */
export const READ_AHEAD_PAGES = 8;

export interface PageRequest {
  offset: number;
  limit: number;
}

export interface ListAllOptions<T> {
  operation: string;
  service: ServiceName;
  rule: PagingRule;
  /** `signal` is the list's: the caller's signal, also aborted when the list fails (see the file comment). */
  fetchPage(page: PageRequest, signal: AbortSignal): Promise<Page<T>>;
  /** Identity of an item, to drop duplicates when items shift between pages. */
  keyOf(item: T): string | number;
  maxPages?: number | undefined;
  maxItems?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Each page's new items, once that page is handled (see StreamedListOptions in api.ts). */
  onItems?: ((items: readonly T[]) => void) | undefined;
}

function checkCount(value: number | undefined, name: string, min: number, o: ListAllOptions<unknown>): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
    throw configError(`${name} must be an integer >= ${min}`, o.service, o.operation);
  }
}

/** Reads every page of a list (up to maxItems) following the rule; see the file comment for the stop rules. */
export async function listAll<T>(o: ListAllOptions<T>): Promise<Listed<T>> {
  const maxPages = o.maxPages ?? DEFAULT_MAX_PAGES;
  checkCount(o.rule.limit, 'page limit', 1, o as ListAllOptions<unknown>);
  checkCount(maxPages, 'maxPages', 1, o as ListAllOptions<unknown>);
  checkCount(o.maxItems, 'maxItems', 0, o as ListAllOptions<unknown>);
  const failed = new AbortController();
  const signal = o.signal === undefined ? failed.signal : AbortSignal.any([o.signal, failed.signal]);
  try {
    return await readPages(o, maxPages, signal);
  } catch (error) {
    failed.abort(error);
    throw error;
  }
}

async function readPages<T>(o: ListAllOptions<T>, maxPages: number, signal: AbortSignal): Promise<Listed<T>> {
  const { limit } = o.rule;
  const seen = new Set<string | number>();
  const items: T[] = [];
  let total: number | undefined;
  let offset = 0;
  const ahead = new ReadAhead(o, maxPages, signal);

  for (let pageIndex = 0; ; pageIndex++) {
    if (pageIndex >= maxPages) {
      throw new HuaweiCloudError({
        code: 'PAGINATION',
        message:
          `${o.operation}: still more to read after ${maxPages} pages of ${limit} ` +
          `(last reported total ${total ?? 'unknown'}, ${items.length} items read); raise maxPages if the list is really this long`,
        operation: o.operation,
        service: o.service,
      });
    }
    if (o.signal?.aborted) throw abortedError(o.signal, o.service, o.operation);
    if (o.rule.offset === 'page' && total !== undefined) ahead.request(pageIndex, total);
    const page = await ahead.take(pageIndex, offset);
    if (page.total !== undefined) total = page.total;
    const before = items.length;
    for (const item of page.items) {
      const key = o.keyOf(item);
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(item);
    }
    if (o.onItems !== undefined) {
      const fresh = items.slice(before, Math.min(items.length, o.maxItems ?? items.length));
      if (fresh.length > 0) o.onItems(fresh);
    }
    // Skipped records (schemas/records.ts) still took their place on the page: count what was received.
    const received = page.received ?? page.items.length;
    offset = o.rule.offset === 'page' ? (pageIndex + 1) * limit : offset + received;
    const more = received > 0 && (total === undefined ? received >= limit : offset < total);

    if (o.maxItems !== undefined && items.length >= o.maxItems) {
      const truncated = items.length > o.maxItems || more;
      items.length = o.maxItems;
      return { items, total: total ?? (truncated ? seen.size : items.length), truncated };
    }
    if (!more) return { items, total: total ?? items.length, truncated: false };
  }
}

/** Pages requested before their turn (page offsets only), keyed by page index. */
class ReadAhead<T> {
  readonly #pages = new Map<number, Promise<Page<T>>>();
  /** Lowest page index not requested yet. */
  #next = 0;
  /** Pages worth requesting at all: the page cap, and enough pages for maxItems (at least one). */
  readonly #lastIndex: number;

  constructor(
    private readonly o: ListAllOptions<T>,
    maxPages: number,
    private readonly signal: AbortSignal,
  ) {
    const forItems =
      o.maxItems === undefined ? Number.POSITIVE_INFINITY : Math.max(1, Math.ceil(o.maxItems / o.rule.limit));
    this.#lastIndex = Math.min(maxPages, forItems) - 1;
  }

  /** Requests, in order, page `current` and those after it that `total` calls for (READ_AHEAD_PAGES at most). */
  request(current: number, total: number): void {
    const { limit } = this.o.rule;
    const last = Math.min(this.#lastIndex, Math.ceil(total / limit) - 1, current + READ_AHEAD_PAGES);
    for (let index = Math.max(this.#next, current); index <= last; index++) {
      const page = this.o.fetchPage({ offset: index * limit, limit }, this.signal);
      // A page the loop never takes must not surface as an unhandled rejection; take() still sees the error.
      page.catch(() => {});
      this.#pages.set(index, page);
      this.#next = index + 1;
    }
  }

  /** The page at `index`: the one requested ahead, or a request now. */
  take(index: number, offset: number): Promise<Page<T>> {
    const early = this.#pages.get(index);
    if (early === undefined) {
      this.#next = Math.max(this.#next, index + 1);
      return this.o.fetchPage({ offset, limit: this.o.rule.limit }, this.signal);
    }
    this.#pages.delete(index);
    return early;
  }
}
