// The `account` and `accounts` keys (docs/accounts.md): the delegating accounts the exporter watches through
// IAM agencies, each with its own regions, and the name of the exporter's own account (the one the top-level
// `regions` are in). Built from config/schema.ts's region and duration schemas, so a region of an account is
// configured exactly like a top-level one (its sections are the account's own per-region settings).

import * as z from 'zod';
import type { AgencyAssumption } from '../huaweicloud/options.js';
import type { Problem } from './credentials.js';
import type { Duration } from './duration.js';
import { nonEmptyText } from './fields.js';

/** Huawei's range for an agency's temporary keys (15 min – 24 h); the client checks the same. */
const MIN_DURATION_MS = 15 * 60_000;
const MAX_DURATION_MS = 24 * 3_600_000;

/** The account label's value: a name Huawei allows for an account, and safe in a scale-out target. */
const accountName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
  error: 'must be 1-64 letters, digits, "_", "." or "-", starting with a letter or digit',
});

export function accountsSchemas<R extends z.ZodType<{ name: string }>, D extends z.ZodType<Duration>>(
  region: R,
  duration: D,
) {
  const agency = z
    .strictObject({
      domain_name: nonEmptyText.optional(),
      domain_id: z
        .string()
        .regex(/^[A-Za-z0-9]{1,64}$/, { error: 'must be an account (domain) id' })
        .optional(),
      agency_name: nonEmptyText,
      /** Lifetime of the temporary keys asked for; renewed 10 minutes before they end. Default 1h. */
      duration: duration
        .refine((d) => d.ms >= MIN_DURATION_MS && d.ms <= MAX_DURATION_MS && d.ms % 1000 === 0, {
          message: "must be whole seconds from 15m to 24h (Huawei's range)",
        })
        .optional(),
    })
    .superRefine((a, ctx) => {
      if (a.domain_name === undefined && a.domain_id === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['domain_name'],
          message: 'domain_name or domain_id is required: the delegating account',
        });
      }
    });
  // "All regions where the services exist" would need each account's projects ∩ endpoints.ts: not yet.
  const regions = z
    .array(region, {
      error: (issue) =>
        issue.input === 'all'
          ? '"all" is not supported yet: list the regions to watch in this account'
          : 'must be a list of regions',
    })
    .min(1, { error: 'must list at least one region' });
  const account = z.strictObject({ name: accountName, agency, regions });
  return { own: accountName, accounts: z.array(account).min(1, { error: 'must list at least one account' }) };
}

interface AccountsPart {
  account?: string | undefined;
  accounts?: ReadonlyArray<{ name: string; regions: ReadonlyArray<{ name: string }> }> | undefined;
}

/** Cross-key rules: names unique (each is an `account` label value), regions unique within an account. */
export function accountProblems(config: AccountsPart): Problem[] {
  const problems: Problem[] = [];
  if (config.accounts === undefined) {
    if (config.account !== undefined) {
      problems.push({
        path: ['account'],
        message: 'only means something with accounts: configure them or drop it',
      });
    }
    return problems;
  }
  if (config.account === undefined) {
    problems.push({
      path: ['account'],
      message: "is required with accounts: the name of the exporter's own account (its `account` label)",
    });
  }
  const names = new Map<string, string>();
  if (config.account !== undefined) names.set(config.account, "account (the exporter's own)");
  config.accounts.forEach((a, i) => {
    const first = names.get(a.name);
    if (first !== undefined) {
      problems.push({
        path: ['accounts', i, 'name'],
        message: `repeats ${first} (each account is listed once)`,
      });
    } else names.set(a.name, `accounts[${i}].name`);
    const seen = new Map<string, number>();
    a.regions.forEach((r, j) => {
      const at = seen.get(r.name);
      if (at === undefined) seen.set(r.name, j);
      else {
        problems.push({
          path: ['accounts', i, 'regions', j, 'name'],
          message: `repeats accounts[${i}].regions[${at}].name (each region may be listed once)`,
        });
      }
    });
  });
  return problems;
}

/** An account's agency as the client's ClientOptions.assume. */
export function assumptionOf(agency: {
  domain_name?: string | undefined;
  domain_id?: string | undefined;
  agency_name: string;
  duration?: Duration | undefined;
}): AgencyAssumption {
  return {
    ...(agency.domain_name === undefined ? {} : { domainName: agency.domain_name }),
    ...(agency.domain_id === undefined ? {} : { domainId: agency.domain_id }),
    agencyName: agency.agency_name,
    ...(agency.duration === undefined ? {} : { durationSeconds: agency.duration.ms / 1000 }),
  };
}

/** One region to watch: the exporter's own (no agency) or a delegating account's. */
export interface WatchedRegion<R> {
  /** The `account` label: absent without `accounts`. */
  account: string | undefined;
  /** Absent for the exporter's own account. */
  assume: AgencyAssumption | undefined;
  region: R;
}

/** Every (account, region) the config watches: the top-level regions first, then each account's, in order. */
export function watchedRegions<R>(config: {
  account?: string | undefined;
  regions: readonly R[];
  accounts?:
    | ReadonlyArray<{
        name: string;
        agency: Parameters<typeof assumptionOf>[0];
        regions: readonly R[];
      }>
    | undefined;
}): Array<WatchedRegion<R>> {
  const own = config.accounts === undefined ? undefined : config.account;
  const watched: Array<WatchedRegion<R>> = config.regions.map((region) => ({
    account: own,
    assume: undefined,
    region,
  }));
  for (const a of config.accounts ?? []) {
    const assume = assumptionOf(a.agency);
    for (const region of a.regions) watched.push({ account: a.name, assume, region });
  }
  return watched;
}
