// A ServedExporter that holds every scrape at a gate until the test opens it, counting the scrapes waiting:
// load tests can then fill the server's concurrency limit deterministically instead of racing a timer.

import type { ServedExporter } from '../../../src/server.js';

export interface GatedExporter {
  exporter: ServedExporter;
  /** Scrapes that reached the exporter and wait at the gate. */
  readonly waiting: number;
  open(): void;
  /** Resolves once `count` scrapes wait at the gate. */
  whenWaiting(count: number): Promise<void>;
}

export function gateScrapes(inner: ServedExporter): GatedExporter {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let waiting = 0;
  const watchers: Array<{ count: number; resolve: () => void }> = [];
  const notify = () => {
    for (const w of watchers.filter((w) => waiting >= w.count)) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
  };
  const exporter: ServedExporter = {
    get version() {
      return inner.version;
    },
    get contentType() {
      return inner.contentType;
    },
    isReady: () => inner.isReady(),
    status: () => inner.status(),
    reload: () => inner.reload(),
    configDump: () => inner.configDump(),
    redact: (text) => inner.redact(text),
    async scrape(options) {
      waiting += 1;
      notify();
      try {
        await opened;
      } finally {
        waiting -= 1;
      }
      return inner.scrape(options);
    },
  };
  return {
    exporter,
    get waiting() {
      return waiting;
    },
    open: () => open(),
    whenWaiting: (count) =>
      new Promise<void>((resolve) => {
        watchers.push({ count, resolve });
        notify();
      }),
  };
}
