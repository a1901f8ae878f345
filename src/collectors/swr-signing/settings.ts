// swr_signing's own settings: how many tasks it reads and keeps, and how it pages executions. The config
// keys (collectors.swr_signing.*) are validated once with the rest of the config; resolve() fills the
// defaults for what a caller leaves out.

import type * as z from 'zod';
import { count } from '../config-fields.js';
import type { CollectorOptions } from '../descriptor.js';

export interface SwrSigningSettings {
  /** task_status series kept per policy; the rest is counted in task_status_omitted. */
  maxTasksPerPolicy: number;
  /** Tasks read per execution at most (the cap chooses among them, failures first). */
  maxTasksFetched: number;
  /** limit for ListInstanceSignPolicyExecutions pages (SWR allows at most 100). */
  executionsPageSize: number;
  /** Finished executions whose tasks are kept (they never change, so they are never read again). */
  taskCacheEntries: number;
}

export const SWR_SIGNING_DEFAULTS: Readonly<SwrSigningSettings> = Object.freeze({
  maxTasksPerPolicy: 50,
  maxTasksFetched: 5000,
  executionsPageSize: 100,
  taskCacheEntries: 20_000,
});

const config = {
  max_tasks_per_policy: count(1, 10_000).optional(),
  max_tasks_fetched: count(1, 1_000_000).optional(),
  executions_page_size: count(1, 100, 'must be at most 100 (the SWR page limit)').optional(),
  task_cache_entries: count(1, 1_000_000).optional(),
};

type Block = z.output<z.ZodObject<typeof config>>;

export const SWR_SIGNING_OPTIONS: CollectorOptions<'swrSigning', SwrSigningSettings, typeof config> = {
  key: 'swrSigning',
  config,
  refine(block: Block, ctx: z.RefinementCtx) {
    const perPolicy = block.max_tasks_per_policy ?? SWR_SIGNING_DEFAULTS.maxTasksPerPolicy;
    if (block.max_tasks_fetched !== undefined && block.max_tasks_fetched < perPolicy) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_tasks_fetched'],
        message: `must not be below max_tasks_per_policy (${perPolicy})`,
      });
    }
  },
  fromConfig: (block: Block) => ({
    ...(block.max_tasks_per_policy === undefined ? {} : { maxTasksPerPolicy: block.max_tasks_per_policy }),
    ...(block.max_tasks_fetched === undefined ? {} : { maxTasksFetched: block.max_tasks_fetched }),
    ...(block.executions_page_size === undefined ? {} : { executionsPageSize: block.executions_page_size }),
    ...(block.task_cache_entries === undefined ? {} : { taskCacheEntries: block.task_cache_entries }),
  }),
  resolve(input) {
    const maxTasksPerPolicy = input?.maxTasksPerPolicy ?? SWR_SIGNING_DEFAULTS.maxTasksPerPolicy;
    return {
      maxTasksPerPolicy,
      // Reading fewer tasks than are kept would leave the cap nothing to choose from.
      maxTasksFetched:
        input?.maxTasksFetched ?? Math.max(SWR_SIGNING_DEFAULTS.maxTasksFetched, maxTasksPerPolicy),
      executionsPageSize: input?.executionsPageSize ?? SWR_SIGNING_DEFAULTS.executionsPageSize,
      taskCacheEntries: input?.taskCacheEntries ?? SWR_SIGNING_DEFAULTS.taskCacheEntries,
    };
  },
};
