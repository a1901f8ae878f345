// The config file's shape. Every object is strict (an unknown key is a typo until proven otherwise), every
// message names what is wrong; config/errors.ts prefixes the key path. Inline secrets become Secret values
// here, so nothing downstream ever holds them as plain strings.

import * as z from 'zod';
import { count } from '../collectors/config-fields.js';
import type { CollectorDescriptor } from '../collectors/descriptor.js';
import { COLLECTORS, type CollectorName, REGION_SECTIONS } from '../collectors/index.js';
import { ENGINE_DEFAULTS } from '../collectors/settings.js';
import { accountProblems, accountsSchemas } from './accounts.js';
import { credentialProblems, credentialsSchema } from './credentials.js';
import { type Duration, formatDuration, parseDuration } from './duration.js';

export const SERVICES = ['swr', 'hss', 'apig', 'roma', 'iam'] as const;

const duration = z.custom<string>().transform((value, ctx) => {
  const parsed = typeof value === 'string' ? parseDuration(value) : undefined;
  if (parsed === undefined) {
    ctx.addIssue({
      code: 'custom',
      message:
        typeof value === 'number'
          ? 'must be a duration with a unit, like "30s" or "5m" (a bare number has no unit)'
          : 'must be a duration like "500ms", "30s", "5m" or "1h30m"',
    });
    return z.NEVER;
  }
  return parsed;
});

const positiveDuration = duration.refine((d) => d.ms > 0, { message: 'must be longer than 0s' });

// Upper bounds: far above any sane setting, low enough that a typo (an extra zero, ms for s) is caught, and
// every timer stays below Node's 24.8-day setTimeout limit (past it a timer fires at once).
const atMost = (max: string) => {
  const ms = parseDuration(max)?.ms ?? 0;
  return (d: Duration) => d.ms <= ms;
};
/** A duration from 0 up to `max`. */
const durationUpTo = (max: string) => duration.refine(atMost(max), { message: `must be at most ${max}` });
/** A duration above 0, up to `max`. */
const positiveUpTo = (max: string) =>
  positiveDuration.refine(atMost(max), { message: `must be at most ${max}` });

const httpUrl = z.string().superRefine((value, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
  } else if (url.username !== '' || url.password !== '') {
    ctx.addIssue({
      code: 'custom',
      message: 'must not carry a user or password (use the credentials section)',
    });
  } else if (url.search !== '' || url.hash !== '') {
    ctx.addIssue({ code: 'custom', message: 'must not have a query or fragment' });
  }
});

const perService = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    swr: value.optional(),
    hss: value.optional(),
    apig: value.optional(),
    roma: value.optional(),
    iam: value.optional(),
  });

const regionSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, { error: 'must be a Huawei Cloud region id like cn-north-4' }),
  project_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 letters, digits, "-" or "_"' })
    .optional(),
  endpoints: perService(httpUrl).optional(),
  // What to collect in the region, section by section: each from the descriptors that read it.
  ...REGION_SECTIONS,
});

const collectorBase = z.strictObject({
  ttl: positiveUpTo('24h').optional(),
  max_age: positiveUpTo('7d').optional(),
  /** Series one run may write (per region); the rest is left out and counted. */
  max_series: count(1, 10_000_000).optional(),
});

/** The engine serves data up to max_age old and refreshes after ttl: max_age below ttl is a contradiction. */
const maxAgeCoversTtl =
  (defaultTtlSeconds: number) =>
  (c: { ttl?: Duration | undefined; max_age?: Duration | undefined }, ctx: z.RefinementCtx) => {
    const ttlMs = c.ttl?.ms ?? defaultTtlSeconds * 1000;
    if (c.max_age !== undefined && c.max_age.ms > 0 && c.max_age.ms < ttlMs) {
      const source = c.ttl === undefined ? 'the default ttl' : 'ttl';
      ctx.addIssue({
        code: 'custom',
        path: ['max_age'],
        message: `must not be shorter than ${source} (${formatDuration(ttlMs)})`,
      });
    }
  };

/** collectors.<name>: the engine's keys, then the collector's own (its descriptor's options). */
function collectorSchema(descriptor: CollectorDescriptor<CollectorName, unknown>) {
  const own = descriptor.options;
  // enabled defaults to the descriptor's: a collector that is off until asked for stays off in a config
  // that does not name it.
  const base = z.strictObject({
    enabled: z.boolean().default(descriptor.defaults.enabled),
    ...collectorBase.shape,
  });
  const block = own === undefined ? base : base.extend(own.config);
  return block
    .superRefine(maxAgeCoversTtl(descriptor.defaults.ttlSeconds))
    .superRefine((c, ctx) => own?.refine?.(c, ctx))
    .default({ enabled: descriptor.defaults.enabled });
}

type CollectorBlock = z.output<typeof collectorBase> & { enabled: boolean } & Record<string, unknown>;

// One key per descriptor, in list order (the order `config dump` and error messages follow).
const collectorsSchema = z.strictObject(
  Object.fromEntries(
    (COLLECTORS as readonly CollectorDescriptor<CollectorName, unknown>[]).map((d) => [
      d.name,
      collectorSchema(d),
    ]),
  ) as unknown as Record<CollectorName, z.ZodType<CollectorBlock, unknown>>,
);

/** A call budget, per operation: Huawei's quotas are per user and API. 0 = no pacing. */
const callBudgetSchema = z.strictObject({
  rate_per_second: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be at least 0' })
    .max(1000, { error: 'must be at most 1000' })
    .optional(),
  burst: count(1, 10_000).optional(),
});

const serviceLimitsSchema = callBudgetSchema.extend({
  concurrency: count(1, 256).optional(),
  /** Budgets of single operations, by Huawei's operation name (ListRegistry), that differ from the service's. */
  operations: z
    .record(z.string(), callBudgetSchema)
    .superRefine((operations, ctx) => {
      for (const name of Object.keys(operations)) {
        if (/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'must be an operation name such as ListRegistry',
        });
      }
    })
    .optional(),
});

const clientSchema = z.strictObject({
  timeouts: z
    .strictObject({
      connect: positiveUpTo('10m').optional(),
      headers: positiveUpTo('10m').optional(),
      body: positiveUpTo('10m').optional(),
      operation: positiveUpTo('1h').optional(),
    })
    .optional(),
  retries: z
    .strictObject({
      max: count(0, 10).optional(),
      base_delay: durationUpTo('1m').optional(),
      max_delay: durationUpTo('10m').optional(),
    })
    .optional(),
  max_response_bytes: count(1024, 1024 ** 3).optional(),
  max_pages: count(1, 100_000).optional(),
  limits: perService(serviceLimitsSchema).optional(),
  /** Exporter replicas sharing these credentials (and so the cloud's quota): every call budget is divided by it. */
  replicas: count(1, 1000).optional(),
});

const scrapeSchema = z
  .strictObject({
    /** Subtracted from Prometheus' scrape timeout so the answer is on the wire in time. */
    timeout_offset: durationUpTo('1m').optional(),
    /** Cap on a scrape's deadline, and the deadline when the scraper sends no timeout. */
    max_timeout: positiveUpTo('1h').optional(),
    /** How long one collector refresh may run; it goes on past the deadlines of the scrapes waiting for it. */
    refresh_timeout: positiveUpTo('24h').optional(),
    /**
     * Upstream work items (a policy, an instance) in flight at once across all collectors (default 32). Keep
     * it above client.limits.<service>.concurrency so a freed connection slot always has a request waiting.
     */
    worker_limit: count(1, 1024).optional(),
    /** How long instance discovery is reused. */
    discovery_ttl: positiveUpTo('24h').optional(),
    /** /probe also takes targets /targets does not list (neither configured nor discovered). */
    probe_unlisted_targets: z.boolean().default(false),
  })
  .superRefine((scrape, ctx) => {
    // A refresh cut short before the longest scrape deadline would fail scrapes willing to wait for it.
    const maxTimeoutMs = scrape.max_timeout?.ms ?? ENGINE_DEFAULTS.maxTimeoutSeconds * 1000;
    if (scrape.refresh_timeout !== undefined && scrape.refresh_timeout.ms < maxTimeoutMs) {
      const source = scrape.max_timeout === undefined ? 'the default max_timeout' : 'max_timeout';
      ctx.addIssue({
        code: 'custom',
        path: ['refresh_timeout'],
        message: `must not be shorter than ${source} (${formatDuration(maxTimeoutMs)})`,
      });
    }
  });

const accountsSchema = accountsSchemas(regionSchema, duration);

export const configSchema = z
  .strictObject({
    allow_inline_secrets: z.boolean().default(false),
    credentials: credentialsSchema.optional(),
    /** With accounts: the name of the exporter's own account, whose regions are the top-level ones. */
    account: accountsSchema.own.optional(),
    regions: z.array(regionSchema).min(1, { error: 'must list at least one region' }),
    /** Delegating accounts watched through IAM agencies, assumed with the credentials above. */
    accounts: accountsSchema.accounts.optional(),
    collectors: collectorsSchema.default(() => collectorsSchema.parse({})),
    scrape: scrapeSchema.default({ probe_unlisted_targets: false }),
    client: clientSchema.default({}),
  })
  .superRefine((config, ctx) => {
    if (config.credentials !== undefined) {
      for (const problem of credentialProblems(config.credentials, config.allow_inline_secrets)) {
        ctx.addIssue({ code: 'custom', ...problem });
      }
    }
    for (const problem of accountProblems(config)) ctx.addIssue({ code: 'custom', ...problem });
    // The region name is the `region` label of every series: two entries would write the same series.
    const seen = new Map<string, number>();
    config.regions.forEach((region, index) => {
      const first = seen.get(region.name);
      if (first === undefined) seen.set(region.name, index);
      else {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', index, 'name'],
          message: `repeats regions[${first}].name (each region may be listed once)`,
        });
      }
    });
  });

export type ConfigFile = z.output<typeof configSchema>;
export type RegionConfig = ConfigFile['regions'][number];
export type AccountConfig = NonNullable<ConfigFile['accounts']>[number];
export type { CredentialsConfig } from './credentials.js';
export type CollectorsConfig = ConfigFile['collectors'];
export type ClientConfig = ConfigFile['client'];
export type ServiceKey = (typeof SERVICES)[number];
