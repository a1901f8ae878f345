// Maps one region of the config onto the client's ClientOptions (src/huaweicloud/options.ts). Keys the user left
// out stay undefined so the client's own defaults apply.

import type { CallBudgets } from '../huaweicloud/index.js';
import type { ClientObserver } from '../huaweicloud/observer.js';
import type { AgencyAssumption, CallBudget, ClientOptions, ServiceLimits } from '../huaweicloud/options.js';
import type { LoadedConfig } from './load.js';
import { type RegionConfig, SERVICES, type ServiceKey } from './schema.js';

function definedEntries<V>(
  record: Partial<Record<ServiceKey, V | undefined>> | undefined,
): Partial<Record<ServiceKey, V>> {
  const out: Partial<Record<ServiceKey, V>> = {};
  for (const service of SERVICES) {
    const value = record?.[service];
    if (value !== undefined) out[service] = value;
  }
  return out;
}

function budgetOf(b: {
  rate_per_second?: number | undefined;
  burst?: number | undefined;
}): Partial<CallBudget> {
  return {
    ...(b.rate_per_second === undefined ? {} : { ratePerSecond: b.rate_per_second }),
    ...(b.burst === undefined ? {} : { burst: b.burst }),
  };
}

export function clientOptionsFor(
  loaded: LoadedConfig,
  region: RegionConfig,
  extra: {
    observer?: ClientObserver | undefined;
    env?: Readonly<Record<string, string | undefined>> | undefined;
    budgets?: CallBudgets | undefined;
    /** A delegating account's agency (config/accounts.ts); absent for the exporter's own account. */
    assume?: AgencyAssumption | undefined;
    /** The clients' clock (signing dates, credential expiry); default the wall clock. A test seam. */
    clock?: ClientOptions['clock'];
  } = {},
): ClientOptions {
  const { client, credentials } = loaded.config;
  const limits = definedEntries(client.limits);
  const mappedLimits: Partial<Record<ServiceKey, Partial<ServiceLimits>>> = {};
  for (const [service, l] of Object.entries(limits) as Array<[ServiceKey, (typeof limits)[ServiceKey]]>) {
    if (l === undefined) continue;
    const operations: Record<string, Partial<CallBudget>> = {};
    for (const [operation, own] of Object.entries(l.operations ?? {})) operations[operation] = budgetOf(own);
    mappedLimits[service] = {
      ...(l.concurrency === undefined ? {} : { concurrency: l.concurrency }),
      ...budgetOf(l),
      ...(l.operations === undefined ? {} : { operations }),
    };
  }
  return {
    region: region.name,
    projectId: region.project_id,
    // A project id from the environment or credentials file belongs to one region: with several regions,
    // each one without regions[].project_id resolves its own through IAM.
    regionalProjectIdOnly: loaded.config.regions.length > 1,
    endpoints: definedEntries(region.endpoints),
    credentials: loaded.credentials,
    // The exporter's own credentials assume the agency; the agency's keys sign everything else.
    assume: extra.assume,
    credentialChain: credentials?.use_chain ?? true,
    timeouts: {
      ...(client.timeouts?.connect === undefined ? {} : { connectMs: client.timeouts.connect.ms }),
      ...(client.timeouts?.headers === undefined ? {} : { headersMs: client.timeouts.headers.ms }),
      ...(client.timeouts?.body === undefined ? {} : { bodyMs: client.timeouts.body.ms }),
      ...(client.timeouts?.operation === undefined ? {} : { operationMs: client.timeouts.operation.ms }),
    },
    retries: {
      ...(client.retries?.max === undefined ? {} : { max: client.retries.max }),
      ...(client.retries?.base_delay === undefined ? {} : { baseDelayMs: client.retries.base_delay.ms }),
      ...(client.retries?.max_delay === undefined ? {} : { maxDelayMs: client.retries.max_delay.ms }),
    },
    maxResponseBytes: client.max_response_bytes,
    maxPages: client.max_pages,
    limits: mappedLimits,
    replicas: client.replicas,
    observer: extra.observer,
    env: extra.env,
    budgets: extra.budgets,
    clock: extra.clock,
  };
}
