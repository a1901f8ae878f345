// HSS v5 ListRegistry (seed 002, docs §4.3): offset 0..2 000 000, limit 10..200, string filters with their
// documented lengths; violations answer 400 HSS.0001.

import { hssPage, optionalText, pageOf } from './params.js';
import { type ApiRoute, found, need, ok, param, type RouteDeps } from './route-types.js';

// Documented length ranges of the string filters.
const TEXT_FILTERS = [
  ['enterprise_project_id', 1, 256],
  ['registry_name', 1, 128],
  ['registry_id', 1, 64],
  ['registry_addr', 1, 256],
  ['registry_type', 1, 256],
  ['status', 1, 64],
] as const;

type HssFilterKey = (typeof TEXT_FILTERS)[number][0];

export function hssRoutes({ world }: RouteDeps): ApiRoute[] {
  return [
    {
      service: 'hss',
      operation: 'ListRegistry',
      method: 'GET',
      path: '/v5/:project_id/image/registries',
      auth: 'signed',
      handle(ctx) {
        const window = need('hss', hssPage(ctx.query));
        const filter: Partial<Record<HssFilterKey, string>> = {};
        for (const [name, min, max] of TEXT_FILTERS) {
          const value = need('hss', optionalText(ctx.query, name, min, max));
          if (value !== undefined) filter[name] = value;
        }
        const all = found('hss', world.listHssRegistries(param(ctx, 'project_id'), filter));
        return ok({ data_list: pageOf(all, window), total_num: all.length });
      },
    },
  ];
}
