// Damaged answers for the body faults (faults.ts): wrong JSON types, missing fields, truncated or malformed
// JSON, a huge body, a body that drips in slowly. The writers stream so a 16 MiB body costs no 16 MiB buffer.

import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Numbers become strings, strings become numbers, booleans become strings — at the top and in first items. */
function flipTypes(record: Record<string, Json>): void {
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'number') record[key] = String(value);
    else if (typeof value === 'string') record[key] = value.length;
    else if (typeof value === 'boolean') record[key] = String(value);
  }
}

export function withWrongTypes(body: unknown): unknown {
  const copy = structuredClone(body) as Json;
  if (!isObject(copy)) return copy;
  for (const [key, value] of Object.entries(copy)) {
    if (Array.isArray(value)) {
      const first = value[0];
      if (isObject(first)) flipTypes(first);
      else copy[key] = { unexpected: 'object instead of a list' };
    } else if (isObject(value)) {
      flipTypes(value);
    }
  }
  flipTypes(copy);
  return copy;
}

// Fields clients key on: ids, statuses, totals, expiries and credentials' parts.
const KEY_FIELDS = [
  'id',
  'status',
  'total',
  'total_num',
  'size',
  'expires_at',
  'securitytoken',
  'name',
  'policy_id',
];

function dropKeyFields(record: Record<string, Json>): void {
  for (const field of KEY_FIELDS) delete record[field];
}

export function withMissingFields(body: unknown): unknown {
  const copy = structuredClone(body) as Json;
  if (!isObject(copy)) return copy;
  for (const value of Object.values(copy)) {
    if (Array.isArray(value) && isObject(value[0])) dropKeyFields(value[0]);
    else if (isObject(value)) dropKeyFields(value);
  }
  dropKeyFields(copy);
  return copy;
}

/** Valid framing, invalid JSON: the closing brace gets a dangling comma. */
export function malformed(text: string): string {
  return text.endsWith('}') ? `${text.slice(0, -1)},}` : `${text},`;
}

/** The first half of the bytes, sent as a complete answer (so the client sees bad JSON, not a broken socket). */
export function truncated(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

async function write(res: ServerResponse, chunk: string | Buffer): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.once('drain', done);
      res.once('close', done);
    });
  }
  return !res.destroyed;
}

/**
 * A valid JSON object padded to `totalBytes` with a leading `_padding` string: the real fields are still
 * there, so only a client without a size cap would parse it.
 */
export async function writeHuge(res: ServerResponse, text: string, totalBytes: number): Promise<void> {
  const rest = text === '{}' ? '}' : `,${text.slice(1)}`;
  const head = '{"_padding":"';
  const tail = `"${rest}`;
  const fixed = Buffer.byteLength(head) + Buffer.byteLength(tail);
  let padding = Math.max(0, totalBytes - fixed);
  res.setHeader('content-length', String(fixed + padding));
  if (!(await write(res, head))) return;
  const block = 'x'.repeat(64 * 1024);
  while (padding > 0) {
    const size = Math.min(padding, block.length);
    if (!(await write(res, size === block.length ? block : block.slice(0, size)))) return;
    padding -= size;
  }
  if (await write(res, tail)) res.end();
}

/** The whole body in small chunks with a pause between them (slow upstream). */
export async function writeDrip(
  res: ServerResponse,
  text: string,
  chunkBytes: number,
  intervalMs: number,
  signal: AbortSignal,
): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  res.setHeader('content-length', String(bytes.length));
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    if (offset > 0) {
      try {
        await sleep(intervalMs, undefined, { signal });
      } catch {
        res.destroy();
        return;
      }
    }
    if (!(await write(res, bytes.subarray(offset, offset + chunkBytes)))) return;
  }
  res.end();
}
