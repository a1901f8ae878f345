import { describe, expect, it } from 'vitest';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { inRefreshScope } from '../../src/collectors/refresh-scope.js';
import type { EngineLogger } from '../../src/collectors/types.js';
import { createRegionOperations } from '../../src/huaweicloud/operations/region.js';
import { find, value } from './collectors-exposition.js';
import { fakeTransport, PID } from './operations-helpers.js';

// Skipped records and unreadable values, from a response through the client to the exporter's counters and
// its warn lines (JSON paths, never values; each path once per refresh).

function recordingLogger() {
  const warnings: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  const logger: EngineLogger = {
    debug() {},
    info() {},
    warn: (obj, msg) => warnings.push({ obj: obj as Record<string, unknown>, msg }),
    error() {},
  };
  return { logger, warnings };
}

const SECRET_NAME = 'Zq-name-that-must-not-be-logged';
const registry = (id: string, more: object = {}) => ({
  id,
  registry_name: SECRET_NAME,
  registry_type: 'Harbor',
  status: 'success',
  ...more,
});
const BODY = {
  data_list: [
    registry('a'),
    registry('b', { latest_sync_time: 'yesterday' }),
    { ...registry('c'), id: undefined },
    registry('d', { id: 42 }),
  ],
  total_num: 4,
};

function setUp() {
  const { logger, warnings } = recordingLogger();
  const observer = createApiMetricsObserver({ processMetrics: false, logger });
  const fake = fakeTransport(() => BODY);
  const api = createRegionOperations({ region: 'r', transport: fake.transport, projectId: PID, observer });
  return { observer, warnings, api };
}

describe('records skipped and values unreadable', () => {
  it('are counted by service, operation and reason/field; the page keeps the readable records', async () => {
    const { observer, api } = setUp();
    const listed = await api.hss.listRegistries();
    expect(listed.items.map((r) => r.id)).toEqual(['a', 'b']);
    expect(listed.total).toBe(4);
    const text = await observer.render();
    const op = { service: 'hss', operation: 'ListRegistry' };
    expect(value(text, 'huaweicloud_api_records_skipped_total', { ...op, reason: 'identity_missing' })).toBe(
      1,
    );
    expect(value(text, 'huaweicloud_api_records_skipped_total', { ...op, reason: 'identity_invalid' })).toBe(
      1,
    );
    expect(find(text, 'huaweicloud_api_fields_unreadable_total')).toMatchObject([
      { labels: { ...op, field: 'data_list[].latest_sync_time' }, value: 1 },
    ]);
  });

  it('log each path once per refresh, by path, never the value', async () => {
    const { warnings, api } = setUp();
    await inRefreshScope(async () => {
      await api.hss.listRegistries();
      await api.hss.listRegistries();
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.obj).toEqual({
      service: 'hss',
      operation: 'ListRegistry',
      records_skipped: 2,
      fields_unreadable: 1,
      paths: ['data_list[2].id', 'data_list[3].id', 'data_list[1].latest_sync_time'],
    });
    expect(JSON.stringify(warnings)).not.toContain(SECRET_NAME);
    expect(JSON.stringify(warnings)).not.toContain('yesterday');

    await inRefreshScope(() => api.hss.listRegistries());
    expect(warnings).toHaveLength(2); // the next refresh says it again
  });

  it('a tidy response reports nothing', async () => {
    const { logger, warnings } = recordingLogger();
    const observer = createApiMetricsObserver({ processMetrics: false, logger });
    const fake = fakeTransport(() => ({ data_list: [registry('a')], total_num: 1 }));
    const api = createRegionOperations({ region: 'r', transport: fake.transport, projectId: PID, observer });
    await api.hss.listRegistries();
    expect(warnings).toEqual([]);
    expect(find(await observer.render(), 'huaweicloud_api_records_skipped_total')).toEqual([]);
  });
});
