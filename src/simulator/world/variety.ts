// The variety a real cloud sends (WorldOptions.variety): records served with absent or null optional fields,
// every accepted timestamp layout, fields no document lists, enum values nobody listed, and now and then no
// identity at all. Decisions are per record (seed, kind, id), so a record looks the same on every read; the
// world's state stays canonical and only what is served varies.

import { Rng } from './random.js';
import { rewriteTimestamp, TIME_LAYOUTS } from './time-layouts.js';

export type VariedKind =
  | 'swrInstance'
  | 'signPolicy'
  | 'execution'
  | 'task'
  | 'swrRegistry'
  | 'hssRegistry'
  | 'apigInstance'
  | 'romaInstance'
  | 'signatureKey';

/** How records of one kind vary; API modules (http/api-module.ts) declare their own kinds' rules. */
export interface KindRule {
  /** The field that identifies the record; absent ⇒ the kind is never made identity-less. */
  identity?: string;
  times: readonly string[];
  /** Optional fields that may be left out or sent as null. */
  optional: readonly string[];
  /** Enum-like fields and values no document lists. */
  enums: ReadonlyArray<readonly [string, readonly string[]]>;
}

const RULES: Record<VariedKind, KindRule> = {
  swrInstance: {
    identity: 'id',
    times: ['created_at', 'updated_at', 'expires_at'],
    optional: ['description', 'vpc_id', 'spec', 'version', 'charge_mode', 'order_id', 'vpcep_service_id'],
    enums: [['status', ['Upgrading', 'Frozen']]],
  },
  signPolicy: {
    identity: 'id',
    times: ['created_at', 'updated_at'],
    optional: ['description', 'creator', 'scope_rules', 'signature_key', 'namespace_id'],
    enums: [['trigger.type', ['scheduled', 'on_push']]],
  },
  execution: {
    times: ['created_at', 'updated_at'],
    optional: ['status_text'],
    enums: [['status', ['Cancelled']]],
  },
  task: {
    times: ['created_at', 'updated_at'],
    optional: ['job_id', 'status_text', 'namespace'],
    enums: [['status', ['Skipped']]],
  },
  swrRegistry: {
    identity: 'id',
    times: ['created_at', 'updated_at'],
    optional: ['description', 'region_id', 'credential', 'instance_id'],
    enums: [['status', ['checking', 'degraded']]],
  },
  hssRegistry: {
    identity: 'id',
    times: [],
    optional: ['registry_username', 'connect_cluster_id', 'namespace', 'images_num', 'latest_sync_time'],
    enums: [
      ['status', ['paused', 'deleting']],
      ['registry_type', ['Quay', 'Nexus']],
    ],
  },
  apigInstance: {
    identity: 'id',
    times: [],
    optional: ['eip_address', 'cbc_metadata', 'loadbalancer_provider', 'cbc_operation_locks', 'spec'],
    enums: [['status', ['Upgrading', 'Migrating']]],
  },
  romaInstance: {
    identity: 'id',
    times: ['create_time', 'update_time'],
    optional: ['description', 'publicip_id', 'maintain_begin', 'maintain_end', 'available_zone_ids'],
    enums: [['status', ['UPGRADING']]],
  },
  signatureKey: {
    identity: 'id',
    times: ['create_time', 'update_time'],
    optional: ['sign_algorithm'],
    enums: [['sign_type', ['sm_hmac']]],
  },
};

const IDENTITY_LESS = 0.08;
const UNKNOWN_FIELDS = 0.3;
const OPTIONAL_GAPS = 0.35;
const UNLISTED_ENUM = 0.12;
/** A timestamp no layout reads: the reader must drop only that value. */
const UNREADABLE_TIME = 0.06;
const UNREADABLE_VALUES: readonly unknown[] = ['not-a-timestamp', '2024-13-45T99:61:00Z', 20240101];

/** How a record is served: the varied body and whether its identity was taken away. */
export interface Varied<T> {
  record: T;
  identityLess: boolean;
}

export class Variety {
  readonly #seed: number;

  constructor(seed: number) {
    this.#seed = seed;
  }

  /** The record as served. `key` must be stable for the record (its id, or its parent's id and its own). */
  vary<T extends object>(kind: VariedKind, key: string, record: T): Varied<T> {
    return this.varyWith(RULES[kind], kind, key, record);
  }

  /** As vary, for a kind whose rule lives with its API module; `kind` must be unique among all kinds. */
  varyWith<T extends object>(rule: KindRule, kind: string, key: string, record: T): Varied<T> {
    const rng = Rng.derive(this.#seed, 'variety', kind, key);
    const out = { ...record } as Record<string, unknown>;
    for (const field of rule.times) {
      const value = out[field];
      if (typeof value === 'string') out[field] = rewriteTimestamp(value, rng.pick(TIME_LAYOUTS), rng);
    }
    if (rule.times.length > 0 && rng.chance(UNREADABLE_TIME)) {
      const field = rng.pick(rule.times);
      if (typeof out[field] === 'string') out[field] = rng.pick(UNREADABLE_VALUES);
    }
    if (rng.chance(OPTIONAL_GAPS)) {
      const field = rng.pick(rule.optional);
      if (rng.chance(0.5)) delete out[field];
      else out[field] = null;
    }
    if (rule.enums.length > 0 && rng.chance(UNLISTED_ENUM)) {
      const [path, values] = rng.pick(rule.enums);
      const [field = path, nested] = path.split('.');
      const current = out[field];
      if (nested === undefined) {
        if (field in out) out[field] = rng.pick(values);
      } else if (typeof current === 'object' && current !== null) {
        out[field] = { ...current, [nested]: rng.pick(values) };
      }
    }
    if (rng.chance(UNKNOWN_FIELDS)) {
      out.sim_unlisted_field = rng.pick(['x', 7, true, null]);
      out.sim_unlisted_object = { nested: [1, 'two', null], more: { deeper: 'yes' } };
    }
    const identityLess = rule.identity !== undefined && rng.chance(IDENTITY_LESS);
    if (identityLess && rule.identity !== undefined) {
      if (rng.chance(0.5)) delete out[rule.identity];
      else out[rule.identity] = null;
    }
    return { record: Object.freeze(out) as T, identityLess };
  }
}
