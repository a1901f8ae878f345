// The encoded exposition against the text one: the pieces a refresh encodes and a scrape assembles by
// reference are, joined, the very bytes of the single-string rendering, with one header per family across
// regions, and every piece holds whole lines (so pieces can be decoded and sent one by one).

import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../src/collectors/catalog.js';
import { assembleEncoded, expositionText } from '../../src/collectors/encoded-exposition.js';
import {
  assembleExposition,
  ENCODED_CHUNK_CHARS,
  LabelPrefix,
  SeriesWriter,
} from '../../src/collectors/render.js';

const info: MetricFamily = {
  name: 'x_info',
  type: 'gauge',
  help: 'X, 中文.',
  labels: ['region', 'id', 'name'],
};
const count: MetricFamily = { name: 'x_count', type: 'gauge', help: 'Count.', labels: ['region'] };
const unused: MetricFamily = { name: 'x_unused', type: 'gauge', help: 'Never written.', labels: [] };
const FAMILIES = [info, unused, count];

/** One region's writer: enough lines of multi-byte text that x_info spans several pieces. */
function regionWriter(region: string, lines: number): SeriesWriter {
  const out = new SeriesWriter();
  for (let i = 0; i < lines; i++) {
    out.addPrefixed(info, new LabelPrefix(['region'], [region]), [`id-${i}`, `名前 "${i}"\n`], i);
  }
  out.addRendered(info, `x_info{region="${region}",id="cached",name="c"} 1\n`, 1);
  out.add(count, [region], lines);
  return out;
}

describe('encoded exposition', () => {
  it('joins to the bytes of the text rendering, one header per family across regions', async () => {
    const writers = [
      regionWriter('cn-north-4', 4000),
      regionWriter('ap-southeast-1', 10),
      regionWriter('x', 0),
    ];
    const text = assembleExposition(
      FAMILIES,
      writers.map((w) => w.finish()),
    );
    const encoded = await Promise.all(writers.map((w) => w.encode()));
    const part = assembleEncoded(FAMILIES, [encoded[0], undefined, encoded[1], encoded[2]]);

    const expected = Buffer.from(text, 'utf8');
    expect(Buffer.concat(part.chunks).equals(expected)).toBe(true);
    expect(part.byteLength).toBe(expected.length);
    expect(text.match(/^# TYPE x_info /gm)).toHaveLength(1);
    expect(text.match(/^# TYPE x_count /gm)).toHaveLength(1);
    expect(text).not.toContain('x_unused');
    expect(expositionText({ collected: part, tail: Buffer.from('tail 1\n') })).toBe(`${text}tail 1\n`);
  });

  it('encodes a large family in pieces of whole lines, each about the chunk size', async () => {
    const writer = regionWriter('cn-north-4', 4000);
    const pieces = (await writer.encode()).get('x_info') ?? [];
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      const text = piece.toString('utf8');
      expect(text.endsWith('\n')).toBe(true);
      // A piece closes at the first line that takes it past the chunk size.
      expect(text.length).toBeLessThan(ENCODED_CHUNK_CHARS + 200);
    }
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.toString('utf8').length).toBeGreaterThanOrEqual(ENCODED_CHUNK_CHARS);
    }
  });
});
