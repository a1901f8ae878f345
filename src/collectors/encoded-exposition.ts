// The collected families of all units as served: the units' encoded pieces placed by reference under one
// header per family (the format forbids repeating a family), in catalog order. Nothing is copied, so a set
// of snapshots tens of megabytes large costs an array of references per refresh, not a concatenation.

import type { MetricFamily } from './catalog.js';
import { type EncodedFamilies, renderHeader } from './render.js';
import type { ChunkedBytes, EncodedExposition } from './types.js';

const headers = new WeakMap<MetricFamily, Buffer>();

function headerBytes(family: MetricFamily): Buffer {
  let bytes = headers.get(family);
  if (bytes === undefined) {
    bytes = Buffer.from(renderHeader(family), 'utf8');
    headers.set(family, bytes);
  }
  return bytes;
}

export function assembleEncoded(
  families: readonly MetricFamily[],
  snapshots: ReadonlyArray<EncodedFamilies | undefined>,
): ChunkedBytes {
  const chunks: Buffer[] = [];
  let byteLength = 0;
  for (const family of families) {
    let headed = false;
    for (const snapshot of snapshots) {
      const pieces = snapshot?.get(family.name);
      if (pieces === undefined || pieces.length === 0) continue;
      if (!headed) {
        const header = headerBytes(family);
        chunks.push(header);
        byteLength += header.length;
        headed = true;
      }
      for (const piece of pieces) {
        chunks.push(piece);
        byteLength += piece.length;
      }
    }
  }
  return { chunks, byteLength };
}

/** The exposition as one string, for callers that want text (tests, small probe answers); pieces are whole lines. */
export function expositionText(exposition: EncodedExposition): string {
  let text = '';
  for (const chunk of exposition.collected.chunks) text += chunk.toString('utf8');
  return text + exposition.tail.toString('utf8');
}
