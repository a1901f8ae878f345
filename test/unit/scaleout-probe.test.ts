// /probe's engine side: one target collects exactly that target, repeated and concurrent probes share one
// upstream run (the engine's TTL and single-flight), failures become probe_success 0, targets the config
// does not collect are refused with a message, and the set of probe engines stays bounded.

import { afterEach, describe, expect, it } from 'vitest';
import { expositionText } from '../../src/collectors/encoded-exposition.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import type { ScaleOut } from '../../src/scaleout/scale-out.js';
import { ProbeTargetError } from '../../src/scaleout/target.js';
import { deferred, execution, signPolicy } from './collectors-fake-api.js';
import { REGION, samples, scaleOutOn } from './scaleout-fixture.js';

const open: ScaleOut[] = [];
function track<T extends { scaleOut: ScaleOut }>(fixture: T): T {
  open.push(fixture.scaleOut);
  return fixture;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function refusal(scaleOut: ScaleOut, target: string): Promise<string> {
  const error = await scaleOut.probe(target).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProbeTargetError);
  return (error as Error).message;
}

describe('probe', () => {
  it('collects one SWR instance and nothing else', async () => {
    const { api, scaleOut } = track(scaleOutOn());
    const result = await scaleOut.probe(`${REGION}/swr_signing/i-1`);

    expect(result.success).toBe(true);
    const policies = samples(expositionText(result.body), 'huaweicloud_swr_signature_policy_info');
    expect(policies).toHaveLength(1);
    expect(policies[0]).toContain('instance_id="i-1"');
    expect(expositionText(result.body)).not.toContain('"i-2"');
    for (const other of ['huaweicloud_swr_registry_', 'huaweicloud_hss_', 'huaweicloud_apig_']) {
      expect(expositionText(result.body)).not.toContain(other);
    }
    expect(samples(expositionText(result.body), 'huaweicloud_collector_success')).toEqual([
      `huaweicloud_collector_success{collector="swr_signing",region="${REGION}"} 1`,
    ]);
    expect(samples(expositionText(result.body), 'huaweicloud_probe_success')).toEqual([
      'huaweicloud_probe_success 1',
    ]);
    expect(samples(expositionText(result.body), 'huaweicloud_probe_duration_seconds')).toHaveLength(1);
    // Exporter-wide metrics stay on /metrics.
    expect(expositionText(result.body)).not.toMatch(
      /^(huaweicloud_api_|huaweicloud_exporter_build_info|process_|nodejs_)/m,
    );
    // The instance is named: no discovery call, and only its policies are read.
    expect(api.count('swr.listInstances')).toBe(0);
    expect(api.calls.filter((c) => c.op === 'swr.listSignPolicies').map((c) => c.args)).toEqual([['i-1']]);
  });

  it.each([
    [
      `${REGION}/swr_registries/i-2`,
      'huaweicloud_swr_registry_healthy',
      ['registry_id="121"'],
      'swr.listRegistries',
    ],
    [
      `${REGION}/hss_registries`,
      'huaweicloud_hss_registry_info',
      ['registry_id="h-1"', 'registry_id="h-2"'],
      'hss.listRegistries',
    ],
    [
      `${REGION}/apig_signature_keys/apig:g-2`,
      'huaweicloud_apig_signature_key_info',
      ['instance_id="g-2",key_id="k-9"'],
      'apig.listSignatureKeys',
    ],
  ])('collects %s', async (target, family, expected, operation) => {
    const { api, scaleOut } = track(scaleOutOn());
    const result = await scaleOut.probe(target);
    expect(result.success).toBe(true);
    const lines = samples(expositionText(result.body), family);
    expect(lines).toHaveLength(expected.length);
    for (const [i, label] of expected.entries()) expect(lines[i]).toContain(label);
    expect(api.count(operation)).toBe(1);
    // A probe target is the unit of work: no instance list is read to serve it.
    expect(api.count('swr.listInstances') + api.count('apig.listInstances')).toBe(0);
  });

  it('shares one upstream run between concurrent probes and serves repeats from the cache until the TTL', async () => {
    const { api, clock, scaleOut } = track(scaleOutOn());
    const held = deferred();
    api.hook = (op) => (op === 'swr.listSignPolicies' ? held.promise : undefined);
    const target = `${REGION}/swr_signing/i-1`;

    const concurrent = [scaleOut.probe(target), scaleOut.probe(target), scaleOut.probe(target)];
    await new Promise((resolve) => setImmediate(resolve));
    held.release();
    const results = await Promise.all(concurrent);
    expect(results.map((r) => r.success)).toEqual([true, true, true]);
    expect(api.count('swr.listSignPolicies')).toBe(1);

    clock.advance(10);
    await scaleOut.probe(target);
    expect(api.count('swr.listSignPolicies')).toBe(1);

    clock.advance(scaleOut.settings.collectors.swr_signing.ttlSeconds);
    await scaleOut.probe(target);
    expect(api.count('swr.listSignPolicies')).toBe(2);
    expect(scaleOut.engineCount).toBe(1);
  });

  it('reports an upstream failure as probe_success 0, not as an error', async () => {
    const { api, scaleOut } = track(scaleOutOn());
    api.hook = (op) => {
      if (op === 'apig.listSignatureKeys') {
        throw new HuaweiCloudError({ code: 'THROTTLED', message: 'too many requests', status: 429 });
      }
    };
    const result = await scaleOut.probe(`${REGION}/apig_signature_keys/apig:g-1`);
    expect(result.success).toBe(false);
    expect(samples(expositionText(result.body), 'huaweicloud_probe_success')).toEqual([
      'huaweicloud_probe_success 0',
    ]);
    expect(samples(expositionText(result.body), 'huaweicloud_collector_success')).toEqual([
      `huaweicloud_collector_success{collector="apig_signature_keys",region="${REGION}"} 0`,
    ]);
    expect(samples(expositionText(result.body), 'huaweicloud_apig_signature_keys')).toEqual([]);
  });

  it('passes the scrape deadline on: an upstream that hangs gives probe_success 0 in time', async () => {
    const { api, scaleOut } = track(scaleOutOn());
    api.hook = (_op, _args, signal) =>
      new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    const result = await scaleOut.probe(`${REGION}/hss_registries`, { timeoutSeconds: 0.6 });
    expect(result.success).toBe(false);
    expect(samples(expositionText(result.body), 'huaweicloud_collector_success')).toEqual([
      `huaweicloud_collector_success{collector="hss_registries",region="${REGION}"} 0`,
    ]);
  });
});

describe('targets the config does not collect', () => {
  it('names an unknown region and the regions there are', async () => {
    const { scaleOut } = track(scaleOutOn());
    expect(await refusal(scaleOut, 'eu-west-101/hss_registries')).toBe(
      `target "eu-west-101/hss_registries": unknown region eu-west-101 (the config has: ${REGION})`,
    );
  });

  it('refuses a collector the config switches off', async () => {
    const { scaleOut } = track(
      scaleOutOn({}, { settings: { collectors: { swr_registries: { enabled: false } } } }),
    );
    expect(await refusal(scaleOut, `${REGION}/swr_registries/i-1`)).toContain(
      'the swr_registries collector is disabled in the config',
    );
    expect((await scaleOut.probe(`${REGION}/swr_signing/i-1`)).success).toBe(true);
  });

  it.each([
    [{ swr: { enabled: false } }, 'swr_signing/i-1', 'SWR is disabled for region cn-north-4'],
    [{ hss: { enabled: false } }, 'hss_registries', 'HSS is disabled for region cn-north-4'],
    [
      { apig: [] },
      'apig_signature_keys/apig:g-1',
      'gateway apig is not configured for region cn-north-4 (configured: none)',
    ],
    [
      { apig: [{ gateway: 'roma' as const }] },
      'apig_signature_keys/apig:g-1',
      'gateway apig is not configured for region cn-north-4 (configured: roma)',
    ],
    [
      { apig: [{ gateway: 'apig' as const, instances: ['g-2'] }] },
      'apig_signature_keys/apig:g-1',
      'instance g-1 is not one of the apig instances configured for cn-north-4',
    ],
    [{ swr: { instances: ['i-2'] } }, 'swr_registries/i-1', 'instance i-1 is not one of the swr.instances'],
    [
      { swr: { policies: [{ instanceId: 'i-2', policyId: 21 }] } },
      'swr_signing/i-1',
      'the config lists swr.policies but none on instance i-1',
    ],
  ])('refuses what the region config leaves out (%j, %s)', async (region, target, message) => {
    const { scaleOut } = track(scaleOutOn(region));
    expect(await refusal(scaleOut, `${REGION}/${target}`)).toContain(message);
  });

  it('keeps the configured policies of the probed instance', async () => {
    const { api, scaleOut } = track(
      scaleOutOn({
        swr: {
          policies: [
            { instanceId: 'i-1', policyId: 12 },
            { instanceId: 'i-2', policyId: 21 },
          ],
        },
      }),
    );
    api.estate.policies.set('i-1', [signPolicy(11, 'ns-a'), signPolicy(12, 'ns-b')]);
    api.estate.executions.set('i-1/12', [execution(120, 12)]);
    const result = await scaleOut.probe(`${REGION}/swr_signing/i-1`);
    const policies = samples(expositionText(result.body), 'huaweicloud_swr_signature_policy_info');
    expect(policies).toHaveLength(1);
    expect(policies[0]).toContain('instance_id="i-1",namespace="ns-b",policy_id="12"');
  });
});

describe('probe engines', () => {
  it('keeps at most maxEngines, dropping the least recently probed', async () => {
    const { api, scaleOut } = track(scaleOutOn({}, { maxEngines: 2 }));
    const a = `${REGION}/swr_signing/i-1`;
    const b = `${REGION}/swr_signing/i-2`;
    const c = `${REGION}/hss_registries`;
    await scaleOut.probe(a);
    await scaleOut.probe(b);
    await scaleOut.probe(a); // b is now the least recently probed
    await scaleOut.probe(c);
    expect(scaleOut.engineCount).toBe(2);

    const reads = (instance: string) =>
      api.calls.filter((call) => call.op === 'swr.listSignPolicies' && call.args[0] === instance).length;
    await scaleOut.probe(a);
    expect(reads('i-1')).toBe(1); // still cached
    await scaleOut.probe(b);
    expect(reads('i-2')).toBe(2); // its engine was dropped: a fresh one asks again
  });

  it('lets a probe in flight finish when its engine is dropped', async () => {
    const { api, scaleOut } = track(scaleOutOn({}, { maxEngines: 1 }));
    const held = deferred();
    api.hook = (op) => (op === 'swr.listSignPolicies' ? held.promise : undefined);
    const slow = scaleOut.probe(`${REGION}/swr_signing/i-1`);
    await new Promise((resolve) => setImmediate(resolve));
    const other = await scaleOut.probe(`${REGION}/hss_registries`);
    expect(other.success).toBe(true);
    expect(scaleOut.engineCount).toBe(1);
    held.release();
    expect((await slow).success).toBe(true);
  });

  it('refuses a bound below one', () => {
    expect(() => scaleOutOn({}, { maxEngines: 0 })).toThrow(
      'maxEngines: must be a whole number of at least 1, got 0',
    );
  });
});
