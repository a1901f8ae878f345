import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getParsed, invalidArgument } from '../../src/huaweicloud/operations/context.js';
import { defineOperation } from '../../src/huaweicloud/operations/operation.js';
import { LIST_INSTANCE } from '../../src/huaweicloud/operations/swr.js';
import { api, PID, rejection } from './operations-helpers.js';

// An operation no typed method knows: what a new collector's operation module looks like.
const SHOW_THING = defineOperation({
  service: 'swr',
  name: 'ShowThing',
  iamAction: 'swr:thing:get',
  iamSource: 'inferred',
  budget: { ratePerSecond: 0.5, burst: 2 },
  async run(ctx, args: { id: string }, opts) {
    if (args.id === '') throw invalidArgument(ctx.op.service, ctx.op.name, 'id must not be empty');
    const pid = await ctx.projectId(opts);
    const body = z.object({ name: z.string() });
    return getParsed(ctx, { path: ['v2', pid, 'things', args.id], projectId: pid }, body, opts);
  },
});

describe('RegionApi.run', () => {
  it("sends an operation module's requests under its own name, service and declared budget", async () => {
    const { api: region, requests } = api(() => ({ name: 'thing-1', ignored: true }));
    const signal = new AbortController().signal;
    await expect(region.run(SHOW_THING, { id: 't-1' }, { signal })).resolves.toEqual({ name: 'thing-1' });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      service: 'swr',
      operation: 'ShowThing',
      method: 'GET',
      path: ['v2', PID, 'things', 't-1'],
      projectId: PID,
      budget: { ratePerSecond: 0.5, burst: 2 },
      signal,
    });
  });

  it('checks the arguments before anything is sent', async () => {
    const { api: region, requests } = api(() => ({ name: 'x' }));
    const e = await rejection(region.run(SHOW_THING, { id: '' }));
    expect(e.code).toBe('CONFIG');
    expect(e.operation).toBe('ShowThing');
    expect(requests).toHaveLength(0);
  });

  it('is what the typed methods call: the same request either way', async () => {
    const answer = () => ({ instances: [{ id: 'i-1', name: 'one', status: 'Running' }], total: 1 });
    const viaMethod = api(answer);
    const viaRun = api(answer);
    const a = await viaMethod.api.swr.listInstances({ status: 'Running' });
    const b = await viaRun.api.run(LIST_INSTANCE, { status: 'Running' });
    expect(b).toEqual(a);
    // Each list makes its own page signal (pagination.ts); everything else is equal.
    const unsigned = (r: { requests: Array<{ signal?: unknown }> }) =>
      r.requests.map(({ signal: _, ...rest }) => rest);
    expect(unsigned(viaRun)).toEqual(unsigned(viaMethod));
    expect(viaRun.requests[0]?.budget).toBeUndefined();
  });
});
