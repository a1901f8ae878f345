// Where the exporter's CPU time goes: top self-time functions of a V8 CPU profile (node --cpu-prof), over the
// whole run or over a time window. Sample times are CLOCK_MONOTONIC µs, the clock process.hrtime reads, so the
// bench can cut out one phase (a cold scrape, the unchanged-snapshot scrapes) or the slowest health check.

import { readFile } from 'node:fs/promises';

export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

const PSEUDO = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
const CALLER_DEPTH = 3;

function frameLabel(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/(node_modules|dist)\//, '$1/').replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'}${where === '' ? '' : ` ${where}:${lineNumber + 1}`}`;
}

/**
 * Top `limit` functions by self time within [fromUs, toUs], each with the caller chain that accounts for most
 * of it (native frames such as Buffer.byteLength's C++ side only make sense with their caller).
 */
export async function summarizeProfile(file, { fromUs = -Infinity, toUs = Infinity, limit = 12 } = {}) {
  const profile = JSON.parse(await readFile(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const callersOf = new Map();
  const callers = (node) => {
    let chain = callersOf.get(node.id);
    if (chain !== undefined) return chain;
    const names = [];
    for (let up = node; names.length < CALLER_DEPTH && parents.has(up.id); ) {
      up = nodes.get(parents.get(up.id));
      if (up.callFrame.functionName === '(root)') break;
      names.push(frameLabel(up));
    }
    chain = names.join(' ← ');
    callersOf.set(node.id, chain);
    return chain;
  };
  const self = new Map();
  let at = profile.startTime;
  let busyUs = 0;
  let idleUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) continue;
    const node = nodes.get(profile.samples[i]);
    const name = frameLabel(node);
    if (name === '(idle)') {
      idleUs += delta;
      continue;
    }
    busyUs += delta;
    const entry = self.get(name) ?? { us: 0, chains: new Map() };
    entry.us += delta;
    if (!PSEUDO.has(node.callFrame.functionName)) {
      const chain = callers(node);
      entry.chains.set(chain, (entry.chains.get(chain) ?? 0) + delta);
    }
    self.set(name, entry);
  }
  const top = [...self]
    .sort((a, b) => b[1].us - a[1].us)
    .slice(0, limit)
    .map(([name, { us, chains }]) => ({
      name,
      selfMs: us / 1000,
      share: busyUs > 0 ? us / busyUs : 0,
      calledFrom: [...chains].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '',
    }));
  return { busyMs: busyUs / 1000, idleMs: idleUs / 1000, top };
}
