// With basic auth on, the container HEALTHCHECK and the Kubernetes probes as shipped still pass (issue 20):
// the real server, a web config with basic_auth_users, the Dockerfile's HEALTHCHECK command and the probes of
// deploy/kubernetes/deployment.yaml exactly as written (no Authorization header anywhere). /metrics stays
// behind basic auth.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createServer, type ExporterServer, type ServedExporter } from '../../src/server.js';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');
const run = promisify(execFile);

const exporter: ServedExporter = {
  version: 't',
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  isReady: () => true,
  scrape: async () => 'up 1\n',
  status: () => [],
  reload: async () => ({ ok: true, message: 'ok' }),
  configDump: () => '',
  redact: (t) => t,
};

let server: ExporterServer;
let url: string;
beforeAll(async () => {
  server = createServer({
    exporter,
    webConfig: {
      tls: undefined,
      basicAuthUsers: new Map([['prometheus', bcrypt.hashSync('pw', 4)]]),
      headers: {},
    },
    logging: { level: 'error', format: 'json', destination: { write: () => true } },
  });
  url = await server.listen('127.0.0.1:0');
});
afterAll(() => server.close(0));

interface HttpProbe {
  httpGet: { path: string; httpHeaders?: unknown };
}

describe('health checks with basic auth on', () => {
  it('the Dockerfile HEALTHCHECK command exits 0', async () => {
    const line = /^HEALTHCHECK[\s\S]*?CMD\s+(\[.*\])$/m.exec(read('Dockerfile').replace(/\\\n/g, ' '))?.[1];
    const [node, flag, script = ''] = JSON.parse(line ?? '[]') as string[];
    expect([node, flag]).toEqual(['node', '-e']);
    const port = new URL(url).port;
    const patched = script.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`);
    expect(patched).toContain(`127.0.0.1:${port}/-/healthy`);
    await expect(run(process.execPath, ['-e', patched], { timeout: 8_000 })).resolves.toBeDefined();
  });

  it('the Kubernetes liveness and readiness probes get 200 without credentials; /metrics does not', async () => {
    const deployment = parseAllDocuments(read('deploy/kubernetes/deployment.yaml'))
      .map((d) => d.toJS())
      .find((d) => d?.kind === 'Deployment');
    const container = deployment.spec.template.spec.containers[0] as Record<string, HttpProbe>;
    const probes = [container.livenessProbe, container.readinessProbe] as HttpProbe[];
    expect(probes.map((p) => p.httpGet.path)).toEqual(['/-/healthy', '/-/ready']);
    for (const probe of probes) {
      expect(probe.httpGet.httpHeaders).toBeUndefined();
      expect((await fetch(`${url}${probe.httpGet.path}`)).status).toBe(200);
    }
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
  });
});
