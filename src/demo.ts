// `huaweicloud-exporter --demo` / `npm run demo`: a simulated Huawei Cloud in this process (small estate, its
// clock following the wall clock so executions start and finish and registries flip health) and the exporter
// configured to it, so a new user sees real-looking, moving metrics without an account.

import { COLLECTOR_NAMES } from './collectors/index.js';
import { type LoadedConfig, validateConfig } from './config.js';
import { Exporter } from './exporter.js';
import { Secret } from './huaweicloud/secret.js';
import type { LoggingOptions } from './logging.js';
import { type SignalSource, serveUntilStopped } from './server/lifecycle.js';
import type { WebConfig } from './server/web-config.js';
import { delegatingAccounts } from './simulator/cli.js';
import { type SimulatorHandle, startSimulator } from './simulator/index.js';

export interface DemoOptions {
  listenAddress: string;
  telemetryPath: string;
  maxRequests: number;
  logging: LoggingOptions;
  webConfig: WebConfig | undefined;
  io: {
    stdout: { write(text: string): unknown };
    stderr: { write(text: string): unknown };
    signals?: SignalSource | undefined;
  };
  /** Serve the simulated estate with the variety a real cloud sends (SIM_VARIETY=1). Default false. */
  variety?: boolean | undefined;
  /** Delegating accounts the exporter watches through their agencies (SIM_ACCOUNTS=N). Default 0. */
  accounts?: number | undefined;
  /** Called once the demo serves (tests use it to scrape, then stop). */
  onReady?:
    | ((urls: { landingPage: string; metrics: string }, simulator: SimulatorHandle) => void)
    | undefined;
}

/** The exporter's config for a running simulator: every region it simulates, every endpoint pointed at it. */
export function demoConfig(simulator: SimulatorHandle): LoadedConfig {
  const { swr, hss, apig, roma, iam } = simulator.endpoints;
  const endpoints = { swr, hss, apig, roma, iam };
  // With delegating accounts, the own one is named after the simulator's domain; theirs resolve their projects.
  const accounts =
    simulator.accounts.length === 0
      ? {}
      : {
          account: simulator.world.domainName,
          accounts: simulator.accounts.map((a) => ({
            name: a.domainName,
            agency: { domain_name: a.domainName, agency_name: a.agencies[0] ?? 'monitoring' },
            regions: a.regions.map((region) => ({ name: region.name, endpoints })),
          })),
        };
  // Every collector on, those off by default too (they need IAM actions an older policy lacks; the simulator
  // grants them all): the demo shows every family the exporter has.
  const collectors = Object.fromEntries(COLLECTOR_NAMES.map((name) => [name, { enabled: true }]));
  const config = validateConfig(
    {
      ...accounts,
      collectors,
      regions: simulator.regions.map((region) => ({
        name: region.name,
        project_id: region.projectId,
        endpoints,
      })),
    },
    '(demo)',
  );
  // The simulator's own test pair, handed over in-process: never written to a file or printed.
  const credentials = {
    kind: 'aksk' as const,
    ak: new Secret(simulator.credentials.ak),
    sk: new Secret(simulator.credentials.sk),
  };
  return { source: '(demo)', config, credentials };
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const { io } = options;
  let simulator: SimulatorHandle;
  try {
    simulator = await startSimulator({
      scale: 'small',
      tick: true,
      variety: options.variety === true,
      accounts: delegatingAccounts(options.accounts ?? 0),
    });
  } catch (error) {
    io.stderr.write(`demo: cannot start the simulator: ${(error as Error).message}\n`);
    return 1;
  }
  // No environment: HUAWEICLOUD_SDK_* variables of the user's shell must not steer the demo's clients.
  const exporter = new Exporter({ source: { loaded: demoConfig(simulator) }, env: {} });
  return serveUntilStopped({
    ...options,
    exporter,
    signals: io.signals,
    start: (log) => exporter.start(log),
    stop: async () => {
      await exporter.close();
      await simulator.close();
    },
    onReady: (url) => {
      const urls = { landingPage: `${url}/`, metrics: `${url}${options.telemetryPath}` };
      io.stdout.write(
        [
          `Huawei Cloud exporter demo: a simulated Huawei Cloud (${simulator.regions.length} regions, seed ${simulator.world.seed}${simulator.accounts.length === 0 ? '' : `, ${simulator.accounts.length} delegating accounts`}) at ${simulator.url}`,
          `  Landing page: ${urls.landingPage}`,
          `  Metrics:      ${urls.metrics}`,
          'The simulated world moves with the clock: signing executions start and finish, registries change health.',
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
      options.onReady?.(urls, simulator);
    },
  });
}
