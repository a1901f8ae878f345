#!/usr/bin/env node
// huaweicloud-exporter: flags in the style of Prometheus' own exporters, `--config.check`, `--demo`, and the
// `simulate` sub-command. Exit codes: 0 ok, 1 config/start failure, 2 bad command line.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCheck } from './check/run-check.js';
import { formatCheckTable } from './check/table.js';
import { COLLECTOR_NAMES, type CollectorName } from './collectors/types.js';
import {
  type CollectorOverrides,
  ConfigError,
  dumpConfig,
  loadConfigFile,
  withCollectorOverrides,
} from './config.js';
import { runDemo } from './demo.js';
import { Exporter } from './exporter.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LoggingOptions, type LogLevel } from './logging.js';
import { ExporterAddressError, parseExternalUrl } from './scaleout/http-sd.js';
import { type SignalSource, serveUntilStopped } from './server/lifecycle.js';
import type { WebConfig } from './server/web-config.js';
import { DEFAULT_MAX_REQUESTS, DEFAULT_TELEMETRY_PATH, loadWebConfig, parseListenAddress } from './server.js';
import { versionText } from './version.js';

/** Free in Prometheus' exporter port list when chosen; see README. */
export const DEFAULT_LISTEN_ADDRESS = ':9786';
/** The demo serves a simulated cloud with a known AK/SK: this machine only, unless --web.listen-address says. */
export const DEMO_LISTEN_ADDRESS = '127.0.0.1:9786';

export const USAGE = `Usage: huaweicloud-exporter [flags]
       huaweicloud-exporter check [--config.file=FILE] [collector flags]
                                   (one cheap read per collector and region: missing IAM actions, wrong
                                    endpoints, clock skew; exit 1 on any failure)
       huaweicloud-exporter simulate [flags]   (a Huawei Cloud simulator; see simulate --help)

Prometheus exporter for Huawei Cloud SWR Enterprise signing, registries, HSS and API Gateway signature keys.

Flags:
  --config.file=FILE          YAML config: regions, collectors, client (see README)
  --config.check              validate the config (and --web.config.file) and exit; 0 = valid
  --verbose                   with --config.check: print the config as understood, secrets as <secret>
  --web.listen-address=ADDR   address to listen on (default "${DEFAULT_LISTEN_ADDRESS}"; with --demo "${DEMO_LISTEN_ADDRESS}")
  --web.telemetry-path=PATH   path of the metrics (default "${DEFAULT_TELEMETRY_PATH}")
  --web.config.file=FILE      TLS and basic auth, exporter-toolkit format
  --web.max-requests=N        concurrent scrapes before answering 503; 0 = no limit (default ${DEFAULT_MAX_REQUESTS})
  --web.external-url=URL      this exporter's address as /targets hands it out (default: the request's Host)
  --collector.NAME, --no-collector.NAME
                              turn a collector on or off, over the config file's collectors.NAME.enabled;
                              NAME: ${COLLECTOR_NAMES.join(', ')}
  --probe-only                /metrics serves only the exporter's own metrics; targets are read through
                              /probe only (replicas sharing the work, see docs/scale-out.md)
  --log.level=LEVEL           debug, info, warn or error (default info)
  --log.format=FORMAT         logfmt or json (default logfmt)
  --demo                      start a simulated Huawei Cloud in-process and the exporter on it
  --version                   print the version, VCS revision, build date and Node.js version, and exit
  -h, --help                  print this help and exit

Durations in the config file are strings with a unit: 500ms, 30s, 5m, 1h30m.
Credentials: HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (+ HUAWEICLOUD_SDK_SECURITY_TOKEN), *_file keys in the
config, the SDK credentials file, or ECS metadata.
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliFlags {
  configFile: string | undefined;
  configCheck: boolean;
  verbose: boolean;
  listenAddress: string;
  telemetryPath: string;
  webConfigFile: string | undefined;
  maxRequests: number;
  /** Where Prometheus reaches this exporter; /targets (scale-out service discovery) hands it out. */
  externalUrl: URL | undefined;
  /** /metrics without collection: a replica's targets are read only through /probe. Absent: off. */
  probeOnly?: true | undefined;
  /** --collector.<name> (true) / --no-collector.<name> (false); absent names follow the config file. */
  collectors: CollectorOverrides;
  logging: LoggingOptions;
  demo: boolean;
  version: boolean;
  help: boolean;
}

const OPTIONS = {
  'config.file': { type: 'string' },
  'config.check': { type: 'boolean' },
  verbose: { type: 'boolean' },
  'web.listen-address': { type: 'string' },
  'web.telemetry-path': { type: 'string' },
  'web.config.file': { type: 'string' },
  'web.max-requests': { type: 'string' },
  'web.external-url': { type: 'string' },
  'probe-only': { type: 'boolean' },
  'log.level': { type: 'string' },
  'log.format': { type: 'string' },
  demo: { type: 'boolean' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Both forms of every collector's switch, derived from the collector list. */
const COLLECTOR_OPTIONS = Object.fromEntries(
  COLLECTOR_NAMES.flatMap((name) => [
    [`collector.${name}`, { type: 'boolean' }],
    [`no-collector.${name}`, { type: 'boolean' }],
  ]),
) as Record<string, { type: 'boolean' }>;

function collectorOverrides(values: Record<string, unknown>): CollectorOverrides {
  const overrides: Partial<Record<CollectorName, boolean>> = {};
  for (const name of COLLECTOR_NAMES) {
    const on = values[`collector.${name}`] === true;
    const off = values[`no-collector.${name}`] === true;
    if (on && off) throw new UsageError(`--collector.${name} and --no-collector.${name}: pick one`);
    if (on || off) overrides[name] = on;
  }
  return overrides;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag}: must be one of ${allowed.join(', ')}, got "${value}"`);
}

export function parseFlags(argv: readonly string[]): CliFlags {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];
  let all: Record<string, unknown>;
  try {
    const options = { ...OPTIONS, ...COLLECTOR_OPTIONS };
    all = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
    values = all as typeof values;
  } catch (error) {
    const text = (error as Error).message;
    const quoted = /'([^' ]*)/.exec(text)?.[1] ?? text;
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown flag ${quoted}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new UsageError(`unexpected argument ${quoted}`);
    if (text.includes('does not take an argument')) throw new UsageError(`${quoted}: takes no value`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`${quoted}: needs a value (${quoted}=VALUE)`);
    throw new UsageError(text.split('\n')[0] ?? text);
  }
  const maxRequestsText = values['web.max-requests'] ?? String(DEFAULT_MAX_REQUESTS);
  const maxRequests = Number(maxRequestsText);
  if (!/^\d+$/.test(maxRequestsText) || !Number.isSafeInteger(maxRequests)) {
    throw new UsageError(
      `--web.max-requests: must be a whole number (0 = no limit), got "${maxRequestsText}"`,
    );
  }
  const telemetryPath = values['web.telemetry-path'] ?? DEFAULT_TELEMETRY_PATH;
  if (!/^\/[^\s?#]*$/.test(telemetryPath) || telemetryPath === '/' || telemetryPath.startsWith('/-/')) {
    throw new UsageError(
      `--web.telemetry-path: must be a path like /metrics (not / or /-/…), got "${telemetryPath}"`,
    );
  }
  const listenAddress =
    values['web.listen-address'] ?? (values.demo ? DEMO_LISTEN_ADDRESS : DEFAULT_LISTEN_ADDRESS);
  try {
    parseListenAddress(listenAddress);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const externalUrlText = values['web.external-url'];
  let externalUrl: URL | undefined;
  try {
    externalUrl = externalUrlText === undefined ? undefined : parseExternalUrl(externalUrlText);
  } catch (error) {
    if (!(error instanceof ExporterAddressError)) throw error;
    throw new UsageError(error.message);
  }
  if (values.verbose && !values['config.check'])
    throw new UsageError('--verbose: only meaningful with --config.check');
  if (values.demo && (externalUrl !== undefined || values['probe-only'])) {
    throw new UsageError(
      '--demo: serves one exporter, so it takes neither --web.external-url nor --probe-only',
    );
  }
  if (values.demo && values['config.file'] !== undefined) {
    throw new UsageError('--demo: runs on a built-in config, so it does not take --config.file');
  }
  return {
    configFile: values['config.file'],
    configCheck: values['config.check'] ?? false,
    verbose: values.verbose ?? false,
    listenAddress,
    telemetryPath,
    webConfigFile: values['web.config.file'],
    maxRequests,
    externalUrl,
    ...(values['probe-only'] ? { probeOnly: true as const } : {}),
    collectors: collectorOverrides(all),
    logging: {
      level: oneOf<LogLevel>('log.level', values['log.level'] ?? 'info', LOG_LEVELS),
      format: oneOf<LogFormat>('log.format', values['log.format'] ?? 'logfmt', LOG_FORMATS),
    },
    demo: values.demo ?? false,
    version: values.version ?? false,
    help: values.help ?? false,
  };
}

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  signals?: SignalSource | undefined;
}

function hasEnvCredentials(env: CliIo['env']): boolean {
  const has = (name: string) => Boolean(env[name] || env[`${name}_FILE`]);
  return (
    (has('HUAWEICLOUD_SDK_AK') && has('HUAWEICLOUD_SDK_SK')) || (has('CLOUD_SDK_AK') && has('CLOUD_SDK_SK'))
  );
}

export function missingConfigMessage(env: CliIo['env']): string {
  const demo =
    'To see the exporter work without a Huawei Cloud account, run the demo:\n  huaweicloud-exporter --demo    (or: npm run demo)';
  const example =
    'A minimal config file:\n  regions:\n    - name: cn-north-4\nthen: huaweicloud-exporter --config.file=FILE';
  if (!hasEnvCredentials(env)) {
    return `no config file (--config.file) and no credentials in the environment (HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK).\n${demo}\n${example}\n`;
  }
  return `no config file (--config.file): it names the regions to watch.\n${example}\n${demo}\n`;
}

async function loadWebConfigIfAny(flags: CliFlags): Promise<WebConfig | undefined> {
  return flags.webConfigFile === undefined ? undefined : loadWebConfig(flags.webConfigFile);
}

async function checkConfig(flags: CliFlags, io: CliIo, configFile: string): Promise<number> {
  const loaded = withCollectorOverrides(await loadConfigFile(configFile), flags.collectors);
  await loadWebConfigIfAny(flags);
  io.stdout.write(`config OK: ${configFile} (${loaded.config.regions.length} region(s))\n`);
  if (flags.verbose) io.stdout.write(dumpConfig(loaded.config));
  return 0;
}

async function runExporter(flags: CliFlags, io: CliIo, configFile: string): Promise<number> {
  // Validated before listening, so a bad file fails with its problems on stderr, not in a log line.
  const loaded = await loadConfigFile(configFile);
  const webConfig = await loadWebConfigIfAny(flags);
  const exporter = new Exporter({
    source: { file: configFile },
    env: io.env,
    externalUrl: flags.externalUrl,
    probeOnly: flags.probeOnly,
    collectorOverrides: flags.collectors,
  });
  return serveUntilStopped({
    ...flags,
    exporter,
    webConfig,
    signals: io.signals,
    start: (log) => exporter.start(log, loaded),
    stop: () => exporter.close(),
  });
}

/** `check`: the config as `--config.check` sees it, then one read per collector and region against the cloud. */
async function runCheckCommand(flags: CliFlags, io: CliIo, configFile: string): Promise<number> {
  const loaded = withCollectorOverrides(await loadConfigFile(configFile), flags.collectors);
  const rows = await runCheck(loaded, { env: io.env });
  io.stdout.write(formatCheckTable(rows));
  return rows.some((row) => row.result === 'FAIL') ? 1 : 0;
}

/** SIM_ACCOUNTS=N for --demo: 0–10 delegating accounts. */
function demoAccounts(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d+$/.test(raw) || Number(raw) > 10)
    throw new UsageError('SIM_ACCOUNTS must be a number from 0 to 10');
  return Number(raw);
}

/** Runs the command line; resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'simulate') {
    const { runSimulate } = await import('./simulator/cli.js');
    // runSimulate only ever calls write() on its streams.
    const stream = (s: CliIo['stdout']) => s as NodeJS.WritableStream;
    return runSimulate(argv.slice(1), {
      stdout: stream(io.stdout),
      stderr: stream(io.stderr),
      env: { ...io.env },
    });
  }
  const check = argv[0] === 'check';
  try {
    const flags = parseFlags(check ? argv.slice(1) : argv);
    if (check) {
      if (flags.configFile === undefined) throw new UsageError('check: needs --config.file=FILE');
      return await runCheckCommand(flags, io, flags.configFile);
    }
    if (flags.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (flags.version) {
      io.stdout.write(versionText());
      return 0;
    }
    if (flags.demo) {
      const variety = io.env.SIM_VARIETY === '1';
      const accounts = demoAccounts(io.env.SIM_ACCOUNTS);
      return await runDemo({ ...flags, webConfig: await loadWebConfigIfAny(flags), io, variety, accounts });
    }
    if (flags.configFile === undefined) {
      io.stderr.write(missingConfigMessage(io.env));
      return 1;
    }
    if (flags.configCheck) return await checkConfig(flags, io, flags.configFile);
    return await runExporter(flags, io, flags.configFile);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `huaweicloud-exporter: ${error.message}\nRun huaweicloud-exporter --help for the flags.\n`,
      );
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `huaweicloud-exporter: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
