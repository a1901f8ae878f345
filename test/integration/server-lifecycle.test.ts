import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { type LifecycleOptions, serveUntilStopped } from '../../src/server/lifecycle.js';
import type { ServedExporter } from '../../src/server/types.js';
import { loadWebConfig } from '../../src/server/web-config.js';

const quiet = { level: 'error', format: 'json', destination: { write: () => true } } as const;

function fakeExporter(events: string[]): ServedExporter {
  return {
    version: 't',
    contentType: 'text/plain',
    isReady: () => true,
    scrape: async () => 'up 1\n',
    status: () => [],
    // Honours the step as the real exporter does: prepared first, applied only when nothing failed.
    reload: async (step) => {
      events.push('reload');
      try {
        const prepared = await step?.prepare();
        prepared?.apply();
        return { ok: true, message: ['ok', prepared?.message].filter(Boolean).join('\n') };
      } catch (error) {
        return { ok: false, message: `reload rejected, nothing applied: ${(error as Error).message}` };
      }
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
  it('POST /-/reload also re-reads the web config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hwc-life-'));
    const webFile = join(dir, 'web.yml');
    const usersFile = (user: string, password: string) =>
      writeFileSync(webFile, `basic_auth_users:\n  ${user}: ${bcrypt.hashSync(password, 4)}\n`);
    const auth = (user: string, password: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    });
    usersFile('alice', 'alice-pw');
    const events: string[] = [];
    const signals = new EventEmitter();
    let base = '';
    let exit: Promise<number> = Promise.resolve(-1);
    const webConfig = await loadWebConfig(webFile);
    const ready = new Promise<void>((resolve) => {
      exit = serveUntilStopped(
        options(events, {
          signals,
          webConfigFile: webFile,
          webConfig,
          onReady: (url) => {
            base = url;
            resolve();
          },
        }),
      );
    });
    try {
      await ready;
      expect((await fetch(`${base}/metrics`, { headers: auth('alice', 'alice-pw') })).status).toBe(200);
      usersFile('bob', 'bob-pw');
      const reload = await fetch(`${base}/-/reload`, { method: 'POST', headers: auth('alice', 'alice-pw') });
      expect(await reload.text()).toBe(`ok\nweb config reloaded from ${webFile}\n`);
      expect((await fetch(`${base}/metrics`, { headers: auth('alice', 'alice-pw') })).status).toBe(401);
      expect((await fetch(`${base}/metrics`, { headers: auth('bob', 'bob-pw') })).status).toBe(200);

      writeFileSync(webFile, 'basic_auth_users: [nope]\n');
      const bad = await fetch(`${base}/-/reload`, { method: 'POST', headers: auth('bob', 'bob-pw') });
      expect(bad.status).toBe(500);
      expect(await bad.text()).toContain(`reload rejected, nothing applied: web config ${webFile}: `);
      expect((await fetch(`${base}/metrics`, { headers: auth('bob', 'bob-pw') })).status).toBe(200);
    } finally {
      signals.emit('SIGTERM');
      expect(await exit).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });

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
