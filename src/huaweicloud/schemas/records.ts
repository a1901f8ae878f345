// Tolerant records: a record degrades only itself (issue 16).
//
// A record schema splits its fields in two. Identity fields (ids, names, statuses: what becomes a label or
// addresses a sub-resource) are required; a record whose identity is missing or unreadable is skipped and the
// rest of the page is kept. Every other field is a value: absent or null is fine, and a value that cannot be
// read (wrong type, timestamp in no known layout) becomes absent instead of failing anything. Both are noted
// — skipped records with a bounded reason, unreadable values with their schema path — and the notes reach
// parseBody's caller, which reports them. Only the structure around the records (body not an object, list
// key not a list, a bad total) still fails the page.
//
// Notes are collected through a sink set for the duration of one synchronous safeParse (see collectNotes):
// zod gives a transform no path, so the list transform says which record is being read.

import { z } from 'zod';
import type { SkippedRecord, SkipReason, UnreadableField } from '../observer.js';
import { optTotal } from './fields.js';
import { typeMessage } from './parse-messages.js';

export interface ParseNotes {
  skipped: SkippedRecord[];
  unreadable: UnreadableField[];
}

interface Sink extends ParseNotes {
  /**
   * Where the record being read sits: list 'instances', index 3 (path 'instances[3]', field 'instances[]');
   * list '' for a body. Kept as parts: the paths are only spelled out for a note, not for every record.
   */
  at: { list: string; index: number };
}

const atPath = (at: Sink['at']) => (at.list === '' ? '' : `${at.list}[${at.index}]`);
const atField = (at: Sink['at']) => (at.list === '' ? '' : `${at.list}[]`);

let sink: Sink | undefined;

/** Runs a synchronous parse and returns what it noted (nothing is noted outside such a run). */
export function collectNotes<T>(parse: () => T): { value: T; notes: ParseNotes } {
  const outer = sink;
  const mine: Sink = { skipped: [], unreadable: [], at: { list: '', index: 0 } };
  sink = mine;
  try {
    return { value: parse(), notes: { skipped: mine.skipped, unreadable: mine.unreadable } };
  } finally {
    sink = outer;
  }
}

function join(prefix: string, key: PropertyKey, indexes: boolean): string {
  if (typeof key === 'number') return indexes ? `${prefix}[${key}]` : `${prefix}[]`;
  return prefix === '' ? String(key) : `${prefix}.${String(key)}`;
}

function pathOf(prefix: string, keys: readonly PropertyKey[], indexes: boolean): string {
  let out = prefix;
  for (const key of keys) out = join(out, key, indexes);
  return out;
}

/** A value field: read it if possible, else note it and make it absent (see Absent). */
function tolerant(name: string, schema: z.ZodType): z.ZodType {
  // The same rule as Absent below: a field whose schema reads null as null (timestamps) is null when absent.
  const probe = schema.safeParse(null);
  const absent = probe.success && probe.data === null ? null : undefined;
  return schema.catch((ctx: z.core.$ZodCatchCtx) => {
    if (sink !== undefined) {
      const keys = [name, ...(ctx.error.issues[0]?.path ?? [])];
      sink.unreadable.push({
        field: pathOf(atField(sink.at), keys, false),
        path: pathOf(atPath(sink.at), keys, true),
      });
    }
    return absent as z.output<typeof schema>;
  });
}

/** One page of a paged list, as the API reported it. */
export interface Page<T> {
  items: T[];
  /** The API's own total (`total` / `total_num`); `undefined` when the body omitted it. */
  total: number | undefined;
  /** Records the page held on the wire, skipped ones included (record offsets count them); default items.length. */
  received?: number | undefined;
}

type Shape = Record<string, z.ZodType>;
/** What an unreadable value becomes: null where the field already uses null for "unset", else undefined. */
type Absent<S extends z.ZodType> = null extends z.output<S> ? null : undefined;
type Flat<T> = { [K in keyof T]: T[K] };
/** The record as declared: identity fields as read, value fields as read or absent. */
export type RecordFields<I extends Shape, V extends Shape> = Flat<
  { [K in keyof I]: z.output<I[K]> } & { [K in keyof V]: z.output<V[K]> | Absent<V[K]> }
>;

export interface RecordSpec<I extends Shape, V extends Shape, T> {
  identity: I;
  values: V;
  /** Reshapes the fields as read (renames, nested values); without it the record is the fields as declared. */
  build?: ((r: RecordFields<I, V>) => T) | undefined;
}

export interface RecordSchema<T> {
  schema: z.ZodType<T>;
  identity: ReadonlySet<string>;
}

/** A record schema: identity fields strict, every value field tolerant; undeclared keys are dropped. */
export function record<I extends Shape, V extends Shape, T = RecordFields<I, V>>(
  spec: RecordSpec<I, V, T>,
): RecordSchema<T> {
  // zod leaves an absent optional key out; the record has every declared key (undefined when absent), as
  // its type says, and so does what `build` is given.
  const keys = [...Object.keys(spec.identity), ...Object.keys(spec.values)];
  // A plain loop: this runs for every record of every page (Object.fromEntries over a mapped array cost
  // two arrays per record).
  const declared = (r: unknown) => {
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = (r as Record<string, unknown>)[k];
    return out as RecordFields<I, V>;
  };
  const build = spec.build ?? ((r: RecordFields<I, V>) => r as T);
  const shape: Record<string, z.ZodType> = { ...spec.identity };
  for (const [name, schema] of Object.entries(spec.values)) shape[name] = tolerant(name, schema);
  return {
    schema: z
      .object(shape, { error: (i) => typeMessage('object', i.input) })
      .transform((r) => build(declared(r))),
    identity: new Set(Object.keys(spec.identity)),
  };
}

function skipReason(
  raw: unknown,
  issue: z.core.$ZodIssue | undefined,
  identity: ReadonlySet<string>,
): SkipReason {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not_an_object';
  const key = issue?.path[0];
  if (typeof key === 'string' && identity.has(key)) {
    const value = (raw as Record<string, unknown>)[key];
    return value === undefined || value === null ? 'identity_missing' : 'identity_invalid';
  }
  return 'identity_invalid';
}

/** A list of records; a missing or null list is an empty page, a list key that is not a list fails. */
export function records<T>(listKey: string, item: RecordSchema<T>) {
  return z
    .array(z.unknown(), { error: (i) => typeMessage('array', i.input) })
    .nullish()
    .transform((raw): { items: T[]; received: number } => {
      const out: T[] = [];
      const outer = sink?.at;
      const at = { list: listKey, index: 0 };
      (raw ?? []).forEach((value, index) => {
        if (sink !== undefined) {
          at.index = index;
          sink.at = at;
        }
        const noted = sink?.unreadable.length ?? 0;
        const parsed = item.schema.safeParse(value);
        if (parsed.success) {
          out.push(parsed.data);
          return;
        }
        // A skipped record counts once, as skipped: drop what its value fields noted.
        if (sink !== undefined) sink.unreadable.length = noted;
        const issue = parsed.error.issues[0];
        const path = pathOf(`${listKey}[${index}]`, issue?.path.slice(0, 1) ?? [], true);
        sink?.skipped.push({ reason: skipReason(value, issue, item.identity), path });
      });
      if (sink !== undefined && outer !== undefined) sink.at = outer;
      return { items: out, received: raw?.length ?? 0 };
    });
}

/** A list body: `{ <listKey>: [records], <totalKey>: n }`; other keys are ignored. */
export function pageOf<T>(listKey: string, item: RecordSchema<T>, totalKey = 'total'): z.ZodType<Page<T>> {
  return z
    .object({ [listKey]: records(listKey, item), [totalKey]: optTotal() })
    .transform((body): Page<T> => {
      const list = body[listKey] as { items: T[]; received: number };
      return { items: list.items, total: body[totalKey] as number | undefined, received: list.received };
    });
}
