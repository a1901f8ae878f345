// One upstream fault against the running exporter, end to end: set it on one simulator operation, scrape,
// check who failed and why (metrics, status, landing page, log), clear it, scrape again and check the data is
// back exactly as before. The fault test files run this over every fault kind × operation.

import { expect } from 'vitest';
import { escapeHtml } from '../../../src/server/landing.js';
import type { FaultSpec } from '../../../src/simulator/index.js';
import { collectorSuccess, dataLines } from './exposition.js';
import type { Harness, HttpAnswer } from './harness.js';

export type CollectorName = 'swr_signing' | 'swr_registries' | 'hss_registries' | 'apig_signature_keys';
export const COLLECTORS: readonly CollectorName[] = [
  'swr_signing',
  'swr_registries',
  'hss_registries',
  'apig_signature_keys',
];

/** Simulator operations and the collectors that depend on them (discovery is shared by both SWR ones). */
export const OPERATIONS: ReadonlyArray<readonly [string, readonly CollectorName[]]> = [
  ['swr.ListInstance', ['swr_signing', 'swr_registries']],
  ['swr.ListInstanceSignPolicies', ['swr_signing']],
  ['swr.ListInstanceSignPolicyExecutions', ['swr_signing']],
  ['swr.ListInstanceRegistries', ['swr_registries']],
  ['hss.ListRegistry', ['hss_registries']],
  ['apig.ListInstancesV2', ['apig_signature_keys']],
  ['apig.ListSignatureKeysV2', ['apig_signature_keys']],
];

export interface FaultKind {
  name: string;
  spec: FaultSpec;
  /** What the collector's reason must say. */
  reason: RegExp;
  /** Scrape timeout (seconds) sent with the faulty scrape. */
  scrapeTimeoutSeconds?: number;
  /**
   * How the failure is logged: a run that failed, or (slow upstream) a refresh that outlasted the scrape's
   * deadline and goes on in the background.
   */
  logMessage?: 'collector run failed' | 'collector refresh outlasted a scrape deadline';
}

export interface Baseline {
  data: string[];
}

export async function takeBaseline(h: Harness): Promise<Baseline> {
  const answer = await h.scrape();
  expect(answer.status).toBe(200);
  const success = collectorSuccess(answer.body);
  expect(Object.values(success)).toEqual(COLLECTORS.map(() => 1));
  return { data: dataLines(answer.body) };
}

function operationName(target: string): string {
  return target.slice(target.indexOf('.') + 1);
}

/** Runs one fault case; throws (via expect) when the exporter did not behave. Returns the reason shown. */
export async function runFaultCase(
  h: Harness,
  baseline: Baseline,
  target: string,
  affected: readonly CollectorName[],
  kind: FaultKind,
): Promise<string[]> {
  h.sim.faults.clear();
  h.sim.faults.set(target, kind.spec);
  const logsBefore = h.logs.length;
  const faulty = await h.scrape(kind.scrapeTimeoutSeconds);
  h.sim.faults.clear();
  // A slow answer is logged by the simulator only once it is complete, which may be after this scrape.
  if (kind.scrapeTimeoutSeconds === undefined) {
    expect(h.sim.requestLog.count(target), `${target} was never called`).toBeGreaterThan(0);
  }

  expect(faulty.status).toBe(200);
  const success = collectorSuccess(faulty.body);
  const region = h.sim.regions[0]?.name;
  for (const collector of COLLECTORS) {
    const expected = affected.includes(collector) ? 0 : 1;
    expect(success[`${collector}/${region}`], `${collector} success under ${kind.name} on ${target}`).toBe(
      expected,
    );
  }

  const reasons: string[] = [];
  const landing = await h.get('/');
  for (const collector of affected) {
    const status = h.exporter.status().find((s) => s.name === collector);
    const reason = status?.lastError ?? '';
    expect(status?.success).toBe(false);
    expect(reason, `${collector} reason under ${kind.name}`).toMatch(kind.reason);
    // Deadline reasons name the budget, every other reason names the operation that failed.
    if (!/deadline/.test(reason)) expect(reason).toContain(operationName(target));
    expect(landing.body).toContain(escapeHtml(reason));
    const logged = h.logs
      .slice(logsBefore)
      .map((line) => JSON.parse(line) as { msg?: string; collector?: string; error?: string });
    const message = kind.logMessage ?? 'collector run failed';
    expect(
      logged.some((l) => l.msg === message && l.collector === collector && l.error === reason),
      `a warning "${message}" names ${collector} and its reason`,
    ).toBe(true);
    reasons.push(reason);
  }

  const recovered = await scrapeUntilRecovered(h, kind);
  expect(recovered.status).toBe(200);
  expect(Object.values(collectorSuccess(recovered.body))).toEqual(COLLECTORS.map(() => 1));
  expect(dataLines(recovered.body)).toEqual(baseline.data);
  return reasons;
}

/**
 * The first scrape after the fault is cleared — except after a slow upstream, whose refresh may still be
 * running in the background (bounded by the refresh deadline): then the first scrape after it has ended.
 */
async function scrapeUntilRecovered(h: Harness, kind: FaultKind): Promise<HttpAnswer> {
  const first = await h.scrape();
  if (kind.logMessage !== 'collector refresh outlasted a scrape deadline') return first;
  const until = Date.now() + 15_000;
  let answer = first;
  while (Object.values(collectorSuccess(answer.body)).some((v) => v !== 1)) {
    if (Date.now() > until) throw new Error('the exporter did not recover within 15 s of the fault clearing');
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await h.scrape();
  }
  return answer;
}

/**
 * A fault that damages records, not the body's structure (records without their identity fields): every
 * collector stays successful, the skipped records are counted for that operation and logged by JSON path,
 * and the data is back exactly as before once the fault clears.
 */
export async function runDegradedCase(h: Harness, baseline: Baseline, target: string, spec: FaultSpec) {
  h.sim.faults.clear();
  h.sim.faults.set(target, spec);
  const logsBefore = h.logs.length;
  const faulty = await h.scrape();
  h.sim.faults.clear();
  expect(h.sim.requestLog.count(target), `${target} was never called`).toBeGreaterThan(0);
  expect(faulty.status).toBe(200);
  expect(Object.values(collectorSuccess(faulty.body))).toEqual(COLLECTORS.map(() => 1));

  const service = target.slice(0, target.indexOf('.'));
  const operation = operationName(target);
  const skipped = faulty.body
    .split('\n')
    .filter((line) => line.startsWith('huaweicloud_api_records_skipped_total{'))
    .filter((line) => line.includes(`service="${service}"`) && line.includes(`operation="${operation}"`));
  expect(skipped.length, `records skipped in ${target} are counted`).toBeGreaterThan(0);
  const logged = h.logs
    .slice(logsBefore)
    .map((line) => JSON.parse(line) as { msg?: string; operation?: string; paths?: string[] });
  expect(
    logged.some((l) => l.operation === operation && (l.paths?.length ?? 0) > 0),
    `a warning names the skipped records of ${target} by path`,
  ).toBe(true);

  const recovered = await h.scrape();
  expect(Object.values(collectorSuccess(recovered.body))).toEqual(COLLECTORS.map(() => 1));
  expect(dataLines(recovered.body)).toEqual(baseline.data);
}
