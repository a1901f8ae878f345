// The simulated estate: raw API objects exactly as the real services serve them (snake_case, JSON types from
// ../shared/seeds and ../shared/docs/huaweicloud-api.md), and the World interface the HTTP side codes against.
// Routes serialise these objects as they are; they never need to rename or convert a field.
// Stability rule: this file only grows (new fields/methods), nothing is renamed.
// Factory (src/simulator/world/index.ts): `createWorld(opts?: WorldOptions): World` and
// `resolveScale(scale?: ScalePreset | Partial<ScaleCounts>): ScaleCounts` (throws a RangeError naming the bad count).

// --- SWR Enterprise (docs §4.1, §4.2, §4.5, §5) ---------------------------------------------------------

/** ListInstance item (docs §5). */
export interface SwrInstanceRaw {
  id: string;
  name: string;
  description: string;
  vpc_id: string;
  subnet_id: string;
  spec: string;
  version: string;
  charge_mode: string;
  access_address: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
  status: string; // Initial | Creating | Running | Unavailable
  obs_bucket_name: string;
  project_id: string;
  enterprise_project_id: string;
  user_def_obs: boolean;
  product_id: string;
  order_id: string;
  vpc_name: string;
  vpc_cidr: string;
  subnet_name: string;
  subnet_cidr: string;
  vpcep_service_id: string;
}

export interface SwrCveAllowlistRaw {
  id: number;
  namespace_id: number;
  items: Array<{ cve_id: string }>;
  creation_time: string;
  update_time: string;
}

/** ListInstanceNamespaces item (docs §5). */
export interface SwrNamespaceRaw {
  name: string;
  namespace_id: number;
  metadata: {
    public: 'true' | 'false';
    auto_scan: 'true' | 'false';
    prevent_vul: 'true' | 'false';
    severity: string;
  };
  created_at: string;
  updated_at: string;
  repo_count: number;
  cve_allowlist: SwrCveAllowlistRaw;
}

export interface SignRuleSelectorRaw {
  kind: string;
  decoration: string;
  pattern: string;
}

export interface SignScopeRuleRaw {
  tag_selectors: SignRuleSelectorRaw[];
  scope_selectors: Record<string, SignRuleSelectorRaw[]>;
  repo_scope_mode: string;
}

/** SignPolicyDetail (ListInstanceSignPolicies item, docs §5). */
export interface SignPolicyDetailRaw {
  id: number;
  name: string;
  description: string;
  namespace_id: number;
  namespace_name: string;
  trigger: { type: string; trigger_settings: { cron: string } };
  creator: string;
  enabled: boolean;
  scope_rules: SignScopeRuleRaw[];
  created_at: string;
  updated_at: string;
  signature_algorithm: string;
  signature_key: string;
  signature_method: string;
}

export type ExecutionStatus = 'InProgress' | 'Succeed' | 'Failed' | 'Stopped';
export type ExecutionTrigger = 'manual' | 'event_based';
export type TaskStatus = 'Pending' | 'Running' | 'Success' | 'Error' | 'Stopped';

/** Execution (ListInstanceSignPolicyExecutions item, seed 000). */
export interface ExecutionRaw {
  id: number;
  policy_id: number;
  status: string;
  status_text: string;
  total: number;
  failed: number;
  succeed: number;
  in_progress: number;
  stopped: number;
  trigger: string;
  created_at: string;
  /** `0001-01-01T00:00:00Z` while unset. */
  updated_at: string;
}

/** SignatureExecutionTask (ListInstanceSignPolicyExecTasks item, seed 001). */
export interface ExecutionTaskRaw {
  id: number;
  execution_id: number;
  job_id: string;
  status: string;
  status_text: string;
  namespace: string;
  repository: string;
  created_at: string;
  updated_at: string;
}

export type SwrRegistryType = 'swr-pro' | 'swr-pro-internal' | 'huawei-SWR';
export type SwrRegistryStatus = 'healthy' | 'unhealthy';

/** ShowInstanceRegistry body / ListInstanceRegistries item (seed 004). */
export interface SwrRegistryRaw {
  id: number;
  name: string;
  description: string;
  type: string;
  url: string;
  region_id: string;
  instance_id: string;
  /** access_secret is masked (`*****`) exactly as the real API serves it. */
  credential: { type: 'basic'; access_key: string; access_secret: string };
  insecure: boolean;
  status: string;
  created_at: string;
  updated_at: string;
}

// --- HSS (docs §4.3, seed 002) ----------------------------------------------------------------------------

export type HssRegistryType = 'Harbor' | 'Jfrog' | 'SwrPrivate' | 'SwrShared' | 'SwrEnterprise' | 'Other';
export type HssRegistryStatus = 'success' | 'fail' | 'accessing';
export type HssFailReason = 'CREATE_JOB_FAILED' | 'REQUEST_API_ERROR' | 'SERVER_ERROR';

/** RegistryInfo. `namespace` only when get_scan_image_channel = Other; `fail_reason` only when status = fail. */
export interface HssRegistryRaw {
  id: string;
  registry_name: string;
  registry_type: string;
  api_version: string;
  protocol: string;
  registry_addr: string;
  registry_username: string;
  namespace?: string;
  connect_cluster_id: string;
  get_scan_image_channel: string;
  status: string;
  fail_reason?: string;
  images_num: number;
  /** Epoch MILLISECONDS. */
  latest_sync_time: number;
}

// --- API Gateway / ROMA (docs §4.4, §5) ---------------------------------------------------------------

export type GatewayKind = 'apig' | 'roma';

/** APIG ListInstancesV2 item (RespInstanceBase). */
export interface ApigInstanceRaw {
  id: string;
  project_id: string;
  instance_name: string;
  status: string;
  instance_status: number;
  type: string;
  spec: string;
  /** Unix timestamp (seconds). */
  create_time: number;
  enterprise_project_id: string;
  eip_address: string;
  charging_mode: number;
  cbc_metadata: string;
  loadbalancer_provider: string;
  cbc_operation_locks: Array<{ lock_scene: string; lock_source_id: string }>;
}

/** ROMA Connect CheckRomaInstanceListV2 item (RomaInstanceCheckListRespInstances). */
export interface RomaInstanceRaw {
  id: string;
  name: string;
  description: string;
  flavor_id: string;
  flavor_type: string;
  cpu_arch: string;
  vpc_id: string;
  subnet_id: string;
  security_group_id: string;
  publicip_enable: boolean;
  publicip_id: string;
  publicip_address: string;
  status: string; // CREATING | CREATE_FAILED | ERROR | RUNNING | FREEZING | FROZEN | DELETING | DELETE_FALIED
  charge_type: string;
  project_id: string;
  create_time: string;
  update_time: string;
  maintain_begin: string;
  maintain_end: string;
  available_zone_ids: string[];
  enterprise_project_id: string;
}

export type SignType = 'hmac' | 'basic' | 'public_key' | 'aes';

/** SignatureWithBindNum (seed 003). sign_key/sign_secret are in clear, as the real API returns them. */
export interface SignatureKeyRaw {
  id: string;
  name: string;
  sign_type: string;
  sign_key: string;
  sign_secret: string;
  /** Only for sign_type aes. */
  sign_algorithm?: string;
  bind_num: number;
  ldapi_bind_num: number;
  create_time: string;
  update_time: string;
}

// --- IAM (docs §6.2, §6.3) ----------------------------------------------------------------------------

export interface IamProjectRaw {
  id: string;
  name: string;
  domain_id: string;
  enabled: boolean;
  is_domain: boolean;
  parent_id: string;
  description: string;
  links: { self: string };
}

/** A user that can obtain a token with the password method. The password never leaves the world. */
export interface IamUserRaw {
  id: string;
  name: string;
  domain_id: string;
  domain_name: string;
}

// --- Sizes, options --------------------------------------------------------------------------------------

/** How big the generated estate is. Per-parent counts; `tasksPerExecution` is an upper bound. */
export interface ScaleCounts {
  regions: number;
  /** SWR Enterprise instances per region. */
  instances: number;
  /** Namespaces per SWR instance. */
  namespaces: number;
  /** Signature policies per SWR instance (spread over its namespaces). */
  policies: number;
  /** Executions per policy at build time (exact). */
  executionsPerPolicy: number;
  /** Maximum tasks per execution (each execution gets 0…this many). */
  tasksPerExecution: number;
  /** Replication registries per SWR instance. */
  registries: number;
  /** HSS registries per region. */
  hssRegistries: number;
  /** APIG instances per region. */
  apigInstances: number;
  /** ROMA Connect instances per region. */
  romaInstances: number;
  /** Signature keys per gateway instance (APIG and ROMA). */
  keysPerInstance: number;
}

export type ScalePreset = 'small' | 'medium' | 'large';
export type ExecutionOrder = 'newest_first' | 'oldest_first';

export interface IamUserSpec {
  name: string;
  password: string;
  domain?: string;
}

export interface WorldOptions {
  seed?: number;
  scale?: ScalePreset | Partial<ScaleCounts>;
  executionOrder?: ExecutionOrder;
  /** World clock at build time (epoch ms). Histories are generated before it. Same seed + same nowMs ⇒ same estate. */
  nowMs?: number;
  /** Region names to use (default cn-north-4, ap-southeast-1, …); `scale.regions` takes the first n. */
  regionNames?: string[];
  /** The account (domain) the estate belongs to; its id derives from it and the seed. Default `sim-domain`. */
  domainName?: string;
  /** Password users; default one user `sim-user` / `sim-password` in the world's domain. */
  users?: IamUserSpec[];
  /**
   * Serve the variety a real cloud sends (default false: every record canonical): absent/null optional
   * fields, every accepted timestamp layout, unknown fields, unlisted enum values, and some records without
   * their identity field; some HSS registries live in other enterprise projects. The state stays canonical.
   */
  variety?: boolean;
}

/** A record the world serves without its identity field (WorldOptions.variety): readers must skip it. */
export interface UnreadableRecord {
  service: 'swr' | 'hss' | 'apig' | 'roma';
  /** The list operation that serves it (Huawei's operation name). */
  operation: string;
  projectId: string;
  /** The instance whose list holds it (policies, registries, keys); absent for project-wide lists. */
  instanceId?: string;
}

// --- Results and filters ------------------------------------------------------------------------------

/** What a lookup could not find; routes map each to its own 404 code. `invalid` = bad mutation input. */
export type MissingKind =
  | 'project'
  | 'instance'
  | 'namespace'
  | 'policy'
  | 'execution'
  | 'registry'
  | 'sign'
  | 'invalid';

export type WorldResult<T> = { ok: true; value: T } | { ok: false; missing: MissingKind; message: string };

export interface RegionInfo {
  name: string;
  projectId: string;
}

export interface SwrInstanceFilter {
  status?: string;
  enterprise_project_id?: string;
}

export interface NamespaceFilter {
  name?: string;
  public?: string;
  order_column?: string;
  order_type?: string;
}

export interface SwrRegistryFilter {
  /** Fuzzy (substring, case-insensitive). */
  name?: string;
  type?: string;
  /** created_at (default) | updated_at | name */
  order_column?: string;
  /** desc (default) | asc */
  order_type?: string;
}

export interface HssRegistryFilter {
  registry_name?: string;
  registry_id?: string;
  /** Comma-separated list allowed. */
  registry_type?: string;
  registry_addr?: string;
  status?: string;
  /** `0` = default project (also when absent), `all_granted_eps` = every project. */
  enterprise_project_id?: string;
}

export interface GatewayInstanceFilter {
  instance_id?: string;
  instance_name?: string;
  status?: string;
}

export interface SignatureKeyFilter {
  id?: string;
  name?: string;
  /** `name` ⇒ exact name match; otherwise `name` is fuzzy. */
  precise_search?: string;
}

// --- Mutation inputs ------------------------------------------------------------------------------------

export interface NewSwrRegistry {
  name: string;
  type?: string;
  url?: string;
  description?: string;
  insecure?: boolean;
  status?: string;
  access_key?: string;
}

export interface NewHssRegistry {
  registry_name: string;
  registry_type?: string;
  registry_addr?: string;
  status?: string;
  fail_reason?: string;
  images_num?: number;
  /** Default `0` (the default enterprise project). */
  enterprise_project_id?: string;
}

export interface NewSignPolicy {
  namespace_name: string;
  name?: string;
  enabled?: boolean;
  trigger_type?: string;
}

export interface NewSignatureKey {
  name: string;
  sign_type?: string;
  sign_algorithm?: string;
}

export interface NewTaskResult {
  status: string;
  repository?: string;
  status_text?: string;
}

export interface NewExecution {
  status: string;
  status_text?: string;
  trigger?: string;
  /** Explicit tasks; counters are derived from them. Absent ⇒ no tasks. */
  tasks?: NewTaskResult[];
}

export interface FinishExecution {
  status: 'Succeed' | 'Failed' | 'Stopped';
  status_text?: string;
}

/** What one tick changed (for logs and tests). */
export interface TickSummary {
  steps: number;
  executionsStarted: number;
  executionsFinished: number;
  registryFlips: number;
  hssSyncs: number;
  hssStatusChanges: number;
}

// --- The world ------------------------------------------------------------------------------------------

/**
 * Everything the routes read and the control API changes. Lists return every match in the API's natural
 * order; routes paginate and validate query parameters. Returned objects are frozen and shared (the world
 * replaces, never edits, them): serialise them as they are, change the world only through its methods.
 * Ids: projectId everywhere (routes see it in the path); `projectIdOf(region)` maps a region name.
 */
export interface World {
  readonly seed: number;
  readonly counts: Readonly<ScaleCounts>;
  readonly regions: readonly RegionInfo[];
  readonly domainId: string;
  readonly domainName: string;
  /** World clock (epoch ms). */
  now(): number;
  executionOrder: ExecutionOrder;
  projectIdOf(regionName: string): string | undefined;

  // IAM
  listProjects(filter?: { name?: string }): IamProjectRaw[];
  /** The user when (domain, name, password) match; domain may be a name or an id. */
  checkPassword(domainName: string, userName: string, password: string): IamUserRaw | undefined;
  /** Project by id or name (for token scope). */
  findProject(idOrName: string): IamProjectRaw | undefined;

  // SWR Enterprise
  listSwrInstances(projectId: string, filter?: SwrInstanceFilter): WorldResult<SwrInstanceRaw[]>;
  listNamespaces(
    projectId: string,
    instanceId: string,
    filter?: NamespaceFilter,
  ): WorldResult<SwrNamespaceRaw[]>;
  listSignPolicies(projectId: string, instanceId: string): WorldResult<SignPolicyDetailRaw[]>;
  getSignPolicy(
    projectId: string,
    instanceId: string,
    namespaceName: string,
    policyId: number,
  ): WorldResult<SignPolicyDetailRaw>;
  /** Ordered by `executionOrder`. */
  listExecutions(
    projectId: string,
    instanceId: string,
    namespaceName: string,
    policyId: number,
  ): WorldResult<ExecutionRaw[]>;
  /** Tasks are derived lazily on first read and stay stable across reads. Ordered by id ascending. */
  listExecutionTasks(
    projectId: string,
    instanceId: string,
    namespaceName: string,
    policyId: number,
    executionId: number,
  ): WorldResult<ExecutionTaskRaw[]>;
  listSwrRegistries(
    projectId: string,
    instanceId: string,
    filter?: SwrRegistryFilter,
  ): WorldResult<SwrRegistryRaw[]>;
  getSwrRegistry(projectId: string, instanceId: string, registryId: number): WorldResult<SwrRegistryRaw>;

  // HSS
  listHssRegistries(projectId: string, filter?: HssRegistryFilter): WorldResult<HssRegistryRaw[]>;

  // APIG / ROMA
  listApigInstances(projectId: string, filter?: GatewayInstanceFilter): WorldResult<ApigInstanceRaw[]>;
  listRomaInstances(projectId: string, filter?: { status?: string }): WorldResult<RomaInstanceRaw[]>;
  listSignatureKeys(
    gateway: GatewayKind,
    projectId: string,
    instanceId: string,
    filter?: SignatureKeyFilter,
  ): WorldResult<SignatureKeyRaw[]>;

  // Time
  /** Advance the world clock to nowMs (never backwards); deterministic given seed and the sequence of ticks. */
  tick(nowMs: number): TickSummary;

  // Mutations (control API)
  addSwrRegistry(projectId: string, instanceId: string, input: NewSwrRegistry): WorldResult<SwrRegistryRaw>;
  deleteSwrRegistry(projectId: string, instanceId: string, registryId: number): WorldResult<SwrRegistryRaw>;
  setSwrRegistryStatus(
    projectId: string,
    instanceId: string,
    registryId: number,
    status: string,
  ): WorldResult<SwrRegistryRaw>;
  addHssRegistry(projectId: string, input: NewHssRegistry): WorldResult<HssRegistryRaw>;
  deleteHssRegistry(projectId: string, registryId: string): WorldResult<HssRegistryRaw>;
  setHssRegistryStatus(
    projectId: string,
    registryId: string,
    status: string,
    failReason?: string,
  ): WorldResult<HssRegistryRaw>;
  addSignPolicy(
    projectId: string,
    instanceId: string,
    input: NewSignPolicy,
  ): WorldResult<SignPolicyDetailRaw>;
  deleteSignPolicy(projectId: string, instanceId: string, policyId: number): WorldResult<SignPolicyDetailRaw>;
  addSignatureKey(
    gateway: GatewayKind,
    projectId: string,
    instanceId: string,
    input: NewSignatureKey,
  ): WorldResult<SignatureKeyRaw>;
  deleteSignatureKey(
    gateway: GatewayKind,
    projectId: string,
    instanceId: string,
    signId: string,
  ): WorldResult<SignatureKeyRaw>;
  addExecution(
    projectId: string,
    instanceId: string,
    policyId: number,
    input: NewExecution,
  ): WorldResult<ExecutionRaw>;
  finishExecution(
    projectId: string,
    instanceId: string,
    policyId: number,
    executionId: number,
    input: FinishExecution,
  ): WorldResult<ExecutionRaw>;

  /** Whether records are served with variety (WorldOptions.variety). */
  readonly variety: boolean;
  /** Every record served without its identity, wherever it sits (empty without variety). */
  unreadableRecords(): UnreadableRecord[];

  /** The whole estate as plain JSON for determinism checks and debugging: tasks excluded (they are lazy),
   * sign_key/sign_secret masked (a dump never shows secrets). */
  snapshot(): unknown;
}
