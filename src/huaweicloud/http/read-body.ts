// Reading a response body with a byte cap enforced while it streams: a runaway or hostile upstream cannot
// make the exporter buffer more than the cap, whether or not it declared a Content-Length.

import type { Readable } from 'node:stream';

export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
  constructor(readonly limitBytes: number) {
    super(`response body exceeds ${limitBytes} bytes`);
  }
}

/** The declared Content-Length, when it is a plain non-negative integer. */
export function declaredLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Reads the whole body, or destroys it and throws BodyTooLarge as soon as it passes `limitBytes`
 * (or at once when Content-Length already says it will).
 */
export async function readCapped(
  body: Readable,
  limitBytes: number,
  contentLength: string | undefined,
): Promise<Buffer> {
  const declared = declaredLength(contentLength);
  if (declared !== undefined && declared > limitBytes) {
    discard(body);
    throw new BodyTooLarge(limitBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buf.length;
    if (total > limitBytes) {
      discard(body);
      throw new BodyTooLarge(limitBytes);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}

/** Drops a body we do not need, so its connection can return to the pool or close. */
export function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}
