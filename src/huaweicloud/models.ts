// The records the client returns, named. Each type is its schema's output (schemas/*.ts): the schema is the
// one declaration of what the exporter reads, and a field it does not declare does not exist here either.
// Field names follow the API documents (snake_case) so a reader can check them against the seeds without a
// translation table. Timestamps are parsed where they enter: `null` means "unset" (absent, Go's zero time
// 0001-01-01T00:00:00Z, or unreadable). Enum-like strings stay `string`: an unknown value is data, not an
// error. Fields typed without `undefined` are a record's identity (schemas/records.ts): a record without them
// never reaches a collector.

import type { z } from 'zod';
import type { apigInstanceRecord, signatureKeyRecord } from './schemas/apig.js';
import type { hssRegistryRecord } from './schemas/hss.js';
import type { iamProjectRecord } from './schemas/iam.js';
import type {
  swrInstanceRecord,
  swrRegistryRecord,
  swrSignExecutionRecord,
  swrSignExecutionTaskRecord,
  swrSignPolicyRecord,
} from './schemas/swr.js';

export type { Page } from './schemas/records.js';

// --- SWR Enterprise: status Initial | Creating | Running | Unavailable | …; executions InProgress | Succeed |
// Failed | Stopped | …; tasks Pending | Running | Success | Error | Stopped | Scheduled | …
export type SwrInstance = z.output<typeof swrInstanceRecord.schema>;
/** `trigger_type` is the policy's `trigger.type`: manual | event_based | … */
export type SwrSignPolicy = z.output<typeof swrSignPolicyRecord.schema>;
export type SwrSignExecution = z.output<typeof swrSignExecutionRecord.schema>;
export type SwrSignExecutionTask = z.output<typeof swrSignExecutionTaskRecord.schema>;
/** Only the credential type is kept: access_key/access_secret never leave the parser. */
export type SwrRegistry = z.output<typeof swrRegistryRecord.schema>;

// --- HSS: status success | fail | accessing | …; `latest_sync_time` is epoch ms on the wire, null when 0.
export type HssRegistry = z.output<typeof hssRegistryRecord.schema>;

// --- API Gateway / ROMA: `create_time` is a unix timestamp on the wire; ROMA's instances fill the same record.
export type Gateway = 'apig' | 'roma';
export type ApigInstance = z.output<typeof apigInstanceRecord.schema>;
/** sign_key and sign_secret are deliberately absent: the parser drops them. bind_num is 0 when absent. */
export type SignatureKey = z.output<typeof signatureKeyRecord.schema>;

// --- IAM
export type IamProject = z.output<typeof iamProjectRecord.schema>;
