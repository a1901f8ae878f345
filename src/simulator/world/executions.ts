// Executions and their tasks. A generated execution stores only counts-deciding facts (task count, fate,
// progress); each task is a pure function of (seed, execution id, index, progress), so tasks are built on the
// first read — a 10,000-policy estate never materialises its millions of task rows — and counters always
// agree with the tasks because both come from the same function.

import { repositoryName, TASK_ERROR_TEXTS } from './names.js';
import { hashKeys, Rng } from './random.js';
import type { ExecutionCounts, ExecutionRecord, NamespaceState } from './state.js';
import { swrTimestamp, ZERO_TIME } from './timestamps.js';
import type { ExecutionRaw, ExecutionTaskRaw, TaskStatus } from './types.js';

/** Task ids are execution id × this + index + 1 (ids grow with time, as in Harbor's task table). */
export const TASK_ID_FACTOR = 1000;

function stopPoint(seed: number, record: ExecutionRecord): number {
  return record.taskCount === 0 ? 0 : hashKeys(seed, 'stop', record.id) % record.taskCount;
}

/** The outcome a task of a generated execution reaches when it finishes. */
function fateStatus(seed: number, record: ExecutionRecord, index: number): TaskStatus {
  switch (record.fate) {
    case 'succeed':
      return 'Success';
    case 'partial': {
      // At least one task fails, otherwise the execution would not be Failed.
      const forced = hashKeys(seed, 'fail', record.id) % Math.max(1, record.taskCount);
      return index === forced || hashKeys(seed, 'fate', record.id, index) % 100 < 30 ? 'Error' : 'Success';
    }
    case 'stopped':
      return index < stopPoint(seed, record) ? 'Success' : 'Stopped';
    case 'no_artifacts':
      return 'Error';
  }
}

export function taskStatusAt(seed: number, record: ExecutionRecord, index: number): TaskStatus {
  const explicit = record.explicitTasks?.[index];
  if (explicit !== undefined) return explicit.status as TaskStatus;
  if (index < record.done) {
    if (record.forcedStatus !== undefined && index >= record.forcedFrom) return record.forcedStatus;
    return fateStatus(seed, record, index);
  }
  return index === record.done ? 'Running' : 'Pending';
}

export function tallyCounts(seed: number, record: ExecutionRecord): ExecutionCounts {
  const counts: ExecutionCounts = {
    total: record.taskCount,
    failed: 0,
    succeed: 0,
    in_progress: 0,
    stopped: 0,
  };
  for (let i = 0; i < record.taskCount; i++) {
    const status = taskStatusAt(seed, record, i);
    if (status === 'Success') counts.succeed++;
    else if (status === 'Error') counts.failed++;
    else if (status === 'Stopped') counts.stopped++;
    else counts.in_progress++;
  }
  return counts;
}

/** Call after any change to a record: recounts and drops the derived tasks. */
export function recordChanged(seed: number, record: ExecutionRecord): void {
  record.counts = tallyCounts(seed, record);
  record.taskCache = undefined;
}

export function executionToRaw(record: ExecutionRecord): ExecutionRaw {
  return {
    id: record.id,
    policy_id: record.policyId,
    status: record.status,
    status_text: record.status_text,
    ...record.counts,
    trigger: record.trigger,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

/** The tasks of an execution, derived once and kept until the record changes. */
export function executionTasks(
  seed: number,
  record: ExecutionRecord,
  namespace: NamespaceState,
): readonly ExecutionTaskRaw[] {
  if (record.taskCache !== undefined) return record.taskCache;
  const tasks: ExecutionTaskRaw[] = [];
  const repoCount = Math.max(1, namespace.raw.repo_count);
  const firstRepo = hashKeys(seed, 'repo', record.id) % repoCount;
  for (let i = 0; i < record.taskCount; i++) {
    const explicit = record.explicitTasks?.[i];
    if (explicit !== undefined) {
      tasks.push(Object.freeze({ ...explicit }));
      continue;
    }
    const rng = Rng.derive(seed, 'task', record.id, i);
    const status = taskStatusAt(seed, record, i);
    const createdMs = record.createdMs + 200 + i * rng.int(20, 400);
    const finished = status === 'Success' || status === 'Error' || status === 'Stopped';
    tasks.push(
      Object.freeze({
        id: record.id * TASK_ID_FACTOR + i + 1,
        execution_id: record.id,
        job_id: rng.hex(24),
        status,
        status_text: status === 'Error' ? rng.pick(TASK_ERROR_TEXTS) : '',
        namespace: namespace.raw.name,
        repository: repositoryName(namespace.repoOffset, (firstRepo + i) % repoCount),
        created_at: swrTimestamp(createdMs, rng),
        updated_at:
          status === 'Pending'
            ? ZERO_TIME
            : swrTimestamp(createdMs + (finished ? rng.int(800, 30_000) : 150), rng),
      }),
    );
  }
  record.taskCache = Object.freeze(tasks);
  return record.taskCache;
}

/** status_text of a generated execution that has ended (call after its counts are set). */
export function outcomeText(record: ExecutionRecord): string {
  if (record.fate === 'partial') return `${record.counts.failed} of ${record.taskCount} tasks failed`;
  return record.status_text;
}

/** Move a generated InProgress execution forward to `atMs`; returns true when it finished. */
export function advanceExecution(seed: number, record: ExecutionRecord, atMs: number): boolean {
  if (record.status !== 'InProgress' || record.finishAtMs === undefined) return false;
  if (atMs >= record.finishAtMs) {
    record.done = record.taskCount;
    record.status = record.fate === 'succeed' ? 'Succeed' : record.fate === 'stopped' ? 'Stopped' : 'Failed';
    record.counts = tallyCounts(seed, record);
    record.status_text = outcomeText(record);
    record.updated_at = swrTimestamp(record.finishAtMs, Rng.derive(seed, 'finish', record.id));
    record.finishAtMs = undefined;
    record.taskCache = undefined;
    return true;
  }
  const span = Math.max(1, record.finishAtMs - record.createdMs);
  let done = Math.floor((record.taskCount * (atMs - record.createdMs)) / span);
  // A stopped run never gets past the task it is stopped at.
  if (record.fate === 'stopped') done = Math.min(done, stopPoint(seed, record));
  done = Math.max(record.done, Math.min(done, record.taskCount - 1));
  if (done !== record.done) {
    record.done = done;
    recordChanged(seed, record);
  }
  return false;
}

/** End an InProgress execution now with the given status (control API); unfinished tasks take its outcome. */
export function forceFinish(
  seed: number,
  record: ExecutionRecord,
  status: 'Succeed' | 'Failed' | 'Stopped',
  statusText: string,
  updatedAt: string,
): void {
  const outcome: TaskStatus = status === 'Succeed' ? 'Success' : status === 'Failed' ? 'Error' : 'Stopped';
  if (record.explicitTasks !== undefined) {
    record.explicitTasks = record.explicitTasks.map((task) =>
      task.status === 'Running' || task.status === 'Pending'
        ? { ...task, status: outcome, updated_at: updatedAt }
        : task,
    );
  } else {
    record.forcedFrom = record.done;
    record.forcedStatus = outcome;
    record.done = record.taskCount;
  }
  record.status = status;
  record.status_text = statusText;
  record.updated_at = updatedAt;
  record.finishAtMs = undefined;
  recordChanged(seed, record);
}
