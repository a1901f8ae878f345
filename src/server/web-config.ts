// The --web.config.file, in the format of Prometheus' exporter-toolkit (so an SRE can reuse the file they
// already have for node_exporter): tls_server_config, basic_auth_users, http_server_config.headers.
// Relative file paths are taken from the web config file's directory, as the toolkit does.

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { parseDocument } from 'yaml';
import * as z from 'zod';
import { ConfigError, configErrorMap, describeIssues } from '../config/errors.js';

export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

// exporter-toolkit's list: only these headers may be set, some only to known values.
const ALLOWED_HEADERS: Record<string, readonly string[] | null> = {
  'Strict-Transport-Security': null,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': null,
  'Content-Security-Policy': null,
};

const BCRYPT_HASH = /^\$2[aby]?\$\d\d\$[./A-Za-z0-9]{53}$/;
const TLS_VERSIONS = { TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;
type TlsVersionName = keyof typeof TLS_VERSIONS;

const path = z.string().trim().min(1, { error: 'must not be empty' });
const tlsVersion = z.enum(['TLS12', 'TLS13']);

const webConfigSchema = z.strictObject({
  tls_server_config: z
    .strictObject({
      cert_file: path,
      key_file: path,
      client_ca_file: path.optional(),
      client_auth_type: z.enum(CLIENT_AUTH_TYPES).default('NoClientCert'),
      min_version: tlsVersion.default('TLS12'),
      max_version: tlsVersion.optional(),
    })
    .superRefine((tls, ctx) => {
      const needsCa =
        tls.client_auth_type === 'VerifyClientCertIfGiven' ||
        tls.client_auth_type === 'RequireAndVerifyClientCert';
      if (needsCa && tls.client_ca_file === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['client_ca_file'],
          message: `is required with client_auth_type ${tls.client_auth_type}`,
        });
      }
      if (tls.client_ca_file !== undefined && tls.client_auth_type === 'NoClientCert') {
        ctx.addIssue({
          code: 'custom',
          path: ['client_auth_type'],
          message: 'must not be NoClientCert when client_ca_file is set',
        });
      }
      if (tls.max_version !== undefined && tls.max_version < tls.min_version) {
        ctx.addIssue({ code: 'custom', path: ['max_version'], message: 'must not be below min_version' });
      }
    })
    .optional(),
  http_server_config: z
    .strictObject({
      headers: z
        .record(z.string(), z.string())
        .superRefine((headers, ctx) => {
          for (const [name, value] of Object.entries(headers)) {
            const allowed = ALLOWED_HEADERS[name];
            if (allowed === undefined) {
              ctx.addIssue({
                code: 'custom',
                path: [name],
                message: `cannot be set (allowed: ${Object.keys(ALLOWED_HEADERS).join(', ')})`,
              });
            } else if (allowed !== null && !allowed.includes(value)) {
              ctx.addIssue({ code: 'custom', path: [name], message: `must be one of ${allowed.join(', ')}` });
            }
          }
        })
        .optional(),
    })
    .optional(),
  basic_auth_users: z
    .record(z.string(), z.string())
    .superRefine((users, ctx) => {
      for (const [user, hash] of Object.entries(users)) {
        if (user === '' || user.includes(':')) {
          ctx.addIssue({
            code: 'custom',
            path: [user],
            message: 'a user name must be non-empty and contain no ":"',
          });
        } else if (!BCRYPT_HASH.test(hash)) {
          ctx.addIssue({
            code: 'custom',
            path: [user],
            message: 'must be a bcrypt hash ($2a$, $2b$ or $2y$)',
          });
        }
      }
    })
    .optional(),
});

export interface TlsSettings {
  cert: Buffer;
  key: Buffer;
  ca: Buffer | undefined;
  clientAuth: ClientAuthType;
  minVersion: (typeof TLS_VERSIONS)[TlsVersionName];
  maxVersion: (typeof TLS_VERSIONS)[TlsVersionName] | undefined;
}

export interface WebConfig {
  tls: TlsSettings | undefined;
  /** user → bcrypt hash; empty = no authentication. */
  basicAuthUsers: ReadonlyMap<string, string>;
  headers: Readonly<Record<string, string>>;
}

export const EMPTY_WEB_CONFIG: WebConfig = { tls: undefined, basicAuthUsers: new Map(), headers: {} };

/** A PEM file's bytes, or the problem that names it (never its content). */
async function readPem(file: string, key: string): Promise<Buffer | string> {
  try {
    return await readFile(file);
  } catch (error) {
    return `tls_server_config.${key}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

export async function loadWebConfig(file: string): Promise<WebConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      `cannot read the web config file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((e) => `YAML syntax error: ${e.message.split('\n')[0] ?? e.code}`),
    );
  }
  const parsed = webConfigSchema.safeParse(document.toJS() ?? {}, { error: configErrorMap });
  if (!parsed.success) throw new ConfigError(file, describeIssues(parsed.error.issues));
  const { tls_server_config: tls, http_server_config: http, basic_auth_users: users } = parsed.data;
  const config: WebConfig = {
    tls: undefined,
    basicAuthUsers: new Map(Object.entries(users ?? {})),
    headers: http?.headers ?? {},
  };
  if (tls === undefined) return config;

  const base = dirname(resolve(file));
  // Read at once, reported in key order (not in the order the reads happen to finish).
  const [cert, key, ca] = await Promise.all([
    readPem(resolve(base, tls.cert_file), 'cert_file'),
    readPem(resolve(base, tls.key_file), 'key_file'),
    tls.client_ca_file === undefined
      ? undefined
      : readPem(resolve(base, tls.client_ca_file), 'client_ca_file'),
  ]);
  const problems = [cert, key, ca].filter((r): r is string => typeof r === 'string');
  if (problems.length > 0 || !Buffer.isBuffer(cert) || !Buffer.isBuffer(key) || typeof ca === 'string') {
    throw new ConfigError(file, problems);
  }
  try {
    // Fails here, at load, on a key that does not match its certificate or PEM that does not parse.
    createSecureContext({ cert, key, ...(ca === undefined ? {} : { ca }) });
  } catch (error) {
    throw new ConfigError(file, [
      `tls_server_config: the certificate, key or CA does not load (${(error as Error).message})`,
    ]);
  }
  config.tls = {
    cert,
    key,
    ca,
    clientAuth: tls.client_auth_type,
    minVersion: TLS_VERSIONS[tls.min_version],
    maxVersion: tls.max_version === undefined ? undefined : TLS_VERSIONS[tls.max_version],
  };
  return config;
}
