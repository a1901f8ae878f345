// Parent side of sim-child.js: start the simulator process for one estate, change its upstream latency
// through the control API (/_sim/faults), and collect its request log and estate summary over IPC.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./sim-child.js', import.meta.url));
const START_TIMEOUT_MS = 120_000;

/** Scale counts for an estate of `policies` signature policies and as many registries, HSS registries, keys. */
export function estateCounts(policies) {
  return {
    regions: 1,
    instances: 1,
    namespaces: 3,
    policies,
    executionsPerPolicy: 5,
    tasksPerExecution: 6,
    registries: policies,
    hssRegistries: policies,
    apigInstances: 1,
    romaInstances: 0,
    keysPerInstance: policies,
  };
}

/**
 * `quotas`: the simulator's flow control (default none: the speed bound counts latency and concurrency only;
 * the quota case passes Huawei's documented HSS quota). `scale` overrides counts of the estate.
 */
export async function startSimulatorProcess({ policies, seed = 1, scale = {}, quotas = {} }) {
  const options = { seed, scale: { ...estateCounts(policies), ...scale }, quotas };
  const child = fork(CHILD, [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map();
  let exited = false;
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator did not start in time')), START_TIMEOUT_MS);
    child.on('message', (message) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
        return;
      }
      const waiter = pending.get(message.id);
      if (waiter === undefined) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(`simulator: ${message.error}`));
      else waiter.resolve(message);
    });
    child.on('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      const error = new Error(`simulator process exited (code ${code}, signal ${signal})`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
  const info = await ready;
  const call = (cmd) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('simulator process is gone'));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd });
    });

  const control = async (method, path, body) => {
    const response = await fetch(`${info.url}/_sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator control ${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  };

  return {
    pid: child.pid,
    url: info.url,
    endpoints: info.endpoints,
    regions: info.regions,
    credentials: info.credentials,
    policies,
    /** Every API answer is held back this long (the fault controller's latency on target '*'). */
    setLatency: (latencyMs) => control('PUT', '/faults/*', { latencyMs }),
    /** Requests since the previous call (oldest first). */
    takeLog: async () => (await call('take-log')).entries,
    estate: async () => (await call('estate')).estate,
    /** Calls the simulator's flow control refused, per operation. */
    refused: async () => (await call('refused')).refused,
    async close() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      await call('close').catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
