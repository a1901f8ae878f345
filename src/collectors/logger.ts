// The logger the engine and the exporter's own metrics write to. Its own file because exporter-metrics.ts and
// types.ts both need it, and types.ts names the ApiMetricsObserver.

/** pino-compatible subset. */
export interface EngineLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The logger used when none is given. */
export const SILENT_LOGGER: EngineLogger = { debug() {}, info() {}, warn() {}, error() {} };
