import { EventEmitter } from 'node:events';
import { createServer as createNetServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type LifecycleOptions, serveUntilStopped } from '../../src/server/lifecycle.js';
import type { ServedExporter } from '../../src/server/types.js';

const quiet = { level: 'error', format: 'json', destination: { write: () => true } } as const;

function fakeExporter(events: string[]): ServedExporter {
  return {
    version: 't',
    contentType: 'text/plain',
    isReady: () => true,
    scrape: async () => 'up 1\n',
    status: () => [],
    reload: async () => {
      events.push('reload');
      return { ok: true, message: 'ok' };
    },
    configDump: () => '',
    redact: (t) => t,
  };
}

function options(events: string[], overrides: Partial<LifecycleOptions> = {}): LifecycleOptions {
  return {
    exporter: fakeExporter(events),
    listenAddress: '127.0.0.1:0',
    telemetryPath: '/metrics',
    maxRequests: 0,
    webConfig: undefined,
    logging: quiet,
    start: async () => {
      events.push('start');
    },
    stop: async () => {
      events.push('stop');
    },
    ...overrides,
  };
}

describe('process lifecycle', () => {
  it('starts after listening, reloads on SIGHUP, stops on SIGTERM with exit code 0', async () => {
    const events: string[] = [];
    const signals = new EventEmitter();
    let base = '';
    const exit = serveUntilStopped(
      options(events, {
        signals,
        onReady: (url) => {
          base = url;
          events.push('ready');
          signals.emit('SIGHUP');
          signals.emit('SIGTERM');
        },
      }),
    );
    expect(await exit).toBe(0);
    expect(events).toEqual(['start', 'ready', 'reload', 'stop']);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(fetch(`${base}/-/healthy`)).rejects.toThrow();
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGHUP')).toBe(0);
  });

  it('exits 1 and releases what it built when start fails', async () => {
    const events: string[] = [];
    const code = await serveUntilStopped(
      options(events, {
        signals: new EventEmitter(),
        start: async () => {
          events.push('start');
          throw new Error('no credentials');
        },
      }),
    );
    expect(code).toBe(1);
    expect(events).toEqual(['start', 'stop']);
  });

  it('exits 1 when the address is taken, without starting', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const events: string[] = [];
    try {
      const code = await serveUntilStopped(
        options(events, { signals: new EventEmitter(), listenAddress: `127.0.0.1:${port}` }),
      );
      expect(code).toBe(1);
      expect(events).toEqual(['stop']);
    } finally {
      blocker.close();
    }
  });
});
