// Validation where data enters: a response body either becomes typed records or a HuaweiCloudError whose
// message names the operation and the JSON path of the first bad field. Messages are built from the schema
// (what was expected) and the *kind* of the input (string, array, …) — never from input values, so a
// malformed body cannot smuggle sign_secret or credential values into logs.

import type { z } from 'zod';
import { HuaweiCloudError } from '../errors.js';
import type { ServiceName } from '../observer.js';
import { kindOf, typeMessage } from './parse-messages.js';
import { collectNotes, type ParseNotes } from './records.js';

/** JSON path as people write it: `executions[3].id`; the body itself is `body`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'body' : out;
}

const EXPECTED_NAMES: Record<string, string> = { int: 'integer', object: 'object', array: 'array' };

type RawIssue = z.core.$ZodRawIssue;

// Replaces every zod default message: some of those quote the input (e.g. invalid literal values).
function messageFor(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = String(issue.expected);
      return typeMessage(EXPECTED_NAMES[expected] ?? expected, issue.input);
    }
    case 'too_small':
      return `must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_format':
      return `expected ${String(issue.format)} format`;
    case 'invalid_union':
      return `matches none of the accepted forms (got ${kindOf(issue.input)})`;
    case 'invalid_value':
      return 'is not one of the accepted values';
    case 'custom':
      return typeof issue.message === 'string' ? issue.message : 'is invalid';
    default:
      return 'is invalid';
  }
}

export interface ParseContext {
  operation: string;
  service?: ServiceName | undefined;
  requestId?: string | undefined;
  /** Told about records skipped and values made absent (records.ts) when the body parsed and had any. */
  onNotes?: ((notes: ParseNotes) => void) | undefined;
}

/**
 * Parses a response body. Records that cannot be read are skipped and unreadable values made absent (told to
 * ctx.onNotes); a violation of the structure around them becomes HuaweiCloudError 'INVALID_RESPONSE'.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, ctx: ParseContext): z.output<S> {
  const { value: result, notes } = collectNotes(() => schema.safeParse(body, { error: messageFor }));
  if (result.success) {
    if (notes.skipped.length > 0 || notes.unreadable.length > 0) ctx.onNotes?.(notes);
    return result.data;
  }
  const issues = result.error.issues;
  const first = issues[0];
  const detail = first === undefined ? 'body is invalid' : `${formatPath(first.path)}: ${first.message}`;
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return throwInvalid(`${ctx.operation}: invalid response: ${detail}${more}`, ctx);
}

function throwInvalid(message: string, ctx: ParseContext): never {
  throw new HuaweiCloudError({
    code: 'INVALID_RESPONSE',
    message,
    operation: ctx.operation,
    service: ctx.service,
    requestId: ctx.requestId,
  });
}
