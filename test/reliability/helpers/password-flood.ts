// A hostile client in its own process (so its work does not slow the test's measurements): `connections`
// loops sending requests with a fresh wrong password each (no remembered failure helps) as fast as the
// exporter answers. It prints the count of answers per status every 200 ms.

import { type ChildProcess, spawn } from 'node:child_process';
import { waitFor } from './child-exporter.js';

const FLOOD_SOURCE = `
const [url, connections] = [process.argv[1], Number(process.argv[2])];
const counts = {};
let n = 0;
async function loop() {
  for (;;) {
    const password = 'wrong-' + process.pid + '-' + n++;
    const authorization = 'Basic ' + Buffer.from('prometheus:' + password).toString('base64');
    try {
      const res = await fetch(url, { headers: { authorization } });
      await res.arrayBuffer();
      counts[res.status] = (counts[res.status] ?? 0) + 1;
    } catch {
      counts.error = (counts.error ?? 0) + 1;
    }
  }
}
for (let i = 0; i < connections; i += 1) void loop();
setInterval(() => console.log(JSON.stringify(counts)), 200);
`;

export interface PasswordFlood {
  /** Answers per HTTP status (and "error") so far. */
  counts(): Record<string, number>;
  stop(): Promise<void>;
}

export async function startPasswordFlood(url: string, connections: number): Promise<PasswordFlood> {
  const child: ChildProcess = spawn(process.execPath, ['-e', FLOOD_SOURCE, url, String(connections)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last: Record<string, number> = {};
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    const line = text.trim().split('\n').at(-1);
    if (line !== undefined && line !== '') last = JSON.parse(line) as Record<string, number>;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const total = () => Object.values(last).reduce((a, b) => a + b, 0);
  // Under way: many answers already, so every connection is open and busy.
  await waitFor('the flood to get going', () => total() >= 4 * connections);
  return {
    counts: () => ({ ...last }),
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
