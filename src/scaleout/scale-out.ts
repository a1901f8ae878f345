// Scale-out beyond one exporter, with Prometheus' own machinery: /targets lists every probe target in http_sd
// format, /probe?target=… collects exactly one. Prometheus spreads the targets over replicas with hashmod
// relabelling; no replica needs to know about the others. Built per config generation, from the same region
// targets (and so the same clients) and settings as the whole-exporter engine.

import { startDeadline } from '../collectors/deadline.js';
import { EXPOSITION_CONTENT_TYPE } from '../collectors/render.js';
import { resolveCollectorSettings } from '../collectors/settings.js';
import type {
  CollectorSettings,
  CollectorSettingsInput,
  EncodedExposition,
  EngineLogger,
  RegionTarget,
  ScrapeOptions,
} from '../collectors/types.js';
import { SILENT_LOGGER } from '../collectors/types.js';
import { TargetDiscovery } from './discovery.js';
import { type HttpSdGroup, httpSdGroups, probeEndpoint, type RequestOrigin } from './http-sd.js';
import { narrowProbe } from './narrow.js';
import { DEFAULT_MAX_PROBE_ENGINES, ProbeEngines } from './probe-engines.js';
import { collectorsSucceeded, renderProbeMetrics } from './probe-metrics.js';
import { formatProbeTarget, type ProbeTarget, ProbeTargetError, parseProbeTarget } from './target.js';

export interface ScaleOutOptions {
  targets: readonly RegionTarget[];
  settings?: CollectorSettingsInput | undefined;
  logger?: EngineLogger | undefined;
  now?: (() => number) | undefined;
  /** Probe engines kept at once (default DEFAULT_MAX_PROBE_ENGINES). */
  maxEngines?: number | undefined;
  /** The address the service discovery hands out; default: the Host header of the request. */
  externalUrl?: URL | undefined;
  /**
   * Probe targets /targets does not list (config: scrape.probe_unlisted_targets). Off by default: a made-up
   * target would cost a signed upstream call and a probe engine, evicting a real target's cache.
   */
  allowUnlisted?: boolean | undefined;
}

export interface ProbeResult {
  /** The target's collector metrics, huaweicloud_collector_* and huaweicloud_probe_* (expositionText reads it). */
  body: EncodedExposition;
  contentType: string;
  success: boolean;
  durationSeconds: number;
}

/** How a target's region is told apart: `<region>`, or `<account>/<region>` with accounts. */
function regionKey(target: { account?: string | undefined; region: string }): string {
  return target.account === undefined ? target.region : `${target.account}/${target.region}`;
}

export class ScaleOut {
  readonly settings: CollectorSettings;
  /** By regionKey: the region alone, or account and region when the config has accounts. */
  readonly #regions: ReadonlyMap<string, RegionTarget>;
  /** The config has `accounts`: every target names its account (`<account>/<region>/…`). */
  readonly #accounts: boolean;
  readonly #engines: ProbeEngines;
  readonly #discovery: TargetDiscovery;
  readonly #logger: EngineLogger;
  readonly #now: () => number;
  readonly #externalUrl: URL | undefined;
  readonly #allowUnlisted: boolean;

  /** Throws CollectorSettingsError on bad settings, RangeError on a bad maxEngines. */
  constructor(opts: ScaleOutOptions) {
    this.settings = resolveCollectorSettings(opts.settings);
    this.#regions = new Map(opts.targets.map((t) => [regionKey(t), t]));
    this.#accounts = opts.targets.some((t) => t.account !== undefined);
    this.#engines = new ProbeEngines(opts.maxEngines ?? DEFAULT_MAX_PROBE_ENGINES);
    this.#logger = opts.logger ?? SILENT_LOGGER;
    this.#now = opts.now ?? Date.now;
    this.#externalUrl = opts.externalUrl;
    this.#allowUnlisted = opts.allowUnlisted ?? false;
    this.#discovery = new TargetDiscovery({
      targets: opts.targets,
      settings: this.settings,
      logger: this.#logger,
      now: this.#now,
    });
  }

  /** Probe engines currently kept. */
  get engineCount(): number {
    return this.#engines.size;
  }

  /**
   * Collects one target. Throws ProbeTargetError (a bad target, an unknown region, something the config does
   * not collect); an upstream failure is not an error but `success: false` in the result.
   */
  async probe(targetText: string, options: ScrapeOptions = {}): Promise<ProbeResult> {
    const started = this.#now();
    const probe = parseProbeTarget(targetText, this.#accounts);
    const region = this.#regions.get(regionKey(probe));
    if (region === undefined) {
      const known = [...this.#regions.keys()].join(', ');
      const what = probe.account === undefined ? 'region' : 'account and region';
      throw new ProbeTargetError(
        `target "${formatProbeTarget(probe)}": unknown ${what} ${regionKey(probe)} (the config has: ${known})`,
      );
    }
    const narrowed = narrowProbe(region, probe, this.settings);
    if (!this.#allowUnlisted) await this.#checkListed(probe, options.signal);
    const scraped = await this.#engines.use(
      formatProbeTarget(probe),
      () => ({
        targets: [narrowed.target],
        settings: narrowed.settings,
        logger: this.#logger,
        now: this.#now,
      }),
      (engine) => engine.scrapeEncoded(options),
    );
    // The collected part, possibly large, is passed on as it is; the probe's own lines follow the collector
    // status in the per-scrape tail (a probe engine renders no own metrics).
    const success = collectorsSucceeded(scraped.outcomes);
    const durationSeconds = Math.max(this.#now() - started, 0) / 1000;
    return {
      body: {
        collected: scraped.collected,
        tail: Buffer.concat([
          scraped.tail,
          Buffer.from(renderProbeMetrics(success, durationSeconds), 'utf8'),
        ]),
      },
      contentType: EXPOSITION_CONTENT_TYPE,
      success,
      durationSeconds,
    };
  }

  /**
   * The http_sd answer. Throws ExporterAddressError when the exporter's address cannot be told (no
   * --web.external-url and an unusable Host header); rejects when `signal` aborts.
   */
  async targetGroups(origin: RequestOrigin, signal?: AbortSignal): Promise<HttpSdGroup[]> {
    const endpoint = probeEndpoint(this.#externalUrl, origin);
    // Bounded like a scrape: an upstream that hangs leaves the lists it could not read out (or stale).
    const deadline = startDeadline(this.settings.maxTimeoutSeconds, signal);
    try {
      return httpSdGroups(await this.#discovery.list(deadline.signal, signal), endpoint);
    } finally {
      deadline.dispose();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.#engines.close(), this.#discovery.close()]);
  }

  /** Refuses (ProbeTargetError, no engine, no upstream call for it) a target that is neither configured nor discovered. */
  async #checkListed(probe: ProbeTarget, signal: AbortSignal | undefined): Promise<void> {
    const deadline = startDeadline(this.settings.maxTimeoutSeconds, signal);
    try {
      if (await this.#discovery.lists(probe, deadline.signal, signal)) return;
    } finally {
      deadline.dispose();
    }
    throw new ProbeTargetError(
      `target "${formatProbeTarget(probe)}": neither configured nor discovered (GET /targets lists what is); ` +
        'scrape.probe_unlisted_targets: true probes it anyway',
    );
  }
}
