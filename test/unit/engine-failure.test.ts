import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { EngineLogger } from '../../src/collectors/types.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { find, value } from './collectors-exposition.js';
import { FakeClock } from './collectors-fake-api.js';
import { goldenNorth, goldenTargets } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

interface Logged {
  level: string;
  obj: object;
  msg: string;
}

function recordingLogger(lines: Logged[]): EngineLogger {
  const at = (level: string) => (obj: object, msg: string) => lines.push({ level, obj, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function setup() {
  const clock = new FakeClock();
  const north = goldenNorth();
  const logs: Logged[] = [];
  const engine = new Engine({
    targets: goldenTargets(north),
    now: clock.now,
    logger: recordingLogger(logs),
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return { clock, north, logs, engine };
}

const throttled = () =>
  new HuaweiCloudError({
    code: 'THROTTLED',
    message: 'too many requests',
    service: 'apig',
    operation: 'ListSignatureKeysV2',
    status: 429,
    errorCode: 'APIG.0308',
    errorMsg: 'The throttling threshold has been reached',
    requestId: 'req-1',
  });

const success = (text: string, collector: string) =>
  value(text, 'huaweicloud_collector_success', { collector, region: 'cn-north-4' });

describe('a failing collector', () => {
  it('reports success 0 with no series of its own while the others answer', async () => {
    const { north, engine } = setup();
    north.hook = (op) => {
      if (op === 'apig.listSignatureKeys') throw throttled();
    };
    const text = await engine.scrape({});
    expect(success(text, 'apig_signature_keys')).toBe(0);
    expect(text).not.toMatch(/^huaweicloud_apig_/m);
    expect(success(text, 'swr_signing')).toBe(1);
    expect(success(text, 'hss_registries')).toBe(1);
    expect(value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toBe(4);
    expect(
      find(text, 'huaweicloud_collector_data_age_seconds', { collector: 'apig_signature_keys' }),
    ).toEqual([]);
    const status = engine.status().find((s) => s.name === 'apig_signature_keys');
    expect(status?.success).toBe(false);
    expect(status?.lastError).toBe(
      'THROTTLED in apig/ListSignatureKeysV2: too many requests; HTTP 429; error_code APIG.0308 (The throttling threshold has been reached); request id req-1',
    );
  });

  it('emits none of the series it had already written when one policy fails half-way', async () => {
    const { north, engine } = setup();
    north.hook = (op, args) => {
      const page = args[1] as { offset: number } | undefined;
      if (op === 'swr.listSignExecutionsPage' && page?.offset === 100) {
        throw new HuaweiCloudError({ code: 'HTTP_ERROR', message: 'internal error', status: 500 });
      }
    };
    const text = await engine.scrape({});
    expect(success(text, 'swr_signing')).toBe(0);
    expect(find(text, 'huaweicloud_swr_signature_policy_info', { region: 'cn-north-4' })).toEqual([]);
    expect(find(text, 'huaweicloud_swr_signature_policy_info', { region: 'ap-southeast-1' })).toHaveLength(1);
  });

  it('serves its last snapshot with its age while within max age, then drops it, then recovers', async () => {
    const { clock, north, engine, logs } = setup();
    await engine.scrape({});
    let failing = true;
    north.hook = (op) => {
      if (failing && op === 'hss.listRegistries') {
        throw new HuaweiCloudError({ code: 'NETWORK', message: 'connection reset', service: 'hss' });
      }
    };
    clock.advance(301); // past the HSS TTL (300 s), within its max age (900 s)
    let text = await engine.scrape({});
    expect(success(text, 'hss_registries')).toBe(0);
    expect(value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toBe(4);
    expect(
      value(text, 'huaweicloud_collector_data_age_seconds', {
        collector: 'hss_registries',
        region: 'cn-north-4',
      }),
    ).toBe(301);
    expect(logs.some((l) => l.level === 'warn' && JSON.stringify(l.obj).includes('NETWORK in hss'))).toBe(
      true,
    );

    clock.advance(900);
    text = await engine.scrape({});
    expect(success(text, 'hss_registries')).toBe(0);
    expect(find(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toEqual([]);
    expect(
      find(text, 'huaweicloud_collector_data_age_seconds', {
        collector: 'hss_registries',
        region: 'cn-north-4',
      }),
    ).toEqual([]);

    failing = false;
    north.estate.hssRegistries.pop();
    text = await engine.scrape({});
    expect(success(text, 'hss_registries')).toBe(1);
    expect(value(text, 'huaweicloud_hss_registries', { region: 'cn-north-4' })).toBe(3);
  });

  it('a collector that throws something unexpected fails alone, described without credentials', async () => {
    const { north, engine } = setup();
    north.hook = (op) => {
      if (op === 'swr.listRegistries') throw new TypeError('bad body {"access_secret":"s3cr3t","x":1}');
    };
    const text = await engine.scrape({});
    expect(success(text, 'swr_registries')).toBe(0);
    expect(success(text, 'swr_signing')).toBe(1);
    const status = engine.status().find((s) => s.name === 'swr_registries' && s.region === 'cn-north-4');
    expect(status?.lastError).toBe('TypeError: bad body {"access_secret":<secret>,"x":1}');
  });
});
