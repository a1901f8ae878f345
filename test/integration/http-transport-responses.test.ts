// What the transport makes of a 2xx answer: parsed JSON and the raw text, plain-text bodies where the request
// expects them, INVALID_RESPONSE otherwise, the wire request it sent, and the response size cap.

import { afterEach, describe, expect, it } from 'vitest';
import type { Transport } from '../../src/huaweicloud/transport-types.js';
import {
  closeOpened,
  type FakeServer,
  failure,
  fakeTime,
  HSS_LIST_REQUEST,
  json,
  startFakeServer,
  transportFor,
} from './http-fake-server.js';

const REQ = HSS_LIST_REQUEST;

let server: FakeServer | undefined;
let transport: Transport | undefined;
afterEach(closeOpened);

describe('successful responses', () => {
  it('returns parsed JSON, lower-cased headers and the request id', async () => {
    server = await startFakeServer((_req, res) =>
      json(res, 200, { total_num: 1, data_list: [] }, { 'X-Request-Id': 'ok-1', 'X-Extra': 'v' }),
    );
    transport = transportFor(server);
    const res = await transport.send(REQ);
    expect(res).toMatchObject({ status: 200, json: { total_num: 1, data_list: [] }, requestId: 'ok-1' });
    expect(res.headers['x-extra']).toBe('v');
  });

  it('carries the raw body as text beside the parsed JSON', async () => {
    const body = '{"total_num":0,"data_list":[]}';
    server = await startFakeServer((_req, res) => json(res, 200, body));
    transport = transportFor(server);
    expect(await transport.send(REQ)).toMatchObject({ json: { total_num: 0, data_list: [] }, text: body });
  });

  it("accepts a plain-text 2xx body when the request expects 'text', leaving json undefined", async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('AQAEAM-session-token\n');
    });
    transport = transportFor(server);
    const res = await transport.send({ ...REQ, expect: 'text' });
    expect(res).toMatchObject({ status: 200, text: 'AQAEAM-session-token\n', json: undefined });
  });

  it("applies the size cap to a body read as 'text'", async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('t'.repeat(4_096));
    });
    transport = transportFor(server, { maxResponseBytes: 1_024 }, fakeTime());
    expect((await failure(transport.send({ ...REQ, expect: 'text' }))).code).toBe('RESPONSE_TOO_LARGE');
  });

  it('gives undefined json for an empty body', async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    transport = transportFor(server);
    expect(await transport.send(REQ)).toMatchObject({ json: undefined, text: '' });
  });

  it('turns a 2xx body that is not JSON into INVALID_RESPONSE, not retried', async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'x-request-id': 'bad-json' });
      res.end('<html>login page</html>');
    });
    transport = transportFor(server, {}, fakeTime());
    const err = await failure(transport.send(REQ));
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', status: 200, requestId: 'bad-json' });
    expect(err.message).toBe(
      'ListRegistry: HTTP 200 body is not valid JSON (Content-Type text/html) [request id bad-json]',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('sends the wire URL, project id, content type and body', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    transport = transportFor(server);
    await transport.send({
      service: 'swr',
      operation: 'ListInstance',
      method: 'PUT',
      path: ['v2', 'p 1', 'instances'],
      query: [
        ['offset', '0'],
        ['limit', '100'],
      ],
      projectId: 'p 1',
      body: '{"a":1}',
    });
    const seen = server.requests[0];
    expect(seen?.url).toBe('/v2/p%201/instances?limit=100&offset=0');
    expect(seen?.headers['x-project-id']).toBe('p 1');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.body).toBe('{"a":1}');
  });
});

describe('response size cap', () => {
  it('refuses a body whose Content-Length exceeds the cap', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, { blob: 'x'.repeat(4_096) }));
    transport = transportFor(server, { maxResponseBytes: 1_024 }, fakeTime());
    const err = await failure(transport.send(REQ));
    expect(err.code).toBe('RESPONSE_TOO_LARGE');
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a chunked body once it passes the cap while streaming', async () => {
    let written = 0;
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // no Content-Length: chunked
      res.write('{"blob":"');
      const chunk = 'x'.repeat(1_024);
      // Writes far more than the cap unless the client stops reading and closes the connection.
      const pump = (): void => {
        while (written < 64 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end('"}');
      };
      pump();
    });
    transport = transportFor(server, { maxResponseBytes: 8_192 }, fakeTime());
    const err = await failure(transport.send(REQ));
    expect(err.code).toBe('RESPONSE_TOO_LARGE');
    expect(err.message).toBe('ListRegistry: HTTP 200 response exceeds 8192 bytes');
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});
