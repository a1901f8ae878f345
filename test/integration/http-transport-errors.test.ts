import { afterEach, describe, expect, it } from 'vitest';
import type { Authenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import type { Transport } from '../../src/huaweicloud/transport-types.js';
import {
  closeOpened,
  type FakeServer,
  failure,
  fakeTime,
  HSS_LIST_REQUEST,
  json,
  recordingObserver,
  startFakeServer,
  transportFor,
} from './http-fake-server.js';

const REQ = HSS_LIST_REQUEST;

let server: FakeServer | undefined;
let transport: Transport | undefined;
afterEach(closeOpened);

/** Answers one fixed response and returns the error the transport made of it. */
async function errorFor(status: number, body: string, headers: Record<string, string> = {}) {
  server = await startFakeServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  });
  transport = transportFor(server, { retries: { max: 0 } }, fakeTime());
  return failure(transport.send(REQ));
}

describe('typed errors from every error-body shape', () => {
  it('{error_code, error_msg} with X-Request-Id header', async () => {
    const err = await errorFor(
      400,
      JSON.stringify({ error_code: 'HSS.0001', error_msg: 'invalid parameter' }),
      {
        'x-request-id': 'abc',
      },
    );
    expect(err).toMatchObject({
      code: 'HTTP_ERROR',
      status: 400,
      errorCode: 'HSS.0001',
      errorMsg: 'invalid parameter',
      requestId: 'abc',
      service: 'hss',
      operation: 'ListRegistry',
    });
    expect(err.message).toBe('ListRegistry: HTTP 400 HSS.0001 (invalid parameter) [request id abc]');
  });

  it('takes request_id from the body when no header is sent, the header when both are', async () => {
    const body = JSON.stringify({
      error_code: 'APIGW.0301',
      error_msg: 'verify aksk signature fail',
      request_id: 'b1',
    });
    const fromBody = await errorFor(401, body);
    expect(fromBody).toMatchObject({ code: 'AUTH_FAILED', requestId: 'b1' });
    await transport?.close();
    await server?.close();
    const fromHeader = await errorFor(401, body, { 'x-request-id': 'h1' });
    expect(fromHeader.requestId).toBe('h1');
  });

  it('{code, message}', async () => {
    const err = await errorFor(
      404,
      JSON.stringify({ code: 'APIG.3030', message: 'The instance does not exist' }),
    );
    expect(err).toMatchObject({
      code: 'NOT_FOUND',
      errorCode: 'APIG.3030',
      errorMsg: 'The instance does not exist',
    });
  });

  it("SWR's {errors:[…], error_code, error_msg}", async () => {
    const body = JSON.stringify({
      errors: [{ errorCode: 'DENIED', errorMessage: 'denied' }],
      error_code: 'SVCSTG.SWR.4030170',
      error_msg: 'Insufficient permissions',
      encoded_authorization_message: 'xyz',
    });
    const err = await errorFor(403, body, { 'x-request-id': 'swr-1' });
    expect(err).toMatchObject({
      code: 'AUTH_FAILED',
      status: 403,
      errorCode: 'SVCSTG.SWR.4030170',
      requestId: 'swr-1',
    });
    expect(err.message).toBe(
      'ListRegistry: HTTP 403 SVCSTG.SWR.4030170 (Insufficient permissions) [request id swr-1]',
    );
  });

  it('nested {"error":{code, message}}', async () => {
    const err = await errorFor(
      401,
      JSON.stringify({ error: { code: 401, message: 'requires authentication' } }),
    );
    expect(err).toMatchObject({ code: 'AUTH_FAILED', errorCode: '401', errorMsg: 'requires authentication' });
  });

  it('an HTML body from a proxy gives the status only', async () => {
    const err = await errorFor(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', {
      'content-type': 'text/html',
    });
    expect(err).toMatchObject({ code: 'HTTP_ERROR', status: 502, errorCode: undefined, errorMsg: undefined });
    expect(err.message).toBe('ListRegistry: HTTP 502');
  });

  it('429 becomes THROTTLED', async () => {
    const err = await errorFor(
      429,
      JSON.stringify({ error_code: 'APIG.0308', error_msg: 'policy user over ratelimit' }),
    );
    expect(err.code).toBe('THROTTLED');
  });

  it('keeps a long echoed message short in the error message', async () => {
    const echo = `canonicalRequest:GET|/v5/p1/image/registries/||host:x|${'y'.repeat(3_000)}`;
    const err = await errorFor(401, JSON.stringify({ error_code: 'APIG.0303', error_msg: echo }));
    expect(err.message.length).toBeLessThan(300);
    expect(err.errorMsg?.length).toBeLessThanOrEqual(512);
  });
});

describe('robustness', () => {
  it('an observer that throws does not break the request', async () => {
    server = await startFakeServer((_req, res, n) => json(res, n === 1 ? 503 : 200, {}));
    const boom = () => {
      throw new Error('observer bug');
    };
    transport = transportFor(
      server,
      { observer: { requestDone: boom, retry: boom, throttled: boom, waited: boom } },
      fakeTime(),
    );
    expect((await transport.send(REQ)).status).toBe(200);
  });

  it('a bad endpoint is a CONFIG error naming the service', async () => {
    const observer = recordingObserver();
    transport = transportFor({ url: 'not a url' } as FakeServer, { observer });
    const err = await failure(transport.send(REQ));
    expect(err.code).toBe('CONFIG');
    expect(err.message).toMatch(/^ListRegistry: endpoint is not a valid URL .*\(service hss\)$/);
    expect(err.operation).toBe('ListRegistry');
    expect(observer.events).toEqual([]);
  });

  it("the URL builder's own message (an empty path segment) arrives unchanged, not as a bad endpoint", async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    transport = transportFor(server);
    const err = await failure(transport.send({ ...REQ, path: ['v5', '', 'image', 'registries'] }));
    expect(err.code).toBe('CONFIG');
    expect(err.message).toBe('ListRegistry: path segment 1 is empty (service hss)');
    expect(server.requests).toHaveLength(0);
  });

  it('an endpoint with user info is refused without echoing it', async () => {
    transport = transportFor({ url: 'http://user:hunter2@127.0.0.1:1' } as FakeServer);
    const err = await failure(transport.send(REQ));
    expect(err.code).toBe('CONFIG');
    expect(err.message).not.toContain('hunter2');
  });

  it.each([
    ['a line break', 'CANARY-STS\r\nX-Injected: 1'],
    ['a control character', 'CANARY-STS\u0001'],
  ])('a header value with %s is a setup error naming the header, not its value', async (_, value) => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const observer = recordingObserver();
    const authenticator: Authenticator = {
      source: 'test',
      projectId: 'p1',
      invalidate() {},
      apply: async (req) => ({ ...req.headers, 'x-security-token': value }),
    };
    transport = transportFor(server, { retries: { max: 3 }, observer }, { ...fakeTime(), authenticator });
    const err = await failure(transport.send(REQ));
    expect(err.code).toBe('CONFIG');
    expect(err.message).toBe(
      'ListRegistry: the value for the x-security-token header is not a valid HTTP header value (a control character such as a line break, or characters outside Latin-1): check the configured value or credential it comes from',
    );
    expect(`${err.message}${String(err.cause)}${JSON.stringify(observer.events)}`).not.toContain('CANARY');
    expect(server.requests).toHaveLength(0);
    expect(observer.events.filter((e) => e.kind === 'retry')).toEqual([]);
  });

  it('a closed transport refuses to send', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    transport = transportFor(server);
    await transport.close();
    const err = await failure(transport.send(REQ));
    expect(err.code).toBe('ABORTED');
    expect(server.requests).toHaveLength(0);
  });
});
