// Running the exporter as a process: listen first (so /-/healthy answers while credentials load), then load,
// reload on SIGHUP, and on SIGTERM/SIGINT stop accepting, let scrapes finish for a bounded time, close upstream.

import type { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { LoggingOptions } from '../logging.js';
import { createServer, type ExporterServer } from '../server.js';
import type { ReloadOutcome, ReloadStep, ServedExporter } from './types.js';
import { loadWebConfig, type WebConfig } from './web-config.js';

/** Something that emits 'SIGHUP', 'SIGTERM' and 'SIGINT' (process, or a test's EventEmitter). */
export type SignalSource = Pick<EventEmitter, 'on' | 'off'>;

export interface LifecycleOptions {
  exporter: ServedExporter;
  listenAddress: string;
  telemetryPath: string;
  maxRequests: number;
  webConfig: WebConfig | undefined;
  /** Re-read with the config on SIGHUP and POST /-/reload (users, headers, certificates). */
  webConfigFile?: string | undefined;
  logging: LoggingOptions;
  /** Loads config and credentials once the server listens; a rejection ends the process with exit code 1. */
  start(log: FastifyBaseLogger): Promise<void>;
  /** Releases what start() built (engine, clients, simulator) after the server has closed. */
  stop(): Promise<void>;
  /** Called once ready, with the base URL (print where to look). */
  onReady?: ((url: string, server: ExporterServer) => void) | undefined;
  signals?: SignalSource | undefined;
  shutdownGraceMs?: number | undefined;
}

/** The web config's part of a reload: read and checked first, applied only with the config. */
function webConfigStep(server: ExporterServer, file: string): ReloadStep {
  return {
    async prepare() {
      let web: WebConfig;
      try {
        web = await loadWebConfig(file);
        server.checkWebConfig(web);
      } catch (error) {
        throw new Error(`web config ${file}: ${(error as Error).message}`);
      }
      return { apply: () => server.updateWebConfig(web), message: `web config reloaded from ${file}` };
    },
  };
}

/** Resolves with the process exit code once the exporter has stopped. */
export async function serveUntilStopped(options: LifecycleOptions): Promise<number> {
  const signals = options.signals ?? process;
  let server: ExporterServer | undefined;
  const reload = async (): Promise<ReloadOutcome> => {
    if (options.webConfigFile === undefined || server === undefined) return options.exporter.reload();
    const outcome = await options.exporter.reload(webConfigStep(server, options.webConfigFile));
    if (!outcome.ok) server.log.error({ file: options.webConfigFile }, outcome.message);
    return outcome;
  };
  server = createServer({
    exporter: options.exporter,
    telemetryPath: options.telemetryPath,
    maxRequests: options.maxRequests,
    webConfig: options.webConfig,
    logging: options.logging,
    reload,
  });
  const log = server.log;
  log.info({ version: options.exporter.version }, 'starting huaweicloud-exporter');
  let url: string;
  try {
    url = await server.listen(options.listenAddress);
  } catch (error) {
    log.error({ address: options.listenAddress, error: (error as Error).message }, 'cannot listen');
    await server.close(0);
    await options.stop();
    return 1;
  }

  let stopRequested: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stopRequested = resolve;
  });
  const onStop = (signal: string) => () => stopRequested(signal);
  const onTerm = onStop('SIGTERM');
  const onInt = onStop('SIGINT');
  const onHup = () => {
    log.info('SIGHUP: reloading the configuration');
    // reload() never rejects (Exporter.reload); the catch is for a bug there, which must not crash Node.
    reload().catch((error: unknown) =>
      log.error({ error: options.exporter.redact(String(error)) }, 'SIGHUP: reload failed'),
    );
  };
  signals.on('SIGTERM', onTerm);
  signals.on('SIGINT', onInt);
  signals.on('SIGHUP', onHup);

  let code = 0;
  try {
    await options.start(log);
    options.onReady?.(url, server);
    log.info({ signal: await stopped }, 'shutting down');
  } catch (error) {
    log.error({ error: options.exporter.redact((error as Error).message) }, 'cannot start');
    code = 1;
  } finally {
    signals.off('SIGTERM', onTerm);
    signals.off('SIGINT', onInt);
    signals.off('SIGHUP', onHup);
    await server.close(code === 0 ? options.shutdownGraceMs : 0);
    await options.stop();
    log.info({ code }, 'stopped');
  }
  return code;
}
