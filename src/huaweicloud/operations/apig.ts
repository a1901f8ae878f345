// API Gateway (dedicated) and ROMA Connect (docs §4.4, §5, seed 003). Same signature-key API on two hosts:
// `apigw` paths on service 'apig', `apic` paths on service 'roma'; the instance lists differ in path and body.

import type { ApigApi, ListOptions } from '../api.js';
import type { Gateway } from '../models.js';
import { APIG_PAGING } from '../pagination.js';
import { listApigInstancesBody, listRomaInstancesBody, listSignatureKeysBody } from '../schemas/apig.js';
import { invalidArgument, listEndpoint, type OperationContext, requireId } from './context.js';
import { operationInfo } from './info.js';
export const LIST_APIG_INSTANCES = operationInfo({
  service: 'apig',
  name: 'ListInstancesV2',
  iamAction: 'apig:instances:list',
  iamSource: 'inferred',
});

export const LIST_APIG_SIGNATURE_KEYS = operationInfo({
  service: 'apig',
  name: 'ListSignatureKeysV2',
  iamAction: 'apig:signs:list',
  iamSource: 'inferred',
});

export const LIST_ROMA_INSTANCES = operationInfo({
  service: 'roma',
  name: 'CheckRomaInstanceListV2',
  iamAction: 'roma:instances:list',
  iamSource: 'inferred',
});

export const LIST_ROMA_SIGNATURE_KEYS = operationInfo({
  service: 'roma',
  name: 'ListSignatureKeysV2',
  iamAction: 'roma:signs:list',
  iamSource: 'inferred',
});

const SIGNS_OPERATION = 'ListSignatureKeysV2';

function checkGateway(gateway: unknown, operation: string): Gateway {
  if (gateway !== 'apig' && gateway !== 'roma') {
    throw invalidArgument('apig', operation, "gateway must be 'apig' or 'roma'");
  }
  return gateway;
}

export function createApigOperations(ctx: OperationContext): ApigApi {
  return {
    async listInstances(gateway: Gateway, opts: ListOptions = {}) {
      const service = checkGateway(gateway, 'ListInstancesV2');
      const pid = await ctx.projectId(opts);
      if (service === 'roma') {
        return listEndpoint(
          ctx,
          {
            service,
            operation: 'CheckRomaInstanceListV2',
            path: ['v2', pid, 'instances'],
            projectId: pid,
            rule: APIG_PAGING,
            body: listRomaInstancesBody,
            keyOf: (i) => i.id,
          },
          opts,
        );
      }
      return listEndpoint(
        ctx,
        {
          service,
          operation: 'ListInstancesV2',
          path: ['v2', pid, 'apigw', 'instances'],
          projectId: pid,
          rule: APIG_PAGING,
          body: listApigInstancesBody,
          keyOf: (i) => i.id,
        },
        opts,
      );
    },

    async listSignatureKeys(gateway: Gateway, instanceId: string, opts: ListOptions = {}) {
      const service = checkGateway(gateway, SIGNS_OPERATION);
      const iid = requireId(service, SIGNS_OPERATION, 'instanceId', instanceId);
      const pid = await ctx.projectId(opts);
      return listEndpoint(
        ctx,
        {
          service,
          operation: SIGNS_OPERATION,
          path: ['v2', pid, service === 'roma' ? 'apic' : 'apigw', 'instances', iid, 'signs'],
          projectId: pid,
          rule: APIG_PAGING,
          body: listSignatureKeysBody,
          keyOf: (k) => k.id,
        },
        opts,
      );
    },
  };
}
