// Turns validation failures into lines a person can act on: `regions[0].endpoints.swr: must be an http(s) URL`.
// Messages describe the expected shape and never echo the value given (it may be a secret).

import type * as z from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** One line per problem, each starting with the key path it concerns. */
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`invalid config ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else {
      // A YAML key can be empty (`: x`, `"": x`); shown bare it would leave `regions[0].` or nothing at all.
      const name = key === '' ? '""' : String(key);
      text += text === '' ? name : `.${name}`;
    }
  }
  return text;
}

function unknownKey(parent: ReadonlyArray<PropertyKey>, key: string): string {
  if (key !== '') return `${formatPath([...parent, key])}: unknown key`;
  return `(empty key) at ${parent.length === 0 ? 'the top level' : formatPath(parent)}: unknown key`;
}

/** One problem line per issue (an unrecognized_keys issue gives one line per key). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(unknownKey(issue.path, key));
    } else {
      const where = formatPath(issue.path);
      lines.push(where === '' ? `(top level): ${issue.message}` : `${where}: ${issue.message}`);
    }
  }
  return lines;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'number' && !Number.isFinite(input)) return 'a number that is not finite';
  if (typeof input === 'number' && Number.isInteger(input)) return 'a whole number';
  return TYPE_NAMES[typeof input] ?? typeof input;
}

/** zod error map used for every config parse: phrasing without values. */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      const hint =
        issue.expected === 'string' && typeof issue.input === 'number' ? ' (put it in quotes)' : '';
      return `must be ${expected}, got ${describeInput(issue.input)}${hint}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `must list at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      return `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
};
