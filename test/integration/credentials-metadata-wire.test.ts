// ECS metadata credentials through the real transport against a loopback metadata service that answers as ECS
// does: the session token is a plain-text body, the keys are JSON, refusals are plain text. Then a signed call
// with the temporary keys, which must carry X-Security-Token inside the signature.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegionApi, HuaweiCloudError, type RegionClient } from '../../src/huaweicloud/index.js';
import { type FakeServer, json, startFakeServer } from './http-fake-server.js';

const PID = '05041fffa40025702f6dc009cc6f8f33';
const TOKEN_PATH = '/meta-data/latest/api/token';
const KEY_PATH = '/openstack/latest/securitykey';

interface MetadataBehaviour {
  /** 'issue': PUT answers 200 with a token and GET demands it; a number: PUT answers with that status. */
  sessionTokens: 'issue' | number;
  /** No agency attached to the server: the keys are refused with ECS's plain-text 401. */
  noAgency?: boolean;
  /** GETs (1-based) that are refused as if their token had gone stale. */
  staleOnGet?: number[];
}

function plain(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

function metadataHandler(behaviour: MetadataBehaviour) {
  let issued = 0;
  let gets = 0;
  const session = () => `AQAEAMdata-session-${issued}`;
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'PUT' && req.url === TOKEN_PATH) {
      if (behaviour.sessionTokens === 'issue') {
        issued += 1;
        plain(res, 200, session());
      } else {
        plain(res, behaviour.sessionTokens, 'no tokens here');
      }
    } else if (req.method === 'GET' && req.url === KEY_PATH) {
      gets += 1;
      const wanted = behaviour.sessionTokens === 'issue' ? session() : undefined;
      if (behaviour.noAgency) {
        plain(res, 401, 'Please configure Cloud Service Agency first');
      } else if (req.headers['x-metadata-token'] !== wanted || behaviour.staleOnGet?.includes(gets)) {
        plain(res, 401, 'Unauthorized: the metadata token is invalid or expired');
      } else {
        json(res, 200, {
          credential: {
            access: 'TMPAKWIRE00000000001',
            secret: 'tmp-sk-wire',
            securitytoken: 'tmp-sts-wire-gQpjbi1ub3J0aC00',
            expires_at: new Date(Date.now() + 6 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
          },
        });
      }
    } else if (req.url?.startsWith(`/v2/${PID}/instances`)) {
      json(res, 200, { instances: [], total: 0 });
    } else {
      json(res, 404, { error_code: 'X.404', error_msg: 'no such route' });
    }
  };
}

let server: FakeServer | undefined;
let client: RegionClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function clientOn(behaviour: MetadataBehaviour): Promise<{ server: FakeServer; client: RegionClient }> {
  server = await startFakeServer(metadataHandler(behaviour));
  client = await createRegionApi({
    region: 'cn-north-4',
    projectId: PID,
    endpoints: { metadata: server.url, swr: server.url },
    env: { HOME: '/nonexistent-home-for-tests' },
    retries: { max: 0 },
  });
  return { server, client };
}

const calls = (s: FakeServer) => s.requests.map((r) => `${r.method} ${r.url}`);
const sentTokens = (s: FakeServer) =>
  s.requests.filter((r) => r.url === KEY_PATH).map((r) => r.headers['x-metadata-token']);

describe('ECS metadata over the wire', () => {
  it('reads the plain-text session token and sends it as X-Metadata-Token', async () => {
    const { server: s } = await clientOn({ sessionTokens: 'issue' });
    expect(calls(s)).toEqual([`PUT ${TOKEN_PATH}`, `GET ${KEY_PATH}`]);
    expect(s.requests[0]?.headers['x-metadata-token-ttl-seconds']).toBe('21600');
    expect(sentTokens(s)).toEqual(['AQAEAMdata-session-1']);
  });

  it.each([404, 405, 503])('goes on without a session token when the PUT answers %i', async (status) => {
    const { server: s } = await clientOn({ sessionTokens: status });
    expect(calls(s)).toEqual([`PUT ${TOKEN_PATH}`, `GET ${KEY_PATH}`]);
    expect(sentTokens(s)).toEqual([undefined]);
  });

  it('any other PUT failure is a CREDENTIALS error, and the keys are not asked for', async () => {
    const e = await clientOn({ sessionTokens: 500 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(HuaweiCloudError);
    expect((e as HuaweiCloudError).code).toBe('CREDENTIALS');
    expect((e as HuaweiCloudError).message).toMatch(/ECS metadata service did not provide .*HTTP 500/);
    expect(server && calls(server)).toEqual([`PUT ${TOKEN_PATH}`]);
  });

  it('a 401 on securitykey fetches a fresh session token and retries once', async () => {
    const { server: s } = await clientOn({ sessionTokens: 'issue', staleOnGet: [1] });
    expect(calls(s)).toEqual([
      `PUT ${TOKEN_PATH}`,
      `GET ${KEY_PATH}`,
      `PUT ${TOKEN_PATH}`,
      `GET ${KEY_PATH}`,
    ]);
    expect(sentTokens(s)).toEqual(['AQAEAMdata-session-1', 'AQAEAMdata-session-2']);
  });

  it('says to attach an agency when ECS answers its plain-text 401, without a pointless retry', async () => {
    const e = await clientOn({ sessionTokens: 'issue', noAgency: true }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect((e as HuaweiCloudError).code).toBe('CREDENTIALS');
    expect((e as HuaweiCloudError).message).toMatch(/no agency is attached to this server/);
    expect(server && calls(server)).toEqual([`PUT ${TOKEN_PATH}`, `GET ${KEY_PATH}`]);
  });

  it('signs calls with the temporary keys, X-Security-Token included in the signature', async () => {
    const { server: s, client: c } = await clientOn({ sessionTokens: 'issue' });
    await c.swr.listInstances();
    const call = s.requests.find((r) => r.url?.startsWith(`/v2/${PID}/instances`));
    expect(call?.headers['x-security-token']).toBe('tmp-sts-wire-gQpjbi1ub3J0aC00');
    expect(call?.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=TMPAKWIRE00000000001, SignedHeaders=[^,]*x-security-token[^,]*, Signature=[0-9a-f]{64}$/,
    );
    // The metadata token is for the metadata service only.
    expect(call?.headers['x-metadata-token']).toBeUndefined();
  });
});
