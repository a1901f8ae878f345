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

  it('fails with TIMEOUT at once when the rate wait would pass the deadline', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const time = fakeTime();
    transport = transportFor(
      server,
      { limits: { apig: { ratePerSecond: 1, burst: 1 } }, timeouts: { operationMs: 500 } },
      time,
    );
    await transport.send(REQ);
    const second = await transport.send(REQ).catch((e: unknown) => e);
    expect(isHuaweiCloudError(second) && second.code).toBe('TIMEOUT');
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });
});
