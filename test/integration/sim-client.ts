// Test-only helpers for talking to the simulator: a tiny SDK-HMAC-SHA256 signer written independently of both
// src/huaweicloud and src/simulator/auth (encodeURIComponent-based), and a fetch wrapper.

import { createHash, createHmac } from 'node:crypto';

/** RFC 3986 strict: encodeURIComponent leaves !'()* alone, the signing rules do not. */
export function enc(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function sdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export interface SignInput {
  method?: string;
  /** Decoded path segments, the service prefix included: ['swr', 'v2', pid, 'instances']. */
  segments: string[];
  query?: Array<[string, string]>;
  headers?: Record<string, string>;
  body?: string;
  ak: string;
  sk: string;
  securityToken?: string;
  date?: Date;
}

export interface SignedRequest {
  method: string;
  /** Path and query to put on the wire. */
  pathAndQuery: string;
  headers: Record<string, string>;
  body: string;
}

export function sign(host: string, input: SignInput): SignedRequest {
  const method = input.method ?? 'GET';
  const path = `/${input.segments.map(enc).join('/')}`;
  const query = [...(input.query ?? [])]
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
  const headers: Record<string, string> = {
    ...(input.headers ?? {}),
    host,
    'x-sdk-date': sdkDate(input.date ?? new Date()),
  };
  if (input.securityToken !== undefined) headers['x-security-token'] = input.securityToken;
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const canonical = [
    method,
    path.endsWith('/') ? path : `${path}/`,
    query,
    names.map((n) => `${n}:${lower[n]}\n`).join(''),
    names.join(';'),
    createHash('sha256')
      .update(input.body ?? '')
      .digest('hex'),
  ].join('\n');
  const canonicalHash = createHash('sha256').update(canonical).digest('hex');
  const stringToSign = `SDK-HMAC-SHA256\n${headers['x-sdk-date']}\n${canonicalHash}`;
  const signature = createHmac('sha256', input.sk).update(stringToSign).digest('hex');
  headers.authorization = `SDK-HMAC-SHA256 Access=${input.ak}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  delete headers.host; // fetch sets Host itself, with the same value
  return { method, pathAndQuery: query ? `${path}?${query}` : path, headers, body: input.body ?? '' };
}

export interface SimResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests poke into JSON bodies freely
  json: any;
}

export async function send(baseUrl: string, req: SignedRequest): Promise<SimResponse> {
  const init: RequestInit = { method: req.method, headers: req.headers };
  if (req.body !== '') init.body = req.body;
  const res = await fetch(`${baseUrl}${req.pathAndQuery}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Signs with the given credentials and sends to the simulator at `url` (http://127.0.0.1:PORT). */
export async function signedCall(url: string, input: SignInput): Promise<SimResponse> {
  return send(url, sign(new URL(url).host, input));
}

/** Unsigned call (control API, metadata, IAM token). */
export async function rawCall(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<SimResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  return send(url, {
    method,
    pathAndQuery: path,
    headers: init.headers as Record<string, string>,
    body: (init.body as string | undefined) ?? '',
  });
}
