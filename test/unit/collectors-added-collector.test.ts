// The design's acceptance test: a collector is added by its descriptor and one entry in the list
// (src/collectors/list.ts), and nothing else. A descriptor that exists only here is appended to the list
// (vi.mock); the config schema, the flags, the engine, scale-out, `check`'s IAM actions and the README
// reference must all know it without any other change to src/.

import { describe, expect, it, vi } from 'vitest';
import { gauge } from '../../src/collectors/catalog.js';
import { count } from '../../src/collectors/config-fields.js';
import { defineCollector } from '../../src/collectors/descriptor.js';
import { operationInfo } from '../../src/huaweicloud/operations/info.js';
import { FakeClock, FakeRegionApi } from './collectors-fake-api.js';

const LIST_WIDGETS = operationInfo({
  service: 'swr',
  name: 'ListWidgets',
  iamAction: 'swr:widget:list',
  iamSource: 'inferred',
});

const WIDGETS = gauge('huaweicloud_test_widgets', ['region', 'widget'], 'Widgets of the test collector.');

interface WidgetSettings {
  widgetLimit: number;
}

const testWidgets = defineCollector({
  name: 'test_widgets',
  summary: 'A collector that exists only in this test',
  defaults: { enabled: true, ttlSeconds: 45, maxAgeSeconds: 90, maxSeries: 100 },
  families: [WIDGETS],
  operations: [LIST_WIDGETS],
  options: {
    key: 'testWidgets',
    config: { widget_limit: count(1, 5).optional() },
    fromConfig: (block: { widget_limit?: number | undefined }) =>
      block.widget_limit === undefined ? {} : { widgetLimit: block.widget_limit },
    resolve: (input: Partial<WidgetSettings> | undefined): WidgetSettings => ({
      widgetLimit: input?.widgetLimit ?? 2,
    }),
  },
  collectsIn: () => true,
  check: async (reads) => {
    await reads.step(LIST_WIDGETS, async () => '3 widget(s) visible');
  },
  probe: {
    form: { by: 'region' },
    lists: (ctx) => [{ what: `widgets in ${ctx.target.region}` }],
    narrow: () => ({}),
  },
  build: (ctx) => ({
    name: 'test_widgets',
    region: ctx.deps.region,
    async collect({ out }) {
      for (let i = 1; i <= ctx.options.widgetLimit; i++) out.add(WIDGETS, [ctx.deps.region, `w-${i}`], i);
    },
  }),
});

vi.mock('../../src/collectors/list.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/collectors/list.js')>();
  return { COLLECTORS: [...original.COLLECTORS, testWidgets] };
});

const { COLLECTOR_NAMES } = await import('../../src/collectors/index.js');
const { Engine } = await import('../../src/collectors/engine.js');
const { collectorSettingsFor, parseConfigText, regionTargetOptions } = await import('../../src/config.js');
const { parseFlags } = await import('../../src/cli.js');
const { COLLECTOR_ACTIONS, requiredActions } = await import('../../src/check/iam-actions.js');
const { parseProbeTarget, TARGET_SYNTAX } = await import('../../src/scaleout/target.js');
const { ScaleOut } = await import('../../src/scaleout/scale-out.js');
const { metricsSection } = await import('../../src/docs/reference.js');

const REGION = 'cn-north-4';
const load = (yaml: string) => parseConfigText(`regions: [{ name: ${REGION} }]\n${yaml}`, 'inline.yml', '.');

describe('a collector added by its descriptor alone', () => {
  it('is in the list everything derives from', () => {
    expect(COLLECTOR_NAMES.at(-1)).toBe('test_widgets');
  });

  it('gets its config block, with the engine keys, its own keys and key paths in messages', async () => {
    const loaded = await load('collectors: { test_widgets: { ttl: 1m, widget_limit: 3 } }\n');
    const block = loaded.config.collectors['test_widgets' as never] as Record<string, unknown>;
    expect(block).toMatchObject({ enabled: true, widget_limit: 3 });
    const error = await load('collectors: { test_widgets: { widget_limit: 9, max_age: 10s } }\n').catch(
      (e: unknown) => e,
    );
    expect((error as { problems: string[] }).problems).toEqual([
      'collectors.test_widgets.widget_limit: must be at most 5',
      'collectors.test_widgets.max_age: must not be shorter than the default ttl (45s)',
    ]);
  });

  it('gets its --collector flags', () => {
    expect(parseFlags(['--no-collector.test_widgets']).collectors).toEqual({ test_widgets: false });
  });

  it('is collected by the engine from the config, with its own settings and its status series', async () => {
    const loaded = await load('collectors: { test_widgets: { widget_limit: 3 } }\n');
    const region = loaded.config.regions[0];
    if (region === undefined) throw new Error('no region');
    const engine = new Engine({
      targets: [{ region: REGION, api: new FakeRegionApi(REGION), ...regionTargetOptions(region) }],
      settings: collectorSettingsFor(loaded.config),
      now: new FakeClock().now,
    });
    try {
      const text = await engine.scrape();
      expect(text.split('\n').filter((l) => l.startsWith('huaweicloud_test_widgets{'))).toEqual([
        'huaweicloud_test_widgets{region="cn-north-4",widget="w-1"} 1',
        'huaweicloud_test_widgets{region="cn-north-4",widget="w-2"} 2',
        'huaweicloud_test_widgets{region="cn-north-4",widget="w-3"} 3',
      ]);
      expect(text).toContain('huaweicloud_collector_success{collector="test_widgets",region="cn-north-4"} 1');
      expect(engine.settings.collectors['test_widgets' as never]).toEqual(testWidgets.defaults);
    } finally {
      await engine.close();
    }
  });

  it("is in check's IAM actions and the policy's action list", () => {
    expect(COLLECTOR_ACTIONS['test_widgets' as never]).toEqual([
      { service: 'swr', operation: 'ListWidgets', action: 'swr:widget:list', source: 'inferred' },
    ]);
    expect(requiredActions(['test_widgets' as never])).toContain('swr:widget:list');
  });

  it('has probe targets: the grammar, /targets and /probe', async () => {
    expect(TARGET_SYNTAX).toContain('<region>/test_widgets');
    expect(parseProbeTarget(`${REGION}/test_widgets`)).toEqual({ region: REGION, collector: 'test_widgets' });
    const scaleOut = new ScaleOut({
      targets: [{ region: REGION, api: new FakeRegionApi(REGION), swr: { enabled: false }, apig: [] }],
      now: new FakeClock().now,
    });
    try {
      const groups = await scaleOut.targetGroups({ host: 'exporter:9786', protocol: 'http' });
      expect(groups.map((g) => g.labels.__param_target)).toContain(`${REGION}/test_widgets`);
    } finally {
      await scaleOut.close();
    }
  });

  it('is in the README metric reference', async () => {
    expect(await metricsSection()).toContain(
      '| `huaweicloud_test_widgets` | gauge | `region`, `widget` | Widgets of the test collector. |',
    );
  });
});
