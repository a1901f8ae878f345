import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastPageOffset, readExecutionEnds } from '../../src/collectors/swr-signing/executions.js';
import type { PolicyRef } from '../../src/huaweicloud/api.js';
import { emptyEstate, execution, FakeRegionApi } from './collectors-fake-api.js';

const ref: PolicyRef = { instanceId: 'i', namespace: 'ns', policyId: 1 };
const never = new AbortController().signal;

function apiWith(ids: number[], order: 'newest-first' | 'oldest-first'): FakeRegionApi {
  const estate = emptyEstate();
  estate.order = order;
  estate.executions.set(
    'i/1',
    ids.map((id) => execution(id, 1)),
  );
  return new FakeRegionApi('r', estate);
}

const pagesAsked = (api: FakeRegionApi) =>
  api.calls.map((c) => (c.args[1] as { offset: number; limit: number }).offset);

describe('lastPageOffset', () => {
  it('is the last multiple of the limit below the total', () => {
    expect(lastPageOffset(0, 100)).toBe(0);
    expect(lastPageOffset(100, 100)).toBe(0);
    expect(lastPageOffset(101, 100)).toBe(100);
    expect(lastPageOffset(250, 100)).toBe(200);
    expect(lastPageOffset(300, 100)).toBe(200);
  });
});

describe('latest execution', () => {
  for (const order of ['newest-first', 'oldest-first'] as const) {
    it(`is the highest id with more executions than a page, listed ${order}`, async () => {
      const api = apiWith(
        Array.from({ length: 250 }, (_, i) => i + 1),
        order,
      );
      const ends = await readExecutionEnds(api, ref, 100, never);
      expect(ends.latest?.id).toBe(250);
      expect(ends.total).toBe(250);
      expect(pagesAsked(api)).toEqual([0, 200]);
    });
  }

  it('costs one call when everything fits a page', async () => {
    const api = apiWith([3, 1, 2], 'oldest-first');
    const ends = await readExecutionEnds(api, ref, 100, never);
    expect(ends.latest?.id).toBe(3);
    expect(api.calls).toHaveLength(1);
  });

  it('is undefined for a policy that never ran', async () => {
    const ends = await readExecutionEnds(apiWith([], 'newest-first'), ref, 100, never);
    expect(ends).toMatchObject({ latest: undefined, total: 0, latestSucceeded: undefined });
  });

  it('follows the end when executions are added between the two reads (oldest first)', async () => {
    const api = apiWith(
      Array.from({ length: 200 }, (_, i) => i + 1),
      'oldest-first',
    );
    let reads = 0;
    api.hook = (op) => {
      if (op !== 'swr.listSignExecutionsPage' || ++reads !== 2) return;
      const list = api.estate.executions.get('i/1') ?? [];
      for (let id = 201; id <= 205; id++) list.push(execution(id, 1)); // lands before the second read
    };
    const ends = await readExecutionEnds(api, ref, 100, never);
    expect(pagesAsked(api)).toEqual([0, 100, 200]);
    expect(ends.latest?.id).toBe(205);
    expect(ends.total).toBe(205);
  });

  it('re-reads the first page when the list shrinks onto it between reads (oldest first)', async () => {
    const api = apiWith(
      Array.from({ length: 150 }, (_, i) => i + 1),
      'oldest-first',
    );
    let reads = 0;
    api.hook = (op) => {
      if (op !== 'swr.listSignExecutionsPage' || ++reads !== 2) return;
      const list = api.estate.executions.get('i/1') ?? [];
      list.splice(0, 120); // retention removed the oldest: 30 left, ids 121..150
    };
    const ends = await readExecutionEnds(api, ref, 100, never);
    expect(pagesAsked(api)).toEqual([0, 100, 0]);
    expect(ends.latest?.id).toBe(150);
    expect(ends.total).toBe(30);
  });

  it('only ever asks for offsets that are multiples of the limit (fake SWR rejects others)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 400 }),
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom('newest-first' as const, 'oldest-first' as const),
        async (ids, limit, order) => {
          const api = apiWith(ids, order);
          const ends = await readExecutionEnds(api, ref, limit, never);
          expect(ends.latest?.id).toBe(ids.length === 0 ? undefined : Math.max(...ids));
          expect(ends.total).toBe(ids.length);
          expect(api.calls.length).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('remembers the newest succeeded execution among those read', async () => {
    const estate = emptyEstate();
    estate.executions.set('i/1', [
      execution(1, 1),
      execution(2, 1, { status: 'Failed' }),
      execution(3, 1, { status: 'InProgress' }),
    ]);
    const ends = await readExecutionEnds(new FakeRegionApi('r', estate), ref, 100, never);
    expect(ends.latest?.id).toBe(3);
    expect(ends.latestSucceeded?.id).toBe(1);
  });
});
