// A 404 while fanning out: the resource's own not-found code drops that resource for this refresh; the
// gateway's "no such API" (APIG.0101 / APIGW.0101) means the endpoint is wrong and fails the collector.

import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/collectors/engine.js';
import { createApiMetricsObserver } from '../../src/collectors/exporter-metrics.js';
import { httpError } from '../../src/huaweicloud/http/failures.js';
import { find, value } from './collectors-exposition.js';
import { FakeClock } from './collectors-fake-api.js';
import { goldenNorth } from './collectors-golden-estate.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function upstream404(operation: string, errorCode: string) {
  return httpError(
    { service: 'swr', operation, secrets: [] },
    404,
    { errorCode, errorMsg: 'not here', requestId: undefined },
    'req-1',
  );
}

async function scrapeWith(failOp: string, failFor: unknown, errorCode: string) {
  const api = goldenNorth();
  api.hook = (op, args) => {
    if (op === failOp && (args as unknown[])[0] === failFor) throw upstream404(failOp, errorCode);
  };
  const engine = new Engine({
    targets: [{ region: 'cn-north-4', api, apig: [{ gateway: 'apig' }] }],
    now: new FakeClock().now,
    apiMetrics: createApiMetricsObserver({ processMetrics: false }),
  });
  engines.push(engine);
  return engine.scrape({});
}

const success = (text: string, collector: string) =>
  value(text, 'huaweicloud_collector_success', { collector, region: 'cn-north-4' });

describe('404 while fanning out', () => {
  it.each([
    ['SVCSTG.SWR.4040102', 'the instance'],
    ['SVCSTG.SWR.4040010', 'an SWR resource'],
  ])('%s (%s deleted since it was listed) drops only that instance', async (code) => {
    const text = await scrapeWith('swr.listSignPolicies', 'ins-a', code);
    expect(success(text, 'swr_signing')).toBe(1);
    expect(find(text, 'huaweicloud_swr_signature_policy_info', { instance_id: 'ins-a' })).toEqual([]);
    expect(find(text, 'huaweicloud_swr_signature_policy_info', { instance_id: 'ins-b' })).toHaveLength(1);
  });

  it('a policy whose executions are gone is dropped, the others stay', async () => {
    const api = goldenNorth();
    api.hook = (op, args) => {
      const ref = (args as Array<{ policyId?: number }>)[0];
      if (op === 'swr.listSignExecutionsPage' && ref?.policyId === 11) {
        throw upstream404('ListInstanceSignPolicyExecutions', 'SVCSTG.SWR.4040119');
      }
    };
    const engine = new Engine({
      targets: [{ region: 'cn-north-4', api, apig: [] }],
      now: new FakeClock().now,
      apiMetrics: createApiMetricsObserver({ processMetrics: false }),
    });
    engines.push(engine);
    const text = await engine.scrape({});
    expect(success(text, 'swr_signing')).toBe(1);
    expect(find(text, 'huaweicloud_swr_signature_policy_info', { policy_id: '11' })).toEqual([]);
    expect(find(text, 'huaweicloud_swr_signature_policy_info', { policy_id: '12' })).toHaveLength(1);
  });

  it.each(['APIGW.0101', 'APIG.0101'])(
    '%s (no such API at this endpoint) fails the collector',
    async (code) => {
      const text = await scrapeWith('swr.listSignPolicies', 'ins-a', code);
      expect(success(text, 'swr_signing')).toBe(0);
      expect(find(text, 'huaweicloud_swr_signature_policy_info')).toEqual([]);
    },
  );

  it("a gateway 404 on one instance's signature keys fails apig_signature_keys", async () => {
    const text = await scrapeWith('apig.listSignatureKeys', 'apig', 'APIGW.0101');
    expect(success(text, 'apig_signature_keys')).toBe(0);
    const gone = await scrapeWith('apig.listSignatureKeys', 'apig', 'APIG.3030');
    expect(success(gone, 'apig_signature_keys')).toBe(1);
  });
});
