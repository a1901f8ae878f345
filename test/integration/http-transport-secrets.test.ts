import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Authenticator } from '../../src/huaweicloud/credentials/authenticator.js';
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

// Canary values: if any of them shows up in an error or an observer event, a secret leaked.
const AK = 'CANARYAKQTWAOYTTINDUT2Q';
const SIGNATURE = 'c4n4ry5ignature0123456789abcdef';
const TOKEN = 'CANARY-X-AUTH-TOKEN-MIIZ0gYJKoZIhvcNAQcCoIIZwzCCGb8';
const STS = 'CANARY-SECURITY-TOKEN-gQpjbi1ub3J0aC00';
const CANARIES = [AK, SIGNATURE, TOKEN, STS];

const canaryAuthenticator: Authenticator = {
  source: 'test',
  projectId: 'p1',
  invalidate() {},
  apply: async (req) => ({
    ...req.headers,
    authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${SIGNATURE}`,
    'x-auth-token': TOKEN,
    'x-security-token': STS,
  }),
};

const REQ: ApiRequest = {
  service: 'apig',
  operation: 'ListSignatureKeysV2',
  method: 'GET',
  path: ['v2', 'p1', 'apigw', 'instances', 'i1', 'signs'],
};

let server: FakeServer | undefined;
let transport: Transport | undefined;
afterEach(closeOpened);

/** Everything a person or a log could see of an error. */
function visible(e: unknown): string {
  if (!isHuaweiCloudError(e)) throw e;
  return [e.message, e.errorMsg, e.errorCode, e.requestId, JSON.stringify(e), inspect(e, { depth: 6 })].join(
    '\n',
  );
}

describe('no secret in errors or observer events', () => {
  it('scrubs credentials the upstream echoes back in each failure kind', async () => {
    server = await startFakeServer((req, res, n) => {
      const echo = `Get secretKey failed,ak:${AK},err:ak not exist; got ${req.headers.authorization}; token ${req.headers['x-auth-token']} ${req.headers['x-security-token']}`;
      if (n === 1) json(res, 401, { error_code: 'APIGW.0301', error_msg: echo, request_id: 'r1' });
      else if (n === 2) json(res, 400, { error: { code: AK, message: echo } });
      else if (n === 3) json(res, 429, { code: 'APIG.0308', message: echo });
      else req.socket.destroy();
    });
    const observer = recordingObserver();
    transport = transportFor(
      server,
      { retries: { max: 0 }, observer },
      { ...fakeTime(), authenticator: canaryAuthenticator },
    );
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push(visible(await transport.send(REQ).catch((e: unknown) => e)));

    // The canaries really went out, so the test would notice a leak.
    expect(server.requests[0]?.headers.authorization).toContain(AK);
    expect(server.requests[0]?.headers['x-auth-token']).toBe(TOKEN);

    const everything = [...seen, JSON.stringify(observer.events)].join('\n');
    for (const canary of CANARIES) expect(everything).not.toContain(canary);
    expect(seen[0]).toContain('ListSignatureKeysV2: HTTP 401 APIGW.0301 (Get secretKey failed,ak:<secret>');
    expect(observer.events.length).toBeGreaterThanOrEqual(4);
  });

  it('scrubs the ECS metadata session token (X-Metadata-Token) from errors and events', async () => {
    const METADATA_TOKEN = 'CANARY-METADATA-TOKEN-AQAEAMdata0123';
    server = await startFakeServer((req, res, n) => {
      const echo = `token ${req.headers['x-metadata-token']} is invalid or expired`;
      if (n === 1)
        json(res, 401, { error_code: METADATA_TOKEN, error_msg: echo, request_id: METADATA_TOKEN });
      else json(res, 400, { code: 'MD.400', message: echo }, { 'x-request-id': METADATA_TOKEN });
    });
    const observer = recordingObserver();
    transport = transportFor(server, { retries: { max: 0 }, observer }, fakeTime());
    const req: ApiRequest = {
      service: 'metadata',
      operation: 'GetSecurityKey',
      method: 'GET',
      path: ['openstack', 'latest', 'securitykey'],
      headers: { 'X-Metadata-Token': METADATA_TOKEN },
      auth: 'none',
    };
    const seen = [
      visible(await transport.send(req).catch((e: unknown) => e)),
      visible(await transport.send(req).catch((e: unknown) => e)),
    ];
    expect(server.requests[0]?.headers['x-metadata-token']).toBe(METADATA_TOKEN);
    expect([...seen, JSON.stringify(observer.events)].join('\n')).not.toContain(METADATA_TOKEN);
    expect(seen[0]).toContain('token <secret> is invalid or expired');
  });

  it('scrubs the IAM password of a token-request body when IAM echoes it', async () => {
    const PASSWORD = 'CANARY-IAM-"Passw0rd\\!';
    // A proxy or gateway that reflects the body it got is enough to leak the password.
    server = await startFakeServer((_req, res) => {
      const body = server?.requests.at(-1)?.body ?? '';
      json(res, 401, { error: { code: 401, message: `could not verify ${body}` } });
    });
    const observer = recordingObserver();
    transport = transportFor(server, { retries: { max: 0 }, observer }, fakeTime());
    const body = JSON.stringify({
      auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: PASSWORD } } } },
    });
    const err = await transport
      .send({
        service: 'iam',
        operation: 'KeystoneCreateUserTokenByPassword',
        method: 'POST',
        path: ['v3', 'auth', 'tokens'],
        body,
        auth: 'none',
      })
      .catch((e: unknown) => e);
    const onTheWire = JSON.stringify(PASSWORD).slice(1, -1);
    expect(server.requests[0]?.body).toContain(onTheWire);
    const everything = `${visible(err)}\n${JSON.stringify(observer.events)}`;
    for (const form of [PASSWORD, onTheWire, 'Passw0rd']) expect(everything).not.toContain(form);
    expect(visible(err)).toContain('"password":"<secret>"');
  });

  it('scrubs an X-Subject-Token the response carries when its body echoes it', async () => {
    const SUBJECT = 'CANARY-SUBJECT-TOKEN-MIIZ0gYJKoZIhvcNAQcC';
    server = await startFakeServer((_req, res) =>
      json(
        res,
        403,
        { error_code: 'IAM.0001', error_msg: `token ${SUBJECT} lacks a role` },
        {
          'X-Subject-Token': SUBJECT,
        },
      ),
    );
    const observer = recordingObserver();
    transport = transportFor(server, { retries: { max: 0 }, observer }, fakeTime());
    const err = await transport.send({ ...REQ, service: 'iam', auth: 'none' }).catch((e: unknown) => e);
    expect(`${visible(err)}\n${JSON.stringify(observer.events)}`).not.toContain(SUBJECT);
  });

  it('does not keep the JSON parser error of a 2xx body: it quotes the body, which may be a credential', async () => {
    const LEAKED = 'CANARYsk01234'; // V8 quotes a body this short whole
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(LEAKED); // e.g. a plain-text token where JSON was expected
    });
    transport = transportFor(server, { retries: { max: 0 } }, fakeTime());
    const err = await transport.send(REQ).catch((e: unknown) => e);
    expect(isHuaweiCloudError(err) && err.code).toBe('INVALID_RESPONSE');
    expect(visible(err)).not.toContain(LEAKED);
  });

  it('does not repeat an authenticator failure message', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}));
    const failing: Authenticator = {
      ...canaryAuthenticator,
      apply: async () => {
        throw new Error(`metadata answered with sk=${AK}`);
      },
    };
    transport = transportFor(server, {}, { ...fakeTime(), authenticator: failing });
    const err = await transport.send(REQ).catch((e: unknown) => e);
    expect(isHuaweiCloudError(err) && err.code).toBe('CREDENTIALS');
    expect(visible(err)).not.toContain(AK);
    expect(server.requests).toHaveLength(0);
  });
});
