// What the HTTP server needs from the running exporter. The server knows nothing of config files, clients or
// the engine's insides: tests drive it with a small fake, the real thing is src/exporter.ts.

import type { CollectorStatus, EncodedExposition, ScrapeOptions } from '../collectors/types.js';

export interface ReloadOutcome {
  ok: boolean;
  /** For people: what was applied, or every problem of the rejected config. Never a secret. */
  message: string;
}

/**
 * Another part of a reload (the web config), so that a reload is all-or-nothing: prepare() reads and checks
 * it before anything is applied and throws when it cannot be applied; apply() is called only once the config
 * has been applied too, and cannot fail.
 */
export interface ReloadStep {
  prepare(): Promise<{ apply(): void; message: string }>;
}

export interface ServedExporter {
  readonly version: string;
  /** Content-Type of what scrape() returns. */
  readonly contentType: string;
  /** Config and credentials are loaded (not: upstream has answered). */
  isReady(): boolean;
  /** The exposition text; rejects when aborted or when the engine cannot answer. */
  scrape(options: ScrapeOptions): Promise<string>;
  /** The same exposition as scrape() as UTF-8 pieces (the collected part is encoded once per refresh). */
  scrapeEncoded?(options: ScrapeOptions): Promise<EncodedExposition>;
  status(): readonly CollectorStatus[];
  /**
   * Re-reads the config (and runs `step`); when either is bad, neither is applied, the running ones are kept,
   * and huaweicloud_config_last_reload_successful says 0.
   */
  reload(step?: ReloadStep): Promise<ReloadOutcome>;
  /** The running config as YAML, secrets shown as <secret>. */
  configDump(): string;
  /** Masks any known secret value (and signature material) in a text meant for people. */
  redact(text: string): string;
}
