// The exporter's own metrics that live across scrapes (and across config reloads): what the client did
// upstream (fed through the ClientObserver contract), build info and the process metrics (process-metrics.ts).
// With `accounts` in the config each client reports through forAccount(<its account>), and every
// huaweicloud_api_* series gains account="…" as its first label (docs/accounts.md); the observer itself adds
// no label, so without accounts the exposition is what it always was.

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type {
  BudgetEvent,
  ClientObserver,
  RecordsDegradedEvent,
  RequestDoneEvent,
  RetryEvent,
  ThrottledEvent,
  WaitedEvent,
} from '../huaweicloud/observer.js';
import { readBuildInfo } from '../version.js';
import { degradedRecordsHandler } from './degraded-records.js';
import { type EngineLogger, SILENT_LOGGER } from './logger.js';
import { registerProcessMetrics } from './process-metrics.js';

export interface ApiMetricsOptions {
  /** Registry to register in (the server may add its own metrics to it). Default: a new one. */
  registry?: Registry | undefined;
  /** Default: the package version. */
  version?: string | undefined;
  /** VCS revision the build came from. Default: the one stamped at build time (src/version.ts). */
  revision?: string | undefined;
  /** prom-client's process_* and nodejs_* metrics. Default true. */
  processMetrics?: boolean | undefined;
  /** Where skipped records and unreadable values are logged (see useLogger). Default: nowhere. */
  logger?: EngineLogger | undefined;
}

export interface ApiMetricsObserver extends ClientObserver {
  readonly registry: Registry;
  /** The registry's exposition text. */
  render(): Promise<string>;
  /** Logs from now on to `logger` (the observer outlives reloads and is created before the logger exists). */
  useLogger(logger: EngineLogger): void;
  /** The observer for the clients of one configured account: the same metrics, labelled account="…". */
  forAccount(account: string): ClientObserver;
}

/** Upstream error codes come from response bodies: keep label values short and printable. */
const MAX_LABEL = 64;
function boundedLabel(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '');
  return clean.length > MAX_LABEL ? clean.slice(0, MAX_LABEL) : clean;
}

function errorCodeOf(e: RequestDoneEvent): string | undefined {
  if (e.status >= 200 && e.status < 400) return undefined;
  if (e.errorCode !== undefined && e.errorCode !== '') return boundedLabel(e.errorCode);
  if (e.status === 0) return 'no_response';
  return `http_${e.status}`;
}

export function createApiMetricsObserver(opts: ApiMetricsOptions = {}): ApiMetricsObserver {
  const registry = opts.registry ?? new Registry();
  const requests = new Counter({
    name: 'huaweicloud_api_requests_total',
    help: 'HTTP requests sent to Huawei Cloud APIs, each retry attempt counted, by HTTP status code (0: no response).',
    labelNames: ['account', 'service', 'operation', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'huaweicloud_api_request_duration_seconds',
    help: 'Duration of HTTP requests to Huawei Cloud APIs, per attempt, until the response body was read.',
    labelNames: ['account', 'service', 'operation'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'huaweicloud_api_errors_total',
    help: 'Failed Huawei Cloud API requests by the upstream error_code (e.g. APIG.0308), else http_<status> or no_response.',
    labelNames: ['account', 'service', 'operation', 'error_code'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'huaweicloud_api_retries_total',
    help: 'Huawei Cloud API requests retried by the client, by reason (throttled, server_error, network, timeout).',
    labelNames: ['account', 'service', 'operation', 'reason'] as const,
    registers: [registry],
  });
  const throttled = new Counter({
    name: 'huaweicloud_api_throttled_total',
    help: 'Huawei Cloud API answers that were 429 Too Many Requests (throttled), whether or not they were retried.',
    labelNames: ['account', 'service', 'operation'] as const,
    registers: [registry],
  });
  const waited = new Counter({
    name: 'huaweicloud_api_wait_seconds_total',
    help: "Seconds Huawei Cloud API requests were held back before being sent, by cause: rate_limit (the operation's call budget, huaweicloud_api_budget_calls_per_second) or concurrency (the per-service limit on requests in flight).",
    labelNames: ['account', 'service', 'operation', 'cause'] as const,
    registers: [registry],
  });
  const budget = new Gauge({
    name: 'huaweicloud_api_budget_calls_per_second',
    help: "Calls per second the client paces each Huawei Cloud API operation at, per region: the configured budget (Huawei's quota per user and API, divided across client.replicas), lowered after 429s and recovering slowly (0: unlimited).",
    labelNames: ['account', 'region', 'service', 'operation'] as const,
    registers: [registry],
  });
  const buildInfo = new Gauge({
    name: 'huaweicloud_exporter_build_info',
    help: 'Build of the running huaweicloud-exporter, always 1: version, VCS revision and Node.js version.',
    labelNames: ['version', 'revision', 'nodejs'] as const,
    registers: [registry],
  });
  const build = readBuildInfo();
  buildInfo.set(
    {
      version: opts.version ?? build.version,
      revision: opts.revision ?? build.revision,
      nodejs: process.version,
    },
    1,
  );
  if (opts.processMetrics ?? true) registerProcessMetrics(registry);
  let logger = opts.logger ?? SILENT_LOGGER;
  const degraded = degradedRecordsHandler(registry, () => logger, boundedLabel);
  const accounts = new Map<string, ClientObserver>();

  /** The event handlers for one account's clients (undefined: no accounts configured, no account label). */
  const observerFor = (account: string | undefined): ClientObserver => {
    const labelled = <L extends object>(labels: L) =>
      account === undefined ? labels : { account, ...labels };
    return {
      // The observer contract says these must never throw into the client.
      requestDone(e: RequestDoneEvent) {
        try {
          const operation = boundedLabel(e.operation);
          requests.inc(labelled({ service: e.service, operation, code: String(e.status) }));
          if (Number.isFinite(e.durationSeconds) && e.durationSeconds >= 0) {
            duration.observe(labelled({ service: e.service, operation }), e.durationSeconds);
          }
          const errorCode = errorCodeOf(e);
          if (errorCode !== undefined)
            errors.inc(labelled({ service: e.service, operation, error_code: errorCode }));
        } catch {
          // metrics are best effort
        }
      },
      retry(e: RetryEvent) {
        try {
          retries.inc(
            labelled({ service: e.service, operation: boundedLabel(e.operation), reason: e.reason }),
          );
        } catch {
          // metrics are best effort
        }
      },
      throttled(e: ThrottledEvent) {
        try {
          throttled.inc(labelled({ service: e.service, operation: boundedLabel(e.operation) }));
        } catch {
          // metrics are best effort
        }
      },
      budget(e: BudgetEvent) {
        try {
          if (!Number.isFinite(e.ratePerSecond) || e.ratePerSecond < 0) return;
          const labels = {
            region: boundedLabel(e.region),
            service: e.service,
            operation: boundedLabel(e.operation),
          };
          budget.set(labelled(labels), e.ratePerSecond);
        } catch {
          // metrics are best effort
        }
      },
      waited(e: WaitedEvent) {
        try {
          if (!Number.isFinite(e.waitedMs) || e.waitedMs < 0) return;
          const labels = { service: e.service, operation: boundedLabel(e.operation), cause: e.cause };
          waited.inc(labelled(labels), e.waitedMs / 1000);
        } catch {
          // metrics are best effort
        }
      },
      recordsDegraded(e: RecordsDegradedEvent) {
        try {
          degraded(e, account);
        } catch {
          // metrics are best effort
        }
      },
    };
  };

  return {
    ...observerFor(undefined),
    registry,
    render: () => registry.metrics(),
    useLogger(next: EngineLogger) {
      logger = next;
    },
    forAccount(account: string) {
      const known = accounts.get(account);
      if (known !== undefined) return known;
      const created = observerFor(account);
      accounts.set(account, created);
      return created;
    },
  };
}
