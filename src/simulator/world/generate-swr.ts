// Seeded SWR Enterprise estate for one region: instances, namespaces, signature policies with execution
// histories, and replication registries.

import { advanceExecution, outcomeText, tallyCounts } from './executions.js';
import { generateRegistries } from './generate-registries.js';
import { EXECUTION_FAILED_TEXT, namespaceName } from './names.js';
import { Rng } from './random.js';
import type {
  ExecutionFate,
  ExecutionRecord,
  NamespaceState,
  PolicyState,
  SwrInstanceState,
} from './state.js';
import { swrTimestamp, ZERO_TIME } from './timestamps.js';
import type {
  RegionInfo,
  ScaleCounts,
  SignPolicyDetailRaw,
  SignScopeRuleRaw,
  SwrInstanceRaw,
} from './types.js';

const DAY_MS = 86_400_000;

/** Sign every tag of every repository in the namespace: the console's default scope. */
function defaultScopeRules(): SignScopeRuleRaw[] {
  return [
    {
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
      repo_scope_mode: 'regular',
    },
  ];
}

export interface SwrBuildContext {
  seed: number;
  counts: ScaleCounts;
  region: RegionInfo;
  /** Position of the region in the world (0 = first). */
  regionIndex: number;
  nowMs: number;
}

export function generateSwrInstances(ctx: SwrBuildContext): Map<string, SwrInstanceState> {
  const instances = new Map<string, SwrInstanceState>();
  for (let index = 0; index < ctx.counts.instances; index++) {
    const instance = generateInstance(ctx, index);
    instances.set(instance.raw.id, instance);
  }
  return instances;
}

function generateInstance(ctx: SwrBuildContext, index: number): SwrInstanceState {
  const rng = Rng.derive(ctx.seed, 'swr-instance', ctx.region.name, index);
  const id = rng.uuid();
  const name = `swr-ee-${rng.pick(['prod', 'shared', 'dev', 'ops'])}-${index + 1}`;
  const createdMs = ctx.nowMs - rng.int(30 * DAY_MS, 700 * DAY_MS);
  // The first instance of a region always runs so every region has something to scrape; the last one of the
  // first region never does, so every estate shows the exporter skipping a non-Running instance.
  const notRunning = [
    ['Unavailable', 10],
    ['Creating', 10],
    ['Initial', 5],
  ] as const;
  const status =
    index === 0
      ? 'Running'
      : ctx.regionIndex === 0 && index === ctx.counts.instances - 1
        ? rng.weighted(notRunning)
        : rng.weighted([['Running', 75], ...notRunning]);
  const raw: SwrInstanceRaw = {
    id,
    name,
    description: '',
    vpc_id: rng.uuid(),
    subnet_id: rng.uuid(),
    spec: rng.pick(['swr.ee.professional', 'swr.ee.enterprise', 'swr.ee.platinum']),
    version: rng.pick(['v2.8.4', 'v2.10.1']),
    charge_mode: 'postPaid',
    access_address: `https://${name}-${id.slice(0, 8)}.swr-pro.${ctx.region.name}.myhuaweicloud.com`,
    created_at: swrTimestamp(createdMs, rng),
    updated_at: swrTimestamp(createdMs + rng.int(DAY_MS, 20 * DAY_MS), rng),
    expires_at: ZERO_TIME,
    status,
    obs_bucket_name: `swr-ee-${rng.hex(12)}`,
    project_id: ctx.region.projectId,
    enterprise_project_id: '0',
    user_def_obs: false,
    product_id: `00301-${rng.int(100000, 999999)}-0--0`,
    order_id: '',
    vpc_name: 'vpc-default',
    vpc_cidr: '192.168.0.0/16',
    subnet_name: 'subnet-default',
    subnet_cidr: '192.168.0.0/24',
    vpcep_service_id: rng.uuid(),
  };
  const instance: SwrInstanceState = {
    raw: Object.freeze(raw),
    regionName: ctx.region.name,
    namespaces: new Map(),
    policies: new Map(),
    policyIds: undefined,
    registries: new Map(),
    running: new Map(),
    nextNamespaceId: rng.int(1, 20),
    nextPolicyId: rng.int(1, 40),
    nextRegistryId: rng.int(1, 10),
    nextExecutionId: rng.int(100, 5000),
  };
  const namespaces = generateNamespaces(ctx, instance, rng);
  generatePolicies(ctx, instance, namespaces, rng);
  generateRegistries(ctx, instance, rng);
  return instance;
}

function generateNamespaces(ctx: SwrBuildContext, instance: SwrInstanceState, rng: Rng): NamespaceState[] {
  const out: NamespaceState[] = [];
  const flag = (): 'true' | 'false' => (rng.chance(0.5) ? 'true' : 'false');
  for (let n = 0; n < ctx.counts.namespaces; n++) {
    const namespaceId = instance.nextNamespaceId++;
    const createdMs = ctx.nowMs - rng.int(20 * DAY_MS, 600 * DAY_MS);
    const created = swrTimestamp(createdMs, rng);
    const state: NamespaceState = {
      raw: Object.freeze({
        name: namespaceName(n, rng),
        namespace_id: namespaceId,
        metadata: {
          public: flag(),
          auto_scan: flag(),
          prevent_vul: flag(),
          severity: rng.pick(['low', 'medium', 'high', 'critical']),
        },
        created_at: created,
        updated_at: swrTimestamp(createdMs + rng.int(0, 10 * DAY_MS), rng),
        // At least as many repositories as an execution can have tasks, so a run signs each at most once.
        repo_count: rng.int(Math.max(1, ctx.counts.tasksPerExecution), ctx.counts.tasksPerExecution + 20),
        cve_allowlist: {
          id: namespaceId,
          namespace_id: namespaceId,
          items: [],
          creation_time: created,
          update_time: created,
        },
      }),
      repoOffset: rng.int(0, 15),
    };
    instance.namespaces.set(state.raw.name, state);
    out.push(state);
  }
  return out;
}

export function policyRaw(
  rng: Rng,
  id: number,
  namespace: NamespaceState,
  createdMs: number,
  fields: { name?: string; enabled?: boolean; trigger_type?: string },
): SignPolicyDetailRaw {
  return Object.freeze({
    id,
    name: fields.name ?? `sign-policy-${id}`,
    description: '',
    namespace_id: namespace.raw.namespace_id,
    namespace_name: namespace.raw.name,
    trigger: {
      type:
        fields.trigger_type ??
        rng.weighted([
          ['event_based', 60],
          ['manual', 40],
        ] as const),
      trigger_settings: { cron: '' },
    },
    creator: rng.pick(['admin', 'devops-bot', 'zhangwei', 'ci-pipeline']),
    enabled: fields.enabled ?? rng.chance(0.85),
    scope_rules: defaultScopeRules(),
    created_at: swrTimestamp(createdMs, rng),
    updated_at: swrTimestamp(createdMs + rng.int(0, 5 * DAY_MS), rng),
    signature_algorithm: rng.pick(['ECDSA_SHA_256', 'ECDSA_SHA_384', 'SM2DSA_SM3']),
    signature_key: rng.uuid(),
    signature_method: 'KMS',
  });
}

interface PendingExecution {
  policy: PolicyState;
  record: ExecutionRecord;
}

function generatePolicies(
  ctx: SwrBuildContext,
  instance: SwrInstanceState,
  namespaces: NamespaceState[],
  rng: Rng,
): void {
  const pending: PendingExecution[] = [];
  for (let p = 0; p < ctx.counts.policies; p++) {
    const namespace = rng.pick(namespaces);
    const id = instance.nextPolicyId++;
    const createdMs = ctx.nowMs - rng.int(DAY_MS, 400 * DAY_MS);
    const policy: PolicyState = {
      raw: policyRaw(rng, id, namespace, createdMs, {}),
      namespace,
      executions: [],
    };
    instance.policies.set(id, policy);
    const historyRng = Rng.derive(ctx.seed, 'history', ctx.region.name, instance.raw.id, id);
    for (const record of generateHistory(ctx, policy, createdMs, historyRng))
      pending.push({ policy, record });
  }
  // Ids grow with time across the whole instance, like a database sequence.
  pending.sort((a, b) => a.record.createdMs - b.record.createdMs || a.record.policyId - b.record.policyId);
  for (const { policy, record } of pending) {
    record.id = instance.nextExecutionId;
    instance.nextExecutionId += rng.int(1, 3);
    record.counts = tallyCounts(ctx.seed, record);
    if (record.status !== 'InProgress') record.status_text = outcomeText(record);
    if (record.status === 'InProgress') {
      advanceExecution(ctx.seed, record, ctx.nowMs);
      instance.running.set(record.id, record);
    }
    policy.executions.push(record);
  }
}

export function pickFate(rng: Rng, taskCount: number): ExecutionFate {
  if (taskCount === 0) return rng.chance(0.6) ? 'succeed' : 'no_artifacts';
  return rng.weighted([
    ['succeed', 75],
    ['partial', 12],
    ['no_artifacts', 5],
    ['stopped', 8],
  ] as const);
}

/** A new execution record (id assigned by the caller); InProgress when `finishAtMs` is in the future. */
export function newExecutionRecord(
  rng: Rng,
  policy: PolicyState,
  createdMs: number,
  maxTasks: number,
  runningUntil: number | undefined,
): ExecutionRecord {
  const policyTrigger = policy.raw.trigger.type;
  const trigger = policyTrigger === 'event_based' && rng.chance(0.85) ? 'event_based' : 'manual';
  let taskCount = maxTasks === 0 ? 0 : rng.int(1, maxTasks);
  const fate = pickFate(rng, taskCount);
  if (fate === 'no_artifacts') taskCount = 0;
  const finishAtMs = Math.max(createdMs + 3000 + taskCount * rng.int(1000, 8000), runningUntil ?? 0);
  const record: ExecutionRecord = {
    id: 0,
    policyId: policy.raw.id,
    trigger,
    createdMs,
    created_at: swrTimestamp(createdMs, rng),
    updated_at: ZERO_TIME,
    status: 'InProgress',
    status_text: '',
    taskCount,
    fate,
    done: 0,
    forcedFrom: taskCount,
    forcedStatus: undefined,
    explicitTasks: undefined,
    finishAtMs,
    counts: { total: taskCount, failed: 0, succeed: 0, in_progress: 0, stopped: 0 },
    taskCache: undefined,
  };
  if (fate === 'no_artifacts') {
    // Fails before any task exists and is never updated afterwards (seed 000's example).
    record.status = 'Failed';
    record.status_text = EXECUTION_FAILED_TEXT;
    record.finishAtMs = undefined;
  } else if (runningUntil === undefined) {
    record.done = taskCount;
    record.status = fate === 'succeed' ? 'Succeed' : fate === 'stopped' ? 'Stopped' : 'Failed';
    record.updated_at = swrTimestamp(finishAtMs, rng);
    record.finishAtMs = undefined;
  }
  return record;
}

function generateHistory(
  ctx: SwrBuildContext,
  policy: PolicyState,
  policyCreatedMs: number,
  rng: Rng,
): ExecutionRecord[] {
  const count = ctx.counts.executionsPerPolicy;
  const historyEnd = ctx.nowMs - 10 * 60_000;
  const times: number[] = [];
  for (let k = 0; k < count; k++) times.push(rng.int(policyCreatedMs, Math.max(policyCreatedMs, historyEnd)));
  times.sort((a, b) => a - b);
  const latestRunning = count > 0 && policy.raw.enabled && rng.chance(0.05);
  if (latestRunning) times[count - 1] = ctx.nowMs - rng.int(5_000, 90_000);
  return times.map((createdMs, k) => {
    const running = latestRunning && k === count - 1 ? ctx.nowMs + rng.int(20_000, 300_000) : undefined;
    const record = newExecutionRecord(rng, policy, createdMs, ctx.counts.tasksPerExecution, running);
    if (running !== undefined && record.status === 'InProgress') record.finishAtMs = running;
    return record;
  });
}
