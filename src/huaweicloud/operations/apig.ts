// API Gateway (dedicated) and ROMA Connect (docs §4.4, §5, seed 003). Same signature-key API on two hosts:
// `apigw` paths on service 'apig', `apic` paths on service 'roma'; the instance lists differ in path and body.
// Each host's call is its own operation value; ApigApi picks one by gateway.

import type { ApigApi } from '../api.js';
import type { ListOptions } from '../call-options.js';
import type { Gateway } from '../models.js';
import { APIG_PAGING } from '../pagination.js';
import { listApigInstancesBody, listRomaInstancesBody, listSignatureKeysBody } from '../schemas/apig.js';
import { invalidArgument, listEndpoint, requireId } from './context.js';
import type { OperationInfo } from './info.js';
import { defineOperation, type RunOperation } from './operation.js';

export const LIST_APIG_INSTANCES = defineOperation({
  service: 'apig',
  name: 'ListInstancesV2',
  iamAction: 'apig:instances:list',
  iamSource: 'inferred',
  async run(ctx, _args: undefined, opts: ListOptions) {
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, 'apigw', 'instances'],
        projectId: pid,
        rule: APIG_PAGING,
        body: listApigInstancesBody,
        keyOf: (i) => i.id,
      },
      opts,
    );
  },
});

export const LIST_ROMA_INSTANCES = defineOperation({
  service: 'roma',
  name: 'CheckRomaInstanceListV2',
  iamAction: 'roma:instances:list',
  iamSource: 'inferred',
  async run(ctx, _args: undefined, opts: ListOptions) {
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
        path: ['v2', pid, 'instances'],
        projectId: pid,
        rule: APIG_PAGING,
        body: listRomaInstancesBody,
        keyOf: (i) => i.id,
      },
      opts,
    );
  },
});

/** ListSignatureKeysV2 on the gateway's own path segment (`apigw` or `apic`). */
function signatureKeys(op: OperationInfo, segment: 'apigw' | 'apic') {
  return defineOperation({
    ...op,
    async run(ctx, args: { instanceId: string }, opts: ListOptions) {
      const iid = requireId(op.service, op.name, 'instanceId', args.instanceId);
      const pid = await ctx.projectId(opts);
      return listEndpoint(
        ctx,
        {
          path: ['v2', pid, segment, 'instances', iid, 'signs'],
          projectId: pid,
          rule: APIG_PAGING,
          body: listSignatureKeysBody,
          keyOf: (k) => k.id,
        },
        opts,
      );
    },
  });
}

export const LIST_APIG_SIGNATURE_KEYS = signatureKeys(
  { service: 'apig', name: 'ListSignatureKeysV2', iamAction: 'apig:signs:list', iamSource: 'inferred' },
  'apigw',
);

export const LIST_ROMA_SIGNATURE_KEYS = signatureKeys(
  { service: 'roma', name: 'ListSignatureKeysV2', iamAction: 'roma:signs:list', iamSource: 'inferred' },
  'apic',
);

function checkGateway(gateway: unknown, operation: string): Gateway {
  if (gateway !== 'apig' && gateway !== 'roma') {
    throw invalidArgument('apig', operation, "gateway must be 'apig' or 'roma'");
  }
  return gateway;
}

export function createApigOperations(run: RunOperation): ApigApi {
  return {
    async listInstances(gateway, opts = {}) {
      const roma = checkGateway(gateway, 'ListInstancesV2') === 'roma';
      return roma ? run(LIST_ROMA_INSTANCES, undefined, opts) : run(LIST_APIG_INSTANCES, undefined, opts);
    },
    async listSignatureKeys(gateway, instanceId, opts = {}) {
      const roma = checkGateway(gateway, 'ListSignatureKeysV2') === 'roma';
      const op = roma ? LIST_ROMA_SIGNATURE_KEYS : LIST_APIG_SIGNATURE_KEYS;
      return run(op, { instanceId }, opts);
    },
  };
}
