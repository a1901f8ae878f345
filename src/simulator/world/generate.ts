// Builds the whole estate from WorldOptions: same seed, scale and nowMs ⇒ deep-equal state.

import { generateApigInstances, generateHssRegistries, generateRomaInstances } from './generate-gateways.js';
import { generateSwrInstances } from './generate-swr.js';
import { REGION_NAMES } from './names.js';
import { hashKeys, Rng } from './random.js';
import { resolveScale } from './scale.js';
import type { ProjectState, UserEntry, WorldState } from './state.js';
import type { IamProjectRaw, IamUserSpec, RegionInfo, WorldOptions } from './types.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_DOMAIN = 'sim-domain';
export const DEFAULT_USERS: readonly IamUserSpec[] = [{ name: 'sim-user', password: 'sim-password' }];

function iamProject(id: string, name: string, domainId: string): IamProjectRaw {
  return Object.freeze({
    id,
    name,
    domain_id: domainId,
    enabled: true,
    is_domain: false,
    parent_id: domainId,
    description: '',
    links: Object.freeze({ self: `https://iam.myhuaweicloud.com/v3/projects/${id}` }),
  });
}

function emptyProject(region: RegionInfo, iam: IamProjectRaw): ProjectState {
  return { region, iam, swr: new Map(), hss: new Map(), apig: new Map(), roma: new Map() };
}

function regionNames(opts: WorldOptions, count: number): string[] {
  const names = opts.regionNames ?? REGION_NAMES;
  if (names.length < count) {
    throw new RangeError(
      `scale asks for ${count} regions but only ${names.length} region names are available`,
    );
  }
  const chosen = names.slice(0, count);
  for (const name of chosen) {
    if (!/^[a-z]{2,}(-[a-z0-9]+)+$/.test(name)) throw new RangeError(`invalid region name "${name}"`);
  }
  if (new Set(chosen).size !== chosen.length) throw new RangeError('region names must be unique');
  return chosen;
}

function buildUsers(
  seed: number,
  account: { domainId: string; domainName: string },
  specs: readonly IamUserSpec[],
): UserEntry[] {
  return specs.map((spec, index) => {
    if (spec.name === '' || spec.password === '')
      throw new RangeError(`IAM user #${index + 1} needs a name and a password`);
    const domainName = spec.domain ?? account.domainName;
    return {
      raw: Object.freeze({
        id: Rng.derive(seed, 'user', spec.name).hex(32),
        name: spec.name,
        domain_id:
          domainName === account.domainName
            ? account.domainId
            : Rng.derive(seed, 'domain', domainName).hex(32),
        domain_name: domainName,
      }),
      password: spec.password,
    };
  });
}

export function buildWorldState(opts: WorldOptions = {}): WorldState {
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${String(seed)}`);
  }
  const nowMs = opts.nowMs ?? Date.now();
  if (!Number.isFinite(nowMs) || nowMs < 0)
    throw new RangeError(`nowMs must be a non-negative epoch time, got ${nowMs}`);
  const counts = resolveScale(opts.scale);
  const domainName = opts.domainName ?? DEFAULT_DOMAIN;
  const domainId = Rng.derive(seed, 'domain', domainName).hex(32);
  const projects = new Map<string, ProjectState>();
  for (const [regionIndex, name] of regionNames(opts, counts.regions).entries()) {
    const projectId = Rng.derive(seed, 'project', name).hex(32);
    const region: RegionInfo = { name, projectId };
    const project = emptyProject(region, iamProject(projectId, name, domainId));
    const ctx = { seed, counts, region, regionIndex, nowMs };
    project.swr = generateSwrInstances(ctx);
    project.hss = generateHssRegistries(ctx);
    project.apig = generateApigInstances(ctx);
    project.roma = generateRomaInstances(ctx);
    projects.set(projectId, project);
  }
  // A sub-project (`{region}_{suffix}`) so that `?name={region}` must match exactly; it holds no estate.
  const first = [...projects.values()][0];
  if (first !== undefined) {
    const subName = `${first.region.name}_dev`;
    const subId = Rng.derive(seed, 'project', subName).hex(32);
    projects.set(
      subId,
      emptyProject({ name: subName, projectId: subId }, iamProject(subId, subName, domainId)),
    );
  }
  return {
    seed,
    counts,
    domainId,
    domainName,
    projects,
    users: buildUsers(seed, { domainId, domainName }, opts.users ?? DEFAULT_USERS),
    clock: { startMs: nowMs, nowMs, step: 0 },
    executionOrder: opts.executionOrder ?? 'newest_first',
    serial: hashKeys(seed, 'serial'),
  };
}
