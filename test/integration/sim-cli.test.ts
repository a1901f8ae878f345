import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LISTEN,
  parseSimulateArgs,
  runSimulate,
  SimulateUsageError,
} from '../../src/simulator/cli.js';
import { SCALE_PRESETS } from '../../src/simulator/world/index.js';

describe('parseSimulateArgs', () => {
  it('defaults to the standard listen address, moving time and the small estate', () => {
    const { options, help } = parseSimulateArgs([], {});
    expect(DEFAULT_LISTEN).toBe(`${options.host}:${options.port}`);
    expect(options.tick).toBe(true);
    expect(options.scale).toBeUndefined();
    // No quotas option: the simulator enforces the documented ones.
    expect(options.quotas).toBeUndefined();
    expect(help).toBe(false);
  });

  it('reads listen, seed, preset, explicit counts and the other flags', () => {
    const { options } = parseSimulateArgs(
      [
        '--listen',
        '0.0.0.0:18080',
        '--seed',
        '42',
        '--scale',
        'medium',
        '--policies',
        '10000',
        '--keys-per-instance',
        '3',
        '--execution-order',
        'oldest_first',
        '--lock-seconds',
        '10',
        '--no-tick',
        '--no-quotas',
      ],
      {},
    );
    expect(options.quotas).toEqual({});
    expect(options).toMatchObject({
      host: '0.0.0.0',
      port: 18080,
      seed: 42,
      executionOrder: 'oldest_first',
      lockSeconds: 10,
      tick: false,
    });
    expect(options.scale).toEqual({ ...SCALE_PRESETS.medium, policies: 10_000, keysPerInstance: 3 });
    expect(parseSimulateArgs(['--scale', 'large'], {}).options.scale).toBe('large');
    expect(parseSimulateArgs(['--listen', '[::1]:0'], {}).options).toMatchObject({ host: '::1', port: 0 });
  });

  it('turns on the variety with --variety or SIM_VARIETY=1, and leaves it off by default', () => {
    expect(parseSimulateArgs([], {}).options.variety).toBeUndefined();
    expect(parseSimulateArgs(['--variety'], {}).options.variety).toBe(true);
    expect(parseSimulateArgs([], { SIM_VARIETY: '1' }).options.variety).toBe(true);
  });

  it('adds delegating accounts with --accounts N or SIM_ACCOUNTS, at most 10', () => {
    expect(parseSimulateArgs([], {}).options.accounts).toBeUndefined();
    expect(parseSimulateArgs(['--accounts', '2'], {}).options.accounts).toEqual([
      { domainName: 'sim-account-1' },
      { domainName: 'sim-account-2' },
    ]);
    expect(parseSimulateArgs([], { SIM_ACCOUNTS: '1' }).options.accounts).toHaveLength(1);
    expect(() => parseSimulateArgs(['--accounts', '11'], {})).toThrow(
      "--accounts must be a whole number from 0 to 10, got '11'",
    );
  });

  it('takes AK/SK from flags before SIM_AK/SIM_SK', () => {
    expect(parseSimulateArgs([], { SIM_AK: 'ENVAK', SIM_SK: 'envsk' }).options).toMatchObject({
      ak: 'ENVAK',
      sk: 'envsk',
    });
    expect(parseSimulateArgs(['--ak', 'FLAGAK'], { SIM_AK: 'ENVAK' }).options.ak).toBe('FLAGAK');
  });

  it.each([
    [['--listen', 'localhost'], /--listen must look like HOST:PORT/],
    [['--listen', '127.0.0.1:70000'], /--listen port/],
    [['--seed=-1'], /--seed must be a whole number/],
    [['--seed', '1.5'], /--seed must be a whole number/],
    [['--scale', 'huge'], /--scale must be small, medium or large/],
    [['--policies', 'many'], /--policies must be a whole number/],
    [['--execution-order', 'random'], /--execution-order/],
    [['--bogus'], /bogus/],
  ])('rejects %j naming the flag', (argv, message) => {
    expect(() => parseSimulateArgs(argv, {})).toThrow(SimulateUsageError);
    expect(() => parseSimulateArgs(argv, {})).toThrow(message);
  });
});

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (chunk) => {
    text += String(chunk);
  });
  return () => text;
}

describe('runSimulate', () => {
  it('prints the base URL, every endpoint and the AK/SK, and stops on abort', async () => {
    const stdout = new PassThrough();
    const out = collect(stdout);
    const controller = new AbortController();
    const done = runSimulate(['--listen', '127.0.0.1:0', '--ak', 'CLIAK0000000000000001', '--seed', '9'], {
      stdout,
      env: { SIM_SK: 'cli-secret' },
      signal: controller.signal,
    });
    await expect.poll(() => out()).toContain('Accepted SK: cli-secret');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out())?.[1];
    expect(url).toBeDefined();
    for (const service of ['swr', 'hss', 'apig', 'roma', 'iam', 'metadata'])
      expect(out()).toContain(`${url}/${service}`);
    expect(out()).toContain('Accepted AK: CLIAK0000000000000001');
    const info = await fetch(`${url}/_sim/info`);
    expect(((await info.json()) as { seed: number }).seed).toBe(9);
    controller.abort();
    expect(await done).toBe(0);
    expect(out()).toContain('simulator stopped');
  });

  it('answers bad flags with exit code 2 and the usage', async () => {
    const stderr = new PassThrough();
    const err = collect(stderr);
    expect(await runSimulate(['--scale', 'tiny'], { stderr, env: {} })).toBe(2);
    expect(err()).toContain("--scale must be small, medium or large, got 'tiny'");
    expect(err()).toContain('Usage: huaweicloud-exporter simulate');
  });

  it('answers counts the world refuses with exit code 1', async () => {
    const stderr = new PassThrough();
    const err = collect(stderr);
    expect(await runSimulate(['--listen', '127.0.0.1:0', '--regions', '999'], { stderr, env: {} })).toBe(1);
    expect(err()).toContain('simulate: cannot start:');
    expect(err()).toContain('regions');
  });
});
