// HSS v5 ListRegistry (docs §4.3, seed 002): project-wide, record offsets, limit 200 (the API's maximum).

import type { HssApi } from '../api.js';
import type { ListOptions } from '../call-options.js';
import { HSS_PAGING } from '../pagination.js';
import { listHssRegistriesBody } from '../schemas/hss.js';
import { invalidArgument, listEndpoint } from './context.js';
import { defineOperation, type RunOperation } from './operation.js';

// The new IAM needs no identity-policy action for ListRegistry (its page says so); the role/policy-based
// IAM does, under a name its page does not give.
export const LIST_HSS_REGISTRIES = defineOperation({
  service: 'hss',
  name: 'ListRegistry',
  iamAction: 'hss:imageRepository:list',
  iamSource: 'inferred',
  // No budget of its own: HSS's quota (5 calls/minute per user, hss_02_0005) holds for every HSS API, so it is
  // the service's default (http/settings.ts DEFAULT_BUDGETS).
  async run(ctx, args: { enterpriseProjectId?: string | undefined }, opts: ListOptions) {
    const eps = args.enterpriseProjectId;
    if (eps !== undefined && eps.length === 0) {
      throw invalidArgument(
        'hss',
        'ListRegistry',
        'enterpriseProjectId must be a non-empty string when given',
      );
    }
    const pid = await ctx.projectId(opts);
    return listEndpoint(
      ctx,
      {
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
});

export function createHssOperations(run: RunOperation): HssApi {
  return {
    listRegistries: (opts = {}) =>
      run(LIST_HSS_REGISTRIES, { enterpriseProjectId: opts.enterpriseProjectId }, opts),
  };
}
