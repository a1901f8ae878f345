// Scale-out with `accounts` in the config (docs/accounts.md): every probe target starts with its account,
// /targets lists every account's targets (with __meta_huaweicloud_account), and /probe reads one account's
// region only, its series labelled with that account. The form without accounts has its own tests
// (scaleout-target, scaleout-discovery, scaleout-probe) and is unchanged.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { expositionText } from '../../src/collectors/encoded-exposition.js';
import { ScaleOut } from '../../src/scaleout/scale-out.js';
import {
  ACCOUNT_PATTERN,
  formatProbeTarget,
  INSTANCE_ID_PATTERN,
  type ProbeTarget,
  ProbeTargetError,
  parseProbeTarget,
} from '../../src/scaleout/target.js';
import { emptyEstate, FakeClock, FakeRegionApi, hssRegistry, swrInstance } from './collectors-fake-api.js';
import { fakeRegion, REGION } from './scaleout-fixture.js';

const ORIGIN = { host: 'exporter-0.example:9786', protocol: 'http' as const };
const open: ScaleOut[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** The own account `ops` (the fixture's estate) and a delegating `unit-a` with one SWR instance and HSS. */
function twoAccounts(allowUnlisted = false) {
  const own = fakeRegion();
  const estate = emptyEstate();
  estate.swrInstances = [swrInstance('a-1')];
  estate.hssRegistries = [hssRegistry('ha-1')];
  const other = new FakeRegionApi(REGION, estate);
  const scaleOut = new ScaleOut({
    targets: [
      { account: 'ops', region: REGION, api: own },
      { account: 'unit-a', region: REGION, api: other },
    ],
    now: new FakeClock().now,
    allowUnlisted,
  });
  open.push(scaleOut);
  return { own, other, scaleOut };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

describe('the target grammar with accounts', () => {
  it('reads <account>/ before every form, and only when told the config has accounts', () => {
    expect(parseProbeTarget(`unit-a/${REGION}/swr_signing/i-1`, true)).toEqual({
      account: 'unit-a',
      region: REGION,
      collector: 'swr_signing',
      instanceId: 'i-1',
    });
    expect(parseProbeTarget(`unit-a/${REGION}/hss_registries`, true)).toEqual({
      account: 'unit-a',
      region: REGION,
      collector: 'hss_registries',
    });
    // Without accounts the first part is the region, as it always was.
    expect(() => parseProbeTarget(`unit-a/${REGION}/hss_registries`)).toThrow(
      /unknown collector "cn-north-4"/,
    );
  });

  it('refuses a target without its account, or with an account the config could not name', () => {
    expect(() => parseProbeTarget(`${REGION}/hss_registries`, true)).toThrow(
      /expected <account>\/ followed by <region>\//,
    );
    expect(() => parseProbeTarget('unit-a', true)).toThrow(/expected <account>\//);
    expect(() => parseProbeTarget(`-a/${REGION}/hss_registries`, true)).toThrow(/account "-a" must be/);
    expect(() => parseProbeTarget(`a/${REGION}/hss_registries/x`, true)).toThrow(
      /takes no instance; use a\/cn-north-4\/hss_registries/,
    );
  });

  it('is undone by parseProbeTarget for every valid target with an account', () => {
    const target: fc.Arbitrary<ProbeTarget> = fc.record({
      account: fc.stringMatching(ACCOUNT_PATTERN),
      region: fc.constantFrom('cn-north-4', 'ap-southeast-1'),
      collector: fc.constantFrom('swr_signing' as const, 'swr_registries' as const),
      instanceId: fc.stringMatching(INSTANCE_ID_PATTERN),
    });
    fc.assert(
      fc.property(target, (t) => {
        expect(parseProbeTarget(formatProbeTarget(t), true)).toEqual(t);
      }),
    );
  });
});

describe('scale-out over several accounts', () => {
  it("lists every account's targets, each naming its account in the target and a meta label", async () => {
    const { scaleOut } = twoAccounts();
    const groups = await scaleOut.targetGroups(ORIGIN);
    expect(groups.map((g) => g.labels.__param_target)).toEqual([
      `ops/${REGION}/apig_signature_keys/apig:g-1`,
      `ops/${REGION}/hss_registries`,
      `ops/${REGION}/swr_registries/i-1`,
      `ops/${REGION}/swr_registries/i-2`,
      `ops/${REGION}/swr_signing/i-1`,
      `ops/${REGION}/swr_signing/i-2`,
      // unit-a has no APIG instance: no target for it.
      `unit-a/${REGION}/hss_registries`,
      `unit-a/${REGION}/swr_registries/a-1`,
      `unit-a/${REGION}/swr_signing/a-1`,
    ]);
    const hss = groups.find((g) => g.labels.target === `unit-a/${REGION}/hss_registries`);
    expect(hss?.labels).toMatchObject({
      __meta_huaweicloud_account: 'unit-a',
      __meta_huaweicloud_region: REGION,
      __meta_huaweicloud_collector: 'hss_registries',
    });
  });

  it("probes one account's region only, its series labelled with that account", async () => {
    const { own, other, scaleOut } = twoAccounts();
    const result = await scaleOut.probe(`unit-a/${REGION}/hss_registries`);
    const text = expositionText(result.body);
    expect(result.success).toBe(true);
    expect(text).toContain('"ha-1"');
    expect(text).not.toContain('"h-1"');
    const registryLines = text.split('\n').filter((l) => l.startsWith('huaweicloud_hss_'));
    expect(registryLines.length).toBeGreaterThan(0);
    for (const line of registryLines) expect(line).toMatch(/^[a-z_]+\{account="unit-a",/);
    const hssCalls = (api: FakeRegionApi) => api.calls.filter((c) => c.op.includes('hss')).length;
    expect(hssCalls(own)).toBe(0);
    expect(hssCalls(other)).toBeGreaterThan(0);
  });

  it("refuses an unknown account, and a target only another account's lists hold", async () => {
    const { scaleOut } = twoAccounts();
    const unknown = await rejection(scaleOut.probe(`unit-b/${REGION}/hss_registries`));
    expect(unknown).toBeInstanceOf(ProbeTargetError);
    expect(unknown.message).toMatch(
      /unknown account and region unit-b\/cn-north-4 \(the config has: ops\/cn-north-4, unit-a\/cn-north-4\)/,
    );
    // i-1 is an instance of ops, not of unit-a.
    const elsewhere = await rejection(scaleOut.probe(`unit-a/${REGION}/swr_signing/i-1`));
    expect(elsewhere).toBeInstanceOf(ProbeTargetError);
    expect(elsewhere.message).toMatch(/neither configured nor discovered/);
    expect(await scaleOut.probe(`ops/${REGION}/swr_signing/i-1`)).toMatchObject({ success: true });
  });
});
