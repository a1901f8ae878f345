// One paginator for every list API, parameterised by the API's paging rule (docs §7, issue 2 item 5).
//
// Stop conditions: an empty page; the next offset reaching the last reported total; a short page when the API
// reports no total. Totals may change between pages (resources created/deleted mid-read): the latest total
// wins, items already seen are skipped by id, and the offset only ever grows, so a bounded total always ends
// the loop. A total that keeps growing (or a server that ignores offsets) hits the page cap → 'PAGINATION'.

import type { Listed } from './api.js';
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

export interface PageRequest {
  offset: number;
  limit: number;
}

export interface ListAllOptions<T> {
  operation: string;
  service: ServiceName;
  rule: PagingRule;
  fetchPage(page: PageRequest): Promise<Page<T>>;
  /** Identity of an item, to drop duplicates when items shift between pages. */
  keyOf(item: T): string | number;
  maxPages?: number | undefined;
  maxItems?: number | undefined;
  signal?: AbortSignal | undefined;
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
  const { limit } = o.rule;
  const seen = new Set<string | number>();
  const items: T[] = [];
  let total: number | undefined;
  let offset = 0;

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
    const page = await o.fetchPage({ offset, limit });
    if (page.total !== undefined) total = page.total;
    for (const item of page.items) {
      const key = o.keyOf(item);
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(item);
    }
    offset = o.rule.offset === 'page' ? (pageIndex + 1) * limit : offset + page.items.length;
    const more = page.items.length > 0 && (total === undefined ? page.items.length >= limit : offset < total);

    if (o.maxItems !== undefined && items.length >= o.maxItems) {
      const truncated = items.length > o.maxItems || more;
      items.length = o.maxItems;
      return { items, total: total ?? (truncated ? seen.size : items.length), truncated };
    }
    if (!more) return { items, total: total ?? items.length, truncated: false };
  }
}
