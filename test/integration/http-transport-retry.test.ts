import { afterEach, describe, expect, it } from 'vitest';
import type { Authenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import type { ApiRequest, Transport } from '../../src/huaweicloud/transport-types.js';
import {
  closeOpened,
  type FakeServer,
  failure,
  fakeTime,
  json,
  recordingObserver,
  startFakeServer,
  transportFor,
} from './http-fake-server.js';

const GET: ApiRequest = {
  service: 'swr',
  operation: 'ListInstance',
  method: 'GET',
  path: ['v2', 'p1', 'instances'],
};
const POST: ApiRequest = {
  service: 'iam',
  operation: 'KeystoneCreateUserTokenByPassword',
  method: 'POST',
  path: ['v3', 'auth', 'tokens'],
  body: '{}',
  auth: 'none',
};

let server: FakeServer | undefined;
let transport: Transport | undefined;
afterEach(closeOpened);

function countingAuthenticator(): Authenticator & { invalidations: number } {
  return {
    invalidations: 0,
    source: 'test',
    projectId: undefined,
    apply: async (req) => ({ ...req.headers, authorization: 'SDK-HMAC-SHA256 Access=AKTEST, Signature=abc' }),
    invalidate() {
      this.invalidations += 1;
    },
  };
}

describe('retries and backoff', () => {
  it('retries 5xx with full-jitter backoff from base, then succeeds', async () => {
    server = await startFakeServer((_req, res, n) =>
      n <= 2
        ? json(res, n === 1 ? 503 : 502, { error_code: 'SVCSTG.SWR.5000001' })
        : json(res, 200, { total: 0 }),
    );
    const time = fakeTime();
    const observer = recordingObserver();
    transport = transportFor(
      server,
      { retries: { baseDelayMs: 200, maxDelayMs: 10_000 }, observer },
      { ...time, random: () => 0.5 },
    );
    const res = await transport.send(GET);
    expect(res.json).toEqual({ total: 0 });
    expect(server.requests).toHaveLength(3);
    expect(time.sleeps).toEqual([100, 200]); // 0.5 × 200·2^0, 0.5 × 200·2^1
    const retries = observer.events.filter((e) => e.kind === 'retry').map((e) => e.event);
    expect(retries).toEqual([
      { service: 'swr', operation: 'ListInstance', reason: 'server_error', attempt: 2, delayMs: 100 },
      { service: 'swr', operation: 'ListInstance', reason: 'server_error', attempt: 3, delayMs: 200 },
    ]);
    const done = observer.events.filter((e) => e.kind === 'requestDone').map((e) => e.event);
    expect(done).toMatchObject([
      { status: 503, attempt: 1, errorCode: 'SVCSTG.SWR.5000001' },
      { status: 502, attempt: 2 },
      { status: 200, attempt: 3, errorCode: undefined },
    ]);
  });

  it('caps each delay at maxDelayMs', async () => {
    server = await startFakeServer((_req, res) => json(res, 500, {}));
    const time = fakeTime();
    transport = transportFor(
      server,
      { retries: { max: 4, baseDelayMs: 1_000, maxDelayMs: 2_500 }, timeouts: { operationMs: 60_000 } },
      { ...time, random: () => 1 },
    );
    const err = await failure(transport.send(GET));
    expect(err.code).toBe('HTTP_ERROR');
    expect(err.status).toBe(500);
    expect(server.requests).toHaveLength(5);
    expect(time.sleeps).toEqual([1_000, 2_000, 2_500, 2_500]);
  });

  it('gives up on 429 after retries.max with THROTTLED and reports each throttle', async () => {
    server = await startFakeServer((_req, res) =>
      json(res, 429, { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached' }),
    );
    const time = fakeTime();
    const observer = recordingObserver();
    transport = transportFor(server, { retries: { max: 2 }, observer }, { ...time, random: () => 0 });
    const err = await failure(transport.send(GET));
    expect(err.code).toBe('THROTTLED');
    expect(err.errorCode).toBe('APIG.0308');
    expect(server.requests).toHaveLength(3);
    expect(observer.events.filter((e) => e.kind === 'throttled')).toHaveLength(3);
    expect(
      observer.events.filter((e) => e.kind === 'retry').map((e) => (e.event as { reason: string }).reason),
    ).toEqual(['throttled', 'throttled']);
  });

  it("waits Huawei's 2-5 s after a 429 without Retry-After, within maxDelayMs", async () => {
    server = await startFakeServer((_req, res, n) =>
      n <= 2
        ? json(res, 429, { error_code: 'APIG.0308', error_msg: 'limit:20,time:1 second' })
        : json(res, 200, {}),
    );
    const time = fakeTime();
    const randoms = [0, 0.999];
    transport = transportFor(server, {}, { ...time, random: () => randoms.shift() ?? 0.5 });
    await transport.send(GET);
    expect(time.sleeps).toEqual([2_000, 4_997]);

    // The same two 429s again (the server counts from its first request), under a tighter bound.
    server.requests.length = 0;
    const capped = fakeTime();
    await transport.close();
    transport = transportFor(server, { retries: { maxDelayMs: 50 } }, { ...capped, random: () => 0.5 });
    await transport.send(GET);
    expect(capped.sleeps).toEqual([50, 50]);
  });

  it('honours Retry-After in seconds', async () => {
    server = await startFakeServer((_req, res, n) =>
      n === 1 ? json(res, 429, {}, { 'retry-after': '2' }) : json(res, 200, {}),
    );
    const time = fakeTime();
    const observer = recordingObserver();
    transport = transportFor(server, { observer }, { ...time, random: () => 0.5 });
    await transport.send(GET);
    expect(time.sleeps).toEqual([2_000]);
    expect(observer.events.find((e) => e.kind === 'throttled')?.event).toEqual({
      service: 'swr',
      operation: 'ListInstance',
      retryAfter: true,
    });
  });

  it('honours Retry-After as an HTTP date (also on 503)', async () => {
    const time = fakeTime(Date.parse('2025-01-01T00:00:00Z'));
    server = await startFakeServer((_req, res, n) =>
      n === 1 ? json(res, 503, {}, { 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }) : json(res, 200, {}),
    );
    transport = transportFor(server, {}, { ...time, random: () => 0.5 });
    await transport.send(GET);
    expect(time.sleeps).toEqual([3_000]);
  });

  it('never sleeps past the deadline: fails with the last upstream error instead', async () => {
    server = await startFakeServer((_req, res) => json(res, 503, { error_code: 'X.503' }));
    const time = fakeTime();
    transport = transportFor(
      server,
      { retries: { max: 5, baseDelayMs: 1_000, maxDelayMs: 10_000 }, timeouts: { operationMs: 5_000 } },
      { ...time, random: () => 0.999 },
    );
    const err = await failure(transport.send(GET));
    // 999 + 1998 fit in 5 s; the next wait (3996) would end after it, so the 503 is reported at once.
    expect(time.sleeps).toEqual([999, 1_998]);
    expect(server.requests).toHaveLength(3);
    expect(err.code).toBe('HTTP_ERROR');
    expect(err.status).toBe(503);
  });

  it('does not wait for a Retry-After that ends after the deadline', async () => {
    server = await startFakeServer((_req, res) => json(res, 429, {}, { 'retry-after': '60' }));
    const time = fakeTime();
    transport = transportFor(server, { timeouts: { operationMs: 5_000 } }, time);
    const err = await failure(transport.send(GET));
    expect(err.code).toBe('THROTTLED');
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });
});

describe('no retry', () => {
  it('on 401: exactly one request, authenticator invalidated once', async () => {
    server = await startFakeServer((_req, res) =>
      json(res, 401, {
        error_code: 'APIGW.0301',
        error_msg: 'verify aksk signature fail',
        request_id: 'r401',
      }),
    );
    const auth = countingAuthenticator();
    transport = transportFor(server, {}, { ...fakeTime(), authenticator: auth });
    const err = await failure(transport.send(GET));
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.status).toBe(401);
    expect(server.requests).toHaveLength(1);
    expect(auth.invalidations).toBe(1);
  });

  it("on 401 of a request the assumer signs, dropping the assumer's credentials, not the agency's", async () => {
    server = await startFakeServer((_req, res) => json(res, 401, { error_code: 'APIGW.0301' }));
    const agency = { ...countingAuthenticator(), assumer: countingAuthenticator() };
    transport = transportFor(server, {}, { ...fakeTime(), authenticator: agency });
    const err = await failure(transport.send({ ...GET, auth: 'assumer' }));
    expect(err.status).toBe(401);
    expect(server.requests).toHaveLength(1); // the assumer's key is not re-tried: Huawei locks it after 5
    expect(agency.assumer.invalidations).toBe(1);
    expect(agency.invalidations).toBe(0);
  });

  it("once more on 401 of a request signed with an agency's keys, after dropping them", async () => {
    server = await startFakeServer((_req, res, n) => json(res, n === 1 ? 401 : 200, {}));
    const agency = { ...countingAuthenticator(), assumer: countingAuthenticator() };
    transport = transportFor(server, {}, { ...fakeTime(), authenticator: agency });
    expect((await transport.send(GET)).status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(agency.invalidations).toBe(1);
    expect(agency.assumer.invalidations).toBe(0);
  });

  it('on 403, 404 and 400, without invalidating credentials', async () => {
    const statuses = [403, 404, 400];
    server = await startFakeServer((_req, res, n) => json(res, statuses[n - 1] ?? 500, {}));
    const auth = countingAuthenticator();
    transport = transportFor(server, {}, { ...fakeTime(), authenticator: auth });
    const codes = [];
    for (let i = 0; i < statuses.length; i++) codes.push((await failure(transport.send(GET))).code);
    expect(codes).toEqual(['AUTH_FAILED', 'NOT_FOUND', 'HTTP_ERROR']);
    expect(server.requests).toHaveLength(3);
    expect(auth.invalidations).toBe(0);
  });

  it('of a POST on 500, while 503 is retried', async () => {
    server = await startFakeServer((_req, res, n) => json(res, n === 1 ? 500 : n === 2 ? 503 : 201, {}));
    const time = fakeTime();
    transport = transportFor(server, {}, time);
    expect((await failure(transport.send(POST))).status).toBe(500);
    expect(server.requests).toHaveLength(1);
    const ok = await transport.send(POST);
    expect(ok.status).toBe(201);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((r) => r.method === 'POST' && r.body === '{}')).toBe(true);
  });
});

describe('network errors', () => {
  it('retries a GET whose socket the server destroys', async () => {
    server = await startFakeServer((req, res, n) => {
      if (n === 1) req.socket.destroy();
      else json(res, 200, { ok: 1 });
    });
    const observer = recordingObserver();
    transport = transportFor(server, { observer }, { ...fakeTime(), random: () => 0.5 });
    const res = await transport.send(GET);
    expect(res.json).toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(2);
    const done = observer.events.filter((e) => e.kind === 'requestDone').map((e) => e.event);
    expect(done).toMatchObject([
      { status: 0, attempt: 1 },
      { status: 200, attempt: 2 },
    ]);
    expect(observer.events.find((e) => e.kind === 'retry')?.event).toMatchObject({ reason: 'network' });
  });

  it('does not repeat a POST that may have reached the server', async () => {
    server = await startFakeServer((req) => {
      req.socket.destroy();
    });
    transport = transportFor(server, {}, fakeTime());
    const err = await failure(transport.send(POST));
    expect(err.code).toBe('NETWORK');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports NETWORK', async () => {
    const closed = await startFakeServer(() => {});
    await closed.close();
    const observer = recordingObserver();
    transport = transportFor(closed, { retries: { max: 2 }, observer }, fakeTime());
    const err = await failure(transport.send(POST)); // connect errors are safe to repeat even for POST
    expect(err.code).toBe('NETWORK');
    expect(err.message).toContain('ECONNREFUSED');
    expect(observer.events.filter((e) => e.kind === 'requestDone')).toHaveLength(3);
    expect(observer.events.filter((e) => e.kind === 'retry')).toHaveLength(2);
  });
});
