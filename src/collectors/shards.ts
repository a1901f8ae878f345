// How a collector's work splits into scale-out probe targets (`/probe?target=<region>/<name>/…`): one target
// is one unit of upstream work no other target repeats, so targets can be spread over exporter replicas
// without two replicas reading the same resource. Each descriptor says what a target names after its name,
// which lists the targets come from, and how the region's target narrows to one of them.

import type { RegionTarget, TargetSections } from './contract.js';
import type { InstanceLookup } from './discovery.js';

/** One probe target's part after <region>/<name>: the instance, and its kind where the form has one. */
export interface Shard {
  kind?: string | undefined;
  instanceId?: string | undefined;
}

/**
 * What follows <region>/<name> in a target: nothing (the region is one target), `/<instance id>`, or
 * `/<kind>:<instance id>` with one of `kinds` (the APIG gateway).
 */
export type ShardForm =
  | { readonly by: 'region' }
  | { readonly by: 'instance'; readonly instance: string }
  | { readonly by: 'kind'; readonly kind: string; readonly kinds: readonly string[] };

/** Where one series of targets comes from. */
export interface ShardList {
  /** The kind of every target of this list (form 'kind'). */
  kind?: string | undefined;
  /** One target per polled instance; absent: one target for the region. */
  instances?: InstanceLookup | undefined;
  /** For the log line when the list cannot be read: "SWR instances in cn-north-4". */
  what: string;
}

export interface ShardContext {
  target: RegionTarget;
  discoveryTtlMs: number;
  /** How long a failed list is not asked again. */
  failureTtlMs: number;
  now: () => number;
  /** Shared like BuildContext.discovery: the same key, the same lookup (one list call per region). */
  discovery(key: string, create: () => InstanceLookup): InstanceLookup;
}

export interface ProbeShards {
  readonly form: ShardForm;
  /** Its target lists in a region whose target it collects in. */
  lists(ctx: ShardContext): readonly ShardList[];
  /**
   * The region's target cut down to one shard; `refuse` (never returns) when the running config would not
   * collect it, with the reason.
   */
  narrow(target: RegionTarget, shard: Shard, refuse: (why: string) => never): TargetSections;
}
