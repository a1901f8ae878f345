// Lower bounds for a scrape, from what the simulator logged and what its estate holds:
// - the critical path: the longest chain of calls that must follow one another (discovery comes first; an SWR
//   list's first page gives the total, after which the client may request every other page at once, so such
//   a list is at most 2 calls deep; HSS/APIG lists page by record offset, one page after the other; a
//   policy's executions, then its tasks, come after the policy-list page that held it);
// - the throughput bound: every call takes the injected latency and at most `concurrency` calls per service
//   are in flight (the client's cap is per service), so the busiest service's calls take calls × latency ÷ cap;
// - the minimum number of calls a scrape needs (cold: everything; warm: no discovery, no tasks of finished
//   executions, which never change).

const SWR_PAGE = 100;
const HSS_PAGE = 200;
const APIG_PAGE = 500;
const MAX_TASKS_FETCHED = 5000;
const FINISHED = new Set(['Succeed', 'Failed', 'Stopped']);

const pages = (items, limit) => Math.max(1, Math.ceil(items / limit));

function pathOf(url) {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Calls per group key within each operation: pages of one list share a path; a policy's calls share its id. */
function groupCounts(entries) {
  const byOperation = new Map();
  for (const entry of entries) {
    let key = pathOf(entry.url);
    if (
      entry.op === 'swr.ListInstanceSignPolicyExecutions' ||
      entry.op === 'swr.ListInstanceSignPolicyExecTasks'
    ) {
      const match = /\/instances\/([^/]+)\/namespaces\/[^/]+\/signature\/policies\/(\d+)/.exec(key);
      key = match === null ? key : `${match[1]}/${match[2]}`;
    }
    const groups = byOperation.get(entry.op) ?? new Map();
    groups.set(key, (groups.get(key) ?? 0) + 1);
    byOperation.set(entry.op, groups);
  }
  return byOperation;
}

/** The deepest chain among the lists of one operation. */
function maxGroup(byOperation, op) {
  let max = 0;
  for (const count of byOperation.get(op)?.values() ?? []) max = Math.max(max, depth(op, count));
  return max;
}

/** SWR lists (offset = page index × limit): the first page, then the rest together. */
const SWR_PAGED = new Set([
  'swr.ListInstance',
  'swr.ListInstanceSignPolicies',
  'swr.ListInstanceRegistries',
  'swr.ListInstanceSignPolicyExecTasks',
]);

/** How many of a list's `calls` pages must follow one another. */
const depth = (op, calls) => (SWR_PAGED.has(op) ? Math.min(calls, 2) : calls);

function total(byOperation, op) {
  let sum = 0;
  for (const count of byOperation.get(op)?.values() ?? []) sum += count;
  return sum;
}

/** The longest chain of dependent calls in one scrape's log, per collector and overall. */
export function criticalPath(entries) {
  const g = groupCounts(entries);
  const iam = [...g.keys()].filter((op) => op.startsWith('iam.')).reduce((s, op) => s + total(g, op), 0);
  const swrDiscovery = maxGroup(g, 'swr.ListInstance');
  const apigDiscovery = total(g, 'apig.ListInstancesV2');
  // Executions and tasks of one policy, in order, after the page that listed the policy: at least the first
  // page (the log does not say which page held the policy with the longest chain, so 1 keeps this a bound).
  const perPolicy = new Map();
  for (const op of ['swr.ListInstanceSignPolicyExecutions', 'swr.ListInstanceSignPolicyExecTasks']) {
    for (const [key, count] of g.get(op) ?? [])
      perPolicy.set(key, (perPolicy.get(key) ?? 0) + depth(op, count));
  }
  const chains = {
    swr_signing:
      swrDiscovery +
      Math.min(1, maxGroup(g, 'swr.ListInstanceSignPolicies')) +
      Math.max(0, ...perPolicy.values()),
    swr_registries: swrDiscovery + maxGroup(g, 'swr.ListInstanceRegistries'),
    hss_registries: maxGroup(g, 'hss.ListRegistry'),
    apig_signature_keys: apigDiscovery + maxGroup(g, 'apig.ListSignatureKeysV2'),
  };
  return { calls: iam + Math.max(...Object.values(chains)), chains };
}

/** Calls per operation. */
export function callsByOperation(entries) {
  const out = {};
  for (const entry of entries) out[entry.op] = (out[entry.op] ?? 0) + 1;
  return out;
}

/** Most calls the simulator was serving at the same moment (from each call's end time and duration). */
export function observedConcurrency(entries) {
  const events = [];
  for (const e of entries) {
    events.push([e.endMs - e.durationMs, 1], [e.endMs, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, delta] of events) {
    current += delta;
    max = Math.max(max, current);
  }
  return max;
}

/** The most calls any one service took: the concurrency cap is per service (client.limits.<service>). */
function busiestServiceCalls(entries) {
  const perService = new Map();
  for (const entry of entries) {
    const service = entry.op.slice(0, Math.max(0, entry.op.indexOf('.'))) || entry.op;
    perService.set(service, (perService.get(service) ?? 0) + 1);
  }
  return Math.max(0, ...perService.values());
}

/**
 * max(critical path × latency, calls of the busiest service × latency ÷ concurrency): no scrape can be faster.
 * Each service has its own cap, so calls to different services may overlap beyond it; only the busiest
 * service's calls are certain to queue.
 */
export function lowerBoundMs({ entries, latencyMs, concurrency }) {
  const path = criticalPath(entries);
  const criticalMs = path.calls * latencyMs;
  const throughputMs = (busiestServiceCalls(entries) * latencyMs) / concurrency;
  return {
    boundMs: Math.max(criticalMs, throughputMs),
    binding: throughputMs >= criticalMs ? 'concurrency' : 'critical path',
    criticalPathCalls: path.calls,
    chains: path.chains,
    criticalMs,
    throughputMs,
  };
}

/**
 * The fewest calls a scrape can make on this estate, per operation; `warm`: discovery cached, tasks of
 * finished executions already known.
 */
export function minimumCalls(estate, { warm }) {
  const byOperation = {};
  const add = (op, calls) => {
    if (calls > 0) byOperation[op] = (byOperation[op] ?? 0) + calls;
  };
  for (const project of estate) {
    const running = project.swr.filter((i) => i.status === 'Running');
    if (!warm) add('swr.ListInstance', pages(running.length, SWR_PAGE));
    for (const instance of running) {
      add('swr.ListInstanceSignPolicies', pages(instance.policies.length, SWR_PAGE));
      add('swr.ListInstanceRegistries', pages(instance.registries, SWR_PAGE));
      for (const policy of instance.policies) {
        add('swr.ListInstanceSignPolicyExecutions', policy.executions <= SWR_PAGE ? 1 : 2);
        const latest = policy.latest;
        if (latest === null) continue;
        const finished = FINISHED.has(latest.status);
        if (finished && (warm || latest.total === 0)) continue;
        add(
          'swr.ListInstanceSignPolicyExecTasks',
          pages(Math.min(latest.total, MAX_TASKS_FETCHED), SWR_PAGE),
        );
      }
    }
    add('hss.ListRegistry', pages(project.hss, HSS_PAGE));
    if (!warm) add('apig.ListInstancesV2', pages(project.apig.length, APIG_PAGE));
    for (const gateway of project.apig.filter((g) => g.status === 'Running')) {
      add('apig.ListSignatureKeysV2', pages(gateway.keys, APIG_PAGE));
    }
  }
  const calls = Object.values(byOperation).reduce((sum, n) => sum + n, 0);
  return { calls, byOperation };
}

/** Estate figures for the report. */
export function describeEstate(estate) {
  let policies = 0;
  let unfinishedLatest = 0;
  for (const project of estate) {
    for (const instance of project.swr.filter((i) => i.status === 'Running')) {
      policies += instance.policies.length;
      unfinishedLatest += instance.policies.filter(
        (p) => p.latest !== null && !FINISHED.has(p.latest.status),
      ).length;
    }
  }
  return { policies, unfinishedLatest };
}
