// Every numeric setting of the config file has a sane range (issue 23): a value outside it is refused with a
// message naming the key and the bound. Before, a concurrency of 100000000 (or a 30-day timeout, past Node's
// timer limit) was accepted.

import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config.js';

/** [key path, YAML that sets it too high, the message] */
const TOO_HIGH: ReadonlyArray<readonly [string, string, string]> = [
  [
    'client.limits.swr.concurrency',
    'client: { limits: { swr: { concurrency: 100000000 } } }',
    'must be at most 256',
  ],
  [
    'client.limits.hss.rate_per_second',
    'client: { limits: { hss: { rate_per_second: 5000 } } }',
    'must be at most 1000',
  ],
  ['client.limits.apig.burst', 'client: { limits: { apig: { burst: 100000 } } }', 'must be at most 10000'],
  ['client.retries.max', 'client: { retries: { max: 1000 } }', 'must be at most 10'],
  ['client.retries.base_delay', 'client: { retries: { base_delay: 2m } }', 'must be at most 1m'],
  ['client.retries.max_delay', 'client: { retries: { max_delay: 1h } }', 'must be at most 10m'],
  ['client.timeouts.connect', 'client: { timeouts: { connect: 1h } }', 'must be at most 10m'],
  ['client.timeouts.headers', 'client: { timeouts: { headers: 1h } }', 'must be at most 10m'],
  ['client.timeouts.body', 'client: { timeouts: { body: 1h } }', 'must be at most 10m'],
  ['client.timeouts.operation', 'client: { timeouts: { operation: 2h } }', 'must be at most 1h'],
  ['client.max_response_bytes', 'client: { max_response_bytes: 2000000000 }', 'must be at most 1073741824'],
  ['client.max_pages', 'client: { max_pages: 1000000 }', 'must be at most 100000'],
  ['scrape.timeout_offset', 'scrape: { timeout_offset: 2m }', 'must be at most 1m'],
  ['scrape.max_timeout', 'scrape: { max_timeout: 2h }', 'must be at most 1h'],
  ['scrape.refresh_timeout', 'scrape: { refresh_timeout: 30d }', 'must be at most 24h'],
  ['scrape.worker_limit', 'scrape: { worker_limit: 100000000 }', 'must be at most 1024'],
  ['scrape.discovery_ttl', 'scrape: { discovery_ttl: 2d }', 'must be at most 24h'],
  ['collectors.swr_signing.ttl', 'collectors: { swr_signing: { ttl: 2d } }', 'must be at most 24h'],
  [
    'collectors.hss_registries.max_age',
    'collectors: { hss_registries: { max_age: 30d } }',
    'must be at most 7d',
  ],
  [
    'collectors.apig_signature_keys.max_series',
    'collectors: { apig_signature_keys: { max_series: 1e9 } }',
    'must be at most 10000000',
  ],
  [
    'collectors.swr_signing.max_tasks_per_policy',
    'collectors: { swr_signing: { max_tasks_per_policy: 100000 } }',
    'must be at most 10000',
  ],
  [
    'collectors.swr_signing.max_tasks_fetched',
    'collectors: { swr_signing: { max_tasks_fetched: 10000000 } }',
    'must be at most 1000000',
  ],
  [
    'collectors.swr_signing.executions_page_size',
    'collectors: { swr_signing: { executions_page_size: 500 } }',
    'must be at most 100',
  ],
  [
    'collectors.swr_signing.task_cache_entries',
    'collectors: { swr_signing: { task_cache_entries: 10000000 } }',
    'must be at most 1000000',
  ],
];

const TOO_LOW: ReadonlyArray<readonly [string, string, string]> = [
  ['client.limits.swr.concurrency', 'client: { limits: { swr: { concurrency: 0 } } }', 'must be at least 1'],
  [
    'client.limits.swr.rate_per_second',
    'client: { limits: { swr: { rate_per_second: -1 } } }',
    'must be at least 0',
  ],
  ['client.max_response_bytes', 'client: { max_response_bytes: 10 }', 'must be at least 1024'],
  ['scrape.worker_limit', 'scrape: { worker_limit: 2.5 }', 'must be a whole number'],
  ['collectors.swr_registries.ttl', 'collectors: { swr_registries: { ttl: 0s } }', 'must be longer than 0s'],
];

async function problems(yaml: string): Promise<string> {
  try {
    await parseConfigText(`regions: [{ name: cn-north-4 }]\n${yaml}\n`, 'bounds.yml', '.');
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

describe('config bounds', () => {
  it.each(TOO_HIGH)('%s: too high is refused, naming the key', async (key, yaml, message) => {
    expect(await problems(yaml)).toContain(`${key}: ${message}`);
  });

  it.each(TOO_LOW)('%s: too low is refused, naming the key', async (key, yaml, message) => {
    expect(await problems(yaml)).toContain(`${key}: ${message}`);
  });

  it('accepts the upper bounds themselves', async () => {
    const yaml = [
      'client: { limits: { swr: { concurrency: 256, rate_per_second: 1000, burst: 10000 } }, retries: { max: 10 } }',
      'scrape: { worker_limit: 1024, max_timeout: 1h, refresh_timeout: 24h, discovery_ttl: 24h }',
      'collectors: { hss_registries: { ttl: 24h, max_age: 7d, max_series: 10000000 } }',
    ].join('\n');
    expect(await problems(yaml)).toBe('accepted');
  });
});
