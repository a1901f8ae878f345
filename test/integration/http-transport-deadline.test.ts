import { afterEach, describe, expect, it } from 'vitest';
import type { ApiRequest, Transport } from '../../src/huaweicloud/transport-types.js';
import {
  closeOpened,
  type FakeServer,
  failure,
  json,
  recordingObserver,
  startFakeServer,
  transportFor,
} from './http-fake-server.js';

const REQ: ApiRequest = {
  service: 'swr',
  operation: 'ShowInstanceRegistry',
  method: 'GET',
  path: ['v2', 'p1', 'instances', 'i1', 'registries', '7'],
};

let server: FakeServer | undefined;
let transport: Transport | undefined;
afterEach(closeOpened);

/** An upstream that answers only after `ms` (well past every deadline used below). */
function slow(ms: number) {
  return startFakeServer((_req, res) => {
    const t = setTimeout(() => json(res, 200, {}), ms);
    res.on('close', () => clearTimeout(t));
  });
}

describe('operation deadline', () => {
  it('ends a slow upstream with TIMEOUT at the deadline, not the upstream', async () => {
    server = await slow(8_000);
    const observer = recordingObserver();
    transport = transportFor(server, { timeouts: { operationMs: 300, headersMs: 10_000 }, observer });
    const started = Date.now();
    const err = await failure(transport.send(REQ));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toBe('ShowInstanceRegistry: operation deadline of 300 ms exceeded after 1 attempt');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(server.requests).toHaveLength(1);
    const calls = observer.events.filter((e) => e.kind !== 'budget');
    expect(calls).toMatchObject([{ kind: 'requestDone', event: { status: 0, attempt: 1 } }]);
  });

  it("a caller's abort ends the operation as ABORTED", async () => {
    server = await slow(8_000);
    transport = transportFor(server, { timeouts: { operationMs: 5_000 } });
    const ac = new AbortController();
    const pending = failure(transport.send({ ...REQ, signal: ac.signal }));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    const err = await pending;
    expect(err.code).toBe('ABORTED');
  });

  it('an already aborted signal sends nothing', async () => {
    server = await slow(8_000);
    transport = transportFor(server);
    const err = await failure(transport.send({ ...REQ, signal: AbortSignal.abort() }));
    expect(err.code).toBe('ABORTED');
    expect(server.requests).toHaveLength(0);
  });

  it('a headers timeout is a TIMEOUT that is retried for GET', async () => {
    server = await slow(8_000);
    const observer = recordingObserver();
    transport = transportFor(server, {
      timeouts: { headersMs: 100, operationMs: 5_000 },
      retries: { max: 1, baseDelayMs: 0 },
      observer,
    });
    const err = await failure(transport.send(REQ));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain('UND_ERR_HEADERS_TIMEOUT');
    expect(server.requests).toHaveLength(2);
    expect(observer.events.find((e) => e.kind === 'retry')?.event).toMatchObject({ reason: 'timeout' });
  });

  it('a deadline that passes during a retry wait ends it as TIMEOUT', async () => {
    server = await startFakeServer((_req, res) => json(res, 503, {}));
    // The clock says the wait fits, the real timer fires during it: the sleep is interrupted.
    transport = transportFor(
      server,
      { timeouts: { operationMs: 200 } },
      {
        now: () => 0,
        random: () => 0.5,
        sleep: (_ms, signal) =>
          new Promise((_r, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
      },
    );
    const err = await failure(transport.send(REQ));
    expect(err.code).toBe('TIMEOUT');
    expect(server.requests).toHaveLength(1);
  });
});
