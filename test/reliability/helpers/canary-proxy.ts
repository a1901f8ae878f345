// A loopback proxy in front of the simulator that plants canary secrets where the real APIs hand secrets
// out: sign_key/sign_secret of signature keys, access_key/access_secret of registry credentials, and the IAM
// token itself (X-Subject-Token is swapped for a canary on the way out and swapped back on the way in, so
// the simulator still recognises it). Temporary credentials from the metadata endpoint are recorded as they
// pass. The Host header is forwarded unchanged: the client signed it, the simulator verifies it.

import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CanaryProxy {
  /** http://127.0.0.1:PORT — same path layout as the simulator (/swr, /hss, /iam, …). */
  url: string;
  endpoints: Record<'swr' | 'hss' | 'apig' | 'roma' | 'iam' | 'metadata', string>;
  /** Every secret value the proxy planted or saw pass (canaries and recorded temporary credentials). */
  readonly secrets: readonly string[];
  /** How many secret values of each kind went to the client. */
  readonly planted: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

const SECRET_FIELDS: Record<string, string> = {
  sign_key: 'CanarySignKey',
  sign_secret: 'CanarySignSecret',
  access_key: 'CanaryAccessKey',
  access_secret: 'CanaryAccessSecret',
};

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startCanaryProxy(simulatorUrl: string): Promise<CanaryProxy> {
  const upstream = new URL(simulatorUrl);
  const secrets = new Set<string>();
  const planted: Record<string, number> = {};
  const realTokens = new Map<string, string>();
  let serial = 0;

  const plant = (kind: string): string => {
    serial += 1;
    planted[kind] = (planted[kind] ?? 0) + 1;
    const value = `${kind}-${serial.toString().padStart(4, '0')}-7c3f9a1e5b`;
    secrets.add(value);
    return value;
  };
  const record = (kind: string, value: unknown) => {
    if (typeof value !== 'string' || value.length < 8) return;
    planted[kind] = (planted[kind] ?? 0) + 1;
    secrets.add(value);
  };

  /** Replaces secret fields in place, at any depth. */
  const rewrite = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) rewrite(item);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      for (const [key, value] of Object.entries(record)) {
        const kind = SECRET_FIELDS[key];
        if (kind !== undefined && typeof value === 'string') record[key] = plant(kind);
        else rewrite(value);
      }
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const headers = { ...req.headers };
      const token = headers['x-auth-token'];
      if (typeof token === 'string' && realTokens.has(token)) headers['x-auth-token'] = realTokens.get(token);
      const answer = await new Promise<IncomingMessage>((resolve, reject) => {
        const out = request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
          resolve,
        );
        out.on('error', reject);
        out.end(body);
      });
      let payload = await readAll(answer);
      const outHeaders = { ...answer.headers };
      delete outHeaders['content-length'];
      delete outHeaders['transfer-encoding'];
      const subject = outHeaders['x-subject-token'];
      if (typeof subject === 'string') {
        const canary = plant('CanaryIamToken');
        realTokens.set(canary, subject);
        outHeaders['x-subject-token'] = canary;
      }
      if (String(outHeaders['content-type']).includes('json') && payload.length > 0) {
        try {
          const json = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
          const credential = json.credential as Record<string, unknown> | undefined;
          if (req.url?.startsWith('/metadata/') && credential !== undefined) {
            record('TemporaryAccessKey', credential.access);
            record('TemporarySecretKey', credential.secret);
            record('TemporarySecurityToken', credential.securitytoken);
          } else {
            rewrite(json);
            payload = Buffer.from(JSON.stringify(json));
          }
        } catch {
          // A damaged body (fault injection) goes through as it is.
        }
      }
      res.writeHead(answer.statusCode ?? 502, { ...outHeaders, 'content-length': payload.length });
      res.end(payload);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    endpoints: {
      swr: `${url}/swr`,
      hss: `${url}/hss`,
      apig: `${url}/apig`,
      roma: `${url}/roma`,
      iam: `${url}/iam`,
      metadata: `${url}/metadata`,
    },
    get secrets() {
      return [...secrets];
    },
    get planted() {
      return { ...planted };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
