// The world's internal, mutable state. Raw API objects are stored frozen and replaced (never edited) on change,
// so routes can serialise what the World returns without copying.

import type {
  ApigInstanceRaw,
  ExecutionOrder,
  ExecutionTaskRaw,
  HssRegistryRaw,
  IamProjectRaw,
  IamUserRaw,
  RegionInfo,
  RomaInstanceRaw,
  ScaleCounts,
  SignatureKeyRaw,
  SignPolicyDetailRaw,
  SwrInstanceRaw,
  SwrNamespaceRaw,
  SwrRegistryRaw,
  TaskStatus,
} from './types.js';

/** How a generated execution ends; decides each task's outcome without storing the tasks. */
export type ExecutionFate = 'succeed' | 'partial' | 'stopped' | 'no_artifacts';

export interface ExecutionCounts {
  total: number;
  failed: number;
  succeed: number;
  in_progress: number;
  stopped: number;
}

export interface ExecutionRecord {
  id: number;
  policyId: number;
  trigger: string;
  createdMs: number;
  created_at: string;
  updated_at: string;
  status: string;
  status_text: string;
  taskCount: number;
  fate: ExecutionFate;
  /** Tasks finished so far (task index < done); equals taskCount once the execution has ended. */
  done: number;
  /** A forced finish: tasks from this index on end with `forcedStatus` instead of their fate. */
  forcedFrom: number;
  forcedStatus: TaskStatus | undefined;
  /** Tasks given through the control API (then fate/done are unused). */
  explicitTasks: ExecutionTaskRaw[] | undefined;
  /** When a generated InProgress execution completes by itself; undefined when only the control API ends it. */
  finishAtMs: number | undefined;
  counts: ExecutionCounts;
  /** Derived tasks, built on first read and dropped when the record changes. */
  taskCache: readonly ExecutionTaskRaw[] | undefined;
}

export interface NamespaceState {
  raw: SwrNamespaceRaw;
  /** Tasks name repositories `repositoryAt(namespace, k)` for k < repo_count. */
  repoOffset: number;
}

export interface PolicyState {
  raw: SignPolicyDetailRaw;
  namespace: NamespaceState;
  /** Ascending id (= creation order). */
  executions: ExecutionRecord[];
}

export interface SwrInstanceState {
  raw: SwrInstanceRaw;
  regionName: string;
  namespaces: Map<string, NamespaceState>;
  policies: Map<number, PolicyState>;
  /** `policies` keys as an array for random picks each time step; reset when policies are added or deleted. */
  policyIds: number[] | undefined;
  registries: Map<number, SwrRegistryRaw>;
  /** Generated executions still running, in id order (ticks progress them). */
  running: Map<number, ExecutionRecord>;
  nextNamespaceId: number;
  nextPolicyId: number;
  nextRegistryId: number;
  nextExecutionId: number;
}

export interface HssEntry {
  raw: HssRegistryRaw;
  /** HSS filters on it but does not serve it. */
  enterpriseProjectId: string;
  syncIntervalMs: number;
}

export interface GatewayInstanceState<T extends ApigInstanceRaw | RomaInstanceRaw> {
  raw: T;
  keys: Map<string, SignatureKeyRaw>;
}

export interface ProjectState {
  region: RegionInfo;
  iam: IamProjectRaw;
  swr: Map<string, SwrInstanceState>;
  hss: Map<string, HssEntry>;
  apig: Map<string, GatewayInstanceState<ApigInstanceRaw>>;
  roma: Map<string, GatewayInstanceState<RomaInstanceRaw>>;
}

export interface UserEntry {
  raw: IamUserRaw;
  password: string;
}

export interface ClockState {
  startMs: number;
  nowMs: number;
  /** Last processed time step (0 = none yet). */
  step: number;
}

export interface WorldState {
  seed: number;
  counts: ScaleCounts;
  domainId: string;
  domainName: string;
  /** Regional projects first, in region order; sub-projects (no estate) after. */
  projects: Map<string, ProjectState>;
  users: UserEntry[];
  clock: ClockState;
  executionOrder: ExecutionOrder;
  /** Source of ids and values for mutations and anything created after build. */
  serial: number;
}
