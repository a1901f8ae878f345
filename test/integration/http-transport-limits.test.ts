import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isHuaweiCloudError } from '../../src/huaweicloud/errors.js';
import type { ApiRequest, Transport } from '../../src/huaweicloud/transport-types.js';
import {
  closeOpened,
  type FakeServer,
  fakeTime,
  json,
  recordingObserver,
  startFakeServer,
  transportFor,
} from './http-fake-server.js';

const REQ: ApiRequest = {
  service: 'apig',
  operation: 'ListInstancesV2',
  method: 'GET',
  path: ['v2', 'p1', 'apigw'],
};

let server: FakeServer | undefined;
let transport: Transport | undefined;
afterEach(closeOpened);

function waits(observer: ReturnType<typeof recordingObserver>, cause: string): number[] {
  return observer.events
    .filter((e) => e.kind === 'waited' && (e.event as { cause: string }).cause === cause)
    .map((e) => (e.event as { waitedMs: number }).waitedMs);
}

describe('concurrency cap', () => {
  it('a freed slot goes to the waiting request before the answer that freed it is handed back', async () => {
    const order: string[] = [];
    let served = 0;
    server = await startFakeServer((_req, res) => {
      served += 1;
      json(res, 200, { n: served });
    });
    let signed = 0;
    // The authenticator runs right before a request is written: it marks when each request went out, after a
    // chain of promise steps like a real signer's credential lookups.
    const authenticator = {
      source: 'test',
      projectId: undefined,
      invalidate() {},
      async apply(req: { headers: Record<string, string> }) {
        for (let step = 0; step < 50; step++) await Promise.resolve();
        signed += 1;
        order.push(`request ${signed} sent`);
        return req.headers;
      },
    };
    transport = transportFor(
      server,
      { limits: { apig: { concurrency: 1, ratePerSecond: 0 } } },
      { authenticator },
    );
    const returned = (r: { json: unknown }) => order.push(`answer ${(r.json as { n: number }).n} returned`);
    await Promise.all([transport.send(REQ).then(returned), transport.send(REQ).then(returned)]);
    expect(server.maxInFlight).toBe(1);
    expect(order).toEqual(['request 1 sent', 'request 2 sent', 'answer 1 returned', 'answer 2 returned']);
  });

  it('every outcome gives its slot back once: the queue drains one at a time and each call is observed once', async () => {
    const caller = new AbortController();
    server = await startFakeServer((_req, res, n) => {
      if (n === 1) return json(res, 500, { error_code: 'X.500' });
      if (n === 2) return json(res, 200, 'not json');
      if (n === 3) return json(res, 200, { big: 'x'.repeat(4096) });
      if (n === 4) {
        res.destroy();
        return;
      }
      if (n === 5) return json(res, 404, { error_code: 'X.404' });
      if (n === 6) {
        // The caller gives up while the request is on the wire (the server then drops it at once, so its own
        // count of requests in flight does not lag behind the client's).
        caller.abort();
        res.destroy();
        return;
      }
      return json(res, 200, { n });
    });
    const observer = recordingObserver();
    transport = transportFor(server, {
      retries: { max: 0 },
      maxResponseBytes: 1024,
      observer,
      limits: { apig: { concurrency: 1, ratePerSecond: 0 } },
    });
    const t = transport;
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => (isHuaweiCloudError(e) ? e.code : String(e)),
      );
    const first = await Promise.all([
      ...Array.from({ length: 5 }, () => outcome(t.send(REQ))),
      outcome(t.send({ ...REQ, signal: caller.signal })),
      outcome(t.send(REQ)),
    ]);
    expect(first).toEqual([
      'HTTP_ERROR',
      'INVALID_RESPONSE',
      'RESPONSE_TOO_LARGE',
      'NETWORK',
      'NOT_FOUND',
      'ABORTED',
      'ok',
    ]);
    // A slot lost on any path would leave these waiting; one released twice would let two on the wire.
    expect(await Promise.all(Array.from({ length: 3 }, () => outcome(t.send(REQ))))).toEqual([
      'ok',
      'ok',
      'ok',
    ]);
    expect(server.maxInFlight).toBe(1);
    const done = observer.events.filter((e) => e.kind === 'requestDone');
    expect(done.map((e) => (e.event as { status: number }).status)).toEqual([
      500, 200, 200, 0, 404, 0, 200, 200, 200, 200,
    ]);
  });

  it('never has more than `concurrency` requests of a service in flight', async () => {
    const held: ServerResponse[] = [];
    let arrived: () => void = () => {};
    server = await startFakeServer((_req, res) => {
      held.push(res);
      arrived();
    });
    const observer = recordingObserver();
    transport = transportFor(server, { limits: { apig: { concurrency: 3, ratePerSecond: 0 } }, observer });
    const all = Promise.all(Array.from({ length: 10 }, () => transport?.send(REQ)));
    // Release the held requests in waves: each wave can only start once the previous one is answered.
    let answered = 0;
    while (answered < 10) {
      const expected = Math.min(3, 10 - answered);
      if (held.length < expected) {
        await new Promise<void>((resolve) => {
          arrived = () => held.length >= expected && resolve();
        });
      }
      for (const res of held.splice(0)) {
        json(res, 200, {});
        answered += 1;
      }
    }
    await all;
    expect(server.requests).toHaveLength(10);
    expect(server.maxInFlight).toBe(3);
    // Seven requests found every slot taken and had to wait; each wait is reported once.
    expect(waits(observer, 'concurrency')).toHaveLength(7);
  });

  it('gives each service its own cap', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const observer = recordingObserver();
    transport = transportFor(server, {
      limits: { apig: { concurrency: 1 }, hss: { concurrency: 1 } },
      observer,
    });
    await Promise.all([transport.send(REQ), transport.send({ ...REQ, service: 'hss' })]);
    expect(waits(observer, 'concurrency')).toEqual([]);
  });
});

describe('request-rate limit (token bucket)', () => {
  it('lets the burst through and spaces the rest at 1/rate, reporting each wait', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const time = fakeTime();
    const observer = recordingObserver();
    transport = transportFor(server, { limits: { apig: { ratePerSecond: 10, burst: 2 } }, observer }, time);
    for (let i = 0; i < 5; i++) await transport.send(REQ);
    expect(server.requests).toHaveLength(5);
    expect(time.sleeps).toEqual([100, 100, 100]);
    expect(waits(observer, 'rate_limit')).toEqual([100, 100, 100]);
  });

  it('queues concurrent callers one token apart', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const sleeps: number[] = [];
    // A frozen clock: no refill happens, so the reservations alone decide the waits.
    transport = transportFor(
      server,
      { limits: { apig: { ratePerSecond: 10, burst: 2 } } },
      { now: () => 0, sleep: async (ms) => void sleeps.push(ms) },
    );
    await Promise.all(Array.from({ length: 5 }, () => transport?.send(REQ)));
    expect(sleeps.sort((a, b) => a - b)).toEqual([100, 200, 300]);
  });

  it('paces the first attempt before its deadline starts: a wait longer than the operation timeout is fine', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const time = fakeTime();
    transport = transportFor(
      server,
      { limits: { apig: { ratePerSecond: 1, burst: 1 } }, timeouts: { operationMs: 500 } },
      time,
    );
    await transport.send(REQ);
    await transport.send(REQ);
    expect(server.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([1000]);
  });

  it('gives up a paced wait when the caller aborts, and gives its place back', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const sleeps: number[] = [];
    const caller = new AbortController();
    transport = transportFor(
      server,
      { limits: { apig: { ratePerSecond: 1, burst: 1 } } },
      {
        now: () => 0,
        sleep: async (ms, signal) => {
          sleeps.push(ms);
          caller.abort(new Error('refresh deadline'));
          signal?.throwIfAborted();
        },
      },
    );
    await transport.send(REQ);
    const second = await transport.send({ ...REQ, signal: caller.signal }).catch((e: unknown) => e);
    expect(isHuaweiCloudError(second) && second.code).toBe('ABORTED');
    expect(server.requests).toHaveLength(1);
    // The refunded place is the next caller's: it waits one interval, not two.
    await transport.send(REQ);
    expect(sleeps).toEqual([1000, 1000]);
    expect(server.requests).toHaveLength(2);
  });
});

describe('per-operation budgets', () => {
  const HSS: ApiRequest = { service: 'hss', operation: 'ListRegistry', method: 'GET', path: ['v5', 'p1'] };

  it('paces HSS at its documented quota by default: one call every 12.5 s, never 6 in a minute', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const time = fakeTime();
    const sentAt: number[] = [];
    transport = transportFor(server, {}, { ...time, authenticator: stamping(time.now, sentAt) });
    for (let i = 0; i < 12; i++) await transport.send(HSS);
    expect(time.sleeps).toEqual(Array.from({ length: 11 }, () => 12_500));
    for (let i = 5; i < sentAt.length; i++)
      expect((sentAt[i] ?? 0) - (sentAt[i - 5] ?? 0)).toBeGreaterThan(60_000);
  });

  it('keeps one budget per operation', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const time = fakeTime();
    transport = transportFor(server, {}, time);
    await transport.send(HSS);
    await transport.send({ ...HSS, operation: 'ListImages' });
    expect(time.sleeps).toEqual([]);
  });

  it('paces an operation at the budget its request declares (OperationInfo.budget); config overrides it', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const time = fakeTime();
    const declared: ApiRequest = {
      service: 'swr',
      operation: 'ListReplications',
      method: 'GET',
      path: ['v2', 'p1'],
      budget: { ratePerSecond: 0.5, burst: 1 },
    };
    transport = transportFor(server, {}, time);
    for (let i = 0; i < 3; i++) await transport.send(declared);
    expect(time.sleeps).toEqual([2_000, 2_000]);
    await transport.close();

    const configured = fakeTime();
    transport = transportFor(
      server,
      { limits: { swr: { operations: { ListReplications: { ratePerSecond: 0 } } } } },
      configured,
    );
    for (let i = 0; i < 3; i++) await transport.send(declared);
    expect(configured.sleeps).toEqual([]);
  });

  it('lowers the budget on a 429 and reports it, then recovers with answered calls', async () => {
    let n = 0;
    server = await startFakeServer((_req, res) => {
      n += 1;
      if (n === 1) json(res, 429, { error_code: 'APIG.0308', error_msg: 'throttled' });
      else json(res, 200, {});
    });
    const time = fakeTime();
    const observer = recordingObserver();
    transport = transportFor(
      server,
      { limits: { apig: { ratePerSecond: 2, burst: 1 } }, observer },
      {
        ...time,
        random: () => 0,
      },
    );
    await transport.send(REQ);
    const rates = () =>
      observer.events
        .filter((e) => e.kind === 'budget')
        .map((e) => (e.event as { ratePerSecond: number }).ratePerSecond);
    expect(rates()).toEqual([2, 1, 1.1]);
    const first = observer.events.find((e) => e.kind === 'budget')?.event;
    expect(first).toEqual({
      region: 'cn-north-4',
      service: 'apig',
      operation: 'ListInstancesV2',
      ratePerSecond: 2,
    });
  });

  it('remembers Retry-After past the operation: the next call within it fails unsent', async () => {
    server = await startFakeServer((_req, res) =>
      json(res, 429, { error_code: 'APIG.0308', error_msg: 'throttled' }, { 'retry-after': '3600' }),
    );
    const time = fakeTime();
    transport = transportFor(server, {}, time);
    const first = await transport.send(HSS).catch((e: unknown) => e);
    expect(isHuaweiCloudError(first) && first.code).toBe('THROTTLED');
    expect(server.requests).toHaveLength(1);
    // The next refresh, five minutes later: still inside the hour Huawei asked for.
    await time.sleep(300_000);
    const next = await transport.send(HSS).catch((e: unknown) => e);
    expect(isHuaweiCloudError(next) && next.code).toBe('THROTTLED');
    expect(isHuaweiCloudError(next) && next.message).toContain('not sent');
    expect(isHuaweiCloudError(next) && next.message).toContain('2025-01-01T01:00:00.000Z');
    expect(server.requests).toHaveLength(1);
    // Once the hour is over, calls go again.
    await time.sleep(3_300_000);
    await transport.send(HSS).catch(() => undefined);
    expect(server.requests).toHaveLength(2);
  });
});

/** An authenticator that records when (on the fake clock) each request went out. */
function stamping(now: () => number, sentAt: number[]) {
  return {
    source: 'test',
    projectId: undefined,
    invalidate() {},
    async apply(req: { headers: Record<string, string> }) {
      sentAt.push(now());
      return req.headers;
    },
  };
}
