import { describe, expect, it } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { listApigInstancesBody, listSignatureKeysBody } from '../../src/huaweicloud/schemas/apig.js';
import { listHssRegistriesBody } from '../../src/huaweicloud/schemas/hss.js';
import { parseBody } from '../../src/huaweicloud/schemas/parse.js';
import { listSwrSignExecutionsBody, showSwrRegistryBody } from '../../src/huaweicloud/schemas/swr.js';
import { SEED_EXECUTIONS, SEED_REGISTRY } from '../fixtures/seed-examples.js';

// Response examples copied verbatim from Huawei's API pages (seeds 000 and 004 in
// test/fixtures/seed-examples.ts), then broken on purpose.

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
