// A scriptable upstream for the transport tests: node:http on 127.0.0.1:0, recording every request and how
// many were in flight at once.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HuaweiCloudError, isHuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { createTransport, type TransportDeps } from '../../src/huaweicloud/http/transport.js';
import type { ClientObserver } from '../../src/huaweicloud/observer.js';
import type { ClientOptions } from '../../src/huaweicloud/options.js';
import type { ApiRequest, Transport } from '../../src/huaweicloud/transport-types.js';

/** A plain list call (HSS ListRegistry), for tests about the transport rather than an API. */
export const HSS_LIST_REQUEST: ApiRequest = {
  service: 'hss',
  operation: 'ListRegistry',
  method: 'GET',
  path: ['v5', 'p1', 'image', 'registries'],
};

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** `n` is the 1-based number of this request. */
export type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>;

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  maxInFlight: number;
  inFlight: number;
  close(): Promise<void>;
}

/** Servers and transports the helpers opened, closed newest first by closeOpened() (tests' afterEach). */
const opened: Array<{ close(): Promise<void> }> = [];

export async function closeOpened(): Promise<void> {
  for (let next = opened.pop(); next !== undefined; next = opened.pop()) await next.close();
}

export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const state: FakeServer = {
    url: '',
    requests: [],
    maxInFlight: 0,
    inFlight: 0,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        state.inFlight -= 1;
      };
      res.on('finish', finish);
      res.on('close', finish);
      Promise.resolve(handler(req, res, state.requests.length)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  opened.push(state);
  return state;
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** Everything the observer was told, in order. */
export function recordingObserver(): ClientObserver & { events: { kind: string; event: unknown }[] } {
  const events: { kind: string; event: unknown }[] = [];
  return {
    events,
    requestDone: (event) => events.push({ kind: 'requestDone', event }),
    retry: (event) => events.push({ kind: 'retry', event }),
    throttled: (event) => events.push({ kind: 'throttled', event }),
    waited: (event) => events.push({ kind: 'waited', event }),
    budget: (event) => events.push({ kind: 'budget', event }),
  };
}

/** A clock that only moves when the transport sleeps, so delays are exact and tests take no real time. */
export function fakeTime(start = Date.parse('2025-01-01T00:00:00Z')) {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      t += ms;
    },
  };
}

export function transportFor(
  server: FakeServer,
  options: Partial<ClientOptions> = {},
  deps: Partial<Omit<TransportDeps, 'options'>> = {},
): Transport {
  const transport = createTransport({
    region: 'cn-north-4',
    endpointFor: () => server.url,
    ...deps,
    options: { region: 'cn-north-4', ...options },
  });
  opened.push(transport);
  return transport;
}

/** The HuaweiCloudError a request failed with; anything else (or success) fails the test. */
export async function failure(p: Promise<unknown>): Promise<HuaweiCloudError> {
  try {
    await p;
  } catch (e) {
    if (isHuaweiCloudError(e)) return e;
    throw e;
  }
  throw new Error('expected the request to fail');
}
