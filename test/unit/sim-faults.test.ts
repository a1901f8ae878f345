import { describe, expect, it } from 'vitest';
import { FaultController, FaultSpecError, parseFaultSpec } from '../../src/simulator/faults.js';

function decisions(controller: FaultController, operation: string, n: number) {
  return Array.from({ length: n }, () => controller.decide(operation));
}

describe('fault specs', () => {
  it('rejects bad targets and bad fields with a message naming them', () => {
    expect(() => parseFaultSpec('swr', {})).toThrow(/fault target 'swr'/);
    expect(() => parseFaultSpec('swr.ListInstance', { error500Rate: 2 })).toThrow(/error500Rate/);
    expect(() => parseFaultSpec('swr.ListInstance', { errorRate: 0.5 })).toThrow(/errorRate/);
    expect(() => parseFaultSpec('*', { latencyMs: -1 })).toThrow(FaultSpecError);
    expect(() => parseFaultSpec('*', { error500Rate: 0.6, throttleRate: 0.6 })).toThrow(
      /status fault rates add up/,
    );
    expect(parseFaultSpec('hss.*', { truncateRate: 0.5, malformedRate: 0.5 })).toEqual({
      truncateRate: 0.5,
      malformedRate: 0.5,
    });
  });
});

describe('FaultController', () => {
  it('replays the same decisions for the same seed and differs for another seed', () => {
    const spec = { error500Rate: 0.2, throttleRate: 0.2, truncateRate: 0.3, jitterMs: 100, latencyMs: 5 };
    const a = decisions(new FaultController(42, { '*': spec }), 'swr.ListInstance', 200);
    const b = decisions(new FaultController(42, { '*': spec }), 'swr.ListInstance', 200);
    const c = decisions(new FaultController(43, { '*': spec }), 'swr.ListInstance', 200);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('hits a rate roughly as often as asked', () => {
    const controller = new FaultController(7, { 'swr.ListInstance': { error503Rate: 0.3 } });
    const hits = decisions(controller, 'swr.ListInstance', 2000).filter(
      (d) => d.status === 'error503',
    ).length;
    expect(hits).toBeGreaterThan(500);
    expect(hits).toBeLessThan(700);
  });

  it('keeps latency within fixed + jitter', () => {
    const controller = new FaultController(1, { '*': { latencyMs: 10, jitterMs: 5 } });
    for (const d of decisions(controller, 'iam.KeystoneListProjects', 100)) {
      expect(d.latencyMs).toBeGreaterThanOrEqual(10);
      expect(d.latencyMs).toBeLessThan(15);
    }
  });

  it('prefers the operation over the service over everything', () => {
    const controller = new FaultController(1, {
      '*': { error500Rate: 1 },
      'swr.*': { error503Rate: 1 },
      'swr.ListInstance': { throttleRate: 1, retryAfterSeconds: 2 },
    });
    expect(controller.decide('swr.ListInstance')).toMatchObject({ status: 'throttle', retryAfterSeconds: 2 });
    expect(controller.decide('swr.ShowInstanceRegistry').status).toBe('error503');
    expect(controller.decide('hss.ListRegistry').status).toBe('error500');
  });

  it('a counted spec applies to the next N requests, then disappears', () => {
    const controller = new FaultController(1);
    controller.set('hss.ListRegistry', { resetRate: 1, count: 2 });
    expect(decisions(controller, 'hss.ListRegistry', 3).map((d) => d.status)).toEqual([
      'reset',
      'reset',
      undefined,
    ]);
    expect(controller.list()).toEqual({});
  });

  it('a status fault wins over a body fault and a 429 has no Retry-After unless asked', () => {
    const controller = new FaultController(1, { '*': { throttleRate: 1, dripRate: 1 } });
    const decision = controller.decide('apig.ListSignatureKeysV2');
    expect(decision.status).toBe('throttle');
    expect(decision.body).toBeUndefined();
    expect(decision.retryAfterSeconds).toBeUndefined();
  });

  it('clears one target or all', () => {
    const controller = new FaultController(1, { '*': { error500Rate: 1 }, 'swr.*': { error503Rate: 1 } });
    expect(controller.clear('swr.*')).toBe(true);
    expect(controller.clear('swr.*')).toBe(false);
    expect(Object.keys(controller.list())).toEqual(['*']);
    expect(controller.clear()).toBe(true);
    expect(controller.decide('swr.ListInstance').status).toBeUndefined();
  });
});
