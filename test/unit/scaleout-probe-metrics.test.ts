import { describe, expect, it } from 'vitest';
import { collectorsSucceeded } from '../../src/scaleout/probe-metrics.js';

const ok = { name: 'swr_signing', region: 'cn-north-4', success: true } as const;

describe('collectorsSucceeded', () => {
  it('is true only when there are outcomes and every one succeeded', () => {
    expect(collectorsSucceeded([ok])).toBe(true);
    expect(collectorsSucceeded([ok, { ...ok, region: 'cn-east-3', success: false }])).toBe(false);
  });

  it('is false when nothing was collected', () => {
    expect(collectorsSucceeded([])).toBe(false);
  });
});
