import { describe, expect, it } from 'vitest';
import { listSignatureKeysBody } from '../../src/huaweicloud/schemas/apig.js';
import { listHssRegistriesBody } from '../../src/huaweicloud/schemas/hss.js';
import { parseBody } from '../../src/huaweicloud/schemas/parse.js';
import {
  listSwrSignExecutionsBody,
  listSwrSignExecutionTasksBody,
  showSwrRegistryBody,
} from '../../src/huaweicloud/schemas/swr.js';
import {
  SEED_EXECUTIONS,
  SEED_HSS,
  SEED_REGISTRY,
  SEED_SIGNS,
  SEED_TASKS,
} from '../fixtures/seed-examples.js';

// Response examples copied verbatim from Huawei's API pages: seeds 000-004 in test/fixtures/seed-examples.ts.

const iso = (d: Date | null) => d?.toISOString() ?? null;

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
    // execution_id, job_id and status_text are on the wire but no collector reads them: not declared, not kept.
    expect(page.items[0]).toEqual({
      id: 2,
      status: 'Success',
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

describe('leniency', () => {
  it('a missing list is an empty page and a missing total is undefined', () => {
    expect(parseBody(listSwrSignExecutionsBody, {}, { operation: 'op' })).toEqual({
      items: [],
      total: undefined,
      received: 0,
    });
    expect(parseBody(listHssRegistriesBody, { data_list: null }, { operation: 'op' })).toEqual({
      items: [],
      total: undefined,
      received: 0,
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
