// Parent side of health-poller.js: start polling before a scrape, stop after it, get the slowest answer.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const POLLER = fileURLToPath(new URL('./health-poller.js', import.meta.url));

export async function startStallProbe(baseUrl, intervalMs = 5) {
  const child = fork(POLLER, [baseUrl, String(intervalMs)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`stall probe exited early (code ${code})`)));
  });
  return {
    /** Stops polling; resolves with polls, failures, max/p50/p99 latency (ms) and when the worst one ran. */
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('message', resolve);
        child.once('exit', (code) => reject(new Error(`stall probe exited (code ${code})`)));
        child.send({ cmd: 'stop' });
      }),
  };
}
