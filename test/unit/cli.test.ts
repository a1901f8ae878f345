import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LISTEN_ADDRESS,
  DEMO_LISTEN_ADDRESS,
  main,
  parseFlags,
  USAGE,
  UsageError,
} from '../../src/cli.js';
import { COLLECTOR_NAMES } from '../../src/collectors/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONFIG_FIXTURES = join(ROOT, 'test', 'fixtures', 'config');

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
  });
  return { code, stdout, stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'hwc-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('flags', () => {
  it('has Prometheus-style defaults', () => {
    expect(parseFlags([])).toEqual({
      configFile: undefined,
      configCheck: false,
      verbose: false,
      listenAddress: DEFAULT_LISTEN_ADDRESS,
      telemetryPath: '/metrics',
      webConfigFile: undefined,
      maxRequests: 40,
      collectors: {},
      logging: { level: 'info', format: 'logfmt' },
      demo: false,
      version: false,
      help: false,
    });
    expect(DEFAULT_LISTEN_ADDRESS).toBe(':9786');
  });

  it('listens on 127.0.0.1 for the demo unless told otherwise', () => {
    expect(parseFlags(['--demo']).listenAddress).toBe(DEMO_LISTEN_ADDRESS);
    expect(DEMO_LISTEN_ADDRESS).toBe('127.0.0.1:9786');
    expect(parseFlags(['--demo', '--web.listen-address=:9900']).listenAddress).toBe(':9900');
    expect(parseFlags([]).listenAddress).toBe(':9786');
  });

  it('has --collector.NAME / --no-collector.NAME for every collector, and nothing else', () => {
    for (const name of COLLECTOR_NAMES) {
      expect(parseFlags([`--collector.${name}`]).collectors).toEqual({ [name]: true });
      expect(parseFlags([`--no-collector.${name}`]).collectors).toEqual({ [name]: false });
    }
    expect(parseFlags(['--no-collector.hss_registries', '--collector.swr_signing']).collectors).toEqual({
      hss_registries: false,
      swr_signing: true,
    });
    expect(() => parseFlags(['--collector.swr_signing', '--no-collector.swr_signing'])).toThrow(
      '--collector.swr_signing and --no-collector.swr_signing: pick one',
    );
    expect(() => parseFlags(['--collector.nope'])).toThrow('unknown flag --collector.nope');
    expect(() => parseFlags(['--collector.swr_signing=false'])).toThrow('takes no value');
  });

  it('reads every flag, with = or a separate value', () => {
    const flags = parseFlags([
      '--config.file=/etc/hwc.yml',
      '--web.listen-address',
      '127.0.0.1:9999',
      '--web.telemetry-path=/probe',
      '--web.config.file=web.yml',
      '--web.max-requests=0',
      '--log.level=debug',
      '--log.format=json',
    ]);
    expect(flags).toMatchObject({
      configFile: '/etc/hwc.yml',
      listenAddress: '127.0.0.1:9999',
      telemetryPath: '/probe',
      webConfigFile: 'web.yml',
      maxRequests: 0,
      logging: { level: 'debug', format: 'json' },
    });
  });

  it.each([
    [['--config.fil=x'], 'unknown flag --config.fil'],
    [['--foo'], 'unknown flag --foo'],
    [['serve'], 'unexpected argument serve'],
    [['--config.file'], '--config.file: needs a value (--config.file=VALUE)'],
    [['--demo=yes'], '--demo: takes no value'],
    [['--web.max-requests=-1'], '--web.max-requests: must be a whole number (0 = no limit), got "-1"'],
    [['--web.max-requests=ten'], '--web.max-requests: must be a whole number (0 = no limit), got "ten"'],
    [['--log.level=trace'], '--log.level: must be one of debug, info, warn, error, got "trace"'],
    [['--log.format=text'], '--log.format: must be one of logfmt, json, got "text"'],
    [
      ['--web.telemetry-path=metrics'],
      '--web.telemetry-path: must be a path like /metrics (not / or /-/…), got "metrics"',
    ],
    [
      ['--web.telemetry-path=/'],
      '--web.telemetry-path: must be a path like /metrics (not / or /-/…), got "/"',
    ],
    [['--web.listen-address=9786'], '--web.listen-address: expected host:port or :port, got "9786"'],
    [['--verbose'], '--verbose: only meaningful with --config.check'],
    [
      ['--demo', '--config.file=x.yml'],
      '--demo: runs on a built-in config, so it does not take --config.file',
    ],
  ])('%j → %s', (argv, message) => {
    expect(() => parseFlags(argv)).toThrow(new UsageError(message));
  });
});

describe('main', () => {
  it('--help prints the usage with every flag', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toBe(USAGE);
    for (const flag of [
      '--config.file',
      '--config.check',
      '--web.listen-address',
      '--web.telemetry-path',
      '--web.config.file',
      '--web.max-requests',
      '--log.level',
      '--log.format',
      '--version',
      '--demo',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('--version prints version, revision, build date and Node.js version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    // From src/ nothing is stamped: revision and date are unknown (test/unit/version.test.ts covers a stamp).
    expect(stdout).toBe(
      `huaweicloud-exporter, version ${pkg.version} (revision: unknown)\n` +
        '  build date:   unknown\n' +
        `  node version: ${process.version}\n` +
        `  platform:     ${process.platform}/${process.arch}\n`,
    );
  });

  it('exits 2 on a bad command line, naming the flag', async () => {
    const { code, stderr } = await run(['--web.listen-adress=:1']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'huaweicloud-exporter: unknown flag --web.listen-adress\nRun huaweicloud-exporter --help for the flags.\n',
    );
  });

  it('without config or credentials, says how to run the demo (exit 1)', async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(1);
    expect(stderr).toContain('no config file (--config.file) and no credentials in the environment');
    expect(stderr).toContain('huaweicloud-exporter --demo    (or: npm run demo)');
  });

  it('without a config but with credentials, asks for the config file', async () => {
    const { code, stderr } = await run([], { HUAWEICLOUD_SDK_AK: 'x', HUAWEICLOUD_SDK_SK_FILE: '/run/sk' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^no config file \(--config.file\): it names the regions to watch\./);
  });
});

describe('--config.check', () => {
  it('exits 0 on a valid config', async () => {
    const file = join(CONFIG_FIXTURES, 'valid', 'full.yml');
    const { code, stdout } = await run(['--config.check', `--config.file=${file}`]);
    expect(code).toBe(0);
    expect(stdout).toBe(`config OK: ${file} (3 region(s))\n`);
  });

  it('exits 1 on an invalid config and lists its problems', async () => {
    const file = join(CONFIG_FIXTURES, 'invalid', 'endpoint-not-url.yml');
    const { code, stdout, stderr } = await run(['--config.check', `--config.file=${file}`]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`invalid config ${file}:\n  - regions[0].endpoints.swr: must be an http(s) URL\n`);
  });

  it('exits 1 on a missing config file', async () => {
    const { code, stderr } = await run(['--config.check', `--config.file=${join(tmp, 'absent.yml')}`]);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot read the config file (ENOENT)');
  });

  it('also checks the web config file', async () => {
    const web = join(tmp, 'web.yml');
    writeFileSync(web, 'basic_auth_users:\n  prometheus: not-a-hash\n');
    const config = join(CONFIG_FIXTURES, 'valid', 'minimal.yml');
    const { code, stderr } = await run([
      '--config.check',
      `--config.file=${config}`,
      `--web.config.file=${web}`,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('basic_auth_users.prometheus: must be a bcrypt hash');
  });

  it('--verbose dumps the config with secrets as <secret>', async () => {
    const file = join(CONFIG_FIXTURES, 'valid', 'inline-allowed.yml');
    const { code, stdout } = await run(['--config.check', '--verbose', `--config.file=${file}`]);
    expect(code).toBe(0);
    expect(stdout).toContain('  ak: <secret>\n  sk: <secret>\n  security_token: <secret>\n');
    expect(stdout).toContain('gateway: apig');
    for (const secret of ['FAKEAKINLINE00000001', 'fakeInlineSecretValue', 'fake-inline-security-token']) {
      expect(stdout).not.toContain(secret);
    }
  });
});

describe('simulate sub-command', () => {
  it('is dispatched to the simulator CLI', async () => {
    const { code, stdout } = await run(['simulate', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: huaweicloud-exporter simulate');
  });
});
