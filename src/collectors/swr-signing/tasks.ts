// The task_status series of a policy's latest execution. Tasks are grouped by (repository, status) so the
// series stay unique even when a repository has several tasks; past the per-policy cap, groups that did not
// succeed are kept first (failed repositories are what people look for) and the rest is counted as omitted.
// The replication collector renders its tasks with the same cap (renderTaskGroups with its own family).

import type { Listed } from '../../huaweicloud/api.js';
import type { SwrSignExecutionTask } from '../../huaweicloud/models.js';
import type { MetricFamily } from '../catalog.js';
import { type LabelPrefix, renderPrefixedSample } from '../render.js';
import { SWR_SIGNING_FAMILIES } from './families.js';

const SUCCESS_STATUSES: ReadonlySet<string> = new Set(['Success', 'Succeed']);

export interface RenderedTasks {
  /** task_status sample lines, ready for SeriesWriter.addRendered. */
  readonly lines: string;
  readonly samples: number;
  /** Tasks of the execution not represented in `lines`. */
  readonly omitted: number;
}

interface TaskGroup {
  repository: string;
  status: string;
  count: number;
}

function compareGroups(a: TaskGroup, b: TaskGroup): number {
  const aOk = SUCCESS_STATUSES.has(a.status) ? 1 : 0;
  const bOk = SUCCESS_STATUSES.has(b.status) ? 1 : 0;
  if (aOk !== bOk) return aOk - bOk;
  if (a.repository !== b.repository) return a.repository < b.repository ? -1 : 1;
  return a.status < b.status ? -1 : a.status > b.status ? 1 : 0;
}

/** Task lines for one policy; `policy` holds its region, instance_id, namespace and policy_id labels. */
export function renderTasks(
  policy: LabelPrefix,
  listed: Listed<SwrSignExecutionTask>,
  maxSeries: number,
): RenderedTasks {
  return renderTaskGroups(SWR_SIGNING_FAMILIES.taskStatus, policy, listed, maxSeries);
}

/** Task lines of `family` (labels: the policy's, then repository and status) for one policy. */
export function renderTaskGroups(
  family: MetricFamily,
  policy: LabelPrefix,
  listed: Listed<{ repository: string | undefined; status: string }>,
  maxSeries: number,
): RenderedTasks {
  const groups = new Map<string, TaskGroup>();
  for (const task of listed.items) {
    const repository = task.repository ?? '';
    const key = `${repository}\u0000${task.status}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { repository, status: task.status, count: 1 });
    else group.count++;
  }
  const kept = [...groups.values()].sort(compareGroups).slice(0, maxSeries);
  const rendered: string[] = [];
  let represented = 0;
  for (const group of kept) {
    rendered.push(renderPrefixedSample(family, policy, [group.repository, group.status], group.count));
    represented += group.count;
  }
  const existing = Math.max(listed.total, listed.items.length);
  // Joined, not appended with +=: a finished execution's lines stay cached for long, and join gives one flat
  // string where += would keep a rope of every piece each line was built from for every GC to walk.
  return { lines: rendered.join(''), samples: kept.length, omitted: Math.max(existing - represented, 0) };
}

export const NO_TASKS: RenderedTasks = Object.freeze({ lines: '', samples: 0, omitted: 0 });
