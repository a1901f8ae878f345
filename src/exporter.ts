// Wiring: config → one client per region → the collectors engine, and reloads that swap the whole set at once.
// A reload builds the new generation completely (config valid, every client's credentials resolved) before
// it replaces the running one; the old generation finishes its scrapes in flight, then closes its pools.

import { Gauge } from 'prom-client';
import { Engine } from './collectors/engine.js';
import { type ApiMetricsObserver, createApiMetricsObserver } from './collectors/exporter-metrics.js';
import type {
  CollectorStatus,
  EncodedExposition,
  EngineLogger,
  RegionTarget,
  ScrapeOptions,
} from './collectors/types.js';
import { SILENT_LOGGER } from './collectors/types.js';
import {
  type CollectorOverrides,
  clientOptionsFor,
  collectorSettingsFor,
  dumpConfig,
  type LoadedConfig,
  loadConfigFile,
  regionTargetOptions,
  watchedRegions,
  withCollectorOverrides,
} from './config.js';
import { createRegionApi, type RegionClient } from './huaweicloud/client.js';
import { AgencyKeys, CallBudgets, type ClientOptions } from './huaweicloud/index.js';
import type { HttpSdGroup, RequestOrigin } from './scaleout/http-sd.js';
import type { ScaleOutExporter } from './scaleout/routes.js';
import { type ProbeResult, ScaleOut } from './scaleout/scale-out.js';
import { collectSecretValues, redactText } from './server/redact.js';
import type { ReloadOutcome, ReloadStep, ServedExporter } from './server/types.js';
import { exporterVersion } from './version.js';

/** How long a replaced generation may keep serving scrapes already running before it is closed anyway. */
const RETIRE_AFTER_MS = 60_000;
const ENV_SECRETS = [
  'HUAWEICLOUD_SDK_AK',
  'HUAWEICLOUD_SDK_SK',
  'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  'CLOUD_SDK_AK',
  'CLOUD_SDK_SK',
];

export { exporterVersion };

export interface ExporterOptions {
  /** Where the config comes from: a file (re-read on reload) or a ready-made config (the demo). */
  source: { file: string } | { loaded: LoadedConfig };
  /** Environment for the clients' credential chain and endpoint overrides; default process.env. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** --web.external-url: the address /targets hands out; default the Host header of each request. */
  externalUrl?: URL | undefined;
  /**
   * --probe-only: scrape() renders only the exporter's own metrics (API calls, build, process, reloads), so a
   * replica that shares the work through /probe does not read every target again when /metrics is scraped.
   */
  probeOnly?: boolean | undefined;
  /** --collector.<name> / --no-collector.<name>: win over the file on every load and reload. */
  collectorOverrides?: CollectorOverrides | undefined;
  /**
   * The clients' clock (request dates, when agency keys and tokens expire and are renewed); default the wall
   * clock. Tests move it to reach a renewal without waiting for it.
   */
  clock?: ClientOptions['clock'];
}

interface Generation {
  loaded: LoadedConfig;
  clients: RegionClient[];
  engine: Engine;
  /** /probe and /targets, on the same clients and settings as the engine. */
  scaleOut: ScaleOut;
  secretValues: string[];
  inFlight: number;
  idle: (() => void) | undefined;
}

export class Exporter implements ServedExporter, ScaleOutExporter {
  readonly version = exporterVersion();
  readonly apiMetrics: ApiMetricsObserver = createApiMetricsObserver();
  /**
   * The call budgets of every generation: a reload's new clients keep the Retry-After holds, throttled rates
   * and spent bursts of the ones they replace (Huawei counts per user, not per client).
   */
  readonly #budgets = new CallBudgets();
  /** Likewise an agency's temporary keys: one set per account for all its regions and every generation. */
  readonly #agencyKeys = new AgencyKeys();
  readonly #options: ExporterOptions;
  readonly #reloadSuccessful: Gauge;
  readonly #reloadTimestamp: Gauge;
  readonly #retiring = new Set<Promise<void>>();
  #logger: EngineLogger = SILENT_LOGGER;
  #current: Generation | undefined;
  #reloads: Promise<ReloadOutcome> = Promise.resolve({ ok: true, message: '' });

  constructor(options: ExporterOptions) {
    this.#options = options;
    const registers = [this.apiMetrics.registry];
    this.#reloadSuccessful = new Gauge({
      name: 'huaweicloud_config_last_reload_successful',
      help: 'Whether the last configuration load or reload (SIGHUP, POST /-/reload) succeeded (1) or was rejected, keeping the previous configuration (0).',
      registers,
    });
    this.#reloadTimestamp = new Gauge({
      name: 'huaweicloud_config_last_reload_success_timestamp_seconds',
      help: 'Unix time of the last successful configuration load or reload.',
      registers,
    });
  }

  get contentType(): string {
    return this.#current?.engine.contentType ?? 'text/plain; version=0.0.4; charset=utf-8';
  }

  /**
   * First load: throws ConfigError (bad config) or HuaweiCloudError (e.g. no usable credentials). `preloaded`
   * spares a second read when the caller has already validated the file.
   */
  async start(logger: EngineLogger, preloaded?: LoadedConfig): Promise<void> {
    this.#logger = logger;
    this.apiMetrics.useLogger(logger);
    this.#current = await this.#build(preloaded);
    this.#markReload(true);
  }

  isReady(): boolean {
    return this.#current !== undefined;
  }

  scrape(options: ScrapeOptions): Promise<string> {
    if (this.#options.probeOnly) return this.#withGeneration(() => this.apiMetrics.render());
    return this.#withGeneration((generation) => generation.engine.scrape(options));
  }

  scrapeEncoded(options: ScrapeOptions): Promise<EncodedExposition> {
    if (this.#options.probeOnly) {
      return this.#withGeneration(async () => ({
        collected: { chunks: [], byteLength: 0 },
        tail: Buffer.from(await this.apiMetrics.render(), 'utf8'),
      }));
    }
    return this.#withGeneration((generation) => generation.engine.scrapeEncoded(options));
  }

  /** One probe target (docs/scale-out.md); throws ProbeTargetError for a target the config does not collect. */
  probe(target: string, options: ScrapeOptions): Promise<ProbeResult> {
    return this.#withGeneration((generation) => generation.scaleOut.probe(target, options));
  }

  /** The probe targets in Prometheus' http_sd format. */
  targetGroups(origin: RequestOrigin, signal?: AbortSignal): Promise<HttpSdGroup[]> {
    return this.#withGeneration((generation) => generation.scaleOut.targetGroups(origin, signal));
  }

  /** Runs `work` on the current generation, which is not closed while work on it is in flight. */
  async #withGeneration<T>(work: (generation: Generation) => Promise<T>): Promise<T> {
    const generation = this.#current;
    if (generation === undefined) throw new Error('the configuration is not loaded yet');
    generation.inFlight += 1;
    try {
      return await work(generation);
    } finally {
      generation.inFlight -= 1;
      if (generation.inFlight === 0) generation.idle?.();
    }
  }

  status(): readonly CollectorStatus[] {
    return this.#current?.engine.status() ?? [];
  }

  configDump(): string {
    return this.#current === undefined ? '' : dumpConfig(this.#current.loaded.config);
  }

  redact(text: string): string {
    return redactText(text, this.#current?.secretValues ?? collectSecretValues(this.#envSecrets()));
  }

  /**
   * Serialised: a reload that arrives during another waits for it, then reads the file again. Never rejects
   * (SIGHUP has no one to hand a rejection to), and one that failed never blocks the next.
   */
  reload(step?: ReloadStep): Promise<ReloadOutcome> {
    const run = () => this.#reloadOnce(step);
    this.#reloads = this.#reloads.then(run, run);
    return this.#reloads;
  }

  async close(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    if (current !== undefined) await this.#closeGeneration(current);
    await Promise.all(this.#retiring);
  }

  /**
   * All-or-nothing: the step is prepared and the new generation built before either is applied; the step is
   * applied before the generation is swapped in, so a step that throws leaves the running config in place.
   */
  async #reloadOnce(step: ReloadStep | undefined): Promise<ReloadOutcome> {
    const file = 'file' in this.#options.source ? this.#options.source.file : undefined;
    let prepared: Awaited<ReturnType<ReloadStep['prepare']>> | undefined;
    let next: Generation | undefined;
    try {
      prepared = await step?.prepare();
      if (file !== undefined) next = await this.#build();
      prepared?.apply();
    } catch (error) {
      if (next !== undefined) this.#retire(next); // built, never served: closed at once
      this.#markReload(false);
      const reason = this.redact(errorText(error));
      const message = `reload rejected, nothing applied, keeping the running config: ${reason}`;
      this.#logger.error({ file }, message);
      return { ok: false, message };
    }
    const done = [
      next === undefined
        ? 'nothing to reload: the configuration is built in'
        : `config reloaded from ${file} (${next.loaded.config.regions.length} region(s))`,
    ];
    if (next !== undefined) {
      const previous = this.#current;
      this.#current = next;
      if (previous !== undefined) this.#retire(previous);
    }
    if (prepared !== undefined) done.push(prepared.message);
    this.#markReload(true);
    const message = done.join('\n');
    this.#logger.info({ file }, message);
    return { ok: true, message };
  }

  async #build(preloaded?: LoadedConfig): Promise<Generation> {
    const { source, env } = this.#options;
    const loaded = withCollectorOverrides(
      preloaded ?? ('file' in source ? await loadConfigFile(source.file) : source.loaded),
      this.#options.collectorOverrides ?? {},
    );
    const clients: RegionClient[] = [];
    try {
      // One client per (account, region): the exporter's own regions, then each delegating account's.
      const watched = watchedRegions(loaded.config);
      for (const { account, region, assume } of watched) {
        // With accounts each client's huaweicloud_api_* series carry its account; without, no label.
        const observer = account === undefined ? this.apiMetrics : this.apiMetrics.forAccount(account);
        const extra = { observer, env, budgets: this.#budgets, assume, clock: this.#options.clock };
        const options = clientOptionsFor(loaded, region, extra);
        clients.push(await createRegionApi(options, { agencyKeys: this.#agencyKeys }));
      }
      const targets: RegionTarget[] = watched.map(({ account, region }, index) => ({
        ...(account === undefined ? {} : { account }),
        region: region.name,
        api: clients[index] as RegionClient,
        ...regionTargetOptions(region),
      }));
      const settings = collectorSettingsFor(loaded.config);
      const engine = new Engine({ targets, settings, logger: this.#logger, apiMetrics: this.apiMetrics });
      const scaleOut = new ScaleOut({
        // With accounts every probe target names its account (<account>/<region>/…): /probe and /targets
        // cover every account /metrics serves.
        targets,
        settings,
        logger: this.#logger,
        externalUrl: this.#options.externalUrl,
        allowUnlisted: loaded.config.scrape.probe_unlisted_targets,
      });
      const c = loaded.credentials;
      const explicit =
        c === undefined ? [] : c.kind === 'aksk' ? [c.ak, c.sk, c.securityToken] : [c.password];
      const secretValues = collectSecretValues([...explicit, ...this.#envSecrets()]);
      return { loaded, clients, engine, scaleOut, secretValues, inFlight: 0, idle: undefined };
    } catch (error) {
      await Promise.all(clients.map((client) => client.close()));
      throw error;
    }
  }

  #envSecrets(): Array<string | undefined> {
    const env = this.#options.env ?? process.env;
    return ENV_SECRETS.map((name) => env[name]);
  }

  #retire(generation: Generation): void {
    const retired = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, RETIRE_AFTER_MS);
      generation.idle = () => {
        clearTimeout(timer);
        resolve();
      };
      if (generation.inFlight === 0) generation.idle();
    })
      .then(() => this.#closeGeneration(generation))
      .catch((error: unknown) => {
        this.#logger.warn(
          { error: this.redact(errorText(error)) },
          'closing the replaced configuration failed',
        );
      })
      .finally(() => this.#retiring.delete(retired));
    this.#retiring.add(retired);
  }

  async #closeGeneration(generation: Generation): Promise<void> {
    await Promise.all([generation.engine.close(), generation.scaleOut.close()]);
    await Promise.all(generation.clients.map((client) => client.close()));
  }

  #markReload(ok: boolean): void {
    this.#reloadSuccessful.set(ok ? 1 : 0);
    if (ok) this.#reloadTimestamp.set(Date.now() / 1000);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
