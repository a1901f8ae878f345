import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/huaweicloud/secret.js';
import { jsonLineToLogfmt, loggerOptions } from '../../src/logging.js';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => lines.push(line) } };
}

describe('logging', () => {
  it('writes logfmt with ts, level name and msg first, nested fields dotted, values quoted when needed', () => {
    const { lines, destination } = capture();
    const app = Fastify({ logger: loggerOptions({ level: 'info', format: 'logfmt', destination }) });
    app.log.info(
      { collector: 'swr_signing', detail: { code: 'TIMEOUT', region: 'cn-north-4' } },
      'scrape "slow" done',
    );
    app.log.debug('hidden at info');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ts=\d{4}-\d\d-\d\dT[\d:.]+Z level=info msg="scrape \\"slow\\" done" collector=swr_signing detail.code=TIMEOUT detail.region=cn-north-4\n$/,
    );
  });

  it('writes JSON lines with a level name when asked', () => {
    const { lines, destination } = capture();
    const app = Fastify({ logger: loggerOptions({ level: 'debug', format: 'json', destination }) });
    app.log.debug({ a: 1 }, 'hello');
    const record = JSON.parse(lines[0] ?? '{}');
    expect(record).toMatchObject({ level: 'debug', msg: 'hello', a: 1 });
    expect(typeof record.time).toBe('string');
  });

  it('redacts credential headers and renders Secret values as <secret>', () => {
    const { lines, destination } = capture();
    const app = Fastify({ logger: loggerOptions({ level: 'info', format: 'json', destination }) });
    app.log.info(
      {
        upstream: {
          headers: { authorization: 'Basic dXNlcjpwYXNz', 'x-auth-token': 'tok-123', accept: 'text/plain' },
        },
        headers: { 'x-security-token': 'sts-456' },
        sk: new Secret('very-secret-sk'),
      },
      'request',
    );
    const text = lines.join('');
    for (const value of ['dXNlcjpwYXNz', 'tok-123', 'sts-456', 'very-secret-sk'])
      expect(text).not.toContain(value);
    const record = JSON.parse(lines[0] ?? '{}');
    expect(record.headers).toEqual({ 'x-security-token': '<secret>' });
    expect(record.upstream.headers).toEqual({
      authorization: '<secret>',
      'x-auth-token': '<secret>',
      accept: 'text/plain',
    });
    expect(record.sk).toBe('<secret>');
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(jsonLineToLogfmt('plain text')).toBe('plain text\n');
    expect(jsonLineToLogfmt('{"time":"t","level":"warn","msg":"","empty":""}')).toBe(
      'ts=t level=warn msg="" empty=""\n',
    );
  });
});
