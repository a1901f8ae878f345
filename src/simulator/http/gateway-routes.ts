// API Gateway (apig, path segment `apigw`) and ROMA Connect (roma, path segment `apic`): instance lists and
// ListSignatureKeysV2 (seed 003, docs §4.4, §5). Paging clamps instead of rejecting; an unknown instance is
// 404 APIG.3030. Keys are served with sign_key/sign_secret in clear, exactly like the real API.

import type { GatewayKind } from '../world/types.js';
import { gatewayPage, pageOf } from './params.js';
import {
  type ApiRoute,
  found,
  need,
  ok,
  param,
  pickFilter,
  type RouteContext,
  type RouteDeps,
} from './route-types.js';

export function gatewayRoutes({ world }: RouteDeps): ApiRoute[] {
  const signs = (gateway: GatewayKind) => (ctx: RouteContext) => {
    const window = need(gateway, gatewayPage(ctx.query));
    const filter = pickFilter(ctx.query, ['id', 'name', 'precise_search'] as const);
    const all = found(
      gateway,
      world.listSignatureKeys(gateway, param(ctx, 'project_id'), param(ctx, 'instance_id'), filter),
    );
    const page = pageOf(all, window);
    return ok({ size: page.length, total: all.length, signs: page });
  };
  return [
    {
      service: 'apig',
      operation: 'ListInstancesV2',
      method: 'GET',
      path: '/v2/:project_id/apigw/instances',
      auth: 'signed',
      handle(ctx) {
        const window = need('apig', gatewayPage(ctx.query));
        const filter = pickFilter(ctx.query, ['instance_id', 'instance_name', 'status'] as const);
        const all = found('apig', world.listApigInstances(param(ctx, 'project_id'), filter));
        const page = pageOf(all, window);
        return ok({ size: page.length, total: all.length, instances: page });
      },
    },
    {
      service: 'apig',
      operation: 'ListSignatureKeysV2',
      method: 'GET',
      path: '/v2/:project_id/apigw/instances/:instance_id/signs',
      auth: 'signed',
      handle: signs('apig'),
    },
    {
      // Go SDK CheckRomaInstanceListV2: {total, size, instances}; paging assumed to clamp like APIG (inferred).
      service: 'roma',
      operation: 'CheckRomaInstanceListV2',
      method: 'GET',
      path: '/v2/:project_id/instances',
      auth: 'signed',
      handle(ctx) {
        const window = need('roma', gatewayPage(ctx.query));
        const filter = pickFilter(ctx.query, ['status'] as const);
        const all = found('roma', world.listRomaInstances(param(ctx, 'project_id'), filter));
        const page = pageOf(all, window);
        return ok({ total: all.length, size: page.length, instances: page });
      },
    },
    {
      service: 'roma',
      operation: 'ListSignatureKeysV2',
      method: 'GET',
      path: '/v2/:project_id/apic/instances/:instance_id/signs',
      auth: 'signed',
      handle: signs('roma'),
    },
  ];
}
