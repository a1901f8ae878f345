// Finding a policy's latest execution. Huawei does not document the order of
// ListInstanceSignPolicyExecutions, so with more executions than one page we read both ends (the first page
// and the last one) and take the highest id. SWR only accepts offsets that are multiples of the limit, so the
// last page starts at floor((total - 1) / limit) * limit. New executions may land (or old ones be deleted)
// between the two reads: the total each response reports decides whether one more read is needed (the end
// moved, or shrank back onto the first page). The replication collector finds its latest execution the same
// way (readLatestExecution over its own page reader): one implementation of the rule.

import type { PolicyRef, RegionApi } from '../../huaweicloud/api.js';
import type { SwrSignExecution } from '../../huaweicloud/models.js';

/** Reads beyond the first page, at most: enough for a total that moves once or twice mid-read. */
const MAX_TAIL_READS = 3;

/** What the rule needs of an execution: its id (newer is higher) and status. */
export interface ExecutionLike {
  id: number;
  status: string;
}

/** One page of a policy's executions: the items and the total the response reported, if any. */
export type ExecutionPageReader<E> = (
  page: { offset: number; limit: number },
  signal: AbortSignal,
) => Promise<{ items: readonly E[]; total?: number | undefined }>;

export interface LatestExecutions<E extends ExecutionLike> {
  /** Highest id among the executions read; undefined when the policy has none. */
  latest: E | undefined;
  /** The newest `total` the API reported (executions recorded for the policy). */
  total: number;
  /** The newest successful execution among those read (Succeed, or the caller's rule). */
  latestSucceeded: E | undefined;
  /** Pages requested (for tests and debugging). */
  pagesRead: number;
}

export interface ExecutionEnds {
  /** Highest id among the executions read; undefined when the policy has none. */
  latest: SwrSignExecution | undefined;
  /** The newest `total` the API reported (executions recorded for the policy). */
  total: number;
  /** The newest Succeed execution among those read. */
  latestSucceeded: SwrSignExecution | undefined;
  /** Pages requested (for tests and debugging). */
  pagesRead: number;
}

export function lastPageOffset(total: number, limit: number): number {
  if (total <= 0) return 0;
  return Math.floor((total - 1) / limit) * limit;
}

function highest<E extends ExecutionLike>(items: Iterable<E>, keep?: (e: E) => boolean) {
  let best: E | undefined;
  for (const item of items) {
    if (keep !== undefined && !keep(item)) continue;
    if (best === undefined || item.id > best.id) best = item;
  }
  return best;
}

export function readExecutionEnds(
  api: RegionApi,
  ref: PolicyRef,
  limit: number,
  signal: AbortSignal,
): Promise<ExecutionEnds> {
  return readLatestExecution(
    (page, pageSignal) => api.swr.listSignExecutionsPage(ref, page, { signal: pageSignal }),
    limit,
    signal,
  );
}

/** The latest execution whichever way the list runs: the first page, then the last while the total moves. */
export async function readLatestExecution<E extends ExecutionLike>(
  readPage: ExecutionPageReader<E>,
  limit: number,
  signal: AbortSignal,
  /** What counts as a success for latestSucceeded (retention: a Succeed run that was not a dry run). */
  succeeded: (e: E) => boolean = (e) => e.status === 'Succeed',
): Promise<LatestExecutions<E>> {
  const first = await readPage({ offset: 0, limit }, signal);
  const seen: E[] = [...first.items];
  let pagesRead = 1;
  // Without a total there is no way to address the last page; the first one is all we know.
  let total = first.total ?? first.items.length;
  if (first.total !== undefined) {
    // A page read is only conclusive for the total its own response reported.
    const read = new Set<string>([`0@${total}`]);
    let offset = lastPageOffset(total, limit);
    for (let tries = 0; tries < MAX_TAIL_READS && !read.has(`${offset}@${total}`); tries++) {
      const page = await readPage({ offset, limit }, signal);
      pagesRead++;
      seen.push(...page.items);
      if (page.total !== undefined) total = page.total;
      read.add(`${offset}@${total}`);
      offset = lastPageOffset(total, limit);
    }
  }
  return {
    latest: highest(seen),
    total: Math.max(total, 0),
    latestSucceeded: highest(seen, succeeded),
    pagesRead,
  };
}

/** When an execution ended: updated_at once set, else when it started. */
export function executionEnd(execution: { created_at: Date | null; updated_at: Date | null }): Date | null {
  return execution.updated_at ?? execution.created_at;
}

export const FINISHED_EXECUTION_STATUSES: ReadonlySet<string> = new Set(['Succeed', 'Failed', 'Stopped']);
