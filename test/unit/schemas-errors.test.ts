import { describe, expect, it } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { listSignatureKeysBody } from '../../src/huaweicloud/schemas/apig.js';
import { listHssRegistriesBody } from '../../src/huaweicloud/schemas/hss.js';
import { parseBody } from '../../src/huaweicloud/schemas/parse.js';
import type { ParseNotes } from '../../src/huaweicloud/schemas/records.js';
import { listSwrSignExecutionsBody, showSwrRegistryBody } from '../../src/huaweicloud/schemas/swr.js';
import { SEED_EXECUTIONS, SEED_REGISTRY } from '../fixtures/seed-examples.js';

// Response examples copied verbatim from Huawei's API pages (seeds 000 and 004 in
// test/fixtures/seed-examples.ts), then broken on purpose. Only the structure around the records fails a body
// (schemas-tolerance.test.ts covers the records themselves).

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

describe('a body whose structure is wrong names the operation and the field path', () => {
  const execution = JSON.parse(SEED_EXECUTIONS).executions[0];

  it('bad total, non-object body, list key not a list', () => {
    const run = (body: unknown) =>
      invalidMessage(() => parseBody(listSwrSignExecutionsBody, body, { operation: 'Op' }));
    expect(run({ total: -1, executions: [execution] })).toBe('Op: invalid response: total: must be >= 0');
    expect(run({ total: 1.5, executions: [] })).toBe(
      'Op: invalid response: total: expected integer, got number',
    );
    expect(run([])).toBe('Op: invalid response: body: expected object, got array');
    expect(run(undefined)).toBe('Op: invalid response: body: missing (expected object)');
    expect(run({ executions: {} })).toBe('Op: invalid response: executions: expected array, got object');
    expect(run({ executions: 'x' })).toBe('Op: invalid response: executions: expected array, got string');
  });

  it('counts further problems', () => {
    const message = invalidMessage(() =>
      parseBody(listSwrSignExecutionsBody, { executions: {}, total: 'x' }, { operation: 'Op' }),
    );
    expect(message).toMatch(
      /^Op: invalid response: executions: expected array, got object \(and 1 more problem\)$/,
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

  it('a single record (ShowInstanceRegistry) without its identity fails: there is nothing else', () => {
    const registry = JSON.parse(SEED_REGISTRY);
    expect(
      invalidMessage(() =>
        parseBody(showSwrRegistryBody, { ...registry, id: 'x' }, { operation: 'ShowInstanceRegistry' }),
      ),
    ).toBe('ShowInstanceRegistry: invalid response: id: expected integer, got string');
  });
});

describe('secret values never reach an error message or a note', () => {
  const SIGN_SECRET = 'S3CRET-sign-secret-value-0123456789';
  const SIGN_KEY = 'K3Y-sign-key-value-0123456789';
  const ACCESS_SECRET = 'ACC3SS-secret-0123456789';

  function parsedWithNotes(schema: Parameters<typeof parseBody>[0], body: unknown) {
    let notes: ParseNotes | undefined;
    const value = parseBody(schema, body, { operation: 'op', onNotes: (n) => (notes = n) });
    return { value, notes, text: JSON.stringify({ value, notes }) };
  }

  it('malformed secret fields are ignored; a bad record is noted by path only', () => {
    const { text, notes, value } = parsedWithNotes(listSignatureKeysBody, {
      signs: [
        { id: 'k', name: 'key_one', sign_type: 'hmac', sign_key: 42, sign_secret: { v: SIGN_SECRET } },
        { id: 7, name: SIGN_SECRET, sign_type: SIGN_KEY, sign_key: SIGN_KEY, sign_secret: SIGN_SECRET },
      ],
    });
    expect(notes).toEqual({ skipped: [{ reason: 'identity_invalid', path: 'signs[1].id' }], unreadable: [] });
    expect((value as { items: unknown[] }).items).toHaveLength(1);
    expect(text).not.toContain(SIGN_SECRET);
    expect(text).not.toContain(SIGN_KEY);
  });

  it('registry credential never appears, even when the credential object is malformed', () => {
    const registry = JSON.parse(SEED_REGISTRY);
    for (const credential of [
      { type: 5, access_key: ACCESS_SECRET, access_secret: ACCESS_SECRET },
      ACCESS_SECRET,
    ]) {
      const { text, notes } = parsedWithNotes(showSwrRegistryBody, { ...registry, credential });
      expect(notes?.unreadable[0]?.field).toMatch(/^credential/);
      expect(text).not.toContain(ACCESS_SECRET);
    }
  });

  it('identity fields given as wrong values are noted by path, not contents', () => {
    const { text, notes } = parsedWithNotes(listHssRegistriesBody, { data_list: [{ id: [SIGN_SECRET] }] });
    expect(notes?.skipped).toEqual([{ reason: 'identity_invalid', path: 'data_list[0].id' }]);
    expect(text).not.toContain(SIGN_SECRET);
  });
});
