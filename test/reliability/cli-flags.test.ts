// Bad command lines against the real process: every one ends quickly with a non-zero exit code and one
// message that names the flag (or file) at fault — no stack trace, no half-started server, no hang.

import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { runCli } from './helpers/child-exporter.js';

const MINIMAL = 'test/fixtures/config/valid/minimal.yml';

/** [command line, text the message must contain] — all usage errors: exit code 2. */
const USAGE_ERRORS: ReadonlyArray<readonly [readonly string[], string]> = [
  [['--web.max-requests=abc'], '--web.max-requests'],
  [['--web.max-requests=-1'], '--web.max-requests'],
  [['--web.max-requests=1e3'], '--web.max-requests'],
  [['--web.max-requests=99999999999999999999'], '--web.max-requests'],
  [['--web.max-requests'], '--web.max-requests'],
  [['--log.level=verbose'], '--log.level'],
  [['--log.level=DEBUG'], '--log.level'],
  [['--log.format=xml'], '--log.format'],
  [['--web.listen-address=localhost'], '--web.listen-address'],
  [['--web.listen-address=:99999'], '--web.listen-address'],
  [['--web.listen-address=[::1'], '--web.listen-address'],
  [['--web.telemetry-path=metrics'], '--web.telemetry-path'],
  [['--web.telemetry-path=/'], '--web.telemetry-path'],
  [['--web.telemetry-path=/-/healthy'], '--web.telemetry-path'],
  [['--web.telemetry-path=/a b'], '--web.telemetry-path'],
  [['--config.file'], '--config.file'],
  [['--config.check=yes'], '--config.check'],
  [['--no-such-flag'], '--no-such-flag'],
  [['-x'], '-x'],
  [['--verbose'], '--verbose'],
  [['--demo', `--config.file=${MINIMAL}`], '--demo'],
  [[`--config.file=${MINIMAL}`, 'stray-argument'], 'stray-argument'],
  [[`--log.level=${'x'.repeat(10_000)}`], '--log.level'],
  [['--log.level=\u001b[31m\r\n'], '--log.level'],
];

/** [command line, text the message must contain] — start or config failures: exit code 1. */
const START_ERRORS: ReadonlyArray<readonly [readonly string[], string]> = [
  [['--config.file=/nonexistent/config.yml'], '/nonexistent/config.yml'],
  [['--config.file=/nonexistent/config.yml', '--config.check'], '/nonexistent/config.yml'],
  [
    [`--config.file=${MINIMAL}`, '--web.config.file=/nonexistent/web.yml', '--config.check'],
    '/nonexistent/web.yml',
  ],
  [['--config.file=test/fixtures/config/invalid/top-level-list.yml'], 'top-level-list.yml'],
  // A directory where a file is expected.
  [['--config.file=test/fixtures/config', '--config.check'], 'test/fixtures/config'],
  // No config at all: says what is missing and how to start.
  [[], 'no config file (--config.file)'],
  // A valid config but no credentials anywhere (empty environment; ECS metadata unreachable here): the
  // process gives up and exits instead of serving an exporter that can never collect.
  [[`--config.file=${MINIMAL}`, '--web.listen-address=127.0.0.1:0'], 'no credentials'],
];

/** A failure message for people: no JavaScript stack frames. */
function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(stderr).not.toMatch(/node:internal/);
}

async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

/** The same entry point in this process: cheap enough to try every bad command line. */
async function runInProcess(args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

/** Every third usage error also goes through a real process; all of them in process (same code path). */
const IN_A_PROCESS = USAGE_ERRORS.filter((_, i) => i % 3 === 0);

describe('bad flags', () => {
  it.each(USAGE_ERRORS)('%j exits with code 2 and names %s', async (args, named) => {
    const r = await runInProcess(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(named);
    expect(r.stderr).toContain('--help');
  });

  it(`as a process (${IN_A_PROCESS.length} of them): exit code 2, the flag named, no stack trace`, async () => {
    const results = await inBatches(IN_A_PROCESS, 4, async ([args, named]) => ({
      args,
      named,
      ...(await runCli(args, {}, 10_000)),
    }));
    for (const r of results) {
      const what = `huaweicloud-exporter ${r.args.join(' ').slice(0, 80)}`;
      expect(r.code, what).toBe(2);
      expect(r.stdout, what).toBe('');
      expect(r.stderr, what).toContain(r.named);
      expect(r.stderr, what).toContain('--help');
      expectNoStackTrace(r.stderr);
    }
  });
});

describe('bad files', () => {
  it('each exits with code 1 and names the file or what is missing', async () => {
    const results = await inBatches(START_ERRORS, 3, async ([args, named]) => ({
      args,
      named,
      ...(await runCli(args, {}, 10_000)),
    }));
    for (const r of results) {
      const what = `huaweicloud-exporter ${r.args.join(' ')}`;
      expect(r.code, what).toBe(1);
      expect(r.stderr, what).toContain(r.named);
      expectNoStackTrace(r.stderr);
    }
  });
});
