// A collector in one place (node_exporter's registerCollector, typed): everything the rest of the exporter
// needs to know about one collector. The list in collectors/index.ts is the only place collectors are named;
// config keys, --collector.<name> flags, units per region, IAM actions and the README's metric reference are
// derived from it.

import type * as z from 'zod';
import type { OperationInfo } from '../huaweicloud/operations/info.js';
import type { MetricFamily } from './catalog.js';
import type { CheckReads } from './check-reads.js';
import type { Collector, CollectorConfig, CollectorDeps, RegionTarget, TargetSections } from './contract.js';

export type { TargetSections } from './contract.js';

import type { InstanceLookup } from './discovery.js';
import type { ProbeShards } from './shards.js';

/**
 * Settings of one collector beyond the engine's own (enabled, TTL, max age, max series): the extra keys of
 * its `collectors.<name>` config block and what the engine makes of them.
 */
export interface CollectorOptions<K extends string, O, S extends z.ZodRawShape> {
  /** Where they sit in the engine's settings (CollectorSettings[key]); programmatic callers pass them there. */
  readonly key: K;
  /** The extra keys of collectors.<name>, each optional (the defaults are the engine's, see resolve). */
  readonly config: S;
  /** Checks across those keys (a key path relative to the block), run once with the rest of the config. */
  readonly refine?: (block: z.output<z.ZodObject<S>>, ctx: z.RefinementCtx) => void;
  /** The parsed block's keys as the engine's (partial) options. */
  fromConfig(block: z.output<z.ZodObject<S>>): Partial<O>;
  /** Complete options: the defaults for what the input leaves out, and what derives from it. */
  resolve(input: Partial<O> | undefined): O;
}

/**
 * A section of a region's config (regions[].<key>) and of the engine's RegionTarget (RegionTarget[key]): what
 * to collect there. Collectors reading the same section (swr_signing, swr_registries) share one object.
 */
export interface TargetSection<K extends string, C, T> {
  readonly key: K;
  /** regions[].<key>, with its default: validated once with the rest of the config. */
  readonly config: z.ZodType<C, unknown>;
  /** The parsed section as the engine's target options. */
  fromConfig(section: C): T;
}

/** What a collector's build gets for one region. */
export interface BuildContext<O> {
  target: RegionTarget;
  deps: CollectorDeps;
  options: O;
  /** How long discovery lists are reused. */
  discoveryTtlMs: number;
  /**
   * The region's shared discovery: the same key gives the same lookup, so collectors asking the same
   * question (the SWR instances, a gateway's instances) ask upstream once; `create` runs for the first asker.
   */
  discovery(key: string, create: () => InstanceLookup): InstanceLookup;
  /**
   * True for the first collector of the region (in list order) to claim `key`: who writes a family that
   * several collectors could write (huaweicloud_swr_instance_status) without repeating a series.
   */
  claim(key: string): boolean;
}

export interface CollectorDescriptor<
  N extends string = string,
  O = unknown,
  K extends string = string,
  // biome-ignore lint/suspicious/noExplicitAny: each section has its own shapes
  S extends TargetSection<string, any, unknown> | undefined = TargetSection<string, any, unknown> | undefined,
> {
  /** The `collector` label, the config key collectors.<name>, the flag --collector.<name>. */
  readonly name: N;
  /** One line for the README and `--help`. */
  readonly summary: string;
  /** Engine defaults; the config block and programmatic settings override them. */
  readonly defaults: Readonly<CollectorConfig>;
  /**
   * Every family it writes, in exposition order. A family several collectors write is listed by each (the
   * exposition and the README keep its first place).
   */
  readonly families: readonly MetricFamily[];
  /** Every operation it calls: `check`'s reads and the IAM policy derive from them, in this order. */
  readonly operations: readonly OperationInfo[];
  // biome-ignore lint/suspicious/noExplicitAny: the shape of each collector's own config keys varies
  readonly options?: CollectorOptions<K, O, any> | undefined;
  /** The region section it reads (regions[].<key>), if any; shared with the collectors reading the same. */
  readonly section?: S;
  /**
   * Whether the region's target has it collect (its section there is on). The engine, `check` and scale-out
   * ask this; collectors.<name>.enabled is asked before it.
   */
  collectsIn(target: TargetSections): boolean;
  /** How its work splits into scale-out probe targets. */
  readonly probe: ProbeShards;
  /** `check`'s reads, in the order the collector makes them (instances → policies → …). */
  check(reads: CheckReads): Promise<void>;
  /** Its unit for one region whose target it collects in. */
  build(ctx: BuildContext<O>): Collector;
}

/** Keeps the literal name (so CollectorName is derived from the list) and the options' types. */
export function defineCollector<
  const N extends string,
  O = undefined,
  const K extends string = never,
  // biome-ignore lint/suspicious/noExplicitAny: each section has its own shapes
  S extends TargetSection<string, any, unknown> | undefined = undefined,
>(descriptor: CollectorDescriptor<N, O, K, S>): CollectorDescriptor<N, O, K, S> {
  return Object.freeze(descriptor);
}
