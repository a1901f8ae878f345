import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import type { CollectorSettingsInput, EngineLogger } from '../../src/collectors/types.js';
import { find } from './collectors-exposition.js';
import { FakeClock } from './collectors-fake-api.js';
import { goldenNorth } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function recordingLogger() {
  const debug: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  const logger: EngineLogger = {
    debug: (obj, msg) => debug.push({ obj: obj as Record<string, unknown>, msg }),
    info() {},
    warn() {},
    error() {},
  };
  return { logger, debug };
}

async function scrape(settings: CollectorSettingsInput = {}) {
  const { logger, debug } = recordingLogger();
  const api = goldenNorth();
  const engine = new Engine({
    targets: [{ region: 'cn-north-4', api, apig: [{ gateway: 'apig' }, { gateway: 'roma' }] }],
    settings,
    now: new FakeClock().now,
    logger,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return { text: await engine.scrape({}), debug, api };
}

describe('instances that are not Running', () => {
  it('are listed with their raw status while their sub-resources are skipped, with a debug line', async () => {
    const { text, debug, api } = await scrape();
    const swr = find(text, 'huaweicloud_swr_instance_status');
    expect(swr.map((s) => [s.labels.instance_id, s.labels.status])).toEqual([
      ['ins-a', 'Running'],
      ['ins-b', 'Running'],
      ['ins-off', 'Creating'],
    ]);
    // ins-off holds policy 99: never asked for, never exported.
    expect(api.calls.some((c) => c.op === 'swr.listSignPolicies' && c.args[0] === 'ins-off')).toBe(false);
    expect(find(text, 'huaweicloud_swr_signature_policy_info', { instance_id: 'ins-off' })).toEqual([]);
    const gateways = find(text, 'huaweicloud_apig_instance_status').map((s) => [
      s.labels.gateway,
      s.labels.instance_id,
      s.labels.status,
    ]);
    expect(gateways).toEqual([
      ['apig', 'gw-off', 'Frozen'],
      ['apig', 'gw1', 'Running'],
      ['roma', 'roma-off', 'FROZEN'],
      ['roma', 'roma1', 'RUNNING'],
    ]);
    const skipped = debug.filter((d) => d.msg.includes('not Running'));
    expect(skipped.map((d) => `${d.obj.instance_id} ${d.obj.status} ${d.msg}`).sort()).toEqual([
      'gw-off Frozen instance is not Running: its signature keys are skipped',
      'ins-off Creating instance is not Running: its signature policies and registries are skipped',
      'roma-off FROZEN instance is not Running: its signature keys are skipped',
    ]);
  });

  it('are reported once per region, by swr_registries when swr_signing is off', async () => {
    const both = await scrape();
    expect(find(both.text, 'huaweicloud_swr_instance_status', { instance_id: 'ins-off' })).toHaveLength(1);
    const registriesOnly = await scrape({ collectors: { swr_signing: { enabled: false } } });
    expect(
      find(registriesOnly.text, 'huaweicloud_swr_instance_status', { instance_id: 'ins-off' }),
    ).toHaveLength(1);
    const neither = await scrape({
      collectors: { swr_signing: { enabled: false }, swr_registries: { enabled: false } },
    });
    expect(find(neither.text, 'huaweicloud_swr_instance_status')).toEqual([]);
  });
});

describe('the whole account', () => {
  it('reads HSS registries of every granted enterprise project unless the target names one', async () => {
    const epsAsked = async (hss: { enterpriseProjectId?: string }) => {
      const api = goldenNorth();
      const engine = new Engine({
        targets: [{ region: 'cn-north-4', api, hss, apig: [] }],
        now: new FakeClock().now,
        apiMetrics: createApiMetricsObserver({ processMetrics: false }),
      });
      engines.push(engine);
      await engine.scrape({});
      return api.calls.filter((c) => c.op === 'hss.listRegistries').map((c) => c.args[0]);
    };
    expect(await epsAsked({})).toEqual(['all_granted_eps']);
    expect(await epsAsked({ enterpriseProjectId: '0' })).toEqual(['0']);
  });
});
