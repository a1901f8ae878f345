// Property tests of "a record degrades only itself" (issue 16): per response schema, fast-check builds a valid
// page, mutates one field of one record — drop it, null it, give it a value of the wrong type, add unknown
// fields, write its timestamp in another accepted layout, give an enum-like field a value nobody listed — and
// checks that the page never fails, that exactly that record is skipped when (and only when) the field is part
// of its identity, that an unreadable value is noted once by its schema path and nothing else is, and that
// every other record comes out exactly as from the untouched page.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  listApigInstancesBody,
  listRomaInstancesBody,
  listSignatureKeysBody,
} from '../../src/huaweicloud/schemas/apig.js';
import { listHssRegistriesBody } from '../../src/huaweicloud/schemas/hss.js';
import { parseBody } from '../../src/huaweicloud/schemas/parse.js';
import type { ParseNotes } from '../../src/huaweicloud/schemas/records.js';
import {
  listSwrInstancesBody,
  listSwrRegistriesBody,
  listSwrSignExecutionsBody,
  listSwrSignExecutionTasksBody,
  listSwrSignPoliciesBody,
} from '../../src/huaweicloud/schemas/swr.js';

/** How a field is written on the wire; decides what "the wrong type" and "another layout" are. */
type Kind = 'text' | 'int' | 'flag' | 'time' | 'epochMs' | 'unixTime' | 'count' | 'object';

interface FieldSpec {
  kind: Kind;
  /** Part of the record's identity: without it the record is skipped. */
  identity?: true;
  /** An enum-like value (status, type): any string is data. */
  enumLike?: true;
  valid(i: number): unknown;
}

interface SchemaSpec {
  name: string;
  body: z.ZodType;
  listKey: string;
  totalKey: string;
  fields: Record<string, FieldSpec>;
}

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0, 123);
const id = (prefix: string): FieldSpec => ({ kind: 'text', identity: true, valid: (i) => `${prefix}-${i}` });
const intId: FieldSpec = { kind: 'int', identity: true, valid: (i) => i + 1 };
const status = (value: string, identity = true): FieldSpec => ({
  kind: 'text',
  enumLike: true,
  ...(identity ? { identity: true as const } : {}),
  valid: () => value,
});
const text = (value: string): FieldSpec => ({ kind: 'text', valid: () => value });
const int: FieldSpec = { kind: 'int', valid: (i) => i * 3 };
const time: FieldSpec = { kind: 'time', valid: (i) => new Date(T0 + i * 1000).toISOString() };

const SCHEMAS: SchemaSpec[] = [
  {
    name: 'ListInstance',
    body: listSwrInstancesBody,
    listKey: 'instances',
    totalKey: 'total',
    fields: {
      id: id('ins'),
      name: id('name'),
      // Only these are read (schemas-tolerance.test.ts: the other fields are never looked at).
      status: status('Running'),
    },
  },
  {
    name: 'ListInstanceSignPolicies',
    body: listSwrSignPoliciesBody,
    listKey: 'policies',
    totalKey: 'total',
    fields: {
      id: intId,
      name: id('policy'),
      namespace_name: id('ns'),
      enabled: { kind: 'flag', identity: true, valid: (i) => i % 2 === 0 },
      // namespace_id and signature_algorithm are not read any more (schemas/swr.ts): not fuzzed as values.
      trigger: { kind: 'object', valid: () => ({ type: 'manual' }) },
      created_at: time,
      updated_at: time,
    },
  },
  {
    name: 'ListInstanceSignPolicyExecutions',
    body: listSwrSignExecutionsBody,
    listKey: 'executions',
    totalKey: 'total',
    fields: {
      id: intId,
      status: status('Succeed'),
      policy_id: int,
      status_text: text('done'),
      total: int,
      failed: int,
      succeed: int,
      in_progress: int,
      stopped: int,
      trigger: status('manual', false),
      created_at: time,
      updated_at: time,
    },
  },
  {
    name: 'ListInstanceSignPolicyExecTasks',
    body: listSwrSignExecutionTasksBody,
    listKey: 'tasks',
    totalKey: 'total',
    fields: {
      id: intId,
      status: status('Success'),
      repository: text('repo'),
      created_at: time,
      updated_at: time,
    },
  },
  {
    name: 'ListInstanceRegistries',
    body: listSwrRegistriesBody,
    listKey: 'registries',
    totalKey: 'total',
    fields: {
      id: intId,
      name: id('reg'),
      type: status('swr-pro'),
      url: id('https://registry.example'),
      insecure: { kind: 'flag', identity: true, valid: () => false },
      status: status('healthy'),
      credential: { kind: 'object', valid: () => ({ type: 'basic' }) },
      created_at: time,
    },
  },
  {
    name: 'ListRegistry',
    body: listHssRegistriesBody,
    listKey: 'data_list',
    totalKey: 'total_num',
    fields: {
      id: id('hss'),
      registry_name: id('name'),
      registry_type: status('Harbor'),
      status: status('success'),
      protocol: text('https'),
      fail_reason: text(''),
      images_num: int,
      latest_sync_time: { kind: 'epochMs', valid: (i) => T0 + i },
    },
  },
  {
    name: 'ListInstancesV2',
    body: listApigInstancesBody,
    listKey: 'instances',
    totalKey: 'total',
    fields: {
      id: id('gw'),
      instance_name: id('name'),
      status: status('Running'),
      spec: status('PROFESSIONAL', false),
      create_time: { kind: 'unixTime', valid: (i) => Math.floor(T0 / 1000) + i },
    },
  },
  {
    name: 'CheckRomaInstanceListV2',
    body: listRomaInstancesBody,
    listKey: 'instances',
    totalKey: 'total',
    fields: {
      id: id('roma'),
      name: id('name'),
      status: status('RUNNING'),
      flavor_type: status('basic', false),
      create_time: { kind: 'unixTime', valid: (i) => String(T0 + i) },
    },
  },
  {
    name: 'ListSignatureKeysV2',
    body: listSignatureKeysBody,
    listKey: 'signs',
    totalKey: 'total',
    fields: {
      id: id('key'),
      name: id('name'),
      sign_type: status('hmac'),
      bind_num: { kind: 'count', valid: (i) => i },
      ldapi_bind_num: { kind: 'count', valid: (i) => i + 1 },
      create_time: time,
      update_time: time,
    },
  },
];

/** A value of a type the field never takes. */
const WRONG: Record<Kind, fc.Arbitrary<unknown>> = {
  text: fc.oneof(fc.integer(), fc.boolean(), fc.constant([]), fc.constant({})),
  int: fc.oneof(fc.string(), fc.boolean(), fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.constant({})),
  flag: fc.oneof(fc.string(), fc.integer(), fc.constant([])),
  time: fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant('last tuesday'),
    fc.constant('2024-13-01T00:00:00Z'),
  ),
  epochMs: fc.oneof(fc.string(), fc.boolean(), fc.constant(-1), fc.constant(1.5)),
  unixTime: fc.oneof(fc.boolean(), fc.constant({}), fc.constant('soon'), fc.constant(-5)),
  count: fc.oneof(fc.string(), fc.boolean(), fc.constant(2.5)),
  object: fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant([])),
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The instant `ms` written in one of the accepted layouts, at `offsetMinutes` from UTC. */
function layout(ms: number, style: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const clock = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const frac = `.${pad(local.getUTCMilliseconds(), 3)}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  const [hh, mm] = [pad(Math.floor(off / 60)), pad(off % 60)];
  switch (style) {
    case 0:
      return `${date}T${clock}${frac}${sign}${hh}:${mm}`;
    case 1:
      return `${date}T${clock}${frac}${sign}${hh}${mm}`;
    case 2:
      return `${date} ${clock}${frac}456789 ${sign}${hh}${mm} CST`; // Go's time.Time.String()
    default: {
      const utc = new Date(ms);
      const u = `${utc.getUTCFullYear()}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
      const c = `${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}:${pad(utc.getUTCSeconds())}`;
      const f = `.${pad(utc.getUTCMilliseconds(), 3)}`;
      return [`${u}T${c}${f}`, `${u} ${c}${f}`, `${u}T${c}${f}Z`, `${u} ${c}${f}123`][style - 3] as string;
    }
  }
}

type Mutation =
  | { op: 'drop' | 'nullify' }
  | { op: 'retype'; value: unknown }
  | { op: 'unknownFields'; extra: Record<string, unknown> }
  | { op: 'layout'; style: number; offset: number }
  | { op: 'enum'; value: string };

function mutationFor(field: FieldSpec): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom<Mutation>({ op: 'drop' }, { op: 'nullify' }),
    WRONG[field.kind].map((value): Mutation => ({ op: 'retype', value })),
    fc
      .dictionary(
        // Prefixed, so an added key is never one the schema declares.
        fc.string({ minLength: 1 }).map((k) => `x_${k}`),
        fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 4 },
      )
      .map((extra): Mutation => ({ op: 'unknownFields', extra })),
  ];
  if (field.kind === 'time') {
    options.push(
      fc
        .record({
          style: fc.integer({ min: 0, max: 6 }),
          offset: fc.integer({ min: -12 * 60, max: 14 * 60 }),
        })
        .map((l): Mutation => ({ op: 'layout', ...l })),
    );
  }
  if (field.enumLike) options.push(fc.string().map((value): Mutation => ({ op: 'enum', value })));
  return fc.oneof(...options);
}

function parse(spec: SchemaSpec, body: unknown) {
  let notes: ParseNotes = { skipped: [], unreadable: [] };
  const page = parseBody(spec.body, body, { operation: spec.name, onNotes: (n) => (notes = n) }) as {
    items: unknown[];
    total: number | undefined;
    received: number;
  };
  return { page, notes };
}

describe.each(SCHEMAS)('$name: one odd record degrades only itself', (spec) => {
  const fieldNames = Object.keys(spec.fields);
  const scenario = fc
    .record({ count: fc.integer({ min: 1, max: 5 }), at: fc.nat(), field: fc.constantFrom(...fieldNames) })
    .chain((s) =>
      mutationFor(spec.fields[s.field] as FieldSpec).map((mutation) => ({
        ...s,
        at: s.at % s.count,
        mutation,
      })),
    );

  it('never fails; skips exactly the record whose identity broke; notes exactly the unreadable value', () => {
    fc.assert(
      fc.property(scenario, ({ count, at, field, mutation }) => {
        const records = Array.from({ length: count }, (_, i) =>
          Object.fromEntries(Object.entries(spec.fields).map(([k, f]) => [k, f.valid(i)])),
        );
        const clean = parse(spec, { [spec.listKey]: records, [spec.totalKey]: count });
        expect(clean.notes).toEqual({ skipped: [], unreadable: [] });
        expect(clean.page.items).toHaveLength(count);

        const target = { ...(records[at] as Record<string, unknown>) };
        const f = spec.fields[field] as FieldSpec;
        if (mutation.op === 'drop') delete target[field];
        if (mutation.op === 'nullify') target[field] = null;
        if (mutation.op === 'retype') target[field] = mutation.value;
        if (mutation.op === 'unknownFields') {
          for (const [k, v] of Object.entries(mutation.extra)) if (!(k in spec.fields)) target[k] = v;
        }
        if (mutation.op === 'layout') {
          target[field] = layout(Date.parse(String(target[field])), mutation.style, mutation.offset);
        }
        if (mutation.op === 'enum') target[field] = mutation.value;
        const mutated = records.map((r, i) => (i === at ? target : r));
        const { page, notes } = parse(spec, { [spec.listKey]: mutated, [spec.totalKey]: count });

        const broken = mutation.op === 'drop' || mutation.op === 'nullify' || mutation.op === 'retype';
        const others = clean.page.items.filter((_, i) => i !== at);
        expect(page.total).toBe(count);
        expect(page.received).toBe(count);
        if (broken && f.identity) {
          const reason = mutation.op === 'retype' ? 'identity_invalid' : 'identity_missing';
          expect(notes).toEqual({
            skipped: [{ reason, path: `${spec.listKey}[${at}].${field}` }],
            unreadable: [],
          });
          expect(page.items).toEqual(others);
          return;
        }
        expect(page.items).toHaveLength(count);
        expect(page.items.filter((_, i) => i !== at)).toEqual(others);
        const unreadable =
          mutation.op === 'retype'
            ? [{ field: `${spec.listKey}[].${field}`, path: `${spec.listKey}[${at}].${field}` }]
            : [];
        expect(notes).toEqual({ skipped: [], unreadable });
        const item = page.items[at] as Record<string, unknown>;
        if (mutation.op === 'unknownFields' || mutation.op === 'layout') {
          expect(item).toEqual(clean.page.items[at]);
        }
        if (mutation.op === 'enum') expect(Object.values(item)).toContain(mutation.value);
      }),
      { numRuns: 150 },
    );
  });
});
