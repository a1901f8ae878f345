// Event-loop stall probe, run as its own process so the bench's own work (reading a 50 MB exposition) does
// not count: GET /-/healthy every ~5 ms on one keep-alive connection and keep the slowest answer. Started
// with the exporter's base URL; 'stop' over IPC returns the statistics and ends the process.

import { Agent, get } from 'node:http';

const baseUrl = process.argv[2];
const INTERVAL_MS = Number(process.argv[3] ?? 5);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** CLOCK_MONOTONIC in µs: the clock V8's CPU profiles use, so a stall can be matched to profile samples. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

function healthy() {
  return new Promise((resolve) => {
    const request = get(`${baseUrl}/-/healthy`, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
    });
    request.on('error', () => resolve(false));
  });
}

let running = true;
const latencies = [];
let worst = { ms: 0, startUs: 0, endUs: 0 };
let failures = 0;

async function poll() {
  while (running) {
    const startUs = monotonicUs();
    const ok = await healthy();
    const endUs = monotonicUs();
    const ms = (endUs - startUs) / 1000;
    if (!ok) failures++;
    latencies.push(ms);
    if (ms > worst.ms) worst = { ms, startUs, endUs };
    const rest = INTERVAL_MS - ms;
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const polling = poll();
process.on('message', async (message) => {
  if (message?.cmd !== 'stop') return;
  running = false;
  await polling;
  const sorted = [...latencies].sort((a, b) => a - b);
  process.send({
    polls: latencies.length,
    failures,
    maxMs: worst.ms,
    worstStartUs: worst.startUs,
    worstEndUs: worst.endUs,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  });
  agent.destroy();
  process.disconnect();
});
process.send({ ready: true });
