// GET /probe and GET /targets through the real HTTP server: status codes and messages for bad requests,
// readiness and --web.max-requests like /metrics, the content types Prometheus expects, the scrape timeout
// header, and the routes' absence for exporters that cannot probe or when the telemetry path takes /probe.

import { afterEach, describe, expect, it } from 'vitest';
import { EXPOSITION_CONTENT_TYPE } from '../../src/collectors/render.js';
import type { ScaleOutExporter } from '../../src/scaleout/routes.js';
import type { ScaleOut } from '../../src/scaleout/scale-out.js';
import { createServer, type ExporterServer, type ServedExporter } from '../../src/server.js';
import { deferred } from '../unit/collectors-fake-api.js';
import { REGION, samples, scaleOutOn } from '../unit/scaleout-fixture.js';

const quiet = { level: 'error', format: 'json', destination: { write: () => true } } as const;
/** What Prometheus' http_sd accepts (discovery/http/http.go). */
const HTTP_SD_CONTENT_TYPE = /^application\/json(;\s*charset=("utf-8"|utf-8))?$/i;

const servers: ExporterServer[] = [];
const scaleOuts: ScaleOut[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close(0)));
  await Promise.all(scaleOuts.splice(0).map((s) => s.close()));
});

function served(scaleOut: ScaleOut, state = { ready: true }): ServedExporter & ScaleOutExporter {
  return {
    version: 'test',
    contentType: EXPOSITION_CONTENT_TYPE,
    isReady: () => state.ready,
    scrape: async () => 'whole_exporter_scrape 1\n',
    status: () => [],
    reload: async () => ({ ok: true, message: 'reloaded' }),
    configDump: () => '',
    redact: (text) => text,
    probe: (target, options) => scaleOut.probe(target, options),
    targetGroups: (origin, signal) => scaleOut.targetGroups(origin, signal),
  };
}

function start(options: { telemetryPath?: string; maxRequests?: number; ready?: boolean } = {}) {
  const fixture = scaleOutOn();
  scaleOuts.push(fixture.scaleOut);
  const state = { ready: options.ready ?? true };
  const server = createServer({
    exporter: served(fixture.scaleOut, state),
    telemetryPath: options.telemetryPath,
    maxRequests: options.maxRequests,
    logging: quiet,
  });
  servers.push(server);
  return { ...fixture, app: server.app, state };
}

const probeUrl = (target: string) => `/probe?target=${encodeURIComponent(target)}`;

describe('GET /probe', () => {
  it('answers with the target’s exposition', async () => {
    const { app } = start();
    const response = await app.inject({ url: probeUrl(`${REGION}/hss_registries`) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(EXPOSITION_CONTENT_TYPE);
    expect(samples(response.body, 'huaweicloud_probe_success')).toEqual(['huaweicloud_probe_success 1']);
    expect(samples(response.body, 'huaweicloud_hss_registry_info')).toHaveLength(2);
  });

  it.each([
    ['/probe', 'missing the target parameter: /probe?target=<target>, a target being <region>/swr_signing/'],
    ['/probe?target=a&target=b', 'the target parameter is given 2 times; give it once'],
    [
      probeUrl(`${REGION}/swr_policies/x`),
      `target "${REGION}/swr_policies/x": unknown collector "swr_policies"`,
    ],
    [
      probeUrl('eu-west-101/hss_registries'),
      `target "eu-west-101/hss_registries": unknown region eu-west-101 (the config has: ${REGION})`,
    ],
    [probeUrl(`${REGION}/apig_signature_keys/roma:r-1`), 'gateway roma is not configured for region'],
  ])('answers %s with 400 and what is wrong', async (url, message) => {
    const { app, api } = start();
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toContain(message);
    expect(api.calls).toEqual([]);
  });

  it('keeps to the scrape timeout Prometheus sends', async () => {
    const { app, api } = start();
    api.hook = (_op, _args, signal) =>
      new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    const response = await app.inject({
      url: probeUrl(`${REGION}/hss_registries`),
      headers: { 'x-prometheus-scrape-timeout-seconds': '0.6' },
    });
    expect(response.statusCode).toBe(200);
    expect(samples(response.body, 'huaweicloud_probe_success')).toEqual(['huaweicloud_probe_success 0']);
  });

  it('counts against --web.max-requests', async () => {
    const { app, api } = start({ maxRequests: 1 });
    const held = deferred();
    api.hook = () => held.promise;
    const first = app.inject({ url: probeUrl(`${REGION}/hss_registries`) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await app.inject({ url: probeUrl(`${REGION}/swr_signing/i-1`) });
    expect(second.statusCode).toBe(503);
    expect(second.body).toContain('too many concurrent scrapes (limit 1, --web.max-requests)');
    held.release();
    expect((await first).statusCode).toBe(200);
  });
});

describe('GET /probe cut off', () => {
  it('answers 503 "scrape aborted" when shutdown aborts it, not a 200 with probe_success 0', async () => {
    const fixture = start();
    const server = servers[servers.length - 1];
    if (server === undefined) throw new Error('no server');
    const url = new URL(probeUrl(`${REGION}/hss_registries`), await server.listen('127.0.0.1:0'));
    const called = deferred();
    fixture.api.hook = (_op, _args, signal) => {
      called.release();
      return new Promise<void>((resolve) =>
        signal?.addEventListener('abort', () => resolve(), { once: true }),
      );
    };
    const response = fetch(url).then(async (r) => ({ status: r.status, body: await r.text() }));
    await called.promise;
    servers.splice(servers.indexOf(server), 1);
    await server.close(0);
    expect(await response).toEqual({ status: 503, body: 'scrape aborted: the exporter is shutting down\n' });
  });
});

describe('GET /targets', () => {
  it('answers in http_sd format with the Host the request used', async () => {
    const { app } = start();
    const response = await app.inject({ url: '/targets', headers: { host: 'exporter-1.example:9786' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(HTTP_SD_CONTENT_TYPE);
    const groups = JSON.parse(response.body) as Array<{ targets: string[]; labels: Record<string, string> }>;
    expect(groups.map((g) => g.labels.__param_target)).toContain(`${REGION}/swr_signing/i-2`);
    expect(new Set(groups.flatMap((g) => g.targets))).toEqual(new Set(['exporter-1.example:9786']));
  });

  it('answers 400 when the Host header cannot be the exporter’s address', async () => {
    const { app } = start();
    const response = await app.inject({ url: '/targets', headers: { host: 'a"b' } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('start it with --web.external-url');
  });
});

describe('both routes', () => {
  it.each(['/targets', probeUrl(`${REGION}/hss_registries`)])(
    'answer %s with 503 until ready',
    async (url) => {
      const { app, api } = start({ ready: false });
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('not ready');
      expect(api.calls).toEqual([]);
    },
  );

  it('are off when the telemetry path is /probe', async () => {
    const { app } = start({ telemetryPath: '/probe' });
    expect((await app.inject({ url: '/targets' })).statusCode).toBe(404);
    const metrics = await app.inject({ url: probeUrl(`${REGION}/hss_registries`) });
    expect(metrics.body).toBe('whole_exporter_scrape 1\n');
  });

  it('are not there for an exporter that cannot probe', async () => {
    const { scaleOut } = scaleOutOn();
    scaleOuts.push(scaleOut);
    const { probe: _probe, targetGroups: _groups, ...plain } = served(scaleOut);
    const server = createServer({ exporter: plain, logging: quiet });
    servers.push(server);
    expect((await server.app.inject({ url: probeUrl(`${REGION}/hss_registries`) })).statusCode).toBe(404);
    expect((await server.app.inject({ url: '/targets' })).statusCode).toBe(404);
  });
});
