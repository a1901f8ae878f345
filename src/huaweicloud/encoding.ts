// Percent-encoding for the wire and for the canonical request (API notes §2.1 steps 3–4, §2.3). The wire URL is
// built from the same strict encoding the signature uses, so what the gateway canonicalises from the wire is
// exactly what was signed: path segments are encoded one by one, and the wire query *is* the canonical query.

import { configError as encodingError } from './config-error.js';
import { normaliseBaseUrl } from './endpoints.js';

/** A short, printable rendering of a path or query part for error messages (these are never secrets). */
function shown(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/**
 * RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~) stay; every other UTF-8 byte becomes %XX, upper-case.
 * encodeURIComponent also leaves !'()* alone, which the gateway would encode: those are escaped here.
 */
export function encodeSegment(raw: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(raw);
  } catch {
    // A lone UTF-16 surrogate has no UTF-8 form; replacing it would sign a different name than was asked for.
    throw encodingError(`${shown(raw)} is not well-formed Unicode (lone surrogate); it cannot be encoded`);
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Orders strings by Unicode code point, which is UTF-8 byte order: what the Go and Python SDKs sort by.
 * (Plain `<` compares UTF-16 code units and puts astral characters before U+E000–U+FFFF.)
 */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * `enc(key)=enc(value)` joined by '&', sorted by the raw (decoded) key, a repeated key's values sorted as
 * strings. An empty value keeps its '=' (`key=`). No pairs → ''.
 */
export function canonicalQueryString(pairs: ReadonlyArray<readonly [string, string]>): string {
  return [...pairs]
    .sort(
      ([keyA, valueA], [keyB, valueB]) => compareCodePoints(keyA, keyB) || compareCodePoints(valueA, valueB),
    )
    .map(([key, value]) => `${encodeSegment(key)}=${encodeSegment(value)}`)
    .join('&');
}

/** decodeURIComponent with an error that says which part of the wire URL was wrong. */
export function percentDecode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw encodingError(`${what} ${shown(text)} has a malformed percent-escape`);
  }
}

/**
 * The canonical URI of an (encoded) wire path: each '/'-separated segment decoded and re-encoded strictly,
 * then a trailing '/' added when missing (the request itself is sent without it). '' → '/'.
 */
export function canonicalUri(wirePath: string): string {
  const path = wirePath.startsWith('/') ? wirePath : `/${wirePath}`;
  const canonical = path
    .split('/')
    .map((segment) => encodeSegment(percentDecode(segment, 'path segment')))
    .join('/');
  return canonical.endsWith('/') ? canonical : `${canonical}/`;
}

/** Decoded (key, value) pairs of a wire query (`?` optional); a bare `key` has the value ''. '+' is literal. */
export function parseWireQuery(search: string): Array<[string, string]> {
  const text = search.startsWith('?') ? search.slice(1) : search;
  const pairs: Array<[string, string]> = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([percentDecode(key, 'query key'), percentDecode(value, 'query value')]);
  }
  return pairs;
}

function checkSegment(segment: string, index: number): void {
  // WHATWG URL (and so undici) would collapse '.'/'..' and an empty segment is always a missing id upstream;
  // no SWR/HSS/APIG name can be any of these, so refusing them costs nothing and stops path confusion.
  if (segment === '') throw encodingError(`path segment ${index} is empty`);
  if (segment === '.' || segment === '..') {
    throw encodingError(
      `path segment ${index} is ${shown(segment)}, which URLs collapse; refusing to send it`,
    );
  }
}

/** Endpoints already validated: a client has a handful, and every call used to parse its base URL anew. */
const validatedRoots = new Map<string, string>();
const MAX_VALIDATED_ROOTS = 256;

/** normaliseBaseUrl of `base`, remembered once it passed (a base that fails is checked, and fails, every time). */
function validatedRoot(base: string): string {
  const known = validatedRoots.get(base);
  if (known !== undefined) return known;
  const root = normaliseBaseUrl(base, 'endpoint');
  if (validatedRoots.size >= MAX_VALIDATED_ROOTS) validatedRoots.clear();
  validatedRoots.set(base, root);
  return root;
}

/**
 * The URL to put on the wire: base (`scheme://host[:port][/prefix]`, validated) + each segment strictly
 * encoded + the canonical query string as the query. WHATWG URL parsing leaves this URL unchanged.
 */
export function buildWireUrl(
  base: string,
  segments: readonly string[],
  query: ReadonlyArray<readonly [string, string]> = [],
): URL {
  const root = validatedRoot(base);
  segments.forEach(checkSegment);
  const path = segments.map((segment) => `/${encodeSegment(segment)}`).join('');
  const search = canonicalQueryString(query);
  return new URL(`${root}${path}${search === '' ? '' : `?${search}`}`);
}
