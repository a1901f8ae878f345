// HSS v5 ListRegistry (docs §4.3, seed 002): project-wide, record offsets, limit 200 (the API's maximum).

import type { HssApi, ListOptions } from '../api.js';
import { HSS_PAGING } from '../pagination.js';
import { listHssRegistriesBody } from '../schemas/hss.js';
import { invalidArgument, listEndpoint, type OperationContext } from './context.js';
import { operationInfo } from './info.js';
// The new IAM needs no identity-policy action for ListRegistry (its page says so); the role/policy-based
// IAM does, under a name its page does not give.
export const LIST_HSS_REGISTRIES = operationInfo({
  service: 'hss',
  name: 'ListRegistry',
  iamAction: 'hss:imageRepository:list',
  iamSource: 'inferred',
});

export function createHssOperations(ctx: OperationContext): HssApi {
  return {
    async listRegistries(opts: ListOptions & { enterpriseProjectId?: string | undefined } = {}) {
      const operation = 'ListRegistry';
      const eps = opts.enterpriseProjectId;
      if (eps !== undefined && eps.length === 0) {
        throw invalidArgument('hss', operation, 'enterpriseProjectId must be a non-empty string when given');
      }
      const pid = await ctx.projectId(opts);
      return listEndpoint(
        ctx,
        {
          service: 'hss',
          operation,
          path: ['v5', pid, 'image', 'registries'],
          projectId: pid,
          rule: HSS_PAGING,
          body: listHssRegistriesBody,
          keyOf: (r) => r.id,
          filter: eps === undefined ? [] : [['enterprise_project_id', eps]],
        },
        opts,
      );
    },
  };
}
