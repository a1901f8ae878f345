// The project id of the region (docs §6.2): configured (options or HUAWEICLOUD_SDK_PROJECT_ID) wins;
// otherwise IAM KeystoneListProjects `GET /v3/projects?name={region}` once, cached for the client's life.
// The lookup is shared by concurrent callers; each one stops waiting when its own signal aborts, and a failed
// lookup is not cached, so the next call tries again.

import { SingleFlight } from '../../runtime/single-flight.js';
import type { CallOptions } from '../api.js';
import { configError } from '../config-error.js';
import { HuaweiCloudError } from '../errors.js';
import type { IamProject } from '../models.js';
import { listIamProjectsBody } from '../schemas/iam.js';
import type { Transport } from '../transport-types.js';
import { abortedError } from './abort.js';
import { fetchParsed, type RegionContext } from './context.js';
import { operationInfo } from './info.js';
/** Reads every region makes when no project_id is set (the project-id lookup). */
export const KEYSTONE_LIST_PROJECTS = operationInfo({
  service: 'iam',
  name: 'KeystoneListProjects',
  iamAction: 'iam:projects:list',
  iamSource: 'inferred',
});

const OPERATION = 'KeystoneListProjects';

export interface ProjectIdSource {
  region: string;
  transport: Transport;
  /** A configured project id; when set, IAM is never asked. */
  configured?: string | undefined;
  /** Told about projects skipped for want of an id or name (RegionContext.degraded). */
  degraded?: RegionContext['degraded'];
}

function pick(region: string, projects: readonly IamProject[]): string {
  // IAM filters by name already; matching again guards against a server that ignores the filter.
  const matches = projects.filter((p) => p.name === region);
  if (matches.length === 0) {
    throw configError(
      `project not found: no IAM project named "${region}" is visible to these credentials ` +
        '(check the region, or grant the user permission to list projects, or set project_id)',
      'iam',
      OPERATION,
    );
  }
  if (matches.length > 1) {
    throw configError(
      `ambiguous project: ${matches.length} IAM projects are named "${region}"; set project_id explicitly`,
      'iam',
      OPERATION,
    );
  }
  const id = (matches[0] as IamProject).id;
  if (id.length === 0) {
    throw new HuaweiCloudError({
      code: 'INVALID_RESPONSE',
      service: 'iam',
      operation: OPERATION,
      message: `${OPERATION}: invalid response: projects[].id is empty for the project named "${region}"`,
    });
  }
  return id;
}

export function createProjectIdResolver(source: ProjectIdSource): (opts?: CallOptions) => Promise<string> {
  if (source.configured !== undefined && source.configured.length > 0) {
    const configured = source.configured;
    return async () => configured;
  }
  let resolved: string | undefined;
  // One lookup for all concurrent callers; nothing is cached when it fails (each waiting caller gets the error).
  const flight = new SingleFlight<string>();

  const lookup = async (): Promise<string> => {
    const projects = await fetchParsed(
      source.transport,
      {
        service: 'iam',
        operation: OPERATION,
        method: 'GET',
        path: ['v3', 'projects'],
        query: [['name', source.region]],
        // No projectId: X-Project-Id must not be sent on the call that discovers it.
      },
      listIamProjectsBody,
      source.degraded,
    );
    return pick(source.region, projects);
  };

  return async (opts: CallOptions = {}) => {
    if (resolved !== undefined) return resolved;
    const { signal } = opts;
    try {
      return await flight.do(async () => {
        resolved = await lookup();
        return resolved;
      }, signal);
    } catch (error) {
      // This caller gave up; the lookup goes on for the others.
      if (signal?.aborted && error === signal.reason) throw abortedError(signal, 'iam', OPERATION);
      throw error;
    }
  };
}
