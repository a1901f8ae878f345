// Shared by the operations tests: a recording fake Transport, page/query readers, a paged list endpoint, and a
// rejection helper. The operations never see the wire, so the fake answers with JSON bodies only.

import { expect } from 'vitest';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { createRegionOperations } from '../../src/huaweicloud/operations/region.js';
import type { ApiRequest, ApiResponse, Transport } from '../../src/huaweicloud/transport-types.js';

export const PID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** A 200 answer carrying `json`, with `text` as the transport would fill it. */
export function jsonResponse(json: unknown, requestId?: string): ApiResponse {
  const text = json === undefined ? '' : JSON.stringify(json);
  return { status: 200, headers: {}, json, text, requestId };
}

/** Records every request and answers with what `answer` returns as the JSON body. */
export function fakeTransport(answer: (req: ApiRequest) => unknown | Promise<unknown>) {
  const requests: ApiRequest[] = [];
  const transport: Transport = {
    async send(req: ApiRequest): Promise<ApiResponse> {
      requests.push(req);
      return jsonResponse(await answer(req), `req-${requests.length}`);
    },
    async close() {},
  };
  return { transport, requests };
}

export const query = (req: ApiRequest | undefined) => Object.fromEntries(req?.query ?? []);
export const page = (req: ApiRequest) => ({
  offset: Number(query(req).offset),
  limit: Number(query(req).limit),
});

/** RegionApi for a configured project over a fake transport. */
export function api(answer: (req: ApiRequest) => unknown) {
  const fake = fakeTransport(answer);
  return {
    ...fake,
    api: createRegionOperations({ region: 'cn-north-4', transport: fake.transport, projectId: PID }),
  };
}

/** A list endpoint of `count` items honouring offset/limit under `listKey`/`totalKey`. */
export function listing<T>(count: number, make: (i: number) => T, listKey: string, totalKey = 'total') {
  return (req: ApiRequest) => {
    const { offset, limit } = page(req);
    const items = Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, i) =>
      make(offset + i),
    );
    return { [listKey]: items, [totalKey]: count };
  };
}

export async function rejection(p: Promise<unknown>): Promise<HuaweiCloudError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HuaweiCloudError);
  return e as HuaweiCloudError;
}
