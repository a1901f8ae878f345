import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  clientOptionsFor,
  collectorSettingsFor,
  dumpConfig,
  formatDuration,
  loadConfigFile,
  parseConfigText,
  parseDuration,
  regionTargetOptions,
} from '../../src/config.js';
import { Secret } from '../../src/huaweicloud/secret.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'config');
const invalidDir = join(FIXTURES, 'invalid');

/** Each invalid fixture states its exact expected problem lines as `# expect:` comments. */
function expectedProblems(file: string): string[] {
  return readFileSync(join(invalidDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('# expect: '))
    .map((line) => line.slice('# expect: '.length).replaceAll('{fixtures}', FIXTURES));
}

async function problemsOf(path: string): Promise<readonly string[]> {
  try {
    await loadConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`${path} was accepted`);
}

describe('invalid config fixtures (one per rule)', () => {
  const files = readdirSync(invalidDir).filter((f) => f.endsWith('.yml'));

  it('has a fixture for every rule', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)('%s is rejected with its exact message', async (file) => {
    const expected = expectedProblems(file);
    expect(expected.length).toBeGreaterThan(0);
    expect(await problemsOf(join(invalidDir, file))).toEqual(expected);
  });

  it('names the file in the error and never echoes an inline secret', async () => {
    const path = join(invalidDir, 'inline-secret-refused.yml');
    const error = await loadConfigFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).not.toContain('fakeInlineSecretValue');
  });

  it('reports a missing config file', async () => {
    expect(await problemsOf(join(FIXTURES, 'nope.yml'))).toEqual(['cannot read the config file (ENOENT)']);
  });

  it('lists every problem of a file at once', async () => {
    const text = 'regions:\n  - name: X\n    apig: { gateway: nope }\nextra: 1\n';
    const error = await parseConfigText(text, 'inline.yml', FIXTURES).catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual([
      'regions[0].name: must be a Huawei Cloud region id like cn-north-4',
      'regions[0].apig.gateway: must be one of apig, roma',
      'extra: unknown key',
    ]);
  });
});

describe('valid configs', () => {
  it('fills defaults into a minimal config and leaves credentials to the chain', async () => {
    const loaded = await loadConfigFile(join(FIXTURES, 'valid', 'minimal.yml'));
    expect(loaded.credentials).toBeUndefined();
    const region = loaded.config.regions[0];
    expect(region?.swr.enabled).toBe(true);
    expect(region?.apig.gateway).toBe('apig');
    expect(loaded.config.collectors.swr_signing.enabled).toBe(true);
    expect(loaded.config.allow_inline_secrets).toBe(false);
  });

  it('reads secrets from *_file keys relative to the config file, as Secret values', async () => {
    const loaded = await loadConfigFile(join(FIXTURES, 'valid', 'full.yml'));
    const creds = loaded.credentials;
    expect(creds?.kind).toBe('aksk');
    if (creds?.kind !== 'aksk') throw new Error('unreachable');
    expect(creds.ak).toBeInstanceOf(Secret);
    expect(creds.ak.reveal()).toBe('FAKEAK0000FIXTURE0001');
    expect(creds.sk.reveal()).toBe('fakeSecretKeyFixtureValue0000000000000001');
    expect(loaded.config.regions).toHaveLength(3);
  });

  it('reads IAM password credentials', async () => {
    const loaded = await loadConfigFile(join(FIXTURES, 'valid', 'iam-password.yml'));
    expect(loaded.credentials).toMatchObject({
      kind: 'password',
      user: 'monitoring',
      domain: 'example-domain',
    });
    if (loaded.credentials?.kind !== 'password') throw new Error('unreachable');
    expect(loaded.credentials.password.reveal()).toBe('fake-iam-password-fixture');
  });

  it('accepts inline secrets only with allow_inline_secrets and holds them as Secret', async () => {
    const loaded = await loadConfigFile(join(FIXTURES, 'valid', 'inline-allowed.yml'));
    if (loaded.credentials?.kind !== 'aksk') throw new Error('expected aksk credentials');
    expect(loaded.credentials.sk).toBeInstanceOf(Secret);
    expect(loaded.credentials.securityToken?.reveal()).toBe('fake-inline-security-token-0001');
  });
});

describe('config dump', () => {
  it('shows inline secrets as <secret> and durations in the file convention', async () => {
    const inline = await loadConfigFile(join(FIXTURES, 'valid', 'inline-allowed.yml'));
    const dump = dumpConfig(inline.config);
    expect(dump).toContain('sk: <secret>');
    expect(dump).toContain('security_token: <secret>');
    expect(dump).not.toContain('fakeInlineSecretValue');
    expect(dump).not.toContain('FAKEAKINLINE');
    const full = dumpConfig((await loadConfigFile(join(FIXTURES, 'valid', 'full.yml'))).config);
    expect(full).toContain('timeout_offset: 500ms');
    expect(full).toContain('operation: 1m');
    expect(full).toContain('sk_file: ../secrets/sk.txt');
    expect(full).not.toContain('fakeSecretKeyFixtureValue');
  });

  it('round-trips: a dump parses back to the same config', async () => {
    const full = await loadConfigFile(join(FIXTURES, 'valid', 'full.yml'));
    const again = await parseConfigText(dumpConfig(full.config), 'dump', join(FIXTURES, 'valid'));
    expect(dumpConfig(again.config)).toBe(dumpConfig(full.config));
  });
});

describe('mapping onto ClientOptions', () => {
  it('carries region, project, endpoints, credentials, timeouts, retries and limits', async () => {
    const loaded = await loadConfigFile(join(FIXTURES, 'valid', 'full.yml'));
    const [first, second] = loaded.config.regions;
    if (first === undefined || second === undefined) throw new Error('fixture has regions');
    const options = clientOptionsFor(loaded, first);
    expect(options).toMatchObject({
      region: 'cn-north-4',
      projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      endpoints: { swr: 'http://127.0.0.1:8080', hss: 'https://hss.example.internal' },
      credentialChain: false,
      timeouts: { connectMs: 5000, headersMs: 10_000, bodyMs: 20_000, operationMs: 60_000 },
      retries: { max: 3, baseDelayMs: 200, maxDelayMs: 5000 },
      maxResponseBytes: 16_777_216,
      maxPages: 500,
      limits: {
        swr: { concurrency: 8, ratePerSecond: 10, burst: 20 },
        hss: {
          concurrency: 2,
          ratePerSecond: 0.5,
          burst: 1,
          operations: { ListRegistry: { ratePerSecond: 0.05 } },
        },
      },
      replicas: 2,
    });
    expect(options.credentials).toBe(loaded.credentials);
    expect(clientOptionsFor(loaded, second)).toMatchObject({ projectId: 'second_project', endpoints: {} });
  });

  it('lets each region resolve its own project id when several share the credentials', async () => {
    const several = await loadConfigFile(join(FIXTURES, 'valid', 'full.yml'));
    const [first] = several.config.regions;
    if (first === undefined) throw new Error('fixture has regions');
    expect(clientOptionsFor(several, first).regionalProjectIdOnly).toBe(true);
    const one = await parseConfigText('regions: [{ name: cn-north-4 }]\n', 'one.yml', FIXTURES);
    const [only] = one.config.regions;
    if (only === undefined) throw new Error('one region');
    expect(clientOptionsFor(one, only).regionalProjectIdOnly).toBe(false);
  });
});

describe('mapping onto the collectors engine', () => {
  it('turns durations into seconds and keeps unset knobs undefined (engine defaults apply)', async () => {
    const full = await loadConfigFile(join(FIXTURES, 'valid', 'full.yml'));
    expect(collectorSettingsFor(full.config)).toEqual({
      timeoutOffsetSeconds: 0.5,
      maxTimeoutSeconds: 120,
      workerLimit: 8,
      discoveryTtlSeconds: 300,
      collectors: {
        swr_signing: { enabled: true, ttlSeconds: 30, maxAgeSeconds: 600 },
        swr_registries: { enabled: true, ttlSeconds: 300, maxAgeSeconds: 3600 },
        hss_registries: { enabled: false },
        apig_signature_keys: { enabled: true, ttlSeconds: 900, maxAgeSeconds: 7200 },
        swr_replication: { enabled: false },
        swr_retention: { enabled: false },
      },
      swrSigning: {
        maxTasksPerPolicy: 50,
        maxTasksFetched: 2000,
        executionsPageSize: 100,
        taskCacheEntries: 10_000,
      },
    });
    const minimal = await loadConfigFile(join(FIXTURES, 'valid', 'minimal.yml'));
    expect(collectorSettingsFor(minimal.config)).toMatchObject({
      timeoutOffsetSeconds: undefined,
      swrSigning: {},
    });
  });

  it('maps narrowing per region, and a disabled apig section to no gateways', async () => {
    const full = await loadConfigFile(join(FIXTURES, 'valid', 'full.yml'));
    const [first, second] = full.config.regions;
    if (first === undefined || second === undefined) throw new Error('fixture has regions');
    expect(regionTargetOptions(first)).toEqual({
      swr: {
        enabled: true,
        instances: ['inst-a', 'inst-b'],
        policies: [{ instanceId: 'inst-a', policyId: 7 }],
        registries: [
          { instanceId: 'inst-a', registryId: 1 },
          { instanceId: 'inst-b', registryId: 2 },
        ],
      },
      hss: { enabled: true, enterpriseProjectId: 'all_granted_eps' },
      apig: [{ gateway: 'roma', instances: ['apig-1'] }],
    });
    expect(regionTargetOptions(second).apig).toEqual([]);
    expect(regionTargetOptions(second).swr.enabled).toBe(false);
  });
});

describe('durations', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['1m30s250ms', 90_250],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)?.ms).toBe(ms);
  });

  it.each(['', '30', '5 m', '1s1m', '1.5s', '-1s', 'ms', '5M'])('%j is refused', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats back to the shortest form', () => {
    expect(formatDuration(90_250)).toBe('1m30s250ms');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(3_600_000)).toBe('1h');
  });
});
