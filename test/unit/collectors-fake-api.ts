// An in-memory RegionApi for collector and engine tests: a mutable estate, SWR's paging rules enforced, every
// call logged, and hooks to hold, fail or slow an operation.

import type {
  CallOptions,
  ExecutionRef,
  Listed,
  ListOptions,
  PolicyRef,
  RegionApi,
} from '../../src/huaweicloud/api.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import type {
  ApigInstance,
  Gateway,
  HssRegistry,
  Page,
  SignatureKey,
  SwrInstance,
  SwrRegistry,
  SwrSignExecution,
  SwrSignExecutionTask,
  SwrSignPolicy,
} from '../../src/huaweicloud/models.js';
import type { Operation } from '../../src/huaweicloud/operations/operation.js';

export interface FakeEstate {
  swrInstances: SwrInstance[];
  policies: Map<string, SwrSignPolicy[]>;
  /** Key `${instanceId}/${policyId}`, any order; listed in `order`. */
  executions: Map<string, SwrSignExecution[]>;
  /** Key `${instanceId}/${policyId}/${executionId}`. */
  tasks: Map<string, SwrSignExecutionTask[]>;
  registries: Map<string, SwrRegistry[]>;
  hssRegistries: HssRegistry[];
  gatewayInstances: Record<Gateway, ApigInstance[]>;
  /** Key `${gateway}/${instanceId}`. */
  keys: Map<string, SignatureKey[]>;
  order: 'newest-first' | 'oldest-first';
}

export function emptyEstate(): FakeEstate {
  return {
    swrInstances: [],
    policies: new Map(),
    executions: new Map(),
    tasks: new Map(),
    registries: new Map(),
    hssRegistries: [],
    gatewayInstances: { apig: [], roma: [] },
    keys: new Map(),
    order: 'newest-first',
  };
}

export interface Call {
  op: string;
  args: unknown[];
}

type Handler = (args: never, opts: never) => unknown;

type Hook = (op: string, args: unknown[], signal: AbortSignal | undefined) => Promise<void> | void;

function notFound(what: string): HuaweiCloudError {
  return new HuaweiCloudError({ code: 'NOT_FOUND', message: `${what} not found`, status: 404 });
}

function list<T>(items: readonly T[], opts?: ListOptions): Listed<T> {
  const max = opts?.maxItems;
  const kept = max === undefined ? [...items] : items.slice(0, max);
  return { items: kept, total: items.length, truncated: kept.length < items.length };
}

export class FakeRegionApi implements RegionApi {
  readonly region: string;
  readonly estate: FakeEstate;
  readonly calls: Call[] = [];
  /** Runs before every operation; may throw, wait, or watch the signal. */
  hook: Hook | undefined;

  constructor(region: string, estate: FakeEstate = emptyEstate()) {
    this.region = region;
    this.estate = estate;
  }

  count(op?: string): number {
    return op === undefined ? this.calls.length : this.calls.filter((c) => c.op === op).length;
  }

  async #enter(op: string, args: unknown[], opts: CallOptions | undefined): Promise<void> {
    this.calls.push({ op, args });
    await this.hook?.(op, args, opts?.signal);
    if (opts?.signal?.aborted) {
      throw new HuaweiCloudError({
        code: 'ABORTED',
        message: 'aborted',
        operation: op,
        cause: opts.signal.reason,
      });
    }
  }

  projectId(): Promise<string> {
    return Promise.resolve('project-1');
  }

  readonly #handlers = new Map<Operation<never, unknown, never>, Handler>();

  /** Answers `run(op, …)` with `answer`; logged as `run.<service>.<name>` like every other call. */
  handle<A, R, O extends CallOptions>(
    op: Operation<A, R, O>,
    answer: (args: A, opts: O) => R | Promise<R>,
  ): this {
    this.#handlers.set(op as never, answer as Handler);
    return this;
  }

  async run<A, R, O extends CallOptions = CallOptions>(
    op: Operation<A, R, O>,
    args: A,
    opts?: O,
  ): Promise<R> {
    await this.#enter(`run.${op.service}.${op.name}`, [args], opts);
    const answer = this.#handlers.get(op as never) as ((args: A, opts: O | undefined) => R) | undefined;
    if (answer === undefined) throw new Error(`FakeRegionApi: no handler for ${op.service} ${op.name}`);
    return answer(args, opts);
  }

  readonly swr: RegionApi['swr'] = {
    listInstances: async (opts) => {
      await this.#enter('swr.listInstances', [opts?.status], opts);
      const items = this.estate.swrInstances.filter(
        (i) => opts?.status === undefined || i.status === opts.status,
      );
      return list(items, opts);
    },
    listSignPolicies: async (instanceId, opts) => {
      await this.#enter('swr.listSignPolicies', [instanceId], opts);
      const policies = this.estate.policies.get(instanceId);
      if (policies === undefined) throw notFound(`instance ${instanceId}`);
      return list(policies, opts);
    },
    listSignExecutionsPage: async (ref: PolicyRef, page, opts) => {
      await this.#enter('swr.listSignExecutionsPage', [ref, page], opts);
      if (page.limit < 1 || page.limit > 100 || page.offset % page.limit !== 0) {
        throw new HuaweiCloudError({ code: 'HTTP_ERROR', message: 'invalid paging', status: 400 });
      }
      const all = this.estate.executions.get(`${ref.instanceId}/${ref.policyId}`);
      if (all === undefined) throw notFound(`policy ${ref.policyId}`);
      const sorted = [...all].sort((a, b) =>
        this.estate.order === 'newest-first' ? b.id - a.id : a.id - b.id,
      );
      return {
        items: sorted.slice(page.offset, page.offset + page.limit),
        total: sorted.length,
      } satisfies Page<SwrSignExecution>;
    },
    listSignExecutionTasks: async (ref: ExecutionRef, opts) => {
      await this.#enter('swr.listSignExecutionTasks', [ref], opts);
      const tasks = this.estate.tasks.get(`${ref.instanceId}/${ref.policyId}/${ref.executionId}`) ?? [];
      return list(tasks, opts);
    },
    listRegistries: async (instanceId, opts) => {
      await this.#enter('swr.listRegistries', [instanceId], opts);
      const registries = this.estate.registries.get(instanceId);
      if (registries === undefined) throw notFound(`instance ${instanceId}`);
      return list(registries, opts);
    },
    showRegistry: async (instanceId, registryId, opts) => {
      await this.#enter('swr.showRegistry', [instanceId, registryId], opts);
      const found = this.estate.registries.get(instanceId)?.find((r) => r.id === registryId);
      if (found === undefined) throw notFound(`registry ${registryId}`);
      return found;
    },
  };

  readonly hss: RegionApi['hss'] = {
    listRegistries: async (opts) => {
      await this.#enter('hss.listRegistries', [opts?.enterpriseProjectId], opts);
      return list(this.estate.hssRegistries, opts);
    },
  };

  readonly apig: RegionApi['apig'] = {
    listInstances: async (gateway, opts) => {
      await this.#enter('apig.listInstances', [gateway], opts);
      return list(this.estate.gatewayInstances[gateway], opts);
    },
    listSignatureKeys: async (gateway, instanceId, opts) => {
      await this.#enter('apig.listSignatureKeys', [gateway, instanceId], opts);
      const keys = this.estate.keys.get(`${gateway}/${instanceId}`);
      if (keys === undefined) throw notFound(`instance ${instanceId}`);
      return list(keys, opts);
    },
  };
}

// --- record builders with realistic defaults -------------------------------------------------------------

const at = (iso: string) => new Date(iso);

export function swrInstance(id: string, status = 'Running'): SwrInstance {
  return {
    id,
    name: `inst-${id}`,
    status,
  };
}

export function signPolicy(id: number, namespace: string, extra: Partial<SwrSignPolicy> = {}): SwrSignPolicy {
  return {
    id,
    name: `policy-${id}`,
    namespace_name: namespace,
    enabled: true,
    trigger_type: 'event_based',
    created_at: at('2024-01-02T00:00:00Z'),
    updated_at: null,
    ...extra,
  };
}

export function execution(
  id: number,
  policyId: number,
  extra: Partial<SwrSignExecution> = {},
): SwrSignExecution {
  return {
    id,
    policy_id: policyId,
    status: 'Succeed',
    status_text: '',
    total: 2,
    failed: 0,
    succeed: 2,
    in_progress: 0,
    stopped: 0,
    trigger: 'event_based',
    created_at: new Date(Date.UTC(2024, 5, 1, 0, 0, 0) + id * 60_000),
    updated_at: new Date(Date.UTC(2024, 5, 1, 0, 0, 30) + id * 60_000),
    ...extra,
  };
}

export function task(id: number, repository: string, status = 'Success'): SwrSignExecutionTask {
  return {
    id,
    status,
    namespace: undefined,
    repository,
    created_at: null,
    updated_at: null,
  };
}

export function swrRegistry(id: number, extra: Partial<SwrRegistry> = {}): SwrRegistry {
  return {
    id,
    name: `registry-${id}`,
    description: undefined,
    region_id: undefined,
    instance_id: undefined,
    type: 'swr-pro',
    url: `https://registry-${id}.example.com`,
    credential_type: 'basic',
    insecure: false,
    status: 'healthy',
    created_at: null,
    updated_at: null,
    ...extra,
  };
}

export function hssRegistry(id: string, extra: Partial<HssRegistry> = {}): HssRegistry {
  return {
    id,
    registry_name: `hss-${id}`,
    registry_type: 'Harbor',
    api_version: 'V2',
    protocol: 'https',
    registry_addr: `harbor-${id}.example.com`,
    namespace: undefined,
    connect_cluster_id: undefined,
    get_scan_image_channel: 'Other',
    status: 'success',
    fail_reason: undefined,
    images_num: 10,
    latest_sync_time: at('2024-06-01T12:00:00.250Z'),
    ...extra,
  };
}

export function gatewayInstance(id: string, status = 'Running'): ApigInstance {
  return {
    id,
    instance_name: `gw-${id}`,
    status,
    type: 'apig',
    spec: 'PROFESSIONAL',
    project_id: 'project-1',
    enterprise_project_id: '0',
    create_time: null,
  };
}

export function signatureKey(id: string, extra: Partial<SignatureKey> = {}): SignatureKey {
  return {
    id,
    name: `key-${id}`,
    sign_type: 'hmac',
    sign_algorithm: undefined,
    bind_num: 1,
    ldapi_bind_num: 0,
    create_time: at('2024-02-01T00:00:00Z'),
    update_time: at('2024-03-01T00:00:00.5Z'),
    ...extra,
  };
}

/** A manual clock for TTL and age tests. */
export class FakeClock {
  constructor(public ms = Date.UTC(2024, 6, 1, 0, 0, 0)) {}
  readonly now = () => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** A held operation: upstream calls wait until `release()`. */
export function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}
