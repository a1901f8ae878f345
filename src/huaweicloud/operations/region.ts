// RegionApi on top of any Transport: the operations of every service plus the project id, for one region.
// client.ts builds the real transport; tests hand in a fake one.

import type { RegionApi } from '../api.js';
import { configError } from '../config-error.js';
import { PROJECT_ID_ENV } from '../credentials/env-credentials.js';
import { safeObserver } from '../http/safe-observer.js';
import type { ClientObserver } from '../observer.js';
import { DEFAULT_MAX_PAGES } from '../pagination.js';
import type { Transport } from '../transport-types.js';
import { createApigOperations } from './apig.js';
import type { RegionContext } from './context.js';
import { createHssOperations } from './hss.js';
import { operationRunner } from './operation.js';
import { createProjectIdResolver } from './project.js';
import { createSwrOperations } from './swr.js';

export { PROJECT_ID_ENV };

export interface RegionOperationsDeps {
  region: string;
  transport: Transport;
  /** Configured project id (ClientOptions.projectId); wins over the environment and IAM. */
  projectId?: string | undefined;
  /** Environment consulted for HUAWEICLOUD_SDK_PROJECT_ID. Default: none (only explicit values count). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Hard cap on pages per list operation. Default DEFAULT_MAX_PAGES. */
  maxPages?: number | undefined;
  /** Told about records skipped and values made absent (ClientObserver.recordsDegraded). */
  observer?: ClientObserver | undefined;
}

export function createRegionOperations(deps: RegionOperationsDeps): RegionApi {
  const { region, transport } = deps;
  if (typeof region !== 'string' || region.length === 0)
    throw configError('region must be a non-empty string');
  if (deps.projectId !== undefined && (typeof deps.projectId !== 'string' || deps.projectId.length === 0)) {
    throw configError(`projectId for region ${region} must be a non-empty string when given`);
  }
  const maxPages = deps.maxPages ?? DEFAULT_MAX_PAGES;
  if (!Number.isSafeInteger(maxPages) || maxPages < 1) throw configError('maxPages must be an integer >= 1');

  const fromEnv = deps.env?.[PROJECT_ID_ENV];
  const configured = deps.projectId ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv);
  const degraded =
    deps.observer?.recordsDegraded === undefined ? undefined : safeObserver(deps.observer).recordsDegraded;
  const projectId = createProjectIdResolver({ region, transport, configured, degraded });
  const ctx: RegionContext = { transport, projectId, maxPages, degraded };
  const run = operationRunner(ctx);

  return {
    region,
    swr: createSwrOperations(run),
    hss: createHssOperations(run),
    apig: createApigOperations(run),
    projectId,
    run,
  };
}
