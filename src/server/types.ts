// What the HTTP server needs from the running exporter. The server knows nothing of config files, clients or
// the engine's insides: tests drive it with a small fake, the real thing is src/exporter.ts.

import type { CollectorStatus, EncodedExposition, ScrapeOptions } from '../collectors/types.js';

export interface ReloadOutcome {
  ok: boolean;
  /** For people: what was applied, or every problem of the rejected config. Never a secret. */
  message: string;
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
  /** Re-reads the config; a bad one is rejected and the running one kept. */
  reload(): Promise<ReloadOutcome>;
  /** The running config as YAML, secrets shown as <secret>. */
  configDump(): string;
  /** Masks any known secret value (and signature material) in a text meant for people. */
  redact(text: string): string;
}
