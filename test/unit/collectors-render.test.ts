import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../src/collectors/catalog.js';
import {
  assembleExposition,
  escapeLabelValue,
  formatValue,
  LabelPrefix,
  renderSample,
  SeriesWriter,
} from '../../src/collectors/render.js';
import { parseExposition } from './collectors-exposition.js';

const family: MetricFamily = {
  name: 'x_info',
  type: 'gauge',
  help: 'Help with \\ and\nnewline.',
  labels: ['a', 'b'],
};

describe('exposition rendering', () => {
  it('escapes backslash, quote and newline in label values, nothing else', () => {
    expect(escapeLabelValue('plain 中文 {},=')).toBe('plain 中文 {},=');
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it('formats special values the way Prometheus parses them', () => {
    expect(
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 1.5, 1e21].map(formatValue),
    ).toEqual(['NaN', '+Inf', '-Inf', '0', '1.5', '1e+21']);
  });

  it('refuses label values that do not match the family', () => {
    expect(() => renderSample(family, ['only-one'], 1)).toThrow(
      'x_info: 1 label values given for 2 labels (a,b)',
    );
    expect(() => new SeriesWriter().addPrefixed(family, new LabelPrefix(['b'], ['v']), ['w'], 1)).toThrow(
      'x_info: labels (a,b) do not start with (b)',
    );
  });

  it('writes one header per family however many snapshots contribute, in catalog order', () => {
    const other: MetricFamily = { name: 'y', type: 'gauge', help: 'Y.', labels: [] };
    const one = new SeriesWriter();
    one.add(family, ['1', '2'], 1);
    const two = new SeriesWriter();
    two.add(other, [], 3);
    two.add(family, ['3', '4'], 0);
    const text = assembleExposition([family, other], [one.finish(), undefined, two.finish()]);
    expect(text).toBe(
      [
        '# HELP x_info Help with \\\\ and\\nnewline.',
        '# TYPE x_info gauge',
        'x_info{a="1",b="2"} 1',
        'x_info{a="3",b="4"} 0',
        '# HELP y Y.',
        '# TYPE y gauge',
        'y 3',
        '',
      ].join('\n'),
    );
  });

  it('round-trips any label values through the text format, prefixed or not, past the chunk size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'grapheme' }), fc.string()), { minLength: 1, maxLength: 1500 }),
        (pairs) => {
          const writer = new SeriesWriter();
          pairs.forEach(([a, b], i) => {
            if (i % 2 === 0) writer.add(family, [a, b], i);
            else writer.addPrefixed(family, new LabelPrefix(['a'], [a]), [b], i);
          });
          expect(writer.samples).toBe(pairs.length);
          const samples = parseExposition(assembleExposition([family], [writer.finish()]));
          expect(samples.map((s) => [s.labels.a, s.labels.b, s.value])).toEqual(
            pairs.map(([a, b], i) => [a, b, i]),
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});
