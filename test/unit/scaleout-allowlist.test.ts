// The /probe allowlist (issue 23): by default only targets /targets lists (configured or discovered) are
// probed; a made-up one is refused with a message, without an upstream call of its own and without a probe
// engine (so it cannot evict a real target's cache). A probed instance the cloud does not know fails, with
// the reason, instead of answering success with no series.

import { afterEach, describe, expect, it } from 'vitest';
import { expositionText } from '../../src/collectors/encoded-exposition.js';
import { SILENT_LOGGER } from '../../src/collectors/types.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import type { ScaleOut } from '../../src/scaleout/scale-out.js';
import { ProbeTargetError } from '../../src/scaleout/target.js';
import { swrInstance } from './collectors-fake-api.js';
import { REGION, samples, scaleOutOn } from './scaleout-fixture.js';

const open: ScaleOut[] = [];
const listed = (...args: Parameters<typeof scaleOutOn>) => {
  const fixture = scaleOutOn(args[0], { allowUnlisted: false, ...args[1] });
  open.push(fixture.scaleOut);
  return fixture;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('probe allowlist', () => {
  it('probes a discovered target', async () => {
    const { scaleOut } = listed();
    expect((await scaleOut.probe(`${REGION}/swr_signing/i-1`)).success).toBe(true);
    expect((await scaleOut.probe(`${REGION}/apig_signature_keys/apig:g-1`)).success).toBe(true);
  });

  it('refuses 5,000 made-up targets with one discovery read and no engine', async () => {
    const { api, scaleOut } = listed();
    const targets = Array.from({ length: 5000 }, (_, i) => `${REGION}/swr_signing/made-up-${i}`);
    const outcomes = await Promise.all(
      targets.map((t) =>
        scaleOut.probe(t).then(
          () => 'probed',
          (e: unknown) => (e instanceof ProbeTargetError ? e.message : String(e)),
        ),
      ),
    );
    expect(outcomes.every((o) => o.includes('neither configured nor discovered'))).toBe(true);
    expect(outcomes[7]).toContain(`target "${REGION}/swr_signing/made-up-7"`);
    expect(outcomes[7]).toContain('scrape.probe_unlisted_targets: true');
    expect(scaleOut.engineCount).toBe(0);
    expect(api.count('swr.listInstances')).toBe(1); // the discovery list, once for all of them
    expect(api.count('swr.listSignPolicies')).toBe(0);
  });

  it('while the discovery list fails, 50 made-up targets cost one list call per 30 s and one warning', async () => {
    const warnings: string[] = [];
    const logger = { ...SILENT_LOGGER, warn: (_: object, message: string) => void warnings.push(message) };
    const { api, clock, scaleOut } = listed({}, { logger });
    api.hook = (op) => {
      if (op === 'swr.listInstances') {
        throw new HuaweiCloudError({ code: 'HTTP_ERROR', message: 'upstream said 500', status: 500 });
      }
    };
    const probeMadeUp = async (i: number) => {
      await expect(scaleOut.probe(`${REGION}/swr_signing/made-up-${i}`)).rejects.toThrow(
        'neither configured',
      );
    };
    for (let i = 0; i < 50; i += 1) await probeMadeUp(i);
    expect(api.count('swr.listInstances')).toBe(1);
    expect(warnings.filter((w) => w.startsWith('target discovery failed'))).toHaveLength(1);
    clock.advance(29);
    await probeMadeUp(50);
    expect(api.count('swr.listInstances')).toBe(1);
    clock.advance(1);
    for (let i = 51; i < 60; i += 1) await probeMadeUp(i);
    expect(api.count('swr.listInstances')).toBe(2);
  });

  it('takes an instance created after the list was read within 30 s, still one list call per 30 s', async () => {
    const { api, clock, scaleOut } = listed();
    expect((await scaleOut.probe(`${REGION}/swr_signing/i-1`)).success).toBe(true);
    expect(api.count('swr.listInstances')).toBe(1);
    api.estate.swrInstances.push(swrInstance('i-new'));
    const probeNew = () => scaleOut.probe(`${REGION}/swr_signing/i-new`);
    await expect(probeNew()).rejects.toThrow('neither configured nor discovered'); // the list is 0 s old
    expect(api.count('swr.listInstances')).toBe(1);
    clock.advance(30); // older than 30 s, well inside the 300 s discovery TTL
    await expect(probeNew()).resolves.toBeDefined();
    expect(api.count('swr.listInstances')).toBe(2);
    for (let i = 0; i < 50; i += 1) {
      await expect(scaleOut.probe(`${REGION}/swr_signing/made-up-${i}`)).rejects.toThrow(
        'neither configured',
      );
    }
    expect(api.count('swr.listInstances')).toBe(2);
    expect(api.count('apig.listInstances')).toBe(1); // another collector's list is not read again for a miss
  });

  it('refuses an instance discovery leaves out (not Running) and one outside an explicit list', async () => {
    const { scaleOut } = listed();
    await expect(scaleOut.probe(`${REGION}/swr_signing/i-3`)).rejects.toThrow(
      'neither configured nor discovered',
    );
    await expect(scaleOut.probe(`${REGION}/apig_signature_keys/apig:g-2`)).rejects.toThrow(
      'neither configured nor discovered',
    );
  });

  it('takes a configured instance without a discovery call', async () => {
    const { api, scaleOut } = listed({ swr: { instances: ['i-2'] } });
    expect((await scaleOut.probe(`${REGION}/swr_registries/i-2`)).success).toBe(true);
    expect(api.count('swr.listInstances')).toBe(0);
  });

  it('with allowUnlisted, a probed instance the cloud does not know fails with the reason', async () => {
    const { scaleOut } = listed({}, { allowUnlisted: true });
    const result = await scaleOut.probe(`${REGION}/swr_signing/ghost`);
    expect(result.success).toBe(false);
    const text = expositionText(result.body);
    expect(samples(text, 'huaweicloud_probe_success')).toEqual(['huaweicloud_probe_success 0']);
    expect(samples(text, 'huaweicloud_collector_success')).toEqual([
      `huaweicloud_collector_success{collector="swr_signing",region="${REGION}"} 0`,
    ]);
  });
});
