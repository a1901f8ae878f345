// The simulator as its own process for the benchmark (forked by simulator.js). It runs the real simulator
// from dist/ and additionally keeps every request the simulator logs (its own log keeps the last 10,000
// entries only; a 10,000-policy scrape makes ~20,000 calls), so the bench can compute the critical path of
// dependent calls and the concurrency actually reached. Talks to the parent over the IPC channel.

import { startSimulator } from '../../dist/simulator/index.js';

const options = JSON.parse(process.argv[2] ?? '{}');
// SIM_VARIETY=1 npm run bench: the same estates served with the variety of a real cloud (issue 16).
const variety = process.env.SIM_VARIETY === '1';
const sim = await startSimulator({ host: '127.0.0.1', port: 0, tick: false, variety, ...options });

/** Requests since the last 'take-log': operation, path, status, and when the answer ended (ms, monotonic). */
let entries = [];
const record = sim.requestLog.record.bind(sim.requestLog);
sim.requestLog.record = (entry) => {
  entries.push({
    op: entry.operation,
    url: entry.url,
    status: entry.status,
    endMs: performance.timeOrigin + performance.now(),
    durationMs: entry.durationMs,
  });
  return record(entry);
};

/** What the estate holds, reduced to what decides the minimum number of calls. */
function estate() {
  // Only the regions' projects: the exporter is configured with exactly these.
  const regionProjects = new Set(sim.regions.map((r) => r.projectId));
  const projects = sim.world.snapshot().filter((p) => regionProjects.has(p.project.id));
  return projects.map((p) => ({
    swr: p.swr.map((i) => ({
      id: i.instance.id,
      status: i.instance.status,
      registries: i.registries.length,
      policies: i.policies.map(({ policy, executions }) => {
        let latest;
        for (const e of executions) if (latest === undefined || e.id > latest.id) latest = e;
        return {
          id: policy.id,
          executions: executions.length,
          latest: latest === undefined ? null : { status: latest.status, total: latest.total },
        };
      }),
    })),
    hss: p.hss.filter((r) => (r.enterprise_project_id ?? '0') === '0').length,
    apig: p.apig.map((g) => ({ id: g.instance.id, status: g.instance.status, keys: g.signs.length })),
  }));
}

process.on('message', (message) => {
  const reply = (body) => process.send({ id: message.id, ...body });
  try {
    if (message.cmd === 'take-log') {
      const taken = entries;
      entries = [];
      reply({ entries: taken });
    } else if (message.cmd === 'refused') {
      reply({ refused: sim.quotas.refused() });
    } else if (message.cmd === 'estate') {
      reply({ estate: estate() });
    } else if (message.cmd === 'close') {
      sim.close().then(
        () => {
          reply({ ok: true });
          process.disconnect();
        },
        (error) => reply({ error: String(error) }),
      );
    } else {
      reply({ error: `unknown command ${String(message.cmd)}` });
    }
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
});

process.send({
  type: 'ready',
  url: sim.url,
  endpoints: sim.endpoints,
  regions: sim.regions,
  credentials: sim.credentials,
});
