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
  // Listeners rather than `for await`: an async iterator costs a promise per chunk, and every call reads a body.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer | Uint8Array) => {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      total += buf.length;
      if (total > limitBytes) {
        body.off('data', onData);
        discard(body);
        reject(new BodyTooLarge(limitBytes));
        return;
      }
      chunks.push(buf);
    };
    body.on('data', onData);
    body.once('end', () => resolve(Buffer.concat(chunks, total)));
    body.once('error', reject);
    // A body destroyed before its end emits 'close' without 'end' (or before its 'error'): the same error as
    // the stream's own iterator gave.
    body.once('close', () => {
      if (!body.readableEnded) reject(body.errored ?? prematureClose());
    });
  });
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Drops a body we do not need, so its connection can return to the pool or close. */
export function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}
