// SDK-HMAC-SHA256 request signing, exactly as API notes §2.1: canonical request, string to sign, HMAC with the
// raw SK as key, Authorization header. Pure functions: no clock unless `date` is omitted, no I/O.

import { createHash, createHmac } from 'node:crypto';
import { configError as signingError } from './config-error.js';
import { canonicalQueryString, canonicalUri, parseWireQuery } from './encoding.js';

export { buildWireUrl, canonicalQueryString, canonicalUri, encodeSegment } from './encoding.js';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
const SDK_DATE = /^\d{8}T\d{6}Z$/;
/** RFC 9110 token: anything else cannot be a header name on the wire. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** CR/LF would split the header on the wire (and the canonical header block); NUL is never valid. */
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;
/** Printable ASCII without ',' or space: the AK is embedded in the comma-separated Authorization value. */
const ACCESS_KEY = /^[\x21-\x2b\x2d-\x7e]+$/;

/** Headers the signer sets itself; a caller's copy is dropped so the one sent is the one signed. */
const OWN_HEADERS = new Set(['host', 'x-sdk-date', 'authorization']);
const CONTENT_SHA256 = 'x-sdk-content-sha256';

export interface SignInput {
  method: string;
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: string;
  ak: string;
  sk: string;
  /** YYYYMMDDTHHMMSSZ; default now */
  date?: string | undefined;
}

export interface SignResult {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  signedHeaders: string;
  authorization: string;
  /** complete headers to send: caller's + Host + X-Sdk-Date + Authorization */
  headers: Record<string, string>;
}

/** 20191115T033655Z (UTC, no separators, no fraction). */
export function formatSdkDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

/** The caller's headers, checked: valid names, no line breaks in values, each name once (any case). */
function checkedHeaders(headers: Readonly<Record<string, string>>): Array<[string, string]> {
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw signingError(`header name ${JSON.stringify(name)} is not valid`);
    // The value is not quoted: it may be a token.
    if (FORBIDDEN_IN_VALUE.test(value)) throw signingError(`header ${name} contains a line break or NUL`);
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw signingError(`header ${name} is given twice (names are case-insensitive)`);
    seen.add(lower);
    out.push([name, value]);
  }
  return out;
}

function sdkDate(input: SignInput, headers: ReadonlyArray<[string, string]>): string {
  if (input.date !== undefined) {
    if (!SDK_DATE.test(input.date)) throw signingError('date must look like 20240315T093054Z');
    return input.date;
  }
  // Like the SDKs, a well-formed X-Sdk-Date the caller already set is reused; anything else means "now".
  const given = headers.find(([name]) => name.toLowerCase() === 'x-sdk-date')?.[1].trim();
  return given !== undefined && SDK_DATE.test(given) ? given : formatSdkDate(new Date());
}

export function sign(input: SignInput): SignResult {
  if (!ACCESS_KEY.test(input.ak)) {
    throw signingError('access key is empty or holds characters not allowed in an Authorization header');
  }
  if (input.sk === '') throw signingError('secret key is empty');
  const callerHeaders = checkedHeaders(input.headers);
  const date = sdkDate(input, callerHeaders);

  const toSend: Record<string, string> = {};
  for (const [name, value] of callerHeaders) {
    if (!OWN_HEADERS.has(name.toLowerCase())) toSend[name] = value;
  }
  toSend.Host = input.url.host;
  toSend['X-Sdk-Date'] = date;

  // Go and Python leave names with '_' unsigned (proxies such as nginx drop them); Node signs them. Following
  // Go/Python keeps a signature valid whether or not such a header survives the trip.
  const canonicalHeaders = Object.entries(toSend)
    .map(([name, value]): [string, string] => [name.toLowerCase(), value.trim()])
    .filter(([name]) => !name.includes('_'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = canonicalHeaders.map(([name]) => name).join(';');
  const payloadHash =
    canonicalHeaders.find(([name]) => name === CONTENT_SHA256)?.[1] ?? sha256Hex(input.body);

  const canonicalRequest = [
    input.method,
    canonicalUri(input.url.pathname),
    canonicalQueryString(parseWireQuery(input.url.search)),
    canonicalHeaders.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const stringToSign = `${SIGNING_ALGORITHM}\n${date}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', Buffer.from(input.sk, 'utf8'))
    .update(stringToSign, 'utf8')
    .digest('hex');
  const authorization = `${SIGNING_ALGORITHM} Access=${input.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  toSend.Authorization = authorization;

  return { canonicalRequest, stringToSign, signature, signedHeaders, authorization, headers: toSend };
}
