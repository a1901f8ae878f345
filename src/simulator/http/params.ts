// Query/path parameter rules per service (docs §4, §5, §7). Each parser returns the value or a detail that
// names the parameter; routes turn the detail into the service's own 400 body (errors.ts).

import { percentDecode } from '../auth/canonical.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; detail: string };

const INTEGER = /^[+-]?\d+$/;
const INT32_MAX = 2_147_483_647;

/** Decoded query parameters; a repeated key keeps its first value. '+' stays '+' (same rule as the verifier). */
export function parseQuery(url: string): Map<string, string> {
  const query = new Map<string, string>();
  const start = url.indexOf('?');
  if (start < 0) return query;
  for (const piece of url.slice(start + 1).split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = percentDecode(eq < 0 ? piece : piece.slice(0, eq)).toString('utf8');
    const value = percentDecode(eq < 0 ? '' : piece.slice(eq + 1)).toString('utf8');
    if (!query.has(key)) query.set(key, value);
  }
  return query;
}

/** An optional integer parameter; absent → undefined, present but not an integer → error. */
export function optionalInteger(
  query: Map<string, string>,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): Parsed<number | undefined> {
  const raw = query.get(name);
  if (raw === undefined) return { ok: true, value: undefined };
  if (!INTEGER.test(raw)) return { ok: false, detail: `${name} must be an integer, got '${raw}'` };
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || Math.abs(value) > max) {
    return { ok: false, detail: `${name} is out of range, got '${raw}'` };
  }
  return { ok: true, value };
}

/** Integer path ids (policy_id, execution_id, registry_id are Integer in the API docs). */
export function pathInteger(raw: string, name: string): Parsed<number> {
  if (!/^\d+$/.test(raw)) return { ok: false, detail: `${name} must be an integer, got '${raw}'` };
  const value = Number(raw);
  if (value > INT32_MAX) return { ok: false, detail: `${name} is out of range, got '${raw}'` };
  return { ok: true, value };
}

export interface PageWindow {
  offset: number;
  limit: number;
}

export interface SwrPageRules {
  defaultLimit: number;
  /** ListInstance documents limit ≤ 100 but not the multiple rule; the other SWR lists document both. */
  offsetMultipleOfLimit: boolean;
}

/** SWR Enterprise: limit 1..100, offset ≥ 0 and 0 or a multiple of limit (docs §4.1, §7). */
export function swrPage(query: Map<string, string>, rules: SwrPageRules): Parsed<PageWindow> {
  const offset = optionalInteger(query, 'offset', INT32_MAX);
  if (!offset.ok) return offset;
  const limit = optionalInteger(query, 'limit', INT32_MAX);
  if (!limit.ok) return limit;
  const window = { offset: offset.value ?? 0, limit: limit.value ?? rules.defaultLimit };
  if (window.limit < 1 || window.limit > 100) {
    return { ok: false, detail: `limit must be between 1 and 100, got ${window.limit}` };
  }
  if (window.offset < 0) return { ok: false, detail: `offset must not be negative, got ${window.offset}` };
  if (rules.offsetMultipleOfLimit && window.offset % window.limit !== 0) {
    return {
      ok: false,
      detail: `offset must be 0 or a multiple of limit, got offset=${window.offset} limit=${window.limit}`,
    };
  }
  return { ok: true, value: window };
}

/** HSS ListRegistry: offset 0..2 000 000, limit 10..200 (seed 002); violations are 400 HSS.0001 (inferred). */
export function hssPage(query: Map<string, string>): Parsed<PageWindow> {
  const offset = optionalInteger(query, 'offset', INT32_MAX);
  if (!offset.ok) return offset;
  const limit = optionalInteger(query, 'limit', INT32_MAX);
  if (!limit.ok) return limit;
  const window = { offset: offset.value ?? 0, limit: limit.value ?? 10 };
  if (window.offset < 0 || window.offset > 2_000_000) {
    return { ok: false, detail: `offset must be between 0 and 2000000, got ${window.offset}` };
  }
  if (window.limit < 10 || window.limit > 200) {
    return { ok: false, detail: `limit must be between 10 and 200, got ${window.limit}` };
  }
  return { ok: true, value: window };
}

/**
 * APIG/ROMA: out-of-range values are clamped, not rejected (seed 003, docs §7): offset < 0 → 0, limit ≤ 0 → 20,
 * limit > 500 → 500. Only a value that is not a number at all is a 400 (APIG.2012, `parameterName:` as in the seed).
 */
export function gatewayPage(query: Map<string, string>): Parsed<PageWindow> {
  const offset = optionalInteger(query, 'offset');
  if (!offset.ok) return { ok: false, detail: `parameterName:offset. ${offset.detail}` };
  const limit = optionalInteger(query, 'limit');
  if (!limit.ok) return { ok: false, detail: `parameterName:limit. ${limit.detail}` };
  const rawLimit = limit.value ?? 20;
  return {
    ok: true,
    value: {
      offset: Math.max(0, offset.value ?? 0),
      limit: rawLimit <= 0 ? 20 : Math.min(rawLimit, 500),
    },
  };
}

/** Optional string filter with the documented length range. */
export function optionalText(
  query: Map<string, string>,
  name: string,
  minLength: number,
  maxLength: number,
): Parsed<string | undefined> {
  const raw = query.get(name);
  if (raw === undefined) return { ok: true, value: undefined };
  const length = [...raw].length;
  if (length < minLength || length > maxLength) {
    return {
      ok: false,
      detail: `${name} must be ${minLength} to ${maxLength} characters long, got ${length}`,
    };
  }
  return { ok: true, value: raw };
}

/** Optional enum filter: a value outside the allowed set is a 400 naming the allowed values. */
export function optionalEnum(
  query: Map<string, string>,
  name: string,
  allowed: readonly string[],
): Parsed<string | undefined> {
  const raw = query.get(name);
  if (raw === undefined || allowed.includes(raw)) return { ok: true, value: raw };
  return { ok: false, detail: `${name} must be one of ${allowed.join(', ')}, got '${raw}'` };
}

export function pageOf<T>(items: readonly T[], window: PageWindow): T[] {
  return items.slice(window.offset, window.offset + window.limit);
}
