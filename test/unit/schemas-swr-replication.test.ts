import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/huaweicloud/schemas/parse.js';
import type { ParseNotes } from '../../src/huaweicloud/schemas/records.js';
import {
  listSwrReplicationExecutionsBody,
  listSwrReplicationPoliciesBody,
  listSwrReplicationTasksBody,
  repositoryOfResource,
} from '../../src/huaweicloud/schemas/swr-replication.js';
import {
  listSwrRetentionExecutionsBody,
  listSwrRetentionPoliciesBody,
  listSwrRetentionTasksBody,
} from '../../src/huaweicloud/schemas/swr-retention.js';
import {
  REPLICATION_EXECUTIONS,
  REPLICATION_POLICIES,
  REPLICATION_TASKS,
  RETENTION_EXECUTIONS,
  RETENTION_POLICIES,
  RETENTION_TASKS,
} from '../fixtures/swr-replication-examples.js';

// The replication/retention bodies: what the collector reads from the SDK-shaped examples, and the tolerance
// rule as properties — a record with its identity is kept whatever its values are, one without is skipped.

type Schema = Parameters<typeof parseBody>[0];

function parse<T>(schema: Schema, body: unknown) {
  let notes: ParseNotes = { skipped: [], unreadable: [] };
  const page = parseBody(schema, body, { operation: 'op', onNotes: (n) => (notes = n) }) as {
    items: T[];
    total: number | undefined;
    received: number;
  };
  return { page, notes };
}

describe('SDK-shaped examples', () => {
  it('reads replication policies: push and pull registries, trigger type, enabled', () => {
    const { page, notes } = parse(listSwrReplicationPoliciesBody, REPLICATION_POLICIES);
    expect(page.items).toEqual([
      {
        id: 3,
        name: 'sync-to-backup',
        enabled: true,
        trigger_type: 'scheduled',
        src_registry_id: undefined,
        dest_registry_id: 2,
      },
      {
        id: 4,
        name: 'pull-from-partner',
        enabled: false,
        trigger_type: 'manual',
        src_registry_id: 5,
        dest_registry_id: undefined,
      },
    ]);
    expect(page.total).toBe(2);
    expect(notes).toEqual({ skipped: [], unreadable: [] });
  });

  it('reads execution counts and times; Go zero time is no time', () => {
    const { page } = parse<{ id: number; failed: number; updated_at: Date | null }>(
      listSwrReplicationExecutionsBody,
      REPLICATION_EXECUTIONS,
    );
    expect(page.items.map((e) => [e.id, e.failed])).toEqual([
      [1201, 1],
      [1202, 0],
    ]);
    expect(page.items[0]?.updated_at?.toISOString()).toBe('2025-06-04T08:02:11.200Z');
    expect(page.items[1]?.updated_at).toBeNull();
  });

  it('reads a task repository without its tag list', () => {
    const { page } = parse<{ repository: string }>(listSwrReplicationTasksBody, REPLICATION_TASKS);
    expect(page.items[0]?.repository).toBe('library/nginx');
  });

  it('reads retention policies, executions and tasks', () => {
    const policies = parse<object>(listSwrRetentionPoliciesBody, RETENTION_POLICIES).page.items;
    expect(policies).toEqual([
      {
        id: 7,
        name: 'clean-library',
        namespace_name: 'library',
        enabled: true,
        namespace_id: 11,
        trigger_type: 'scheduled',
      },
    ]);
    const executions = parse<{ end_time: Date }>(listSwrRetentionExecutionsBody, RETENTION_EXECUTIONS);
    expect(executions.page.items[0]?.end_time.toISOString()).toBe('2025-06-04T00:00:41.733Z');
    const tasks = parse<object>(listSwrRetentionTasksBody, RETENTION_TASKS).page.items;
    expect(tasks).toEqual([
      expect.objectContaining({ id: 2480, status: 'Succeed', repository: 'nginx', total: 25, retained: 10 }),
    ]);
  });
});

describe('repositoryOfResource', () => {
  it.each([
    ['library/nginx:[1.25,latest]', 'library/nginx'],
    ['library/nginx:latest', 'library/nginx'],
    ['registry.example.com:5000/lib/app:[v1]', 'registry.example.com:5000/lib/app'],
    ['library/nginx', 'library/nginx'],
    ['library/app@sha256:abc', 'library/app'],
    ['registry.example.com:5000/lib/app@sha256:abc', 'registry.example.com:5000/lib/app'],
    [':[v1]', undefined],
    [undefined, undefined],
  ])('%s → %s', (resource, repository) => {
    expect(repositoryOfResource(resource)).toBe(repository);
  });
});

/** Any JSON value, for fields whose content the reader must survive. */
const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

const cases: Array<[string, Schema, string, Record<string, fc.Arbitrary<unknown>>, string[]]> = [
  [
    'replication policies',
    listSwrReplicationPoliciesBody,
    'policies',
    { id: fc.nat(), name: fc.string(), enabled: fc.boolean() },
    ['trigger', 'src_registry', 'dest_registry'],
  ],
  [
    'replication executions',
    listSwrReplicationExecutionsBody,
    'executions',
    { id: fc.nat(), status: fc.string() },
    [
      'policy_id',
      'trigger',
      'total',
      'succeed',
      'failed',
      'in_progress',
      'stopped',
      'created_at',
      'updated_at',
    ],
  ],
  [
    'replication tasks',
    listSwrReplicationTasksBody,
    'tasks',
    { id: fc.integer(), status: fc.string() },
    ['src_resource', 'start_time', 'end_time'],
  ],
  [
    'retention policies',
    listSwrRetentionPoliciesBody,
    'retentions',
    { id: fc.nat(), name: fc.string(), namespace_name: fc.string({ minLength: 1 }), enabled: fc.boolean() },
    ['namespace_id', 'trigger'],
  ],
  [
    'retention executions',
    listSwrRetentionExecutionsBody,
    'executions',
    { id: fc.nat(), status: fc.string() },
    ['policy_id', 'dry_run', 'trigger', 'start_time', 'end_time'],
  ],
  [
    'retention tasks',
    listSwrRetentionTasksBody,
    'tasks',
    { id: fc.integer(), status: fc.string() },
    ['repository', 'total', 'retained', 'start_time', 'end_time'],
  ],
];

// Ids that address the next call (a policy's executions, an execution's tasks): one the API could not be
// asked about is skipped, so it cannot fail the collector when its path is built.
describe('ids a path is built from', () => {
  it.each([
    [
      'a retention policy with an empty namespace',
      listSwrRetentionPoliciesBody,
      'retentions',
      { id: 1, name: 'r', namespace_name: '', enabled: true },
    ],
    [
      'a retention policy with a negative id',
      listSwrRetentionPoliciesBody,
      'retentions',
      { id: -1, name: 'r', namespace_name: 'library', enabled: true },
    ],
    [
      'a replication policy with a negative id',
      listSwrReplicationPoliciesBody,
      'policies',
      { id: -1, name: 'p', enabled: true },
    ],
    [
      'a replication execution with a negative id',
      listSwrReplicationExecutionsBody,
      'executions',
      { id: -3, status: 'Succeed' },
    ],
    [
      'a retention execution with a negative id',
      listSwrRetentionExecutionsBody,
      'executions',
      { id: -3, status: 'Succeed' },
    ],
  ] as const)('skips %s, keeps the others', (_what, schema, listKey, bad) => {
    const good = { ...bad, id: 7, ...('namespace_name' in bad ? { namespace_name: 'library' } : {}) };
    const { page, notes } = parse<Record<string, unknown>>(schema as Schema, {
      [listKey]: [bad, good],
      total: 2,
    });
    expect(page.items.map((i) => i.id)).toEqual([7]);
    expect(notes.skipped).toHaveLength(1);
  });
});

describe.each(cases)('%s degrade only themselves', (_name, schema, listKey, identity, values) => {
  const valueFields = fc.record(Object.fromEntries(values.map((v) => [v, junk])), { requiredKeys: [] });
  const keptRecord = fc.tuple(fc.record(identity), valueFields).map(([id, more]) => ({ ...more, ...id }));
  const identityField = fc.constantFrom(...Object.keys(identity));
  const skippedRecord = fc
    .tuple(keptRecord, identityField, fc.constantFrom(undefined, null, 'x', 1.5, {}))
    .map(([r, field, bad]) => {
      const out: Record<string, unknown> = { ...r };
      if (bad === undefined) delete out[field];
      else if (typeof r[field] !== typeof bad) out[field] = bad;
      else out[field] = null;
      return out;
    });

  it('keeps every record with its identity, whatever its value fields hold', () => {
    fc.assert(
      fc.property(fc.array(keptRecord, { maxLength: 6 }), (items) => {
        const body = { [listKey]: items, total: items.length };
        const { page, notes } = parse<Record<string, unknown>>(schema, body);
        expect(page.items).toHaveLength(items.length);
        expect(notes.skipped).toEqual([]);
        items.forEach((item, index) => {
          for (const key of Object.keys(identity)) {
            expect(page.items[index]?.[key]).toEqual(item[key]);
          }
        });
      }),
    );
  });

  it('skips and counts each record without a readable identity, keeps the others', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), keptRecord, skippedRecord), { maxLength: 6 }), (rows) => {
        const items = rows.map(([keep, kept, skipped]) => (keep ? kept : skipped));
        const { page, notes } = parse<object>(schema, { [listKey]: items });
        const keptCount = rows.filter(([keep]) => keep).length;
        expect(page.items).toHaveLength(keptCount);
        expect(notes.skipped).toHaveLength(items.length - keptCount);
        expect(page.received).toBe(items.length);
      }),
    );
  });
});
