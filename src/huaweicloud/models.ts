// Typed records returned by the client. Field names follow the API documents (snake_case) so a reader can
// check them against ../shared/seeds without a translation table. Timestamps are parsed where they enter:
// `null` means "unset" (absent, Go's zero time 0001-01-01T00:00:00Z, or unreadable). Enum-like strings stay
// `string`: an unknown value is data, not an error. Fields typed without `undefined` are a record's identity
// (schemas/records.ts): a record without them never reaches a collector.

/** One page of a paged list, as the API reported it. */
export interface Page<T> {
  items: T[];
  /** The API's own total (`total` / `total_num`); `undefined` when the body omitted it. */
  total: number | undefined;
  /** Records the page held on the wire, skipped ones included (record offsets count them); default items.length. */
  received?: number | undefined;
}

// --- SWR Enterprise -----------------------------------------------------------------------------------

export interface SwrInstance {
  id: string;
  name: string;
  status: string; // Initial | Creating | Running | Unavailable | …
}

export interface SwrSignPolicy {
  id: number;
  name: string;
  namespace_id: number | undefined;
  namespace_name: string;
  enabled: boolean;
  /** `trigger.type`: manual | event_based | … */
  trigger_type: string | undefined;
  signature_algorithm: string | undefined;
  signature_method: string | undefined;
  created_at: Date | null;
  updated_at: Date | null;
}

export interface SwrSignExecution {
  id: number;
  policy_id: number | undefined;
  status: string; // InProgress | Succeed | Failed | Stopped | …
  status_text: string | undefined;
  total: number | undefined;
  failed: number | undefined;
  succeed: number | undefined;
  in_progress: number | undefined;
  stopped: number | undefined;
  trigger: string | undefined; // manual | event_based | …
  created_at: Date | null;
  updated_at: Date | null;
}

export interface SwrSignExecutionTask {
  id: number;
  execution_id: number | undefined;
  job_id: string | undefined;
  status: string; // Pending | Running | Success | Error | Stopped | Scheduled | …
  status_text: string | undefined;
  namespace: string | undefined;
  repository: string | undefined;
  created_at: Date | null;
  updated_at: Date | null;
}

export interface SwrRegistry {
  id: number;
  name: string;
  description: string | undefined;
  region_id: string | undefined;
  instance_id: string | undefined;
  type: string; // swr-pro | swr-pro-internal | huawei-SWR | …
  url: string;
  /** Only the credential type is kept: access_key/access_secret never leave the parser. */
  credential_type: string | undefined;
  insecure: boolean;
  status: string; // healthy | unhealthy | …
  created_at: Date | null;
  updated_at: Date | null;
}

// --- HSS -----------------------------------------------------------------------------------------------

export interface HssRegistry {
  id: string;
  registry_name: string;
  registry_type: string;
  api_version: string | undefined;
  protocol: string | undefined;
  registry_addr: string | undefined;
  namespace: string | undefined;
  connect_cluster_id: string | undefined;
  get_scan_image_channel: string | undefined;
  status: string; // success | fail | accessing | …
  fail_reason: string | undefined;
  images_num: number | undefined;
  /** `latest_sync_time` (epoch ms on the wire); null when absent or 0. */
  latest_sync_time: Date | null;
}

// --- API Gateway / ROMA --------------------------------------------------------------------------------

export type Gateway = 'apig' | 'roma';

export interface ApigInstance {
  id: string;
  instance_name: string;
  status: string;
  type: string | undefined;
  spec: string | undefined;
  project_id: string | undefined;
  enterprise_project_id: string | undefined;
  /** `create_time` is a unix timestamp on the wire. */
  create_time: Date | null;
}

export interface SignatureKey {
  id: string;
  name: string;
  sign_type: string; // hmac | basic | public_key | aes | …
  sign_algorithm: string | undefined;
  /** 0 when absent; undefined when the value could not be read. */
  bind_num: number | undefined;
  ldapi_bind_num: number | undefined;
  create_time: Date | null;
  update_time: Date | null;
  // sign_key and sign_secret are deliberately absent: the parser drops them.
}

// --- IAM -----------------------------------------------------------------------------------------------

export interface IamProject {
  id: string;
  name: string;
  domain_id: string | undefined;
  enabled: boolean | undefined;
}
