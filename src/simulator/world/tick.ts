// Time moves in fixed steps aligned to the build time, each with its own random stream (seed, step), so the
// state depends only on the seed and how far the clock got: tick(t1); tick(t2) equals tick(t2).

import { advanceExecution, recordChanged } from './executions.js';
import { HSS_FAIL_REASONS } from './generate-gateways.js';
import { newExecutionRecord } from './generate-swr.js';
import { Rng } from './random.js';
import type { PolicyState, ProjectState, SwrInstanceState, WorldState } from './state.js';
import { swrTimestamp } from './timestamps.js';
import type { TickSummary } from './types.js';

export const STEP_MS = 15_000;
/** A clock jump longer than this (one day of steps) replays only the last day: the rest is skipped. */
export const MAX_STEPS_PER_TICK = 5_760;

export function emptySummary(): TickSummary {
  return {
    steps: 0,
    executionsStarted: 0,
    executionsFinished: 0,
    registryFlips: 0,
    hssSyncs: 0,
    hssStatusChanges: 0,
  };
}

export function advanceClock(state: WorldState, nowMs: number): TickSummary {
  const summary = emptySummary();
  if (!Number.isFinite(nowMs) || nowMs <= state.clock.nowMs) return summary;
  const clock = state.clock;
  const target = Math.floor((nowMs - clock.startMs) / STEP_MS);
  if (target - clock.step > MAX_STEPS_PER_TICK) clock.step = target - MAX_STEPS_PER_TICK;
  while (clock.step < target) {
    clock.step++;
    runStep(state, clock.step, clock.startMs + clock.step * STEP_MS, summary);
    summary.steps++;
  }
  clock.nowMs = nowMs;
  return summary;
}

function runStep(state: WorldState, step: number, stepMs: number, summary: TickSummary): void {
  const rng = Rng.derive(state.seed, 'step', step);
  for (const project of state.projects.values()) {
    for (const instance of project.swr.values()) {
      if (instance.raw.status === 'Running') startExecutions(state, instance, rng, stepMs, summary);
      finishExecutions(state, instance, stepMs, summary);
      flipRegistries(instance, rng, stepMs, summary);
    }
    moveHss(project, rng, stepMs, summary);
  }
}

/** About one new run per 1000 policies per step (at least one every ~2.5 min per instance), at most 3. */
function startExecutions(
  state: WorldState,
  instance: SwrInstanceState,
  rng: Rng,
  stepMs: number,
  summary: TickSummary,
): void {
  if (instance.policies.size === 0) return;
  const rate = Math.min(3, Math.max(0.1, instance.policies.size / 1000));
  const starts = Math.floor(rate) + (rng.chance(rate - Math.floor(rate)) ? 1 : 0);
  instance.policyIds ??= [...instance.policies.keys()];
  const policyIds = instance.policyIds;
  for (let n = 0; n < starts; n++) {
    const policy = instance.policies.get(rng.pick(policyIds));
    if (policy === undefined || !policy.raw.enabled) continue;
    const last = policy.executions[policy.executions.length - 1];
    if (last !== undefined && last.status === 'InProgress') continue;
    const createdMs = stepMs - rng.int(0, STEP_MS - 1);
    const record = newExecutionRecord(rng, policy, createdMs, state.counts.tasksPerExecution, createdMs);
    record.id = instance.nextExecutionId;
    instance.nextExecutionId += rng.int(1, 3);
    recordChanged(state.seed, record);
    advanceExecution(state.seed, record, stepMs);
    policy.executions.push(record);
    if (record.status === 'InProgress') instance.running.set(record.id, record);
    summary.executionsStarted++;
    dropOldExecutions(state, policy);
  }
}

/** Retention, like the real service's: a long-running demo keeps its memory bounded. */
export function retainedExecutions(state: WorldState): number {
  return Math.max(state.counts.executionsPerPolicy, 100);
}

function dropOldExecutions(state: WorldState, policy: PolicyState): void {
  const keep = retainedExecutions(state);
  let drop = 0;
  while (policy.executions.length - drop > keep && policy.executions[drop]?.status !== 'InProgress') drop++;
  if (drop > 0) policy.executions.splice(0, drop);
}

function finishExecutions(
  state: WorldState,
  instance: SwrInstanceState,
  stepMs: number,
  summary: TickSummary,
): void {
  for (const [id, record] of instance.running) {
    if (record.status !== 'InProgress') {
      instance.running.delete(id);
    } else if (advanceExecution(state.seed, record, stepMs)) {
      instance.running.delete(id);
      summary.executionsFinished++;
    }
  }
}

function flipRegistries(instance: SwrInstanceState, rng: Rng, stepMs: number, summary: TickSummary): void {
  for (const [id, registry] of instance.registries) {
    // Healthy for ~8 h on average, back within ~12 min: occasional dips on a dashboard, not constant flapping.
    const flip = registry.status === 'healthy' ? rng.chance(0.0005) : rng.chance(0.02);
    if (!flip) continue;
    instance.registries.set(
      id,
      Object.freeze({
        ...registry,
        status: registry.status === 'healthy' ? 'unhealthy' : 'healthy',
        updated_at: swrTimestamp(stepMs, rng),
      }),
    );
    summary.registryFlips++;
  }
}

function moveHss(project: ProjectState, rng: Rng, stepMs: number, summary: TickSummary): void {
  for (const entry of project.hss.values()) {
    const raw = entry.raw;
    let next = raw;
    if (raw.status === 'success' && rng.chance(0.0003)) {
      next = { ...raw, status: 'fail', fail_reason: rng.pick(HSS_FAIL_REASONS) };
    } else if (raw.status === 'fail' && rng.chance(0.02)) {
      const { fail_reason: _dropped, ...rest } = raw;
      next = { ...rest, status: 'accessing' };
    } else if (raw.status === 'accessing' && rng.chance(0.2)) {
      next = { ...raw, status: 'success' };
    }
    if (next !== raw) summary.hssStatusChanges++;
    if (next.status === 'success' && stepMs - next.latest_sync_time >= entry.syncIntervalMs) {
      const images = Math.min(20000, Math.max(0, next.images_num + rng.int(-20, 60)));
      next = { ...next, images_num: images, latest_sync_time: stepMs - rng.int(0, STEP_MS - 1) };
      summary.hssSyncs++;
    }
    if (next !== raw) entry.raw = Object.freeze(next);
  }
}
