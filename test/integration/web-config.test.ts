import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ScrapeOptions } from '../../src/collectors/types.js';
import { ConfigError } from '../../src/config.js';
import { BasicAuthenticator, parseBasicAuthorization } from '../../src/server/basic-auth.js';
import { BcryptPool } from '../../src/server/bcrypt-pool.js';
import { EMPTY_WEB_CONFIG } from '../../src/server/web-config.js';
import { createServer, type ExporterServer, loadWebConfig, type ServedExporter } from '../../src/server.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'web');
const quiet = { level: 'error', format: 'json', destination: { write: () => true } } as const;

const exporter: ServedExporter = {
  version: 'test',
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  isReady: () => true,
  scrape: async (_options: ScrapeOptions) => 'up 1\n',
  status: () => [],
  reload: async () => ({ ok: true, message: 'ok' }),
  configDump: () => '',
  redact: (text) => text,
};

// --- certificates made for this run with the openssl CLI ----------------------------------------------

let dir: string;
const file = (name: string) => join(dir, name);
const pem = (name: string) => readFileSync(file(name));

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function issue(name: string, subject: string, extensions: string, signer: 'ca' | 'self') {
  writeFileSync(file(`${name}.ext`), extensions);
  const ecKey = [
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
  ];
  if (signer === 'self') {
    openssl(
      'req',
      '-x509',
      ...ecKey,
      '-out',
      `${name}.crt`,
      '-subj',
      subject,
      '-days',
      '1',
      '-addext',
      extensions,
    );
    return;
  }
  openssl('req', ...ecKey, '-out', `${name}.csr`, '-subj', subject);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hwc-web-'));
  issue('ca', '/CN=test-ca', 'basicConstraints=critical,CA:TRUE', 'self');
  issue(
    'server',
    '/CN=localhost',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth',
    'ca',
  );
  issue('client', '/CN=prometheus', 'extendedKeyUsage=clientAuth', 'ca');
  issue('stranger', '/CN=stranger', 'extendedKeyUsage=clientAuth', 'self');
  issue('rotated', '/CN=rotated.localhost', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth', 'ca');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// --- helpers --------------------------------------------------------------------------------------------

let server: ExporterServer | undefined;
afterEach(async () => {
  await server?.close(0);
  server = undefined;
});

async function serve(webConfigText: string): Promise<URL> {
  const path = file(`web-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, webConfigText);
  server = createServer({ exporter, logging: quiet, webConfig: await loadWebConfig(path) });
  return new URL(await server.listen('127.0.0.1:0'));
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** CN of the certificate the server presented. */
  serverName: string | undefined;
}

function get(base: URL, path: string, options: RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(new URL(path, base), { ca: pem('ca.crt'), agent: false, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      const cn = (res.socket as TLSSocket).getPeerCertificate().subject?.CN;
      const serverName = Array.isArray(cn) ? cn[0] : cn;
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, serverName }));
    });
    req.on('error', reject);
    req.end();
  });
}

const basic = (user: string, password: string) => ({
  headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
});

const tlsBlock = (extra = '') => `tls_server_config:
  cert_file: server.crt
  key_file: server.key
${extra}`;

// --- tests ----------------------------------------------------------------------------------------------

describe('web config file rules (one fixture per rule)', () => {
  const invalid = join(FIXTURES, 'invalid');
  it.each(readdirSync(invalid).filter((f) => f.endsWith('.yml')))('%s', async (name) => {
    const expected = readFileSync(join(invalid, name), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('# expect: '))
      .map((l) => l.slice(10).replaceAll('{fixtures}', FIXTURES));
    const error = await loadWebConfig(join(invalid, name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(expected);
  });

  it('refuses a key that does not belong to its certificate, naming the section', async () => {
    const path = file('mismatch.yml');
    writeFileSync(path, 'tls_server_config:\n  cert_file: server.crt\n  key_file: client.key\n');
    const error = (await loadWebConfig(path).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems[0]).toMatch(/^tls_server_config: the certificate, key or CA does not load \(/);
  });

  it('accepts an empty file: plain HTTP, no auth', async () => {
    const path = file('empty.yml');
    writeFileSync(path, '');
    const web = await loadWebConfig(path);
    expect(web.tls).toBeUndefined();
    expect(web.basicAuthUsers.size).toBe(0);
  });
});

describe('TLS and basic auth over a real connection', () => {
  it('serves HTTPS; no credentials, a wrong password or an unknown user get 401, the right ones 200', async () => {
    const auth = readFileSync(join(FIXTURES, 'basic-auth.yml'), 'utf8');
    const base = await serve(`${tlsBlock()}${auth.replace(/^#.*\n/, '')}`);
    expect(base.protocol).toBe('https:');

    const anonymous = await get(base, '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="huaweicloud-exporter", charset="UTF-8"');
    expect(anonymous.body).not.toContain('up 1');

    expect((await get(base, '/metrics', basic('prometheus', 'wrong-password'))).status).toBe(401);
    expect((await get(base, '/metrics', basic('nobody', 'scrape-password-fixture'))).status).toBe(401);
    expect((await get(base, '/metrics', basic('grafana', 'scrape-password-fixture'))).status).toBe(401);
    expect((await get(base, '/-/reload')).status).toBe(401);
    // Health checks stay open (probes and HEALTHCHECK have no safe place for a password); they say nothing.
    expect(await get(base, '/-/healthy')).toMatchObject({ status: 200, body: 'Healthy\n' });
    expect((await get(base, '/-/ready')).status).toBe(200);

    const ok = await get(base, '/metrics', basic('prometheus', 'scrape-password-fixture'));
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('up 1\n');
    expect(ok.headers['x-frame-options']).toBe('deny');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    // Remembered after the first bcrypt check, and still right on the second.
    expect((await get(base, '/metrics', basic('prometheus', 'scrape-password-fixture'))).status).toBe(200);
    expect((await get(base, '/metrics', basic('grafana', 'other-password-fixture'))).status).toBe(200);
  });

  it('RequireAndVerifyClientCert: refuses a client without a certificate, serves one signed by the CA', async () => {
    const base = await serve(
      tlsBlock('  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n'),
    );
    await expect(get(base, '/metrics')).rejects.toThrow();
    await expect(
      get(base, '/metrics', { cert: pem('stranger.crt'), key: pem('stranger.key') }),
    ).rejects.toThrow();
    const ok = await get(base, '/metrics', { cert: pem('client.crt'), key: pem('client.key') });
    expect(ok.status).toBe(200);
  });

  it('RequireAnyClientCert: refuses a client without a certificate, accepts any certificate', async () => {
    const base = await serve(tlsBlock('  client_auth_type: RequireAnyClientCert\n'));
    await expect(get(base, '/metrics')).rejects.toThrow();
    const ok = await get(base, '/metrics', { cert: pem('stranger.crt'), key: pem('stranger.key') });
    expect(ok.status).toBe(200);
  });

  it('VerifyClientCertIfGiven: serves a client without a certificate, refuses an unverifiable one', async () => {
    const base = await serve(
      tlsBlock('  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ca.crt\n'),
    );
    expect((await get(base, '/metrics')).status).toBe(200);
    expect((await get(base, '/metrics', { cert: pem('client.crt'), key: pem('client.key') })).status).toBe(
      200,
    );
    await expect(
      get(base, '/metrics', { cert: pem('stranger.crt'), key: pem('stranger.key') }),
    ).rejects.toThrow();
  });

  it('min_version TLS13 refuses a TLS 1.2 client', async () => {
    const base = await serve(tlsBlock('  min_version: TLS13\n'));
    await expect(get(base, '/metrics', { maxVersion: 'TLSv1.2' })).rejects.toThrow();
    expect((await get(base, '/metrics')).status).toBe(200);
  });
});

describe('web config reload', () => {
  it('swaps users, headers and the certificate without a restart', async () => {
    const users = (user: string, hash: string) => `basic_auth_users:\n  ${user}: ${hash}\n`;
    const base = await serve(`${tlsBlock()}${users('alice', bcrypt.hashSync('alice-pw', 4))}`);
    const first = await get(base, '/metrics', basic('alice', 'alice-pw'));
    expect(first).toMatchObject({ status: 200, serverName: 'localhost' });

    const next = file('next.yml');
    writeFileSync(
      next,
      `tls_server_config:\n  cert_file: rotated.crt\n  key_file: rotated.key\n${users('bob', bcrypt.hashSync('bob-pw', 4))}` +
        'http_server_config:\n  headers:\n    X-Frame-Options: sameorigin\n',
    );
    server?.updateWebConfig(await loadWebConfig(next));
    expect((await get(base, '/metrics', basic('alice', 'alice-pw'))).status).toBe(401);
    const rotated = await get(base, '/metrics', basic('bob', 'bob-pw'));
    expect(rotated).toMatchObject({ status: 200, serverName: 'rotated.localhost' });
    expect(rotated.headers['x-frame-options']).toBe('sameorigin');
  });

  it('refuses changes that need a restart', async () => {
    await serve(tlsBlock());
    const plain = file('plain.yml');
    writeFileSync(plain, 'basic_auth_users: {}\n');
    expect(() => server?.updateWebConfig(EMPTY_WEB_CONFIG)).toThrow('turning TLS on or off needs a restart');
    writeFileSync(plain, tlsBlock('  client_auth_type: RequireAnyClientCert\n'));
    const strict = await loadWebConfig(plain);
    expect(() => server?.updateWebConfig(strict)).toThrow('changing client_auth_type needs a restart');
  });
});

describe('basic auth details', () => {
  const header = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('checks an unknown user against a dummy hash of the same cost (same work as a known user)', async () => {
    const hash = bcrypt.hashSync('pw', 5);
    const pool = new BcryptPool();
    const compare = vi.spyOn(pool, 'compare');
    try {
      const auth = new BasicAuthenticator(new Map([['alice', hash]]), pool);
      expect(await auth.verify(header('mallory', 'pw'))).toBe('denied');
      const dummy = compare.mock.calls[0]?.[1];
      expect(typeof dummy).toBe('string');
      expect(dummy).not.toBe(hash);
      expect(bcrypt.getRounds(dummy as string)).toBe(5);
    } finally {
      await pool.close();
    }
  });

  it('hashes a right or a wrong password once, then answers from the keyed digest', async () => {
    const pool = new BcryptPool();
    const compare = vi.spyOn(pool, 'compare');
    try {
      const auth = new BasicAuthenticator(new Map([['alice', bcrypt.hashSync('pw', 4)]]), pool);
      for (let i = 0; i < 3; i += 1) {
        expect(await auth.verify(header('alice', 'pw'))).toBe('ok');
        expect(await auth.verify(header('alice', 'wrong'))).toBe('denied');
      }
      expect(compare).toHaveBeenCalledTimes(2);
    } finally {
      await pool.close();
    }
  });

  it('refuses at once ("busy") past the bound of verifications in flight, without queueing them', async () => {
    const pool = new BcryptPool(4); // one address may hold half of them
    try {
      const auth = new BasicAuthenticator(new Map([['alice', bcrypt.hashSync('pw', 8)]]), pool);
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) => auth.verify(header('alice', `wrong-${i}`))),
      );
      expect(outcomes).toEqual(['denied', 'denied', 'busy', 'busy', 'busy', 'busy']);
      expect(pool.inFlight).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('gives each address its own bucket: one that emptied its own leaves another served', async () => {
    const pool = new BcryptPool(4, 0.001); // no refill within the test: only the burst
    try {
      const auth = new BasicAuthenticator(new Map([['alice', bcrypt.hashSync('pw', 4)]]), pool);
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i += 1)
        outcomes.push(await auth.verify(header('alice', `wrong-${i}`), '10.0.0.66'));
      expect(outcomes.slice(0, 10)).toEqual(Array(10).fill('denied'));
      expect(outcomes.slice(10)).toEqual(['busy', 'busy']);
      expect(await auth.verify(header('alice', 'pw'), '10.0.0.7')).toBe('ok');
    } finally {
      await pool.close();
    }
  });

  it('lets another address start while one holds its half of the verifications in flight', async () => {
    const pool = new BcryptPool(4);
    try {
      const auth = new BasicAuthenticator(new Map([['alice', bcrypt.hashSync('pw', 8)]]), pool);
      const flood = Array.from({ length: 4 }, (_, i) =>
        auth.verify(header('alice', `wrong-${i}`), '10.0.0.66'),
      );
      const right = auth.verify(header('alice', 'pw'), '10.0.0.7');
      expect(await Promise.all(flood)).toEqual(['denied', 'denied', 'busy', 'busy']);
      expect(await right).toBe('ok');
    } finally {
      await pool.close();
    }
  });

  it('keeps the last place for a new address while two others flood', async () => {
    const pool = new BcryptPool(4);
    try {
      const auth = new BasicAuthenticator(new Map([['alice', bcrypt.hashSync('pw', 8)]]), pool);
      const sources = ['10.0.0.66', '10.0.0.66', '10.0.0.66', '10.0.0.67', '10.0.0.67', '10.0.0.67'];
      const flood = sources.map((source, i) => auth.verify(header('alice', `wrong-${i}`), source));
      const right = auth.verify(header('alice', 'pw'), '10.0.0.7');
      // .66 holds its half (2); .67 gets one place, not the last free one, which the new address takes.
      expect(await Promise.all(flood)).toEqual(['denied', 'denied', 'busy', 'denied', 'busy', 'busy']);
      expect(await right).toBe('ok');
    } finally {
      await pool.close();
    }
  });

  it('remembers a verified password across a reload of the same users (setUsers)', async () => {
    const pool = new BcryptPool();
    const compare = vi.spyOn(pool, 'compare');
    try {
      const hash = bcrypt.hashSync('pw', 4);
      const auth = new BasicAuthenticator(new Map([['alice', hash]]), pool);
      expect(await auth.verify(header('alice', 'pw'))).toBe('ok');
      auth.setUsers(new Map([['alice', hash]]));
      expect(await auth.verify(header('alice', 'pw'))).toBe('ok');
      expect(compare).toHaveBeenCalledTimes(1);
      // A changed password: the digest covers the hash, so the old one no longer matches.
      auth.setUsers(new Map([['alice', bcrypt.hashSync('new-pw', 4)]]));
      expect(await auth.verify(header('alice', 'pw'))).toBe('denied');
      expect(await auth.verify(header('alice', 'new-pw'))).toBe('ok');
    } finally {
      await pool.close();
    }
  });

  it.each([
    ['Basic YWxpY2U6cDpx', { user: 'alice', password: 'p:q' }],
    ['basic YWxpY2U6', { user: 'alice', password: '' }],
    ['Bearer abc', undefined],
    ['Basic bm9jb2xvbg==', undefined],
    [undefined, undefined],
  ])('parses %j', (header, expected) => {
    expect(parseBasicAuthorization(header)).toEqual(expected);
  });
});
