import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegionApi, HuaweiCloudError, type RegionClient, secret } from '../../src/huaweicloud/index.js';
import type { ClientOptions } from '../../src/huaweicloud/options.js';

const REGION = 'cn-north-4';
const AK = 'AKCLIENTTEST0000001';
const SK = 'sk-client-test-value-never-on-the-wire';
const PID = '05041fffa40025702f6dc009cc6f8f33';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

// A stand-in for every Huawei service on one loopback port: enough of IAM, SWR, HSS and APIG to wire through.
const seen: Seen[] = [];
let server: Server;
let base = '';

function answer(path: string, query: URLSearchParams): { status: number; body: unknown } {
  if (path === '/v3/projects') {
    return {
      status: 200,
      body: { projects: [{ id: PID, name: query.get('name'), enabled: true }], links: {} },
    };
  }
  if (path === `/v2/${PID}/instances`) {
    return {
      status: 200,
      body: {
        total: 1,
        instances: [{ id: 'swr-1', name: 'ee', status: 'Running', created_at: '2024-01-02T03:04:05Z' }],
      },
    };
  }
  if (path === `/v5/${PID}/image/registries`) {
    return { status: 200, body: { total_num: 0, data_list: [] } };
  }
  if (path === `/v2/${PID}/apigw/instances/gw-1/signs`) {
    return {
      status: 200,
      body: {
        total: 1,
        size: 1,
        signs: [{ id: 'k1', name: 'key_1', sign_type: 'hmac', sign_secret: 'server-side-secret' }],
      },
    };
  }
  return { status: 404, body: { error_code: 'APIG.3030', error_msg: 'not here' } };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://x');
    const { status, body } = answer(url.pathname, url.searchParams);
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `rid-${seen.length}` });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function options(extra: Partial<ClientOptions> = {}): ClientOptions {
  return {
    region: REGION,
    endpoints: { swr: base, hss: base, apig: base, roma: base, iam: base },
    credentials: { kind: 'aksk', ak: secret(AK), sk: secret(SK) },
    credentialChain: false,
    env: {},
    retries: { max: 0 },
    ...extra,
  };
}

async function rejection(p: Promise<unknown>): Promise<HuaweiCloudError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HuaweiCloudError);
  return e as HuaweiCloudError;
}

describe('createRegionApi wires endpoints, credentials, transport and operations', () => {
  let client: RegionClient;

  beforeAll(async () => {
    client = await createRegionApi(options());
  });

  afterAll(async () => {
    await client.close();
  });

  it('resolves the project through IAM (signed, without X-Project-Id) and lists SWR instances with it', async () => {
    seen.length = 0;
    const listed = await client.swr.listInstances({ status: 'Running' });
    expect(client.region).toBe(REGION);
    expect(listed).toEqual({
      items: [
        {
          id: 'swr-1',
          name: 'ee',
          status: 'Running',
        },
      ],
      total: 1,
      truncated: false,
    });

    const [iam, swr] = seen;
    expect(iam?.url).toBe(`/v3/projects?name=${REGION}`);
    expect(iam?.headers['x-project-id']).toBeUndefined();
    expect(iam?.headers.authorization).toMatch(new RegExp(`^SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=`));

    expect(swr?.method).toBe('GET');
    expect(swr?.url).toBe(`/v2/${PID}/instances?limit=100&offset=0&status=Running`);
    expect(swr?.headers['x-project-id']).toBe(PID);
    expect(swr?.headers.authorization).toMatch(/SignedHeaders=[^,]*x-project-id/);
    expect(seen).toHaveLength(2);
  });

  it('caches the project id: later operations go straight to the service', async () => {
    seen.length = 0;
    expect(await client.projectId()).toBe(PID);
    await client.hss.listRegistries();
    expect(seen.map((s) => s.url)).toEqual([`/v5/${PID}/image/registries?limit=200&offset=0`]);
  });

  it('never lets a secret reach the wire or a record', async () => {
    seen.length = 0;
    const keys = await client.apig.listSignatureKeys('apig', 'gw-1');
    expect(keys.items).toHaveLength(1);
    expect(JSON.stringify(keys)).not.toContain('server-side-secret');
    expect(JSON.stringify(seen)).not.toContain(SK);
  });

  it('upstream errors arrive typed, with the request id', async () => {
    const e = await rejection(client.swr.showRegistry('missing', 1));
    expect(e).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      errorCode: 'APIG.3030',
      operation: 'ShowInstanceRegistry',
    });
    expect(e.requestId).toMatch(/^rid-/);
  });
});

describe('createRegionApi set-up', () => {
  it('a configured project id means IAM is never called', async () => {
    seen.length = 0;
    const client = await createRegionApi(options({ projectId: PID }));
    try {
      await client.hss.listRegistries();
      expect(seen.map((s) => s.url)).toEqual([`/v5/${PID}/image/registries?limit=200&offset=0`]);
    } finally {
      await client.close();
    }
  });

  it("with regionalProjectIdOnly, a project id from the environment is ignored: IAM names the region's own", async () => {
    const env = { HUAWEICLOUD_SDK_PROJECT_ID: 'ffffffffffffffffffffffffffffffff' };
    for (const [regionalProjectIdOnly, expected] of [
      [false, 'ffffffffffffffffffffffffffffffff'],
      [true, PID],
    ] as const) {
      const client = await createRegionApi(options({ env, regionalProjectIdOnly }));
      try {
        expect(await client.projectId()).toBe(expected);
      } finally {
        await client.close();
      }
    }
  });

  it('a bad region is a CONFIG error before anything is sent', async () => {
    seen.length = 0;
    const e = await rejection(createRegionApi(options({ region: 'not a region' })));
    expect(e.code).toBe('CONFIG');
    expect(seen).toHaveLength(0);
  });

  it('no credentials is a CREDENTIALS error that names nothing secret', async () => {
    const { credentials: _none, ...rest } = options();
    const e = await rejection(createRegionApi({ ...rest, credentialChain: false }));
    expect(e.code).toBe('CREDENTIALS');
  });

  it('after close(), operations fail instead of reopening connections', async () => {
    const client = await createRegionApi(options({ projectId: PID }));
    await client.close();
    seen.length = 0;
    const e = await rejection(client.hss.listRegistries());
    expect(e.code).toBe('ABORTED');
    expect(seen).toHaveLength(0);
  });
});
