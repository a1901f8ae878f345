// The replication and retention part of the world (docs/apis/swr-replication.md): policies derived from each
// SWR instance's registries and namespaces, and executions that are a pure function of the world clock —
// they start InProgress in their schedule slot, finish Succeed/Failed/Stopped a little later, and the same
// (seed, time) always gives the same list. One scheduled policy of each kind stopped running before the world
// began, so "no execution within the window" has something to find.

import { hashKeys } from '../world/random.js';
import { formatWithFraction, ZERO_TIME } from '../world/timestamps.js';
import type { SwrNamespaceRaw, SwrRegistryRaw } from '../world/types.js';

const MINUTE = 60_000;
/** Execution ids count minutes since 2020 (×16 + policy slot): increasing with time, unique, int32. */
const ID_EPOCH_MS = Date.UTC(2020, 0, 1);
/** Executions each policy keeps (Harbor keeps all; a bound keeps long demos small). */
export const RETAINED_EXECUTIONS = 50;
/** How long before the world began the stalled policies ran last: beyond the rules' default 25 h window. */
export const STALLED_FOR_MS = 26 * 60 * MINUTE;

export type PolicyKind = 'replication' | 'retention';
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

/** The recipe of each instance's policies, by position: every kind the collector must handle. */
const runs = { enabled: true, stalled: false };
/** A disabled scheduled policy that stopped is no alert: the recipe has one of those too. */
const stalls = { enabled: true, stalled: true };

export const REPLICATION_RECIPE: readonly Schedule[] = [
  { trigger: 'scheduled', periodMs: 10 * MINUTE, fireChance: 1, failChance: 0.1, ...runs },
  { trigger: 'event_based', periodMs: 20 * MINUTE, fireChance: 0.6, failChance: 0.2, ...runs },
  { trigger: 'scheduled', periodMs: 15 * MINUTE, fireChance: 1, failChance: 0.1, ...stalls },
  { trigger: 'manual', periodMs: 120 * MINUTE, fireChance: 0.5, failChance: 0.7, ...runs },
  { trigger: 'scheduled', periodMs: 30 * MINUTE, fireChance: 1, failChance: 0, ...stalls, enabled: false },
];

export const RETENTION_RECIPE: readonly Schedule[] = [
  { trigger: 'scheduled', periodMs: 30 * MINUTE, fireChance: 1, failChance: 0.1, ...runs },
  { trigger: 'manual', periodMs: 180 * MINUTE, fireChance: 0.5, failChance: 0.3, ...runs },
  { trigger: 'scheduled', periodMs: 60 * MINUTE, fireChance: 1, failChance: 0.1, ...stalls },
];

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

/** One policy of either kind: what routes filter on, its body as served, and its executions over time. */
export interface Policy {
  /** Unique in the world: instance, kind and id (variety and timestamps key on it). */
  key: string;
  id: number;
  name: string;
  createdMs: number;
  /** Replication: the registry it pushes to or pulls from. */
  registryId: number | undefined;
  /** Retention: the namespace it cleans. */
  namespaceId: number | undefined;
  namespaceName: string | undefined;
  /** Repositories its tasks name. */
  repositories: readonly string[];
  raw: Readonly<Record<string, unknown>>;
  executionsAt(nowMs: number): ExecutionState[];
  /** Stops (false) or resumes (true) the schedule from `nowMs` on; false if it already was so. */
  setRunning(running: boolean, nowMs: number): boolean;
  /** Starts a run at `nowMs`; `outcome` decides how it ends (else the schedule's odds). false: one already
   * started in that minute (ids count minutes). */
  runNow(nowMs: number, outcome: Outcome | undefined): boolean;
}

export interface Estate {
  replication: Policy[];
  retention: Policy[];
}

const DAY = 24 * 60 * MINUTE;

function trigger(schedule: Schedule) {
  return {
    type: schedule.trigger,
    trigger_settings: { cron: schedule.trigger === 'scheduled' ? cronOf(schedule) : '' },
  };
}

/** An instance's policies, derived once from its registries and namespaces as first read. */
export function estateOf(
  seed: number,
  worldStartMs: number,
  instanceId: string,
  namespaces: readonly SwrNamespaceRaw[],
  registries: readonly SwrRegistryRaw[],
): Estate {
  // A registry served without its id (variety) cannot be a policy's target.
  const targets = registries.filter((r) => typeof r.id === 'number');
  const spaces = [...namespaces].sort((a, b) => a.namespace_id - b.namespace_id);
  const repositories = (namespace: string | undefined) =>
    [1, 2, 3].map((n) => `${namespace ?? 'library'}/app-${n}`);
  const policy = (
    kind: PolicyKind,
    slot: number,
    schedule: Schedule,
    extra: Partial<Policy>,
    raw: object,
  ): Policy => {
    const key = `${instanceId}/${kind}/${slot + 1}`;
    const createdMs = worldStartMs - 7 * DAY + slot * 60 * MINUTE;
    const pauses = initialPauses(schedule, createdMs, worldStartMs);
    const manualRuns: ManualRun[] = [];
    const open = () => pauses.find((p) => p.toMs === Number.POSITIVE_INFINITY);
    return {
      key,
      id: slot + 1,
      name: '',
      createdMs,
      registryId: undefined,
      namespaceId: undefined,
      namespaceName: undefined,
      repositories: repositories(spaces[slot % Math.max(1, spaces.length)]?.name),
      ...extra,
      raw: Object.freeze({ id: slot + 1, ...raw }),
      executionsAt: (nowMs) =>
        schedule.enabled ? executionsAt(seed, key, slot, schedule, pauses, manualRuns, nowMs) : [],
      setRunning: (running, nowMs) => {
        const current = open();
        if (running === (current === undefined)) return false;
        if (current === undefined) pauses.push({ fromMs: nowMs, toMs: Number.POSITIVE_INFINITY });
        else current.toMs = nowMs;
        return true;
      },
      runNow: (nowMs, outcome) => {
        const minute = Math.floor(nowMs / MINUTE);
        if (manualRuns.some((run) => Math.floor(run.startMs / MINUTE) === minute)) return false;
        manualRuns.push({ startMs: nowMs, outcome });
        return true;
      },
    };
  };
  const replication =
    targets.length === 0
      ? []
      : REPLICATION_RECIPE.map((schedule, slot) => {
          const target = targets[slot % targets.length] as SwrRegistryRaw;
          const name = `sync-${slot + 1}-to-${target.name ?? target.id}`;
          const created = swrTime(
            seed,
            `${instanceId}/replication/${slot}`,
            worldStartMs - 7 * DAY + slot * 60 * MINUTE,
          );
          // The manual policy pulls (src_registry); the others push (dest_registry): SWR takes one of the two.
          const direction =
            schedule.trigger === 'manual'
              ? { src_registry: { id: target.id } }
              : { dest_registry: { id: target.id } };
          return policy(
            'replication',
            slot,
            schedule,
            { name, registryId: target.id },
            {
              name,
              description: `replicates to ${target.name ?? 'a registry'}`,
              ...direction,
              dest_namespace: '',
              filters: [{ type: 'name', value: `${spaces[0]?.name ?? 'library'}/**` }],
              repo_scope_mode: 'regular',
              trigger: trigger(schedule),
              override: true,
              enabled: schedule.enabled,
              created_at: created,
              updated_at: created,
            },
          );
        });
  const retention = spaces.slice(0, RETENTION_RECIPE.length).map((namespace, slot) => {
    const schedule = RETENTION_RECIPE[slot] as Schedule;
    const name = `clean-${namespace.name}`;
    return policy(
      'retention',
      slot,
      schedule,
      {
        name,
        namespaceId: namespace.namespace_id,
        namespaceName: namespace.name,
        repositories: repositories(namespace.name),
      },
      {
        algorithm: 'or',
        rules: [
          {
            id: slot + 1,
            priority: 0,
            disabled: false,
            action: 'retain',
            template: 'latestPushedK',
            params: { latestPushedK: 10 },
            tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
            scope_selectors: {
              repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }],
            },
            repo_scope_mode: 'regular',
          },
        ],
        trigger: trigger(schedule),
        enabled: schedule.enabled,
        name,
        namespace_id: namespace.namespace_id,
        namespace_name: namespace.name,
      },
    );
  });
  return { replication, retention };
}
