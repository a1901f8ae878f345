// Which probe targets exist: per region, each collector's target lists (its descriptor's probe.lists: the
// Running SWR instances or the ones the config names, the Running APIG / ROMA instances of the configured
// gateway, HSS once per project). Instance lists are
// reused for the discovery TTL and loaded once for concurrent askers (the engine's CachedLookup).
//
// A list that cannot be read serves its last good answer; one never read is left out (logged) rather than
// failing the whole answer: one broken service must not hide every other target from Prometheus. A failed
// read is not retried for FAILED_LIST_RETRY_MS (or the discovery TTL, if shorter) and logged once: /probe
// asks on every request, and made-up targets must not each cost a list call and a warning.

import type { InstanceLookup } from '../collectors/discovery.js';
import { describeError } from '../collectors/failures.js';
import { COLLECTORS } from '../collectors/index.js';
import type { ShardContext } from '../collectors/shards.js';
import type { CollectorSettings, EngineLogger, RegionTarget } from '../collectors/types.js';
import { formatProbeTarget, INSTANCE_ID_PATTERN, type ProbeTarget } from './target.js';

/** How long a list that could not be read waits before it is asked again (at most the discovery TTL). */
export const FAILED_LIST_RETRY_MS = 30_000;
/**
 * A probe of a target the lists lack reads again those of its collector older than this: an instance created
 * since is then refused for about this long, not for the whole discovery TTL. Each list is read at most once
 * per period that way, so made-up targets cost no more.
 */
export const MISS_REFRESH_MS = 30_000;
/** One array for "nothing": the same array on every read, so the allowlist's memo still matches. */
const NONE: readonly string[] = Object.freeze([]);

export interface TargetDiscoveryOptions {
  targets: readonly RegionTarget[];
  settings: CollectorSettings;
  logger: EngineLogger;
  now: () => number;
}

/** One instance list with its last good answer. */
class RememberedList {
  readonly #lookup: InstanceLookup;
  readonly #what: string;
  readonly #logger: EngineLogger;
  #last: readonly string[] | undefined;
  /** The failure last logged: CachedLookup rethrows the same error while it is remembered. */
  #logged: unknown;

  constructor(lookup: InstanceLookup, what: string, logger: EngineLogger) {
    this.#lookup = lookup;
    this.#what = what;
    this.#logger = logger;
  }

  async read(
    signal: AbortSignal,
    caller: AbortSignal | undefined,
    maxAgeMs?: number,
  ): Promise<readonly string[]> {
    try {
      this.#last = (await this.#lookup.get(signal, maxAgeMs)).polled;
      return this.#last;
    } catch (error) {
      if (caller?.aborted) throw error;
      if (error !== this.#logged) {
        this.#logged = error;
        const served = this.#last === undefined ? 'left out' : 'serving the last good list';
        this.#logger.warn(
          { list: this.#what, error: describeError(error) },
          `target discovery failed: ${served}`,
        );
      }
      return this.#last ?? NONE;
    }
  }

  close(): Promise<void> {
    return this.#lookup.close();
  }
}

interface Producer {
  list: RememberedList | undefined;
  make: (instanceId: string) => ProbeTarget;
}

export class TargetDiscovery {
  readonly #producers: Producer[] = [];
  readonly #lists: RememberedList[] = [];
  readonly #logger: EngineLogger;
  /** The target texts of the last reads, with the instance lists they came from (same arrays: same set). */
  #listed: { reads: ReadonlyArray<readonly string[] | undefined>; texts: ReadonlySet<string> } | undefined;

  constructor(opts: TargetDiscoveryOptions) {
    this.#logger = opts.logger;
    for (const target of opts.targets) this.#plan(target, opts);
  }

  /** Every probe target, sorted by its text; rejects only when `caller` aborts. */
  async list(signal: AbortSignal, caller?: AbortSignal): Promise<ProbeTarget[]> {
    return this.#targets(await this.#read(signal, caller));
  }

  /**
   * Whether /targets would list `target` (the /probe allowlist). Within the discovery TTL the lists are the
   * same arrays, so their target set is built once, not once per probe; rejects only when `caller` aborts.
   */
  async lists(target: ProbeTarget, signal: AbortSignal, caller?: AbortSignal): Promise<boolean> {
    const text = formatProbeTarget(target);
    if (this.#texts(await this.#read(signal, caller)).has(text)) return true;
    // A miss: the lists of the target's collector may predate the instance (see MISS_REFRESH_MS).
    const same = (made: ProbeTarget) =>
      made.account === target.account &&
      made.region === target.region &&
      made.collector === target.collector &&
      made.kind === target.kind;
    const reads = await this.#read(signal, caller, (producer) =>
      same(producer.make('')) ? MISS_REFRESH_MS : undefined,
    );
    return this.#texts(reads).has(text);
  }

  /** The target texts of these reads, from the memo when they are the same arrays as last time. */
  #texts(reads: ReadonlyArray<readonly string[] | undefined>): ReadonlySet<string> {
    const memo = this.#listed;
    if (memo?.reads.every((ids, i) => ids === reads[i])) return memo.texts;
    const texts = new Set(this.#targets(reads).map(formatProbeTarget));
    this.#listed = { reads, texts };
    return texts;
  }

  #targets(reads: ReadonlyArray<readonly string[] | undefined>): ProbeTarget[] {
    const found = this.#producers.map(({ make }, i) => {
      const ids = reads[i];
      return ids === undefined ? [make('')] : ids.flatMap((id) => this.#valid(id, make));
    });
    const byText = new Map(found.flat().map((t) => [formatProbeTarget(t), t] as const));
    return [...byText.keys()].sort().map((text) => byText.get(text) as ProbeTarget);
  }

  /** `maxAgeMs` says, per producer, how old its list may be (default: the discovery TTL). */
  #read(
    signal: AbortSignal,
    caller: AbortSignal | undefined,
    maxAgeMs?: (producer: Producer) => number | undefined,
  ) {
    return Promise.all(
      this.#producers.map((producer) => producer.list?.read(signal, caller, maxAgeMs?.(producer))),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.#lists.map((list) => list.close()));
  }

  #valid(id: string, make: (instanceId: string) => ProbeTarget): ProbeTarget[] {
    if (INSTANCE_ID_PATTERN.test(id)) return [make(id)];
    this.#logger.warn({ instance_id: id }, 'instance id does not fit the probe target grammar; not listed');
    return [];
  }

  #remember(lookup: InstanceLookup, what: string): RememberedList {
    const list = new RememberedList(lookup, what, this.#logger);
    this.#lists.push(list);
    return list;
  }

  #plan(target: RegionTarget, { settings, now }: TargetDiscoveryOptions): void {
    const { region } = target;
    const account = target.account === undefined ? {} : { account: target.account };
    const discoveryTtlMs = settings.discoveryTtlSeconds * 1000;
    // Collectors asking the same question share a lookup (by key), and so its remembered list.
    const lookups = new Map<string, InstanceLookup>();
    const remembered = new Map<InstanceLookup, RememberedList>();
    const ctx: ShardContext = {
      target,
      discoveryTtlMs,
      failureTtlMs: Math.min(discoveryTtlMs, FAILED_LIST_RETRY_MS),
      now,
      discovery(key, create) {
        const known = lookups.get(key);
        if (known !== undefined) return known;
        const created = create();
        lookups.set(key, created);
        return created;
      },
    };
    for (const descriptor of COLLECTORS) {
      if (!settings.collectors[descriptor.name].enabled || !descriptor.collectsIn(target)) continue;
      const collector = descriptor.name;
      for (const { kind, instances, what } of descriptor.probe.lists(ctx)) {
        let list: RememberedList | undefined;
        if (instances !== undefined) {
          list = remembered.get(instances) ?? this.#remember(instances, what);
          remembered.set(instances, list);
        }
        this.#producers.push({
          list,
          make: (instanceId) =>
            instances === undefined
              ? { ...account, region, collector }
              : { ...account, region, collector, kind, instanceId },
        });
      }
    }
  }
}
