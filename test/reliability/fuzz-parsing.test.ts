// Property-based fuzzing of response parsing (fast-check): every schema of src/huaweicloud/schemas fed
// anything JSON can be, real simulator answers with one field replaced by something hostile (`__proto__`
// keys, 10^4-deep nesting, huge and non-finite numbers, canary strings), and raw bytes — invalid UTF-8
// included — through the real HTTP client. Parsing yields records or an INVALID_RESPONSE error; it never
// throws anything else, never hangs, never quotes a value, and key material never reaches a record.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createRegionApi, type RegionClient } from '../../src/huaweicloud/client.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { parseErrorBody } from '../../src/huaweicloud/http/error-body.js';
import {
  listApigInstancesBody,
  listRomaInstancesBody,
  listSignatureKeysBody,
} from '../../src/huaweicloud/schemas/apig.js';
import { listHssRegistriesBody } from '../../src/huaweicloud/schemas/hss.js';
import { listIamProjectsBody } from '../../src/huaweicloud/schemas/iam.js';
import { parseBody } from '../../src/huaweicloud/schemas/parse.js';
import {
  listSwrInstancesBody,
  listSwrRegistriesBody,
  listSwrSignExecutionsBody,
  listSwrSignExecutionTasksBody,
  listSwrSignPoliciesBody,
  showSwrRegistryBody,
} from '../../src/huaweicloud/schemas/swr.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { signedCall } from '../integration/sim-client.js';
import { watchProcessFailures } from './helpers/harness.js';

const CANARY = 'ParseCanary9c1d';
const SECRET_FIELDS = new Set(['sign_key', 'sign_secret', 'access_key', 'access_secret']);

/** Deep structures as they arrive: built from text (JSON.stringify itself overflows the stack on these). */
const DEEP_ARRAY_TEXT = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const DEEP_OBJECT_TEXT = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
const deepArray = () => JSON.parse(DEEP_ARRAY_TEXT) as unknown;
const deepObject = () => JSON.parse(DEEP_OBJECT_TEXT) as unknown;
// `__proto__` stays an own key, as JSON.parse makes it.
const protoObject = () =>
  JSON.parse(
    `{"__proto__":{"polluted":"${CANARY}"},"constructor":{"prototype":{"polluted":1}},"id":1}`,
  ) as unknown;

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.POSITIVE_INFINITY,
    2 ** 53 + 2,
    -(2 ** 63),
    1e-320,
    -0,
    Number.NaN,
    '',
    '0001-01-01T00:00:00Z',
    '9999-99-99T99:99:99Z',
    '\ud800',
    '\u0000\u001b[2J',
  ),
  fc.constant(CANARY),
  fc.string({ unit: 'binary' }).map((s) => `${s}${CANARY}`),
  fc.constant(null).map(deepArray),
  fc.constant(null).map(deepObject),
  fc.constant(null).map(protoObject),
);

type Schema = z.ZodType;
interface Example {
  name: string;
  schema: Schema;
  body: unknown;
}

let sim: SimulatorHandle;
const examples: Example[] = [];
const watch = watchProcessFailures();

async function fetchBody(segments: string[]): Promise<unknown> {
  const answer = await signedCall(sim.url, { segments, ...sim.credentials });
  if (answer.status !== 200) throw new Error(`${segments.join('/')}: HTTP ${answer.status}`);
  return answer.json as unknown;
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, scale: { regions: 1 }, quotas: {} });
  const pid = sim.regions[0]?.projectId ?? '';
  const add = async (name: string, schema: Schema, segments: string[]) => {
    const body = await fetchBody(segments);
    examples.push({ name, schema, body });
    return body as Record<string, Array<Record<string, unknown>>>;
  };
  const instances = await add('ListInstance', listSwrInstancesBody, ['swr', 'v2', pid, 'instances']);
  const iid = String(instances.instances?.find((i) => i.status === 'Running')?.id);
  const policies = await add('ListInstanceSignPolicies', listSwrSignPoliciesBody, [
    'swr',
    'v2',
    pid,
    'instances',
    iid,
    'signature',
    'policies',
  ]);
  const policy = policies.policies?.[0] ?? {};
  const policyPath = [
    'swr',
    'v2',
    pid,
    'instances',
    iid,
    'namespaces',
    String(policy.namespace_name),
    'signature',
    'policies',
    String(policy.id),
  ];
  const executions = await add('ListInstanceSignPolicyExecutions', listSwrSignExecutionsBody, [
    ...policyPath,
    'executions',
  ]);
  await add('ListInstanceSignPolicyExecTasks', listSwrSignExecutionTasksBody, [
    ...policyPath,
    'executions',
    String(executions.executions?.[0]?.id),
    'tasks',
  ]);
  const registries = await add('ListInstanceRegistries', listSwrRegistriesBody, [
    'swr',
    'v2',
    pid,
    'instances',
    iid,
    'registries',
  ]);
  await add('ShowInstanceRegistry', showSwrRegistryBody, [
    'swr',
    'v2',
    pid,
    'instances',
    iid,
    'registries',
    String(registries.registries?.[0]?.id),
  ]);
  await add('ListRegistry (HSS)', listHssRegistriesBody, ['hss', 'v5', pid, 'image', 'registries']);
  const gateways = await add('ListInstancesV2', listApigInstancesBody, [
    'apig',
    'v2',
    pid,
    'apigw',
    'instances',
  ]);
  await add('ListSignatureKeysV2', listSignatureKeysBody, [
    'apig',
    'v2',
    pid,
    'apigw',
    'instances',
    String(gateways.instances?.[0]?.id),
    'signs',
  ]);
  await add('CheckRomaInstanceListV2', listRomaInstancesBody, ['roma', 'v2', pid, 'instances']);
  await add('KeystoneListProjects', listIamProjectsBody, ['iam', 'v3', 'projects']);
});
afterAll(async () => {
  await sim?.close();
  watch.stop();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

/** Values of secret fields in a body (the real answers hold them within a few levels). */
function secretValues(body: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 8) return out;
  if (Array.isArray(body)) for (const item of body) secretValues(item, out, depth + 1);
  else if (typeof body === 'object' && body !== null) {
    for (const [key, value] of Object.entries(body)) {
      if (SECRET_FIELDS.has(key) && typeof value === 'string' && value.length >= 6 && value !== '*****')
        out.push(value);
      else secretValues(value, out, depth + 1);
    }
  }
  return out;
}

/** parseBody's contract: records, or HuaweiCloudError INVALID_RESPONSE whose message quotes no value. */
function parseOrExplain(example: Example, body: unknown): unknown {
  try {
    return parseBody(example.schema, body, { operation: example.name, service: 'swr' });
  } catch (error) {
    if (!(error instanceof HuaweiCloudError)) throw error;
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toMatch(
      new RegExp(`^${example.name.replace(/[()]/g, '\\$&')}: invalid response: \\S`),
    );
    expect(error.message).not.toContain(CANARY);
    return undefined;
  }
}

/** A copy of `body` with the value at a path chosen by `steps` replaced. */
function replaceSomewhere(body: unknown, steps: readonly number[], value: unknown): unknown {
  const copy = structuredClone(body);
  let parent: Record<string, unknown> | unknown[] | undefined;
  let key: string | number | undefined;
  let node: unknown = copy;
  for (const step of steps) {
    if (Array.isArray(node) && node.length > 0) {
      parent = node;
      key = step % node.length;
      node = node[key];
    } else if (typeof node === 'object' && node !== null && Object.keys(node).length > 0) {
      const keys = Object.keys(node);
      parent = node as Record<string, unknown>;
      key = keys[step % keys.length] as string;
      node = parent[key];
    } else break;
  }
  if (parent === undefined || key === undefined) return value;
  (parent as Record<string | number, unknown>)[key] = value;
  return copy;
}

describe('schemas', () => {
  it('read every real simulator answer', () => {
    expect(examples.map((e) => e.name)).toHaveLength(11);
    for (const example of examples) {
      const records = parseBody(example.schema, example.body, { operation: example.name });
      expect(records, example.name).toBeDefined();
    }
  });

  it('turn any JSON value into records or INVALID_RESPONSE', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.oneof(fc.jsonValue({ maxDepth: 5 }), hostileValue),
        (example, body) => {
          parseOrExplain(example, body);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('survive one hostile field anywhere in a real answer, and never pass key material on', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        hostileValue,
        (example, steps, value) => {
          const body = replaceSomewhere(example.body, steps, value);
          const records = parseOrExplain(example, body);
          const out = JSON.stringify(records) ?? '';
          for (const secret of secretValues(body)) expect(out).not.toContain(secret);
          expect(out).not.toContain(CANARY.repeat(2));
        },
      ),
      { numRuns: 1_500 },
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('keep signature keys and registry credentials out of records', () => {
    const keys = examples.find((e) => e.name === 'ListSignatureKeysV2');
    const registries = examples.find((e) => e.name === 'ListInstanceRegistries');
    for (const example of [keys, registries]) {
      if (example === undefined) throw new Error('missing example');
      const secrets = secretValues(example.body);
      const out = JSON.stringify(parseBody(example.schema, example.body, { operation: example.name }));
      for (const secret of secrets) expect(out).not.toContain(secret);
      expect(out).not.toMatch(/sign_key|sign_secret|access_key|access_secret/);
    }
  });
});

describe('error bodies', () => {
  it('any text as an error body yields bounded, single-line fields', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 2_000 }),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
          fc.constant(`{"error":${DEEP_OBJECT_TEXT}}`),
          fc.constant(`{"error_code":${DEEP_ARRAY_TEXT}}`),
          fc.constant('{"__proto__":{"error_code":"X"},"error_msg":"m"}'),
        ),
        (text) => {
          const fields = parseErrorBody(text);
          for (const value of [fields.errorCode, fields.errorMsg, fields.requestId]) {
            if (value === undefined) continue;
            expect(value.length).toBeLessThanOrEqual(512);
            expect(value).not.toMatch(/[\r\n]/);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});

describe('raw bytes through the HTTP client', () => {
  const AK = 'FUZZCANARYAK00000001';
  const SK = 'fuzz-canary-sk-0000000000000000000000';
  let server: Server;
  let api: RegionClient;
  let next: { status: number; body: Buffer; contentType: string } = {
    status: 200,
    body: Buffer.from('{}'),
    contentType: 'application/json',
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(next.status, { 'content-type': next.contentType, 'x-request-id': 'fuzz' });
      res.end(next.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    api = await createRegionApi({
      region: 'cn-north-4',
      projectId: 'fuzzproject',
      endpoints: { hss: url, apig: url, swr: url, iam: url },
      credentials: { kind: 'aksk', ak: new Secret(AK), sk: new Secret(SK) },
      credentialChain: false,
      retries: { max: 0 },
      limits: { hss: { ratePerSecond: 0 }, apig: { ratePerSecond: 0 } },
      maxPages: 3,
      env: {},
    });
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 512 }),
    fc.constantFrom(
      Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), // BOM + {}
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), // {"\xff\xfe":1}
      Buffer.from('{"data_list":[{"id":"\\ud800","registry_name":"\xc3\x28"}],"total_num":1}', 'latin1'),
      Buffer.from(`{"data_list":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
      Buffer.from(`{"signs":[],"total":1e400}`),
    ),
    fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  );

  it('any status and body: a listing or a HuaweiCloudError, never a secret in the message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 200, 200, 201, 204, 400, 403, 404, 409, 500, 502),
        bytes,
        fc.constantFrom('application/json', 'text/html', 'application/octet-stream'),
        fc.constantFrom('hss', 'apig'),
        async (status, body, contentType, which) => {
          next = { status, body: Buffer.from(body), contentType };
          try {
            if (which === 'hss') await api.hss.listRegistries();
            else await api.apig.listSignatureKeys('apig', 'instance-1');
          } catch (error) {
            if (!(error instanceof HuaweiCloudError)) throw error;
            for (const secret of [AK, SK])
              expect(`${error.message} ${error.errorMsg ?? ''}`).not.toContain(secret);
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(watch.failures).toEqual([]);
  });
});
