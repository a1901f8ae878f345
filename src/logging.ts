// Logger settings for fastify's pino: JSON (pino's own lines) or logfmt (the same records, re-encoded by a small
// destination stream), level names instead of numbers, ISO timestamps. Credential-bearing headers are redacted
// by path even though nothing logs headers today: the day someone adds a serializer, they stay hidden.

import type { FastifyServerOptions } from 'fastify';
import { SECRET_MASK } from './huaweicloud/secret.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['logfmt', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggingOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; default stderr (stdout is left to the program's own output, e.g. --config.check). */
  destination?: { write(line: string): unknown } | undefined;
}

const SECRET_HEADERS = ['authorization', '"x-auth-token"', '"x-security-token"', 'cookie'];
export const REDACT_PATHS = SECRET_HEADERS.flatMap((h) => {
  const key = h.startsWith('"') ? `[${h}]` : `.${h}`;
  return [`req.headers${key}`, `request.headers${key}`, `headers${key}`, `*.headers${key}`];
});

const BARE_VALUE = /^[^\s="\\]+$/;

function logfmtValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  if (text !== '' && BARE_VALUE.test(text)) return text;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

function flatten(prefix: string, value: unknown, out: Array<[string, unknown]>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value))
      flatten(prefix === '' ? key : `${prefix}.${key}`, inner, out);
  } else {
    out.push([prefix, value]);
  }
}

/** One pino JSON line → one logfmt line: ts, level, msg first, then every other field (nested keys dotted). */
export function jsonLineToLogfmt(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const { time, level, msg, ...rest } = record;
  const fields: Array<[string, unknown]> = [
    ['ts', time],
    ['level', level],
  ];
  if (msg !== undefined) fields.push(['msg', msg]);
  flatten('', rest, fields);
  return `${fields
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${logfmtValue(v)}`)
    .join(' ')}\n`;
}

/** Options for `Fastify({ logger })`. */
export function loggerOptions(
  options: LoggingOptions,
): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  const destination = options.destination ?? process.stderr;
  const stream =
    options.format === 'logfmt'
      ? { write: (line: string) => destination.write(jsonLineToLogfmt(line)) }
      : destination;
  return {
    level: options.level,
    base: null,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: SECRET_MASK },
    stream,
  };
}
