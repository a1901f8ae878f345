// Every injectable fault as a client sees it over HTTP, set through the control API.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { rawCall, signedCall } from './sim-client.js';

let sim: SimulatorHandle;
let pid = '';
let normal = '';

const listInstances = () =>
  signedCall(sim.url, {
    segments: ['swr', 'v2', pid, 'instances'],
    ak: sim.credentials.ak,
    sk: sim.credentials.sk,
  });

async function setFault(target: string, spec: unknown) {
  const res = await rawCall(sim.url, 'PUT', `/_sim/faults/${encodeURIComponent(target)}`, spec);
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
  pid = sim.regions[0]?.projectId ?? '';
  normal = (await listInstances()).text;
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  await rawCall(sim.url, 'DELETE', '/_sim/faults');
  sim.requestLog.reset();
});

describe('status faults', () => {
  it('500 in the service format', async () => {
    await setFault('swr.ListInstance', { error500Rate: 1 });
    const res = await listInstances();
    expect(res.status).toBe(500);
    expect(res.json.error_code).toBe('SVCSTG.SWR.5000008');
    expect(sim.requestLog.entries()[0]).toMatchObject({ status: 500, fault: 'error500' });
  });

  it('503 from the gateway', async () => {
    await setFault('swr.*', { error503Rate: 1 });
    const res = await listInstances();
    expect(res.status).toBe(503);
    expect(res.json.error_code).toBe('APIGW.0201');
  });

  it('429 APIG.0308 without and with Retry-After', async () => {
    await setFault('*', { throttleRate: 1 });
    const plain = await listInstances();
    expect(plain.status).toBe(429);
    expect(plain.json.error_code).toBe('APIG.0308');
    expect(plain.headers.get('retry-after')).toBeNull();
    await setFault('*', { throttleRate: 1, retryAfterSeconds: 3 });
    const withHeader = await listInstances();
    expect(withHeader.status).toBe(429);
    expect(withHeader.headers.get('retry-after')).toBe('3');
    expect(withHeader.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('connection reset', async () => {
    await setFault('swr.ListInstance', { resetRate: 1 });
    await expect(listInstances()).rejects.toThrow();
    expect(sim.requestLog.entries()[0]).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('faults from the options apply from the start', async () => {
    const own = await startSimulator({ seed: 3, faults: { 'roma.*': { error500Rate: 1 } } });
    try {
      const call = (service: 'roma' | 'apig') =>
        signedCall(own.url, {
          segments:
            service === 'roma' ? ['roma', 'v2', pid, 'instances'] : ['apig', 'v2', pid, 'apigw', 'instances'],
          ak: own.credentials.ak,
          sk: own.credentials.sk,
        });
      const res = await call('roma');
      expect(res.status).toBe(500);
      expect(res.json.error_code).toBe('APIG.9999');
      expect((await call('apig')).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('a counted fault hits the next N calls only', async () => {
    await setFault('swr.ListInstance', { error503Rate: 1, count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await listInstances()).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(sim.requestLog.summary()['swr.ListInstance']).toEqual({
      calls: 3,
      statuses: { '200': 1, '503': 2 },
    });
  });

  it('auth is checked before faults: a bad signature is still 401', async () => {
    await setFault('*', { error500Rate: 1 });
    const res = await signedCall(sim.url, {
      segments: ['swr', 'v2', pid, 'instances'],
      ak: sim.credentials.ak,
      sk: 'x',
    });
    expect(res.status).toBe(401);
  });
});

describe('body faults', () => {
  it('truncated JSON: a clean answer holding the first half of the body', async () => {
    await setFault('swr.ListInstance', { truncateRate: 1 });
    const res = await listInstances();
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    expect(normal.startsWith(res.text)).toBe(true);
    expect(res.text.length).toBeLessThan(normal.length);
  });

  it('malformed JSON', async () => {
    await setFault('swr.ListInstance', { malformedRate: 1 });
    const res = await listInstances();
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('wrong types', async () => {
    await setFault('swr.ListInstance', { wrongTypesRate: 1 });
    const res = await listInstances();
    expect(typeof res.json.total).toBe('string');
    expect(typeof res.json.instances[0].user_def_obs).toBe('string');
    expect(typeof res.json.instances[0].id).toBe('number');
  });

  it('missing fields', async () => {
    await setFault('swr.ListInstance', { missingFieldsRate: 1 });
    const res = await listInstances();
    expect(res.json).not.toHaveProperty('total');
    expect(res.json.instances[0]).not.toHaveProperty('id');
    expect(res.json.instances[0]).not.toHaveProperty('status');
  });

  it('huge body: valid JSON of the requested size with the real fields', async () => {
    await setFault('swr.ListInstance', { hugeRate: 1, hugeBytes: 200_000 });
    const res = await listInstances();
    expect(res.headers.get('content-length')).toBe('200000');
    expect(Buffer.byteLength(res.text)).toBe(200_000);
    const { _padding, ...rest } = res.json;
    expect(rest).toEqual(JSON.parse(normal));
  });

  it('slow (dripped) body arrives whole', async () => {
    await setFault('swr.ListInstance', { dripRate: 1, dripChunkBytes: 256, dripIntervalMs: 1 });
    const res = await listInstances();
    expect(res.status).toBe(200);
    expect(res.text).toBe(normal);
    expect(sim.requestLog.entries()[0]).toMatchObject({ status: 200, fault: 'drip' });
  });
});

describe('fault control API', () => {
  it('lists, validates and clears faults', async () => {
    await setFault('hss.*', { latencyMs: 1 });
    expect((await rawCall(sim.url, 'GET', '/_sim/faults')).json).toEqual({ 'hss.*': { latencyMs: 1 } });
    const bad = await rawCall(sim.url, 'PUT', '/_sim/faults/hss.*', { throttleRate: 'often' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('throttleRate');
    const badTarget = await rawCall(sim.url, 'PUT', '/_sim/faults/nonsense', {});
    expect(badTarget.status).toBe(400);
    expect((await rawCall(sim.url, 'DELETE', '/_sim/faults/hss.*')).json).toEqual({ removed: true });
    expect((await rawCall(sim.url, 'GET', '/_sim/faults')).json).toEqual({});
  });
});
