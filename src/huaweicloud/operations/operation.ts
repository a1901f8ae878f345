// An operation as a value: what it is (OperationInfo: service, Huawei's name, IAM action, budget) and how it is
// called. A collector calls one with `api.run(op, args, { signal })` (RegionApi.run), so a new operation is one
// module that exports its defineOperation(…) — no edit to api.ts, client.ts or region.ts.

import type { CallOptions } from '../call-options.js';
import type { OperationContext, RegionContext } from './context.js';
import type { OperationInfo } from './info.js';

export interface Operation<A, R, O extends CallOptions = CallOptions> extends OperationInfo {
  /**
   * Checks the caller's args before anything is sent (invalidArgument), then sends the operation's requests
   * through ctx (getParsed, listEndpoint): they carry this operation's name and budget.
   */
  run(ctx: OperationContext, args: A, opts: O): Promise<R>;
}

export function defineOperation<A, R, O extends CallOptions = CallOptions>(
  op: Operation<A, R, O>,
): Operation<A, R, O> {
  return Object.freeze({ ...op });
}

/** How RegionApi.run is implemented over one region's context; the typed methods are built on it. */
export type RunOperation = <A, R, O extends CallOptions = CallOptions>(
  op: Operation<A, R, O>,
  args: A,
  opts?: O,
) => Promise<R>;

export function operationRunner(region: RegionContext): RunOperation {
  return <A, R, O extends CallOptions>(op: Operation<A, R, O>, args: A, opts?: O) =>
    // Every field of CallOptions is optional, so "no options" is the empty object.
    op.run({ ...region, op }, args, opts ?? ({} as O));
}
