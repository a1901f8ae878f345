import { describe, expect, it } from 'vitest';
import { listSignatureKeysBody } from '../../src/huaweicloud/schemas/apig.js';
import { listHssRegistriesBody } from '../../src/huaweicloud/schemas/hss.js';
import { parseBody } from '../../src/huaweicloud/schemas/parse.js';
import type { ParseNotes } from '../../src/huaweicloud/schemas/records.js';
import {
  listSwrInstancesBody,
  listSwrSignExecutionsBody,
  listSwrSignPoliciesBody,
} from '../../src/huaweicloud/schemas/swr.js';
import { SEED_EXECUTIONS } from '../fixtures/seed-examples.js';

// A record degrades only itself: what cannot be read is skipped (records) or absent (values), and noted.

function parse<T>(schema: Parameters<typeof parseBody>[0], body: unknown) {
  let notes: ParseNotes = { skipped: [], unreadable: [] };
  const page = parseBody(schema, body, { operation: 'op', onNotes: (n) => (notes = n) }) as {
    items: T[];
    total: number | undefined;
    received: number;
  };
  return { page, notes };
}

const instance = (id: string, more: object = {}) => ({ id, name: `n-${id}`, status: 'Running', ...more });

describe('records degrade only themselves', () => {
  it('a zone-less created_at is read as UTC; one in no layout is absent and noted', () => {
    const execution = (id: number, more: object = {}) => ({ id, status: 'Succeed', ...more });
    const { page, notes } = parse<{ id: number; created_at: Date | null }>(listSwrSignExecutionsBody, {
      executions: [
        execution(1),
        execution(2, { created_at: '2024-05-01T10:00:00' }),
        execution(3, { created_at: 'last tuesday' }),
      ],
      total: 3,
    });
    expect(page.items.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(page.items[1]?.created_at?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(page.items[2]?.created_at).toBeNull();
    expect(notes).toEqual({
      skipped: [],
      unreadable: [{ field: 'executions[].created_at', path: 'executions[2].created_at' }],
    });
  });

  it('a field the exporter does not read is not read at all: an odd instance updated_at costs nothing', () => {
    const { page, notes } = parse<object>(listSwrInstancesBody, {
      instances: [instance('a', { updated_at: 'last tuesday', expires_at: 12, spec: null })],
      total: 1,
    });
    expect(page.items).toEqual([{ id: 'a', name: 'n-a', status: 'Running' }]);
    expect(notes).toEqual({ skipped: [], unreadable: [] });
  });

  it('a record without a readable identity is skipped and counted; the rest of the page stays', () => {
    const { page, notes } = parse<{ id: string }>(listHssRegistriesBody, {
      data_list: [
        { id: null, registry_name: 'a', registry_type: 'Harbor', status: 'success' },
        { id: 'x', registry_name: 'b', registry_type: 'Harbor', status: 'success' },
        { id: 'y', registry_name: 5, registry_type: 'Harbor', status: 'success' },
        'not a record',
        { id: 'z', registry_name: 'c', registry_type: 'Harbor', status: 'new-state', images_num: 'many' },
      ],
      total_num: 5,
    });
    expect(page.items.map((r) => r.id)).toEqual(['x', 'z']);
    expect(page.received).toBe(5);
    expect(page.total).toBe(5);
    expect(notes.skipped).toEqual([
      { reason: 'identity_missing', path: 'data_list[0].id' },
      { reason: 'identity_invalid', path: 'data_list[2].registry_name' },
      { reason: 'not_an_object', path: 'data_list[3]' },
    ]);
    expect(notes.unreadable).toEqual([{ field: 'data_list[].images_num', path: 'data_list[4].images_num' }]);
  });

  it('an empty string id identifies nothing: the record is skipped', () => {
    const { page, notes } = parse<{ id: string }>(listSwrInstancesBody, {
      instances: [instance(''), instance('a')],
    });
    expect(page.items.map((i) => i.id)).toEqual(['a']);
    expect(notes.skipped).toEqual([{ reason: 'identity_invalid', path: 'instances[0].id' }]);
  });

  it('unknown fields are ignored and an unlisted enum value is data', () => {
    const { page, notes } = parse<{ status: string }>(listSwrInstancesBody, {
      instances: [instance('a', { status: 'Hibernating', brand_new_field: { x: 1 } })],
    });
    expect(page.items[0]).toMatchObject({ status: 'Hibernating' });
    expect(page.items[0]).not.toHaveProperty('brand_new_field');
    expect(notes).toEqual({ skipped: [], unreadable: [] });
  });

  it('a field no collector reads is not declared: an odd value there costs nothing and is not kept', () => {
    const policy = {
      id: 1,
      name: 'p',
      namespace_name: 'ns',
      enabled: true,
      namespace_id: 'not a number',
      signature_algorithm: { odd: true },
      signature_method: 7,
    };
    const { page, notes } = parse<object>(listSwrSignPoliciesBody, { policies: [policy], total: 1 });
    expect(notes).toEqual({ skipped: [], unreadable: [] });
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual([
      'created_at',
      'enabled',
      'id',
      'name',
      'namespace_name',
      'trigger_type',
      'updated_at',
    ]);
  });

  it('an execution count that cannot be read is absent, not 0; the execution stays', () => {
    const execution = JSON.parse(SEED_EXECUTIONS).executions[0];
    const { page, notes } = parse<{ failed: number | undefined; succeed: number | undefined }>(
      listSwrSignExecutionsBody,
      { executions: [{ ...execution, failed: 1.5, succeed: null }] },
    );
    expect(page.items[0]).toMatchObject({ id: execution.id, failed: undefined, succeed: undefined });
    expect(notes.unreadable).toEqual([{ field: 'executions[].failed', path: 'executions[0].failed' }]);
  });

  it('a nested value is noted by its schema path', () => {
    const policy = { id: 1, name: 'p', namespace_name: 'ns', enabled: true, trigger: { type: 7 } };
    const { page, notes } = parse<{ trigger_type: string | undefined }>(listSwrSignPoliciesBody, {
      policies: [policy],
    });
    expect(page.items[0]?.trigger_type).toBeUndefined();
    expect(notes.unreadable).toEqual([
      { field: 'policies[].trigger.type', path: 'policies[0].trigger.type' },
    ]);
  });

  it('an absent bind count is 0, an unreadable one absent; a skipped record notes nothing else', () => {
    const { page, notes } = parse<{ bind_num: number | undefined }>(listSignatureKeysBody, {
      signs: [
        { id: 'k1', name: 'a', sign_type: 'hmac' },
        { id: 'k2', name: 'b', sign_type: 'hmac', bind_num: '3' },
        { name: 'c', sign_type: 'hmac', bind_num: '3', create_time: 'soon' },
      ],
    });
    expect(page.items.map((k) => k.bind_num)).toEqual([0, undefined]);
    expect(notes).toEqual({
      skipped: [{ reason: 'identity_missing', path: 'signs[2].id' }],
      unreadable: [{ field: 'signs[].bind_num', path: 'signs[1].bind_num' }],
    });
  });
});
