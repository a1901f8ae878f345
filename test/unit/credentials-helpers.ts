// Shared by the credentials tests: a fake `send` that records what the credentials layer asked for, a
// settable clock, a scratch directory, and a request to authenticate.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import type { ApiRequest, ApiResponse } from '../../src/huaweicloud/transport-types.js';

export type Handler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse>;

export interface FakeSend {
  send: (req: ApiRequest) => Promise<ApiResponse>;
  requests: ApiRequest[];
  /** Calls per operation name. */
  count(operation: string): number;
}

export function fakeSend(handler: Handler): FakeSend {
  const requests: ApiRequest[] = [];
  return {
    requests,
    send: async (req) => {
      requests.push(req);
      return handler(req);
    },
    count: (operation) => requests.filter((r) => r.operation === operation).length,
  };
}

/**
 * A 2xx answer. A string is the raw body (`text`) as a plain-text answer such as the metadata session token
 * carries it; anything else is a JSON body, serialised into `text` as the transport would fill it.
 */
export function ok(body: unknown, headers: Record<string, string> = {}, status = 200): ApiResponse {
  if (typeof body === 'string') return { status, headers, json: undefined, text: body, requestId: 'req-1' };
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, headers, json: body, text, requestId: 'req-1' };
}

/** What the transport throws for a non-2xx answer. */
export function httpFailure(req: ApiRequest, status: number, errorMsg?: string): HuaweiCloudError {
  return new HuaweiCloudError({
    code: status === 401 || status === 403 ? 'AUTH_FAILED' : status === 404 ? 'NOT_FOUND' : 'HTTP_ERROR',
    message: `${req.operation}: HTTP ${status}${errorMsg === undefined ? '' : ` ${errorMsg}`}`,
    service: req.service,
    operation: req.operation,
    status,
    errorMsg,
  });
}

export function networkFailure(req: ApiRequest): HuaweiCloudError {
  return new HuaweiCloudError({
    code: 'NETWORK',
    message: `${req.operation}: connection refused calling ${req.service}`,
    service: req.service,
    operation: req.operation,
  });
}

export interface Clock {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function clock(start = Date.parse('2024-03-16T00:00:00Z')): Clock {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export async function scratchDir(): Promise<{
  path: string;
  write(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}> {
  const path = await mkdtemp(join(tmpdir(), 'hc-credentials-'));
  return {
    path,
    write: async (name, text) => {
      const file = join(path, name);
      await writeFile(file, text, { mode: 0o600 });
      return file;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

export function request(
  headers: Record<string, string> = { 'x-project-id': '0a1b2c3d4e5f60718293a4b5c6d7e8f9' },
) {
  return {
    method: 'GET',
    url: new URL(
      'https://swr-api.cn-north-4.myhuaweicloud.com/v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/instances?limit=100&offset=0',
    ),
    headers,
    body: '',
  };
}

/** Fails the test if `send` is called: the source under test must not need the network. */
export const noNetwork = fakeSend((req) => {
  throw new Error(`unexpected request ${req.operation}`);
});

/** Awaits a rejection and checks it is a CREDENTIALS error whose message matches. */
export async function expectCredentialsError(
  promise: Promise<unknown>,
  pattern: RegExp,
): Promise<HuaweiCloudError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HuaweiCloudError);
  const hc = error as HuaweiCloudError;
  expect(hc.code).toBe('CREDENTIALS');
  expect(hc.message).toMatch(pattern);
  return hc;
}

/** The HuaweiCloudError a promise rejects with (fails the test when it resolves or rejects otherwise). */
export async function failure(promise: Promise<unknown>): Promise<HuaweiCloudError> {
  const e = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(HuaweiCloudError);
  return e as HuaweiCloudError;
}
