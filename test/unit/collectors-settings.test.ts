import { describe, expect, it } from 'vitest';
import { validateTargets } from '../../src/collectors/build-units.js';
import { Engine } from '../../src/collectors/engine.js';
import { COLLECTOR_NAMES, COLLECTORS } from '../../src/collectors/index.js';
import {
  CollectorSettingsError,
  DEFAULT_COLLECTOR_SETTINGS,
  resolveCollectorSettings,
} from '../../src/collectors/settings.js';
import type { RegionTarget } from '../../src/collectors/types.js';
import { type ConfigError, collectorSettingsFor, parseConfigText } from '../../src/config.js';
import { FakeRegionApi } from './collectors-fake-api.js';

const api = new FakeRegionApi('r');

describe('collector settings', () => {
  it('fills every missing key with its default', () => {
    expect(resolveCollectorSettings({})).toEqual(DEFAULT_COLLECTOR_SETTINGS);
    const custom = resolveCollectorSettings({
      workerLimit: 3,
      collectors: { apig_signature_keys: { ttlSeconds: 7200 } },
      swrSigning: { maxTasksPerPolicy: 10 },
    });
    expect(custom.workerLimit).toBe(3);
    // a TTL above the default max age raises the max age with it
    expect(custom.collectors.apig_signature_keys).toEqual({
      enabled: true,
      ttlSeconds: 7200,
      maxAgeSeconds: 7200,
      maxSeries: 500_000,
    });
    expect(custom.swrSigning.maxTasksPerPolicy).toBe(10);
    expect(custom.collectors.swr_signing).toEqual(DEFAULT_COLLECTOR_SETTINGS.collectors.swr_signing);
  });

  it('gives a refresh 5 minutes by default, and never less than the longest scrape deadline', () => {
    expect(resolveCollectorSettings({}).refreshTimeoutSeconds).toBe(300);
    expect(resolveCollectorSettings({ maxTimeoutSeconds: 600 }).refreshTimeoutSeconds).toBe(600);
    expect(
      resolveCollectorSettings({ maxTimeoutSeconds: 60, refreshTimeoutSeconds: 60 }).refreshTimeoutSeconds,
    ).toBe(60);
  });

  it("takes the refresh timeout from the config's scrape.refresh_timeout", async () => {
    const text = 'regions: [{ name: cn-north-4 }]\nscrape: { max_timeout: 1m, refresh_timeout: 10m }\n';
    const loaded = await parseConfigText(text, 'inline.yml', '.');
    const settings = resolveCollectorSettings(collectorSettingsFor(loaded.config));
    expect(settings.maxTimeoutSeconds).toBe(60);
    expect(settings.refreshTimeoutSeconds).toBe(600);
  });

  it("takes each collector's defaults from its descriptor", () => {
    for (const descriptor of COLLECTORS) {
      expect(DEFAULT_COLLECTOR_SETTINGS.collectors[descriptor.name]).toEqual(descriptor.defaults);
    }
    expect(Object.keys(DEFAULT_COLLECTOR_SETTINGS.collectors)).toEqual([...COLLECTOR_NAMES]);
  });

  it('is validated once, by the config schema, which names the key path', async () => {
    // The engine trusts programmatic settings (typed); the bounds live in the schema alone.
    const text =
      'regions: [{ name: cn-north-4 }]\ncollectors: { swr: {}, swr_signing: { executions_page_size: 101 } }\n';
    const error = await parseConfigText(text, 'inline.yml', '.').catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual([
      'collectors.swr_signing.executions_page_size: must be at most 100 (the SWR page limit)',
      'collectors.swr: unknown key',
    ]);
  });
});

describe('targets', () => {
  const invalid: Array<[string, RegionTarget[], string]> = [
    ['an empty region', [{ region: ' ', api }], 'targets[0].region: must be a non-empty string'],
    [
      'a region twice',
      [
        { region: 'r', api },
        { region: 'r', api },
      ],
      'targets[1].region: "r" appears twice; the region label would not tell the series apart',
    ],
    [
      'an unknown gateway',
      [{ region: 'r', api, apig: [{ gateway: 'apic' as never }] }],
      'targets[0].apig[0].gateway: must be "apig" or "roma"',
    ],
    [
      'a gateway twice',
      [{ region: 'r', api, apig: [{ gateway: 'roma' }, { gateway: 'roma' }] }],
      'targets[0].apig[1].gateway: "roma" is listed twice',
    ],
    [
      'a policy id that is not an integer',
      [{ region: 'r', api, swr: { policies: [{ instanceId: 'i', policyId: 1.5 }] } }],
      'targets[0].swr.policies[0]: invalid value {"instanceId":"i","policyId":1.5}',
    ],
    [
      'an empty instance id',
      [{ region: 'r', api, swr: { instances: [''] } }],
      'targets[0].swr.instances[0]: invalid value ""',
    ],
  ];
  for (const [what, targets, message] of invalid) {
    it(`rejects ${what}`, () => {
      expect(() => validateTargets(targets)).toThrow(new CollectorSettingsError(message));
      expect(() => new Engine({ targets })).toThrow(message);
    });
  }
});
