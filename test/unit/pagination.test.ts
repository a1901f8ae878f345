import { describe, expect, it } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import type { Page } from '../../src/huaweicloud/models.js';
import {
  APIG_PAGING,
  HSS_PAGING,
  type ListAllOptions,
  listAll,
  type PageRequest,
  type PagingRule,
  READ_AHEAD_PAGES,
  SWR_PAGING,
} from '../../src/huaweicloud/pagination.js';

interface Item {
  id: number;
}

const items = (from: number, count: number): Item[] =>
  Array.from({ length: count }, (_, i) => ({ id: from + i }));

/** A server over a fixed list that honours offset/limit, recording what it was asked. */
function server(all: Item[], opts: { reportTotal?: boolean } = {}) {
  const asked: PageRequest[] = [];
  const fetchPage = async (p: PageRequest): Promise<Page<Item>> => {
    asked.push(p);
    return {
      items: all.slice(p.offset, p.offset + p.limit),
      total: opts.reportTotal === false ? undefined : all.length,
    };
  };
  return { asked, fetchPage };
}

function run(
  rule: PagingRule,
  fetchPage: ListAllOptions<Item>['fetchPage'],
  extra: Partial<ListAllOptions<Item>> = {},
) {
  return listAll<Item>({
    operation: 'ListThings',
    service: 'swr',
    rule,
    fetchPage,
    keyOf: (i) => i.id,
    ...extra,
  });
}

async function rejection(p: Promise<unknown>): Promise<HuaweiCloudError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HuaweiCloudError);
  return e as HuaweiCloudError;
}

describe('per-API rules', () => {
  it('SWR: limit 100, offsets are multiples of the limit, stops at the total', async () => {
    const s = server(items(0, 250));
    const r = await run(SWR_PAGING, s.fetchPage);
    expect(s.asked).toEqual([
      { offset: 0, limit: 100 },
      { offset: 100, limit: 100 },
      { offset: 200, limit: 100 },
    ]);
    expect(r).toEqual({ items: items(0, 250), total: 250, truncated: false });
  });

  it('HSS: limit 200, record offsets', async () => {
    const s = server(items(0, 401));
    const r = await run(HSS_PAGING, s.fetchPage);
    expect(s.asked.map((a) => [a.offset, a.limit])).toEqual([
      [0, 200],
      [200, 200],
      [400, 200],
    ]);
    expect(r.items).toHaveLength(401);
  });

  it('APIG/ROMA: limit 500; an exact multiple of the limit needs no extra request', async () => {
    const s = server(items(0, 1000));
    const r = await run(APIG_PAGING, s.fetchPage);
    expect(s.asked.map((a) => a.offset)).toEqual([0, 500]);
    expect(r.total).toBe(1000);
  });

  it('record offsets advance by what arrived when the server sends less than asked', async () => {
    const all = items(0, 30);
    const asked: number[] = [];
    const r = await run({ limit: 500, offset: 'record' }, async (p) => {
      asked.push(p.offset);
      return { items: all.slice(p.offset, p.offset + 10), total: all.length };
    });
    expect(asked).toEqual([0, 10, 20]);
    expect(r.items).toEqual(all);
  });

  it('an empty list is one request', async () => {
    const s = server([]);
    expect(await run(SWR_PAGING, s.fetchPage)).toEqual({ items: [], total: 0, truncated: false });
    expect(s.asked).toHaveLength(1);
  });
});

describe('stop conditions', () => {
  it('stops on an empty page even when the total says more', async () => {
    const asked: number[] = [];
    const r = await run(SWR_PAGING, async (p) => {
      asked.push(p.offset);
      return { items: p.offset === 0 ? items(0, 100) : [], total: 1000 };
    });
    // The awaited page and READ_AHEAD_PAGES after it were requested on the first page's total; no more after
    // the empty one.
    expect(asked).toEqual(Array.from({ length: 2 + READ_AHEAD_PAGES }, (_, i) => i * 100));
    expect(r).toEqual({ items: items(0, 100), total: 1000, truncated: false });
  });

  it('with record offsets an empty page stops the read at once (nothing is read ahead)', async () => {
    const asked: number[] = [];
    const r = await run(HSS_PAGING, async (p) => {
      asked.push(p.offset);
      return { items: p.offset === 0 ? items(0, 200) : [], total: 1000 };
    });
    expect(asked).toEqual([0, 200]);
    expect(r.items).toHaveLength(200);
  });

  it('without a total, stops at the first short page', async () => {
    const s = server(items(0, 150), { reportTotal: false });
    const r = await run(SWR_PAGING, s.fetchPage);
    expect(s.asked.map((a) => a.offset)).toEqual([0, 100]);
    expect(r.total).toBe(150);
  });

  it('ends when a server ignores offsets (same page forever) once the offset passes the total', async () => {
    let calls = 0;
    const r = await run(SWR_PAGING, async () => {
      calls++;
      return { items: items(0, 100), total: 300 };
    });
    expect(calls).toBe(3);
    expect(r.items).toEqual(items(0, 100)); // repeats dropped
  });
});

describe('totals that change between pages', () => {
  it('items inserted at the front shift the list: duplicates are dropped, the latest total wins', async () => {
    let list = items(100, 150); // ids 100..249
    const asked: number[] = [];
    const r = await run(SWR_PAGING, async (p) => {
      asked.push(p.offset);
      const page = { items: list.slice(p.offset, p.offset + p.limit), total: list.length };
      if (p.offset === 0) list = [...items(0, 20), ...list]; // 20 new items appear before the next page
      return page;
    });
    expect(asked).toEqual([0, 100]);
    const ids = r.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...items(100, 150)].map((i) => i.id));
    expect(r.total).toBe(170);
  });

  it('a shrinking total ends the read early', async () => {
    let list = items(0, 300);
    const asked: number[] = [];
    const r = await run(SWR_PAGING, async (p) => {
      asked.push(p.offset);
      const page = { items: list.slice(p.offset, p.offset + p.limit), total: list.length };
      list = list.slice(0, 150);
      return page;
    });
    // Page 200 was requested on the first page's total; its (empty) answer is never used.
    expect(asked).toEqual([0, 100, 200]);
    expect(r.items).toEqual(items(0, 150));
    expect(r.total).toBe(150);
  });

  it('a total that keeps growing hits the page cap', async () => {
    let grow = 100;
    const e = await rejection(
      run(
        SWR_PAGING,
        async (p) => {
          grow += 100;
          return { items: items(p.offset, 100), total: grow };
        },
        { maxPages: 5 },
      ),
    );
    expect(e.code).toBe('PAGINATION');
    expect(e.operation).toBe('ListThings');
    expect(e.message).toMatch(/^ListThings: still more to read after 5 pages of 100/);
  });
});

describe('page cap and maxItems', () => {
  it('the default cap allows long lists and stops a runaway one at 1000 pages', async () => {
    let calls = 0;
    const e = await rejection(
      run({ limit: 1, offset: 'record' }, async (p) => {
        calls++;
        return { items: [{ id: p.offset }], total: Number.MAX_SAFE_INTEGER };
      }),
    );
    expect(e.code).toBe('PAGINATION');
    expect(calls).toBe(1000);
  });

  it('a list that ends exactly at the cap is fine', async () => {
    const s = server(items(0, 300));
    const r = await run(SWR_PAGING, s.fetchPage, { maxPages: 3 });
    expect(r.items).toHaveLength(300);
  });

  it('maxItems truncates and says so; the total still counts everything', async () => {
    const s = server(items(0, 250));
    const r = await run(SWR_PAGING, s.fetchPage, { maxItems: 120 });
    expect(s.asked.map((a) => a.offset)).toEqual([0, 100]);
    expect(r).toEqual({ items: items(0, 120), total: 250, truncated: true });
  });

  it('maxItems equal to the list size is not a truncation', async () => {
    const s = server(items(0, 100));
    expect(await run(SWR_PAGING, s.fetchPage, { maxItems: 100 })).toEqual({
      items: items(0, 100),
      total: 100,
      truncated: false,
    });
  });

  it('maxItems 0 reads one page to learn the total', async () => {
    const s = server(items(0, 7));
    expect(await run(HSS_PAGING, s.fetchPage, { maxItems: 0 })).toEqual({
      items: [],
      total: 7,
      truncated: true,
    });
  });

  it('invalid caps are CONFIG errors', async () => {
    const s = server(items(0, 1));
    expect((await rejection(run(SWR_PAGING, s.fetchPage, { maxItems: -1 }))).code).toBe('CONFIG');
    expect((await rejection(run(SWR_PAGING, s.fetchPage, { maxPages: 0 }))).code).toBe('CONFIG');
    expect((await rejection(run(SWR_PAGING, s.fetchPage, { maxItems: 1.5 }))).message).toBe(
      'ListThings: maxItems must be an integer >= 0',
    );
    expect(s.asked).toHaveLength(0);
  });
});

/** A server whose answers wait until the test releases them, to see which requests are in flight at once. */
function heldServer(all: Item[]) {
  const waiting: Array<{ page: PageRequest; answer(page: Page<Item>): void; fail(e: Error): void }> = [];
  const fetchPage = (page: PageRequest) =>
    new Promise<Page<Item>>((answer, fail) => {
      waiting.push({ page, answer, fail });
    });
  const answer = (offset: number) => {
    const at = waiting.findIndex((w) => w.page.offset === offset);
    const [w] = waiting.splice(at, 1);
    w?.answer({ items: all.slice(offset, offset + (w?.page.limit ?? 0)), total: all.length });
  };
  const fail = (offset: number, error: Error) => {
    const at = waiting.findIndex((w) => w.page.offset === offset);
    waiting.splice(at, 1)[0]?.fail(error);
  };
  const offsets = () => waiting.map((w) => w.page.offset);
  return { fetchPage, answer, fail, offsets };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('read-ahead (page offsets with a total)', () => {
  it('after the first page, the pages the total calls for are in flight together and kept in order', async () => {
    const s = heldServer(items(0, 450));
    const listed = run(SWR_PAGING, s.fetchPage);
    await settle();
    expect(s.offsets()).toEqual([0]);
    s.answer(0);
    await settle();
    expect(s.offsets()).toEqual([100, 200, 300, 400]);
    // Answers out of order still give the list in page order.
    for (const offset of [400, 200, 300, 100]) s.answer(offset);
    expect(await listed).toEqual({ items: items(0, 450), total: 450, truncated: false });
  });

  it(`keeps at most ${READ_AHEAD_PAGES} pages ahead of the one it waits for`, async () => {
    const s = heldServer(items(0, 2000));
    const listed = run(SWR_PAGING, s.fetchPage);
    await settle();
    s.answer(0);
    await settle();
    expect(s.offsets()).toHaveLength(1 + READ_AHEAD_PAGES);
    expect(Math.max(...s.offsets())).toBe((1 + READ_AHEAD_PAGES) * 100);
    // A page answered ahead of its turn does not widen the window; taking the awaited one does.
    s.answer(200);
    await settle();
    expect(s.offsets()).toHaveLength(READ_AHEAD_PAGES);
    s.answer(100);
    await settle();
    expect(s.offsets()).toHaveLength(1 + READ_AHEAD_PAGES);
    expect(Math.min(...s.offsets())).toBe(300);
    expect(Math.max(...s.offsets())).toBe((3 + READ_AHEAD_PAGES) * 100);
    while (s.offsets().length > 0) {
      s.answer(Math.min(...s.offsets()));
      await settle();
    }
    expect((await listed).items).toEqual(items(0, 2000));
  });

  it('reads ahead no further than maxItems needs, nor past the page cap', async () => {
    const s = server(items(0, 1000));
    await run(SWR_PAGING, s.fetchPage, { maxItems: 250 });
    expect(s.asked.map((a) => a.offset)).toEqual([0, 100, 200]);
    const capped = server(items(0, 1000));
    const e = await rejection(run(SWR_PAGING, capped.fetchPage, { maxPages: 4 }));
    expect(e.code).toBe('PAGINATION');
    expect(capped.asked.map((a) => a.offset)).toEqual([0, 100, 200, 300]);
  });

  it('a failed page is the list’s error when its turn comes', async () => {
    const s = heldServer(items(0, 300));
    const listed = run(SWR_PAGING, s.fetchPage);
    await settle();
    s.answer(0);
    await settle();
    s.fail(200, new Error('page 3 failed'));
    s.answer(100);
    await expect(listed).rejects.toThrow('page 3 failed');
  });

  it('a list that fails aborts the pages it still has in flight (nothing keeps running for it)', async () => {
    const s = heldServer(items(0, 450));
    const signals = new Map<number, AbortSignal | undefined>();
    const listed = run(SWR_PAGING, (page, signal) => {
      signals.set(page.offset, signal);
      return s.fetchPage(page);
    });
    await settle();
    s.answer(0);
    await settle();
    expect(s.offsets()).toEqual([100, 200, 300, 400]);
    s.fail(100, new Error('page 2 failed'));
    await expect(listed).rejects.toThrow('page 2 failed');
    for (const offset of [200, 300, 400]) expect(signals.get(offset)?.aborted).toBe(true);
  });

  it('a caller’s abort reaches the pages requested ahead', async () => {
    const controller = new AbortController();
    const s = heldServer(items(0, 300));
    const signals: Array<AbortSignal | undefined> = [];
    const listed = run(
      SWR_PAGING,
      (page, signal) => {
        signals.push(signal);
        return s.fetchPage(page);
      },
      { signal: controller.signal },
    );
    await settle();
    s.answer(0);
    await settle();
    controller.abort();
    expect(signals.slice(1).map((signal) => signal?.aborted)).toEqual([true, true]);
    listed.catch(() => {});
  });

  it('a failed page requested ahead but never reached is dropped (the list shrank)', async () => {
    let list = items(0, 300);
    const r = await run(SWR_PAGING, async (p) => {
      if (p.offset === 200) throw new Error('gone with the shrink');
      const page = { items: list.slice(p.offset, p.offset + p.limit), total: list.length };
      list = list.slice(0, 150);
      return page;
    });
    expect(r).toEqual({ items: items(0, 150), total: 150, truncated: false });
  });

  it('without a total nothing is read ahead', async () => {
    const s = heldServer(items(0, 1000));
    const listed = run(SWR_PAGING, async (p) => ({ ...(await s.fetchPage(p)), total: undefined }));
    for (const offset of [0, 100]) {
      await settle();
      expect(s.offsets()).toEqual([offset]);
      s.answer(offset);
    }
    await settle();
    expect(s.offsets()).toEqual([200]);
    listed.catch(() => {});
  });
});

describe('onItems', () => {
  it('passes each page’s new items in list order as the pages are handled, duplicates dropped', async () => {
    let list = items(100, 150);
    const pages: number[][] = [];
    const r = await run(
      SWR_PAGING,
      async (p) => {
        const page = { items: list.slice(p.offset, p.offset + p.limit), total: list.length };
        if (p.offset === 0) list = [...items(0, 20), ...list]; // the second page repeats 20 items
        return page;
      },
      { onItems: (fresh) => pages.push(fresh.map((i) => i.id)) },
    );
    expect(pages.flat()).toEqual(r.items.map((i) => i.id));
    expect(pages.map((p) => p.length)).toEqual([100, 50]);
  });

  it('never passes more than maxItems', async () => {
    const passed: Item[] = [];
    const r = await run(SWR_PAGING, server(items(0, 250)).fetchPage, {
      maxItems: 120,
      onItems: (fresh) => passed.push(...fresh),
    });
    expect(passed).toEqual(r.items);
    expect(passed).toHaveLength(120);
  });
});

describe('abort', () => {
  it('stops between pages when the signal aborts', async () => {
    const controller = new AbortController();
    const asked: number[] = [];
    const e = await rejection(
      run(
        SWR_PAGING,
        async (p) => {
          asked.push(p.offset);
          controller.abort();
          return { items: items(p.offset, 100), total: 1000 };
        },
        { signal: controller.signal },
      ),
    );
    expect(e.code).toBe('ABORTED');
    expect(asked).toEqual([0]);
  });

  it('a deadline signal is reported as TIMEOUT', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    const e = await rejection(run(SWR_PAGING, server(items(0, 1)).fetchPage, { signal: controller.signal }));
    expect(e.code).toBe('TIMEOUT');
  });
});
