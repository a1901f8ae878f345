// `huaweicloud-exporter simulate …`: runs the simulator alone and prints where it listens and which AK/SK it
// accepts. The main CLI dispatches here; tests call runSimulate with their own streams and an AbortSignal.

import { parseArgs } from 'node:util';
import { type SimulatorHandle, type SimulatorOptions, startSimulator } from './index.js';
import { SCALE_PRESETS } from './world/index.js';
import type { ScaleCounts, ScalePreset } from './world/types.js';

export const DEFAULT_LISTEN = '127.0.0.1:9790';

// Flag name → scale count. Counts are per parent (policies per SWR instance, keys per gateway instance …).
const COUNT_FLAGS: Readonly<Record<string, keyof ScaleCounts>> = {
  regions: 'regions',
  instances: 'instances',
  namespaces: 'namespaces',
  policies: 'policies',
  'executions-per-policy': 'executionsPerPolicy',
  'tasks-per-execution': 'tasksPerExecution',
  registries: 'registries',
  'hss-registries': 'hssRegistries',
  'apig-instances': 'apigInstances',
  'roma-instances': 'romaInstances',
  'keys-per-instance': 'keysPerInstance',
};

export const SIMULATE_USAGE = `Usage: huaweicloud-exporter simulate [options]

  --listen HOST:PORT        where to listen (default ${DEFAULT_LISTEN}; port 0 picks a free one)
  --seed N                  estate seed (default 1): same seed, same estate
  --scale small|medium|large  estate size preset (default small)
  --${Object.keys(COUNT_FLAGS).join(' N, --')} N
                            explicit counts (per parent), applied on top of the preset
  --ak AK, --sk SK          accepted credentials (also env SIM_AK, SIM_SK)
  --execution-order newest_first|oldest_first
  --lock-seconds N          AK lock after 5 failed signatures (default 300)
  --no-tick                 freeze the world clock (default: time moves)
  --no-quotas               enforce no flow control (default: Huawei's documented quotas, HSS 5 calls/min)
  --accounts N              N delegating accounts (sim-account-1 …), each with its own estate and an
                            agency "monitoring" the accepted AK/SK may assume (default 0; also env
                            SIM_ACCOUNTS)
  --variety                 serve the variety a real cloud sends: absent/null fields, every timestamp
                            layout, unknown fields and enum values, records without identity (also
                            env SIM_VARIETY=1)
  --help`;

export class SimulateUsageError extends Error {
  override readonly name = 'SimulateUsageError';
}

export interface ParsedSimulateArgs {
  options: SimulatorOptions;
  help: boolean;
}

function integerFlag(name: string, raw: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new SimulateUsageError(`--${name} must be a whole number from 0 to ${max}, got '${raw}'`);
  }
  return Number(raw);
}

function parseListen(raw: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(raw) ?? /^()()(\d+)$/.exec(raw);
  if (!match)
    throw new SimulateUsageError(`--listen must look like HOST:PORT (e.g. ${DEFAULT_LISTEN}), got '${raw}'`);
  const host = match[1] || match[2] || '127.0.0.1';
  return { host, port: integerFlag('listen port', match[3] as string, 65_535) };
}

/** Flags → SimulatorOptions; throws SimulateUsageError naming the bad flag. */
export function parseSimulateArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ParsedSimulateArgs {
  const countOptions = Object.fromEntries(
    Object.keys(COUNT_FLAGS).map((flag) => [flag, { type: 'string' as const }]),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        listen: { type: 'string' },
        seed: { type: 'string' },
        scale: { type: 'string' },
        ak: { type: 'string' },
        sk: { type: 'string' },
        'execution-order': { type: 'string' },
        'lock-seconds': { type: 'string' },
        'no-tick': { type: 'boolean' },
        'no-quotas': { type: 'boolean' },
        variety: { type: 'boolean' },
        accounts: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...countOptions,
      },
    }));
  } catch (error) {
    throw new SimulateUsageError(error instanceof Error ? error.message : String(error));
  }
  const text = (name: string) => values[name] as string | undefined;
  const { host, port } = parseListen(text('listen') ?? DEFAULT_LISTEN);
  const options: SimulatorOptions = { host, port, tick: values['no-tick'] !== true };
  if (values['no-quotas'] === true) options.quotas = {};

  const seed = text('seed');
  if (seed !== undefined) options.seed = integerFlag('seed', seed, 2 ** 32 - 1);
  const preset = text('scale');
  if (preset !== undefined && !(preset in SCALE_PRESETS)) {
    throw new SimulateUsageError(`--scale must be small, medium or large, got '${preset}'`);
  }
  const counts: Partial<ScaleCounts> = {};
  for (const [flag, key] of Object.entries(COUNT_FLAGS)) {
    const raw = text(flag);
    if (raw !== undefined) counts[key] = integerFlag(flag, raw);
  }
  if (Object.keys(counts).length > 0) {
    options.scale = { ...SCALE_PRESETS[(preset ?? 'small') as ScalePreset], ...counts };
  } else if (preset !== undefined) {
    options.scale = preset as ScalePreset;
  }

  const ak = text('ak') ?? env.SIM_AK;
  const sk = text('sk') ?? env.SIM_SK;
  if (ak !== undefined) options.ak = ak;
  if (sk !== undefined) options.sk = sk;
  const order = text('execution-order');
  if (order !== undefined) {
    if (order !== 'newest_first' && order !== 'oldest_first') {
      throw new SimulateUsageError(`--execution-order must be newest_first or oldest_first, got '${order}'`);
    }
    options.executionOrder = order;
  }
  if (values.variety === true || env.SIM_VARIETY === '1') options.variety = true;
  const accounts = text('accounts') ?? env.SIM_ACCOUNTS;
  if (accounts !== undefined) options.accounts = delegatingAccounts(integerFlag('accounts', accounts, 10));
  const lock = text('lock-seconds');
  if (lock !== undefined) options.lockSeconds = integerFlag('lock-seconds', lock, 86_400);
  return { options, help: values.help === true };
}

/** `count` delegating accounts named sim-account-1 … (the demo configures the exporter with them). */
export function delegatingAccounts(count: number): Array<{ domainName: string }> {
  return Array.from({ length: count }, (_, i) => ({ domainName: `sim-account-${i + 1}` }));
}

export function describeSimulator(sim: SimulatorHandle): string {
  const width = Math.max(...Object.keys(sim.endpoints).map((name) => name.length), 'control'.length);
  const lines = [`Huawei Cloud simulator listening on ${sim.url}`, 'Endpoints:'];
  for (const [service, url] of Object.entries(sim.endpoints))
    lines.push(`  ${service.padEnd(width)}  ${url}`);
  lines.push(`  ${'control'.padEnd(width)}  ${sim.url}/_sim/`);
  lines.push('Regions:');
  for (const region of sim.regions) lines.push(`  ${region.name}  project_id=${region.projectId}`);
  // Printing the pair is the point of this command: they are the simulator's own test credentials.
  lines.push(`Accepted AK: ${sim.credentials.ak}`, `Accepted SK: ${sim.credentials.sk}`);
  lines.push(`Seed ${sim.world.seed}; policies per SWR instance ${sim.world.counts.policies}`);
  for (const account of sim.accounts) {
    lines.push(`Delegating account ${account.domainName}: agencies ${account.agencies.join(', ')}`);
  }
  if (sim.world.variety) {
    lines.push(`Variety on: ${sim.world.unreadableRecords().length} records are served without identity`);
  }
  return `${lines.join('\n')}\n`;
}

export interface SimulateIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** Stops the simulator (besides SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

/** Runs until SIGINT/SIGTERM (or io.signal); resolves with the exit code: 0 ok, 1 cannot start, 2 bad flags. */
export async function runSimulate(argv: readonly string[], io: SimulateIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let parsed: ParsedSimulateArgs;
  try {
    parsed = parseSimulateArgs(argv, io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof SimulateUsageError)) throw error;
    stderr.write(`simulate: ${error.message}\n\n${SIMULATE_USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    stdout.write(`${SIMULATE_USAGE}\n`);
    return 0;
  }
  let sim: SimulatorHandle;
  try {
    sim = await startSimulator(parsed.options);
  } catch (error) {
    stderr.write(`simulate: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  stdout.write(describeSimulator(sim));
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop, { once: true });
  });
  await sim.close();
  stdout.write('simulator stopped\n');
  return 0;
}
