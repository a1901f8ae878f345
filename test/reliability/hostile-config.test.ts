// Hostile and broken configuration: the fixture corpus (one file per rule) through the CLI's --config.check,
// YAML built to hurt (alias bombs, 10^4-deep nesting, __proto__ keys, huge numbers), and fast-check fuzzing of
// the config and the command line. Each must end in a ConfigError/UsageError naming the problem — never
// another exception, never a hang, never a value from the file echoed back.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { main, parseFlags, UsageError } from '../../src/cli.js';
import { ConfigError, parseConfigText, validateConfig } from '../../src/config.js';
import { ROOT } from './helpers/child-exporter.js';

const FIXTURES = join(ROOT, 'test', 'fixtures');
const files = (dir: string) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(FIXTURES, dir, f));

async function check(args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

/** Resolves to the ConfigError's problems, or [] when the text is a valid config. Any other throw fails. */
async function problemsOf(text: string): Promise<readonly string[]> {
  try {
    await parseConfigText(text, '(fuzz)', ROOT);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('the fixture corpus through --config.check', () => {
  it.each(files('config/invalid'))('%s: exit 1, the file and its problems named', async (file) => {
    const r = await check(['--config.check', `--config.file=${file}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`invalid config ${file}:`);
    expect(r.stderr).toMatch(/\n {2}- \S/);
  });

  it.each(files('web/invalid'))('%s as --web.config.file: exit 1, the file named', async (file) => {
    const r = await check([
      '--config.check',
      `--config.file=${join(FIXTURES, 'config/valid/minimal.yml')}`,
      `--web.config.file=${file}`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
  });

  it.each(files('config/valid'))('%s: exit 0, and --verbose prints no secret', async (file) => {
    const r = await check(['--config.check', '--verbose', `--config.file=${file}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('config OK');
    // The fixtures' secret files and inline values all contain "fake".
    expect(r.stdout.toLowerCase()).not.toContain('fake');
  });
});

const MINIMAL = 'regions:\n  - name: cn-north-4\n';

describe('YAML built to hurt', () => {
  it('__proto__ keys are unknown keys, not a way to switch on inline secrets', async () => {
    const problems = await problemsOf(
      `__proto__:\n  allow_inline_secrets: true\ncredentials:\n  ak: AKINLINE0000\n  sk: SKINLINE0000\n${MINIMAL}`,
    );
    expect(problems).toContain('__proto__: unknown key');
    expect(problems.join('\n')).toMatch(/credentials\.ak: secrets in the config file are refused/);
    expect(({} as Record<string, unknown>).allow_inline_secrets).toBeUndefined();
  });

  it.each([
    ['constructor', `constructor: {}\n${MINIMAL}`, 'constructor: unknown key'],
    [
      'prototype in a region',
      'regions:\n  - name: cn-north-4\n    prototype: 1\n',
      'regions[0].prototype: unknown key',
    ],
    [
      '__proto__ in a region',
      'regions:\n  - name: cn-north-4\n    __proto__: {project_id: x}\n',
      'regions[0].__proto__: unknown key',
    ],
  ])('%s is named as an unknown key', async (_, text, problem) => {
    expect(await problemsOf(text)).toContain(problem);
  });

  it('an alias bomb is refused before it expands', async () => {
    const levels = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(',')}]`,
      );
    }
    const problems = await problemsOf(`${levels.join('\n')}\n${MINIMAL}`);
    expect(problems.join('\n')).toMatch(/alias/i);
  });

  it.each([
    ['flow', `regions: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['block', `regions:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}- `).join('\n')}x\n`],
    ['mapping', `regions:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} x\n`],
  ])('10^4 levels of %s nesting are a ConfigError, not a crash', async (_, text) => {
    const problems = await problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'a number too large for an integer',
      'max_pages: 99999999999999999999999',
      /client\.max_pages: must be at most/,
    ],
    ['a negative zero', 'max_pages: -0', /client\.max_pages: must be at least 1/],
    ['a fraction', 'max_pages: 1.5', /client\.max_pages: must be a whole number/],
    ['a string of digits', "max_pages: '100'", /client\.max_pages: must be a (whole )?number, got a string/],
  ])('%s is named', async (_, line, problem) => {
    expect((await problemsOf(`${MINIMAL}client:\n  ${line}\n`)).join('\n')).toMatch(problem);
  });

  it.each([
    ['1e400', 'client.max_pages'],
    ['.inf', 'client.max_pages'],
    ['-.inf', 'client.max_pages'],
    ['.nan', 'client.max_pages'],
  ])('%s is named as not a finite number', async (value, key) => {
    const problems = await problemsOf(`${MINIMAL}client:\n  max_pages: ${value}\n`);
    expect(problems.join('\n')).toMatch(
      new RegExp(`${key.replace('.', '\\.')}: .*(finite|infinite|not a number)`),
    );
  });

  it('invalid UTF-8 in the file is refused as a bad region name, not a crash', async () => {
    const text = Buffer.concat([
      Buffer.from('regions:\n  - name: cn-'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('\n'),
    ]);
    expect((await problemsOf(text.toString('utf8'))).join('\n')).toMatch(/regions\[0\]\.name/);
  });
});

/** Canary strings planted as values: no problem line may quote one back. */
const CANARY = 'CanaryValue7f3e';
const valueWithCanary = fc.oneof(
  fc.constant(CANARY),
  fc.string().map((s) => `${s}${CANARY}`),
  // Keys are names and may be quoted ("unknown key"); only values must never come back.
  fc.constant({ ak: CANARY, name: CANARY, url: CANARY }),
  fc.constant([CANARY]),
);
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'name', 'regions'),
  fc.string(),
);
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(Number.POSITIVE_INFINITY, Number.NaN, -0, 2 ** 53 + 1, -1e308, 1e-320),
  valueWithCanary,
);

function setAt(target: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = (typeof target === 'object' && target !== null ? target : {}) as Record<string, unknown>;
  const copy: Record<string, unknown> = Array.isArray(container)
    ? ([...container] as never)
    : { ...container };
  Object.defineProperty(copy, String(head), {
    value: setAt(container[String(head)], rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** full.yml: every key the config knows, the base the field-replacement fuzzing starts from. */
const fullConfig: unknown = parseDocument(
  readFileSync(join(FIXTURES, 'config/valid/full.yml'), 'utf8'),
).toJS();

describe('fuzzing', () => {
  it('any JSON value as a whole config: a config or a ConfigError, never a quoted value', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(hostileKey, hostileValue)),
        (data) => {
          try {
            validateConfig(data, '(fuzz)');
          } catch (error) {
            if (!(error instanceof ConfigError)) throw error;
            expect(error.message).not.toContain(CANARY);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('one field of the full config replaced by anything: a config or problems naming a key path', () => {
    // Keys a path can print unambiguously; arbitrary keys are covered by the whole-config property above.
    const pathKey = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'name'),
      fc.stringMatching(/^[a-z_]{1,12}$/),
    );
    const paths = fc.array(
      fc.oneof(
        pathKey,
        fc.constantFrom(
          'regions',
          'client',
          'collectors',
          'credentials',
          'scrape',
          'limits',
          'swr',
          'timeouts',
        ),
        fc.nat(3),
      ),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(paths, hostileValue, (path, value) => {
        try {
          validateConfig(setAt(fullConfig, path, value), '(fuzz)');
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          // A located problem: a non-empty path (or "(top level)"), then what is wrong.
          for (const problem of error.problems) expect(problem).toMatch(/^[^:\s].*?: \S/);
          expect(error.message).not.toContain(CANARY);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('any text as a YAML file: a config or a ConfigError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme-ascii' }).map((s) => `${MINIMAL}${s}`),
        ),
        async (text) => {
          await problemsOf(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any command line: flags or a UsageError naming the problem', () => {
    const arg = fc.oneof(
      fc.constantFrom(
        '--config.file',
        '--config.check',
        '--verbose',
        '--web.listen-address',
        '--web.telemetry-path',
        '--web.max-requests',
        '--log.level',
        '--log.format',
        '--version',
        '-h',
        '--',
        '-',
      ),
      fc
        .tuple(
          fc.constantFrom(
            '--web.listen-address=',
            '--web.telemetry-path=',
            '--web.max-requests=',
            '--log.level=',
            '--log.format=',
            '--config.file=',
            '--__proto__=',
            '--constructor=',
          ),
          fc.string({ unit: 'binary' }),
        )
        .map(([f, v]) => f + v),
      fc.string({ unit: 'binary' }),
    );
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 6 }), (argv) => {
        try {
          parseFlags(argv.map((a) => a.replaceAll('\u0000', '')));
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
