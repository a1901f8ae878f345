// /targets' content: which probe targets exist (Running instances, the config's explicit lists, HSS once per
// region), reuse of the instance lists for the discovery TTL, the last good list when a list cannot be read,
// the address handed out, and that every listed target is one /probe accepts.

import { afterEach, describe, expect, it } from 'vitest';
import { parseFlags, UsageError } from '../../src/cli.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { ExporterAddressError, probeEndpoint } from '../../src/scaleout/http-sd.js';
import type { ScaleOut } from '../../src/scaleout/scale-out.js';
import { swrInstance } from './collectors-fake-api.js';
import { REGION, scaleOutOn } from './scaleout-fixture.js';

const ORIGIN = { host: 'exporter-0.example:9786', protocol: 'http' as const };
const open: ScaleOut[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function fixture(...args: Parameters<typeof scaleOutOn>) {
  const created = scaleOutOn(...args);
  open.push(created.scaleOut);
  return created;
}

async function listed(scaleOut: ScaleOut): Promise<string[]> {
  return (await scaleOut.targetGroups(ORIGIN)).map((g) => g.labels.__param_target as string);
}

function failWith(code: 'THROTTLED' | 'AUTH_FAILED') {
  return new HuaweiCloudError({
    code,
    message: `upstream said ${code}`,
    status: code === 'THROTTLED' ? 429 : 403,
  });
}

describe('target discovery', () => {
  it('lists Running SWR and APIG instances per collector, and HSS once per region', async () => {
    const { scaleOut } = fixture();
    expect(await listed(scaleOut)).toEqual([
      `${REGION}/apig_signature_keys/apig:g-1`,
      `${REGION}/hss_registries`,
      `${REGION}/swr_registries/i-1`,
      `${REGION}/swr_registries/i-2`,
      `${REGION}/swr_signing/i-1`,
      `${REGION}/swr_signing/i-2`,
    ]);
  });

  it('hands out groups in http_sd form: this exporter as target, the probe target in labels', async () => {
    const { scaleOut } = fixture();
    const groups = await scaleOut.targetGroups(ORIGIN);
    expect(groups[0]).toEqual({
      targets: ['exporter-0.example:9786'],
      labels: {
        __param_target: `${REGION}/apig_signature_keys/apig:g-1`,
        __metrics_path__: '/probe',
        __scheme__: 'http',
        target: `${REGION}/apig_signature_keys/apig:g-1`,
        __meta_huaweicloud_region: REGION,
        __meta_huaweicloud_collector: 'apig_signature_keys',
        __meta_huaweicloud_instance_id: 'g-1',
        __meta_huaweicloud_gateway: 'apig',
      },
    });
    const hss = groups.find((g) => g.labels.__meta_huaweicloud_collector === 'hss_registries');
    expect(hss?.labels).not.toHaveProperty('__meta_huaweicloud_instance_id');
  });

  it('lists only targets /probe accepts, and /probe collects each of them', async () => {
    const { scaleOut } = fixture({ swr: { policies: [{ instanceId: 'i-2', policyId: 21 }] } });
    const targets = await listed(scaleOut);
    expect(targets).toContain(`${REGION}/swr_signing/i-2`);
    expect(targets).not.toContain(`${REGION}/swr_signing/i-1`);
    for (const target of targets) expect((await scaleOut.probe(target)).success, target).toBe(true);
  });

  it('reads each instance list once per discovery TTL, shared by the SWR collectors', async () => {
    const { api, clock, scaleOut } = fixture();
    await Promise.all([listed(scaleOut), listed(scaleOut)]);
    await listed(scaleOut);
    expect(api.count('swr.listInstances')).toBe(1);
    expect(api.count('apig.listInstances')).toBe(1);
    clock.advance(scaleOut.settings.discoveryTtlSeconds);
    await listed(scaleOut);
    expect(api.count('swr.listInstances')).toBe(2);
  });

  it('asks nothing upstream for instances the config names', async () => {
    const { api, scaleOut } = fixture({
      swr: { instances: ['i-9'], registries: [{ instanceId: 'i-9', registryId: 5 }] },
      apig: [{ gateway: 'roma', instances: ['r-1'] }],
    });
    expect(await listed(scaleOut)).toEqual([
      `${REGION}/apig_signature_keys/roma:r-1`,
      `${REGION}/hss_registries`,
      `${REGION}/swr_registries/i-9`,
      `${REGION}/swr_signing/i-9`,
    ]);
    expect(api.calls).toEqual([]);
  });

  it('leaves out what the config switches off', async () => {
    const { scaleOut } = fixture(
      { hss: { enabled: false }, apig: [] },
      { settings: { collectors: { swr_signing: { enabled: false } } } },
    );
    expect(await listed(scaleOut)).toEqual([`${REGION}/swr_registries/i-1`, `${REGION}/swr_registries/i-2`]);
  });

  it('serves the last good list when a list cannot be read, and leaves out one never read', async () => {
    const { api, clock, scaleOut } = fixture();
    api.hook = (op) => {
      if (op === 'apig.listInstances') throw failWith('AUTH_FAILED');
    };
    const first = await listed(scaleOut);
    expect(first.filter((t) => t.includes('apig_signature_keys'))).toEqual([]);
    expect(first).toContain(`${REGION}/swr_signing/i-1`);

    api.hook = (op) => {
      if (op === 'swr.listInstances') throw failWith('THROTTLED');
    };
    clock.advance(scaleOut.settings.discoveryTtlSeconds);
    const second = await listed(scaleOut);
    expect(api.count('swr.listInstances')).toBe(2);
    expect(second).toEqual([`${REGION}/apig_signature_keys/apig:g-1`, ...first]);
  });

  it('leaves out an instance id the target grammar cannot carry', async () => {
    const { api, scaleOut } = fixture();
    api.estate.swrInstances.push(swrInstance('bad/id'));
    expect((await listed(scaleOut)).filter((t) => t.includes('bad'))).toEqual([]);
  });
});

describe('the address /targets hands out', () => {
  it('is --web.external-url when given, with its path in front of /probe', () => {
    const external = new URL('https://exporters.example/shard-a/');
    expect(probeEndpoint(external, ORIGIN)).toEqual({
      address: 'exporters.example:443',
      scheme: 'https',
      probePath: '/shard-a/probe',
    });
    expect(probeEndpoint(new URL('http://10.0.0.7:9786'), ORIGIN).address).toBe('10.0.0.7:9786');
  });

  it('is the Host header otherwise, with the default port when it has none', () => {
    expect(probeEndpoint(undefined, ORIGIN).address).toBe('exporter-0.example:9786');
    expect(probeEndpoint(undefined, { host: 'exporter', protocol: 'https' })).toEqual({
      address: 'exporter:443',
      scheme: 'https',
      probePath: '/probe',
    });
    expect(probeEndpoint(undefined, { host: '[::1]:9786', protocol: 'http' }).address).toBe('[::1]:9786');
  });

  it.each([undefined, '', 'a b', 'evil"}]:1', 'host:99999999'])('refuses the Host header %j', (host) => {
    expect(() => probeEndpoint(undefined, { host, protocol: 'http' })).toThrow(ExporterAddressError);
    expect(() => probeEndpoint(undefined, { host, protocol: 'http' })).toThrow(
      /start it with --web.external-url/,
    );
  });

  it('comes from a checked --web.external-url flag', () => {
    expect(parseFlags(['--web.external-url=http://exporter-1:9786/']).externalUrl?.href).toBe(
      'http://exporter-1:9786/',
    );
    expect(parseFlags([]).externalUrl).toBeUndefined();
    for (const [value, message] of [
      ['exporter:9786', 'must be an http(s) URL with a host, got "exporter:9786"'],
      ['not a url', 'not a URL: "not a url"'],
      ['http://user:pw@exporter:9786', 'must not carry a user or password'],
      ['http://exporter:9786/?x=1', 'must not have a query or fragment, got "http://exporter:9786/?x=1"'],
    ]) {
      expect(() => parseFlags([`--web.external-url=${value}`])).toThrow(
        new UsageError(`--web.external-url: ${message}`),
      );
    }
  });
});
