import { describe, expect, it } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
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

// Response examples copied verbatim from ../shared/seeds (000, 001, 002, 003, 004).
const SEED_EXECUTIONS = `{
  "total" : 10,
  "executions" : [ {
    "id" : 114204,
    "policy_id" : 12,
    "status" : "Failed",
    "status_text" : "failed to fetch artifacts",
    "total" : 0,
    "failed" : 0,
    "succeed" : 0,
    "in_progress" : 0,
    "stopped" : 0,
    "trigger" : "manual",
    "created_at" : "2020-12-03T12:21:38.51851Z",
    "updated_at" : "0001-01-01T00:00:00Z"
  } ]
}`;

const SEED_TASKS = `{
  "total" : 2,
  "tasks" : [ {
    "id" : 2,
    "execution_id" : 8,
    "namespace" : "root",
    "repository" : "libz",
    "job_id" : "2d7c874a7407d6c40f016254",
    "status" : "Success",
    "status_text" : "",
    "created_at" : "2020-12-01T07:06:35Z",
    "updated_at" : "2020-12-01T07:06:36Z"
  } ]
}`;

const SEED_HSS = `{ "total_num" : 4, "data_list" : [ { "id" : "ad7552e3-1eb7-475a-b5a4-3d28262b855e", "registry_name" : "0109test", "registry_type" : "Jfrog", "api_version" : "V1", "protocol" : "http", "registry_addr" : "100.85.219.197:8082", "registry_username" : "admin", "connect_cluster_id" : "db69f3e6-887f-11ef-9825-0255ac1001b6", "get_scan_image_channel" : "Swr", "status" : "fail", "fail_reason" : "REQUEST_API_ERROR", "images_num" : 0, "latest_sync_time" : 1736925890944 } ] }`;

const SEED_SIGNS = `{
"total" : 2,
"size" : 2,
"signs" : [ {
"sign_secret" : "signsecretsignsecretsignsecretsignsecret",
"update_time" : "2018-02-07T02:00:27.964766Z",
"create_time" : "2018-02-06T12:17:36Z",
"name" : "signature_demo",
"id" : "0b0e8f456b8742218af75f945307173c",
"sign_key" : "signkeysignkey",
"sign_type" : "hmac",
"bind_num" : 0,
"ldapi_bind_num" : 0
}, {
"sign_secret" : "9ce16b029034464898ee33540c42e16a",
"update_time" : "2020-07-30T03:56:58Z",
"create_time" : "2020-07-30T03:56:58Z",
"name" : "Signature_udlu",
"id" : "9dc388382fba485aadd19f932303f4c9",
"sign_key" : "ca50c5b670044c83b5b890a9a68a30d5",
"sign_type" : "hmac",
"bind_num" : 0,
"ldapi_bind_num" : 0
} ]
}`;

const SEED_REGISTRY = `{
  "id" : 5,
  "name" : "test",
  "description" : "",
  "type" : "swr-pro",
  "url" : "http://192.168.0.123:30000",
  "region_id" : "cn-north-7",
  "instance_id" : "abc",
  "credential" : {
    "type" : "basic",
    "access_key" : "admin",
    "access_secret" : "*****"
  },
  "insecure" : true,
  "status" : "healthy",
  "created_at" : "2020-10-16T08:36:06.973474Z",
  "updated_at" : "2020-12-03T11:23:39.106998Z"
}`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function invalidMessage(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(HuaweiCloudError);
    expect((e as HuaweiCloudError).code).toBe('INVALID_RESPONSE');
    return (e as HuaweiCloudError).message;
  }
  throw new Error('expected the body to be rejected');
}

describe('seed examples parse into records', () => {
  it('ListInstanceSignPolicyExecutions (seed 000)', () => {
    const page = parseBody(listSwrSignExecutionsBody, JSON.parse(SEED_EXECUTIONS), { operation: 'op' });
    expect(page.total).toBe(10);
    expect(page.items).toHaveLength(1);
    const [e] = page.items;
    expect(e).toMatchObject({ id: 114204, policy_id: 12, status: 'Failed', trigger: 'manual', total: 0 });
    expect(e?.status_text).toBe('failed to fetch artifacts');
    expect(iso(e?.created_at ?? null)).toBe('2020-12-03T12:21:38.518Z');
    expect(e?.updated_at).toBeNull(); // Go zero time
  });

  it('ListInstanceSignPolicyExecTasks (seed 001)', () => {
    const page = parseBody(listSwrSignExecutionTasksBody, JSON.parse(SEED_TASKS), { operation: 'op' });
    expect(page.total).toBe(2);
    expect(page.items[0]).toEqual({
      id: 2,
      execution_id: 8,
      job_id: '2d7c874a7407d6c40f016254',
      status: 'Success',
      status_text: '',
      namespace: 'root',
      repository: 'libz',
      created_at: new Date('2020-12-01T07:06:35Z'),
      updated_at: new Date('2020-12-01T07:06:36Z'),
    });
  });

  it('HSS ListRegistry (seed 002): latest_sync_time is epoch milliseconds', () => {
    const page = parseBody(listHssRegistriesBody, JSON.parse(SEED_HSS), { operation: 'op' });
    expect(page.total).toBe(4);
    const [r] = page.items;
    expect(r).toMatchObject({
      id: 'ad7552e3-1eb7-475a-b5a4-3d28262b855e',
      registry_name: '0109test',
      registry_type: 'Jfrog',
      status: 'fail',
      fail_reason: 'REQUEST_API_ERROR',
      images_num: 0,
      get_scan_image_channel: 'Swr',
      namespace: undefined,
    });
    expect(iso(r?.latest_sync_time ?? null)).toBe('2025-01-15T07:24:50.944Z');
    expect(r).not.toHaveProperty('registry_username');
  });

  it('ListSignatureKeysV2 (seed 003): sign_key and sign_secret are stripped', () => {
    const body = JSON.parse(SEED_SIGNS);
    const page = parseBody(listSignatureKeysBody, body, { operation: 'op' });
    expect(page.total).toBe(2);
    expect(page.items.map((k) => k.name)).toEqual(['signature_demo', 'Signature_udlu']);
    expect(page.items[0]).toEqual({
      id: '0b0e8f456b8742218af75f945307173c',
      name: 'signature_demo',
      sign_type: 'hmac',
      sign_algorithm: undefined,
      bind_num: 0,
      ldapi_bind_num: 0,
      create_time: new Date('2018-02-06T12:17:36Z'),
      update_time: new Date('2018-02-07T02:00:27.964Z'),
    });
    const dump = JSON.stringify(page);
    for (const s of body.signs) {
      expect(dump).not.toContain(s.sign_key);
      expect(dump).not.toContain(s.sign_secret);
    }
  });

  it('ShowInstanceRegistry (seed 004): only the credential type survives', () => {
    const r = parseBody(showSwrRegistryBody, JSON.parse(SEED_REGISTRY), { operation: 'op' });
    expect(r).toEqual({
      id: 5,
      name: 'test',
      description: '',
      region_id: 'cn-north-7',
      instance_id: 'abc',
      type: 'swr-pro',
      url: 'http://192.168.0.123:30000',
      credential_type: 'basic',
      insecure: true,
      status: 'healthy',
      created_at: new Date('2020-10-16T08:36:06.973Z'),
      updated_at: new Date('2020-12-03T11:23:39.106Z'),
    });
    expect(JSON.stringify(r)).not.toMatch(/access_(key|secret)|admin|\*\*\*\*\*/);
  });
});

describe('discovery bodies', () => {
  it('SWR ListInstance keeps unknown statuses and ignores unknown fields', () => {
    const page = parseBody(
      listSwrInstancesBody,
      {
        total: 1,
        instances: [
          {
            id: 'i-1',
            name: 'swr-ee',
            status: 'Hibernating',
            spec: 'swr.ee.professional',
            charge_mode: 'postPaid',
            user_def_obs: false,
            created_at: '2024-05-01T10:00:00+08:00',
            expires_at: '',
            brand_new_field: { nested: true },
          },
        ],
      },
      { operation: 'ListInstance' },
    );
    expect(page.items[0]).toMatchObject({ id: 'i-1', status: 'Hibernating', spec: 'swr.ee.professional' });
    expect(iso(page.items[0]?.created_at ?? null)).toBe('2024-05-01T02:00:00.000Z');
    expect(page.items[0]?.expires_at).toBeNull();
    expect(page.items[0]).not.toHaveProperty('brand_new_field');
  });

  it('SWR ListInstanceSignPolicies flattens trigger.type', () => {
    const page = parseBody(
      listSwrSignPoliciesBody,
      {
        total: 1,
        policies: [
          {
            id: 7,
            name: 'sign-all',
            namespace_id: 3,
            namespace_name: 'library',
            trigger: { type: 'event_based', trigger_settings: { cron: '' } },
            enabled: true,
            scope_rules: [{ repo_scope_mode: 'regular' }],
            signature_key: 'kms-key-id',
            signature_method: 'KMS',
            signature_algorithm: 'SM2DSA_SM3',
          },
        ],
      },
      { operation: 'op' },
    );
    expect(page.items[0]).toEqual({
      id: 7,
      name: 'sign-all',
      namespace_id: 3,
      namespace_name: 'library',
      enabled: true,
      trigger_type: 'event_based',
      signature_algorithm: 'SM2DSA_SM3',
      signature_method: 'KMS',
      created_at: null,
      updated_at: null,
    });
  });

  it('SWR ListInstanceRegistries uses the registry item schema', () => {
    const page = parseBody(
      listSwrRegistriesBody,
      { registries: [JSON.parse(SEED_REGISTRY)], total: 1 },
      { operation: 'op' },
    );
    expect(page.items[0]?.credential_type).toBe('basic');
  });

  it('APIG ListInstancesV2: create_time in seconds or milliseconds', () => {
    const page = parseBody(
      listApigInstancesBody,
      {
        size: 2,
        total: 2,
        instances: [
          {
            id: 'a',
            instance_name: 'gw-a',
            status: 'Running',
            instance_status: 6,
            spec: 'BASIC',
            create_time: 1597390885,
          },
          { id: 'b', instance_name: 'gw-b', status: 'Frozen', type: 'apig', create_time: 1597390885000 },
        ],
      },
      { operation: 'op' },
    );
    expect(page.items.map((i) => iso(i.create_time))).toEqual([
      '2020-08-14T07:41:25.000Z',
      '2020-08-14T07:41:25.000Z',
    ]);
    expect(page.items[1]).toMatchObject({ status: 'Frozen', type: 'apig', spec: undefined });
  });

  it('ROMA instances map name → instance_name and flavor_type → spec', () => {
    const page = parseBody(
      listRomaInstancesBody,
      {
        total: 1,
        size: 1,
        instances: [
          {
            id: 'r1',
            name: 'roma-1',
            status: 'RUNNING',
            flavor_type: 'Professional',
            create_time: '2021-03-01T00:00:00Z',
            available_zone_ids: ['az1'],
            publicip_enable: false,
          },
        ],
      },
      { operation: 'op' },
    );
    expect(page.items[0]).toEqual({
      id: 'r1',
      instance_name: 'roma-1',
      status: 'RUNNING',
      type: 'roma',
      spec: 'Professional',
      project_id: undefined,
      enterprise_project_id: undefined,
      create_time: new Date('2021-03-01T00:00:00Z'),
    });
  });

  it('IAM KeystoneListProjects', () => {
    const projects = parseBody(
      listIamProjectsBody,
      {
        projects: [{ id: 'p1', name: 'cn-north-4', domain_id: 'd1', enabled: true, is_domain: false }],
        links: {},
      },
      { operation: 'op' },
    );
    expect(projects).toEqual([{ id: 'p1', name: 'cn-north-4', domain_id: 'd1', enabled: true }]);
  });
});

describe('leniency', () => {
  it('a missing list is an empty page and a missing total is undefined', () => {
    expect(parseBody(listSwrSignExecutionsBody, {}, { operation: 'op' })).toEqual({
      items: [],
      total: undefined,
    });
    expect(parseBody(listHssRegistriesBody, { data_list: null }, { operation: 'op' })).toEqual({
      items: [],
      total: undefined,
    });
  });

  it('absent bind counts become 0; null optional fields become undefined', () => {
    const page = parseBody(
      listSignatureKeysBody,
      { signs: [{ id: 'k', name: 'key_one', sign_type: 'aes', sign_algorithm: null }] },
      { operation: 'op' },
    );
    expect(page.items[0]).toMatchObject({ bind_num: 0, ldapi_bind_num: 0, sign_algorithm: undefined });
  });

  it('HSS latest_sync_time 0 or absent → null', () => {
    const base = { id: 'x', registry_name: 'n', registry_type: 'Harbor', status: 'accessing' };
    const page = parseBody(
      listHssRegistriesBody,
      {
        data_list: [
          { ...base, latest_sync_time: 0 },
          { ...base, id: 'y' },
        ],
      },
      { operation: 'op' },
    );
    expect(page.items.map((r) => r.latest_sync_time)).toEqual([null, null]);
  });
});

describe('bad bodies name the operation and the field path', () => {
  const execution = JSON.parse(SEED_EXECUTIONS).executions[0];

  it('wrong type deep in a list', () => {
    const body = { total: 4, executions: [execution, execution, execution, { ...execution, id: '4' }] };
    expect(
      invalidMessage(() =>
        parseBody(listSwrSignExecutionsBody, body, { operation: 'ListInstanceSignPolicyExecutions' }),
      ),
    ).toBe(
      'ListInstanceSignPolicyExecutions: invalid response: executions[3].id: expected integer, got string',
    );
  });

  it('non-integer number, missing required field, bad total, non-object body', () => {
    const run = (body: unknown) =>
      invalidMessage(() => parseBody(listSwrSignExecutionsBody, body, { operation: 'Op' }));
    expect(run({ executions: [{ ...execution, failed: 1.5 }] })).toBe(
      'Op: invalid response: executions[0].failed: expected integer, got number',
    );
    const { status: _dropped, ...noStatus } = execution;
    expect(run({ executions: [noStatus] })).toBe(
      'Op: invalid response: executions[0].status: missing (expected string)',
    );
    expect(run({ total: -1, executions: [] })).toBe('Op: invalid response: total: must be >= 0');
    expect(run([])).toBe('Op: invalid response: body: expected object, got array');
    expect(run(undefined)).toBe('Op: invalid response: body: missing (expected object)');
    expect(run({ executions: {} })).toBe('Op: invalid response: executions: expected array, got object');
  });

  it('bad timestamps are named, with the reason', () => {
    const run = (created_at: unknown) =>
      invalidMessage(() =>
        parseBody(
          listSwrSignExecutionsBody,
          { executions: [{ ...execution, created_at }] },
          { operation: 'Op' },
        ),
      );
    expect(run('2020-12-03 12:21:38')).toMatch(
      /^Op: invalid response: executions\[0\]\.created_at: expected an RFC 3339 timestamp/,
    );
    expect(run('2020-02-30T00:00:00Z')).toMatch(
      /executions\[0\]\.created_at: timestamp has a day outside its month/,
    );
    expect(run(1606998098)).toBe(
      'Op: invalid response: executions[0].created_at: expected RFC 3339 timestamp string, got integer',
    );
  });

  it('APIG create_time of the wrong kind, and HSS latest_sync_time below zero', () => {
    const instance = { id: 'a', instance_name: 'gw', status: 'Running', create_time: true };
    expect(
      invalidMessage(() =>
        parseBody(listApigInstancesBody, { instances: [instance] }, { operation: 'ListInstancesV2' }),
      ),
    ).toBe(
      'ListInstancesV2: invalid response: instances[0].create_time: expected unix timestamp, got boolean',
    );
    const hss = {
      id: 'x',
      registry_name: 'n',
      registry_type: 'Harbor',
      status: 'fail',
      latest_sync_time: -1,
    };
    expect(
      invalidMessage(() =>
        parseBody(listHssRegistriesBody, { data_list: [hss] }, { operation: 'ListRegistry' }),
      ),
    ).toBe(
      'ListRegistry: invalid response: data_list[0].latest_sync_time: expected a non-negative epoch-millisecond timestamp',
    );
  });

  it('counts further problems', () => {
    const message = invalidMessage(() =>
      parseBody(
        listSwrSignExecutionsBody,
        { executions: [{ ...execution, id: 'a', policy_id: 'b' }] },
        { operation: 'Op' },
      ),
    );
    expect(message).toBe(
      'Op: invalid response: executions[0].id: expected integer, got string (and 1 more problem)',
    );
  });

  it('carries service and request id', () => {
    try {
      parseBody(
        listHssRegistriesBody,
        { total_num: 'x' },
        { operation: 'ListRegistry', service: 'hss', requestId: 'req-1' },
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: 'INVALID_RESPONSE',
        service: 'hss',
        operation: 'ListRegistry',
        requestId: 'req-1',
      });
    }
  });
});

describe('secret values never reach an error message', () => {
  const SIGN_SECRET = 'S3CRET-sign-secret-value-0123456789';
  const SIGN_KEY = 'K3Y-sign-key-value-0123456789';
  const ACCESS_SECRET = 'ACC3SS-secret-0123456789';

  it('malformed secret fields are ignored, other errors do not echo them', () => {
    // Secrets of the wrong type are not validated at all (they are not part of the schema).
    const page = parseBody(
      listSignatureKeysBody,
      {
        signs: [
          { id: 'k', name: 'key_one', sign_type: 'hmac', sign_key: 42, sign_secret: { v: SIGN_SECRET } },
        ],
      },
      { operation: 'op' },
    );
    expect(JSON.stringify(page)).not.toContain(SIGN_SECRET);

    const message = invalidMessage(() =>
      parseBody(
        listSignatureKeysBody,
        {
          signs: [
            { id: 7, name: SIGN_SECRET, sign_type: SIGN_KEY, sign_key: SIGN_KEY, sign_secret: SIGN_SECRET },
          ],
        },
        { operation: 'ListSignatureKeysV2' },
      ),
    );
    expect(message).toBe('ListSignatureKeysV2: invalid response: signs[0].id: expected string, got integer');
    expect(message).not.toContain(SIGN_SECRET);
    expect(message).not.toContain(SIGN_KEY);
  });

  it('registry credential never appears, even when the credential object is malformed', () => {
    const registry = JSON.parse(SEED_REGISTRY);
    const bad = {
      ...registry,
      credential: { type: 5, access_key: ACCESS_SECRET, access_secret: ACCESS_SECRET },
    };
    const message = invalidMessage(() =>
      parseBody(showSwrRegistryBody, bad, { operation: 'ShowInstanceRegistry' }),
    );
    expect(message).toBe(
      'ShowInstanceRegistry: invalid response: credential.type: expected string, got integer',
    );
    const asString = invalidMessage(() =>
      parseBody(
        showSwrRegistryBody,
        { ...registry, credential: ACCESS_SECRET },
        { operation: 'ShowInstanceRegistry' },
      ),
    );
    expect(asString).toBe('ShowInstanceRegistry: invalid response: credential: expected object, got string');
  });

  it('string fields given as wrong values report kinds, not contents', () => {
    const message = invalidMessage(() =>
      parseBody(listHssRegistriesBody, { data_list: [{ id: [SIGN_SECRET] }] }, { operation: 'ListRegistry' }),
    );
    expect(message).toContain('data_list[0].id: expected string, got array');
    expect(message).not.toContain(SIGN_SECRET);
  });
});
