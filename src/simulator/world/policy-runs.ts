// Policies whose executions are a pure function of the world clock (SWR replication and retention,
// docs/apis/swr-replication.md): runs start InProgress in their schedule slot, finish Succeed/Failed/Stopped a
// little later, and the same (seed, time) always gives the same list. A policy can be stalled since before the
// world began (so "no execution within the window" has something to find), stopped and resumed, or run by hand
// through its module's control routes (http/api-module.ts policyControls).

import { hashKeys } from './random.js';
import { formatWithFraction, ZERO_TIME } from './timestamps.js';
import type { SwrNamespaceRaw, SwrRegistryRaw, World, WorldResult } from './types.js';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
/** Execution ids count minutes since 2020 (×16 + policy slot): increasing with time, unique, int32. */
const ID_EPOCH_MS = Date.UTC(2020, 0, 1);
/** Executions each policy keeps (Harbor keeps all; a bound keeps long demos small). */
export const RETAINED_EXECUTIONS = 50;
/** How long before the world began the stalled policies ran last: beyond the rules' default 25 h window. */
export const STALLED_FOR_MS = 26 * 60 * MINUTE;

export type Trigger = 'manual' | 'scheduled' | 'event_based';
export type Outcome = 'Succeed' | 'Failed' | 'Stopped';

/** How one policy runs: a slot every `periodMs` (fired with `fireChance`), each run lasting 20 s–3 min. */
export interface Schedule {
  trigger: Trigger;
  enabled: boolean;
  periodMs: number;
  fireChance: number;
  failChance: number;
  /** Stalled since before the world began (see initialPauses). */
  stalled: boolean;
}

/** One policy's execution as of a moment; tasks follow from (seed, id, taskCount). */
export interface ExecutionState {
  id: number;
  trigger: Trigger;
  startMs: number;
  endMs: number;
  /** 'InProgress' until endMs, then the slot's outcome. */
  status: 'InProgress' | Outcome;
  /** How the run ends (its finished tasks show it while it still runs). */
  outcome: Outcome;
  taskCount: number;
  /** Tasks finished at the moment (all of them once ended). */
  done: number;
  /** Index of the first task that fails or stops (taskCount when none does). */
  badFrom: number;
}

/** Cron (UTC, with seconds, as SWR's TriggerSetting documents) matching a period in whole minutes. */
export function cronOf(schedule: Schedule): string {
  const minutes = schedule.periodMs / MINUTE;
  return minutes >= 60 ? `0 0 */${minutes / 60} * * *` : `0 */${minutes} * * * *`;
}

/**
 * The pauses a policy starts with: nothing ran before it was created, and a stalled policy stopped
 * STALLED_FOR_MS before the world began.
 */
export function initialPauses(schedule: Schedule, createdMs: number, worldStartMs: number): Pause[] {
  const before = { fromMs: Number.NEGATIVE_INFINITY, toMs: createdMs };
  if (!schedule.stalled) return [before];
  return [before, { fromMs: worldStartMs - STALLED_FOR_MS, toMs: Number.POSITIVE_INFINITY }];
}

function unit(seed: number, ...keys: ReadonlyArray<number | string>): number {
  return hashKeys(seed, ...keys) / 4294967296;
}

/** A time span in which a policy's schedule fired nothing (stalled, or stopped through the control API). */
export interface Pause {
  fromMs: number;
  /** Infinity while it lasts. */
  toMs: number;
}

/** A run started through the control API (the console's "execute now"), ending as `outcome` says. */
export interface ManualRun {
  startMs: number;
  outcome: Outcome | undefined;
}

/**
 * The retained executions of one policy at `nowMs`, oldest first. `key` names the policy uniquely in the world
 * (instance, kind, id); `slot` is its position among the instance's policies (< 8).
 */
export function executionsAt(
  seed: number,
  key: string,
  slot: number,
  schedule: Schedule,
  pauses: readonly Pause[],
  manualRuns: readonly ManualRun[],
  nowMs: number,
): ExecutionState[] {
  const phase = Math.floor(unit(seed, key, 'phase') * schedule.periodMs);
  const out: ExecutionState[] = [];
  let k = Math.floor((nowMs - phase) / schedule.periodMs);
  // Look back far enough that RETAINED_EXECUTIONS fired even at the lowest fire chance; a pause is skipped
  // in one jump, so a policy stalled for weeks still shows its last runs.
  for (let looked = 0; looked < RETAINED_EXECUTIONS * 4 && out.length < RETAINED_EXECUTIONS; looked++, k--) {
    const startMs = phase + k * schedule.periodMs;
    const pause = pauses.find((p) => startMs >= p.fromMs && startMs < p.toMs);
    if (pause !== undefined) {
      if (pause.fromMs === Number.NEGATIVE_INFINITY) break;
      k = Math.ceil((pause.fromMs - phase) / schedule.periodMs);
      continue;
    }
    if (unit(seed, key, 'fires', k) >= schedule.fireChance) continue;
    out.push(execution(seed, key, slot, schedule, startMs, k, nowMs, undefined));
  }
  manualRuns.forEach((run, n) => {
    if (run.startMs <= nowMs)
      out.push(execution(seed, `${key}/manual`, slot + 8, schedule, run.startMs, n, nowMs, run));
  });
  return out.sort((a, b) => a.id - b.id).slice(-RETAINED_EXECUTIONS);
}

function execution(
  seed: number,
  key: string,
  idSlot: number,
  schedule: Schedule,
  startMs: number,
  k: number,
  nowMs: number,
  manual: ManualRun | undefined,
): ExecutionState {
  const durationMs = 20_000 + Math.floor(unit(seed, key, 'duration', k) * 160_000);
  const taskCount = 1 + Math.floor(unit(seed, key, 'tasks', k) * 6);
  const roll = unit(seed, key, 'outcome', k);
  const outcome: Outcome =
    manual?.outcome ??
    (roll < schedule.failChance ? 'Failed' : roll < schedule.failChance + 0.05 ? 'Stopped' : 'Succeed');
  const endMs = startMs + durationMs;
  const running = nowMs < endMs;
  const minuteIndex = Math.max(0, Math.floor((startMs - ID_EPOCH_MS) / MINUTE));
  return {
    id: minuteIndex * 16 + idSlot + 1,
    // A scheduled policy can still be run by hand now and then.
    trigger:
      manual !== undefined || (schedule.trigger === 'scheduled' && unit(seed, key, 'manual', k) < 0.1)
        ? 'manual'
        : schedule.trigger,
    startMs,
    endMs,
    status: running ? 'InProgress' : outcome,
    outcome,
    taskCount,
    done: running ? Math.floor(((nowMs - startMs) / durationMs) * taskCount) : taskCount,
    badFrom: outcome === 'Succeed' ? taskCount : Math.floor(unit(seed, key, 'bad', k) * taskCount),
  };
}

export type TaskStatus = 'Pending' | 'InProgress' | Outcome;

/** Task `index`'s status at the execution's moment: finished ones by outcome, one running, the rest pending. */
export function taskStatus(execution: ExecutionState, index: number): TaskStatus {
  if (index >= execution.done) return index === execution.done ? 'InProgress' : 'Pending';
  return index < execution.badFrom ? 'Succeed' : execution.outcome;
}

export interface ExecutionCounts {
  total: number;
  succeed: number;
  failed: number;
  in_progress: number;
  stopped: number;
}

/** The counters SWR's Execution carries, consistent with the tasks served for it. */
export function countsOf(execution: ExecutionState): ExecutionCounts {
  const counts = { total: execution.taskCount, succeed: 0, failed: 0, in_progress: 0, stopped: 0 };
  for (let index = 0; index < execution.taskCount; index++) {
    const status = taskStatus(execution, index);
    if (status === 'Succeed') counts.succeed++;
    else if (status === 'Failed') counts.failed++;
    else if (status === 'Stopped') counts.stopped++;
    else counts.in_progress++;
  }
  return counts;
}

/** SWR's Go timestamps: 0–6 fraction digits, stable per (key, moment). */
export function swrTime(seed: number, key: string, ms: number): string {
  const digits = hashKeys(seed, key, ms) % 7;
  return formatWithFraction(ms, hashKeys(seed, key, 'micro', ms) % 1000, digits);
}

/** End time as served: Go's zero time while the run has not ended. */
export function endTime(seed: number, key: string, execution: ExecutionState): string {
  return execution.status === 'InProgress' ? ZERO_TIME : swrTime(seed, key, execution.endMs);
}

/** The trigger body SWR serves for a schedule (TriggerSetting's cron only for scheduled policies). */
export function triggerOf(schedule: Schedule) {
  return {
    type: schedule.trigger,
    trigger_settings: { cron: schedule.trigger === 'scheduled' ? cronOf(schedule) : '' },
  };
}

/** When task `index` of an execution ends: the run's duration spread over its tasks, in order. */
export function taskEndMs(execution: ExecutionState, index: number): number {
  return execution.startMs + ((index + 1) * (execution.endMs - execution.startMs)) / execution.taskCount;
}

/** A policy's schedule over time, steerable: what every module's policy record carries. */
export interface RunnablePolicy {
  /** Unique in the world: instance, kind and id (variety and timestamps key on it). */
  key: string;
  id: number;
  name: string;
  enabled: boolean;
  /** Repositories its tasks name. */
  repositories: readonly string[];
  /** The policy as served. */
  raw: Readonly<Record<string, unknown>>;
  executionsAt(nowMs: number): ExecutionState[];
  /** Stops (false) or resumes (true) the schedule from `nowMs` on; false if it already was so. */
  setRunning(running: boolean, nowMs: number): boolean;
  /** Starts a run at `nowMs`; `outcome` decides how it ends (else the schedule's odds). The run started, or
   * undefined when one already started in that minute (ids count minutes). */
  runNow(nowMs: number, outcome: Outcome | undefined): ExecutionState | undefined;
}

/** The time-driven part of a policy: `slot` is its position among the instance's policies of its kind (< 8). */
export function scheduledRuns(
  seed: number,
  key: string,
  slot: number,
  schedule: Schedule,
  createdMs: number,
  worldStartMs: number,
): Pick<RunnablePolicy, 'enabled' | 'executionsAt' | 'setRunning' | 'runNow'> {
  const pauses = initialPauses(schedule, createdMs, worldStartMs);
  const manualRuns: ManualRun[] = [];
  const open = () => pauses.find((p) => p.toMs === Number.POSITIVE_INFINITY);
  const runsAt = (nowMs: number) =>
    schedule.enabled ? executionsAt(seed, key, slot, schedule, pauses, manualRuns, nowMs) : [];
  return {
    enabled: schedule.enabled,
    executionsAt: runsAt,
    setRunning: (running, nowMs) => {
      const current = open();
      if (running === (current === undefined)) return false;
      if (current === undefined) pauses.push({ fromMs: nowMs, toMs: Number.POSITIVE_INFINITY });
      else current.toMs = nowMs;
      return true;
    },
    runNow: (nowMs, outcome) => {
      const minute = Math.floor(nowMs / MINUTE);
      if (manualRuns.some((run) => Math.floor(run.startMs / MINUTE) === minute)) return undefined;
      manualRuns.push({ startMs: nowMs, outcome });
      return runsAt(nowMs).find((e) => e.startMs === nowMs && e.trigger === 'manual');
    },
  };
}

/** The execution `id` among `policies` at `nowMs`, with its policy. */
export function findExecution<P extends RunnablePolicy>(
  policies: readonly P[],
  id: number,
  nowMs: number,
): [P, ExecutionState] | undefined {
  for (const policy of policies) {
    const hit = policy.executionsAt(nowMs).find((e) => e.id === id);
    if (hit !== undefined) return [policy, hit];
  }
  return undefined;
}

/**
 * One module's policies per SWR instance, derived once from the instance's namespaces and registries as first
 * read (`startMs`: the world's start, when the module mounted) and kept, so steering them sticks.
 */
export function policiesPerInstance<P>(
  world: World,
  derive: (instanceId: string, startMs: number, instance: InstanceParts) => P[],
): (projectId: string, instanceId: string) => WorldResult<P[]> {
  const startMs = world.now();
  const cache = new Map<string, P[]>();
  return (projectId, instanceId) => {
    const namespaces = world.listNamespaces(projectId, instanceId);
    if (!namespaces.ok) return namespaces;
    const key = `${projectId}/${instanceId}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      const registries = world.listSwrRegistries(projectId, instanceId);
      if (!registries.ok) return registries;
      hit = derive(instanceId, startMs, { namespaces: namespaces.value, registries: registries.value });
      cache.set(key, hit);
    }
    return { ok: true, value: hit };
  };
}

export interface InstanceParts {
  namespaces: readonly SwrNamespaceRaw[];
  registries: readonly SwrRegistryRaw[];
}
