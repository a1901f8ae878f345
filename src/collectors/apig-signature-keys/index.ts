// apig_signature_keys: API Gateway (APIG) and ROMA Connect signature keys, their bindings and age. The
// reading is in collector.ts.

import * as z from 'zod';
import type { Gateway } from '../../huaweicloud/models.js';
import {
  LIST_APIG_INSTANCES,
  LIST_APIG_SIGNATURE_KEYS,
  LIST_ROMA_INSTANCES,
  LIST_ROMA_SIGNATURE_KEYS,
} from '../../huaweicloud/operations/apig.js';
import { visible } from '../check-reads.js';
import { idList } from '../config-fields.js';
import type { ApigTargetOptions } from '../contract.js';
import { defineCollector, type TargetSection, type TargetSections } from '../descriptor.js';
import { gatewayInstanceDiscovery } from '../discovery.js';
import { APIG_FAMILIES, ApigSignatureKeysCollector } from './collector.js';

/** The gateways a region reads signature keys from: APIG unless the target says otherwise; [] turns it off. */
export function gatewaysOf(target: TargetSections): readonly ApigTargetOptions[] {
  return target.apig ?? [{ gateway: 'apig' }];
}

const GATEWAYS = ['apig', 'roma'] as const satisfies readonly Gateway[];
/** Each gateway's instance list and signature-key operations. */
const APIG = [LIST_APIG_INSTANCES, LIST_APIG_SIGNATURE_KEYS] as const;
const ROMA = [LIST_ROMA_INSTANCES, LIST_ROMA_SIGNATURE_KEYS] as const;

/** regions[].apig: one gateway, and which of its instances (absent: every Running one). */
const apigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  gateway: z.enum(GATEWAYS).default('apig'),
  instances: idList.optional(),
});

const APIG_SECTION: TargetSection<'apig', z.output<typeof apigSchema>, ApigTargetOptions[]> = {
  key: 'apig',
  config: apigSchema.default({ enabled: true, gateway: 'apig' }),
  // The engine takes a list of gateways; an empty list turns signature keys off for this region.
  fromConfig: (apig) => (apig.enabled ? [{ gateway: apig.gateway, instances: apig.instances }] : []),
};

export const apigSignatureKeys = defineCollector({
  name: 'apig_signature_keys',
  summary: 'API Gateway and ROMA Connect signature keys: bindings and age',
  // Signature keys change rarely.
  defaults: { enabled: true, ttlSeconds: 300, maxAgeSeconds: 3600, maxSeries: 500_000 },
  families: Object.values(APIG_FAMILIES),
  operations: [...APIG, ...ROMA],
  section: APIG_SECTION,
  collectsIn: (target) => gatewaysOf(target).length > 0,
  async check(reads) {
    const { api, signal } = reads;
    const { gateway, instances } = gatewaysOf(reads.target)[0] ?? { gateway: 'apig' };
    const [list, keys] = gateway === 'roma' ? ROMA : APIG;
    let instanceId = instances?.[0];
    if (instanceId === undefined) {
      await reads.step(list, async () => {
        const listed = await api.apig.listInstances(gateway, { maxItems: 1, signal });
        instanceId = listed.items[0]?.id;
        return visible(listed.total, `${gateway} instance(s)`);
      });
    }
    const id = instanceId;
    if (id === undefined) reads.skip(keys, `no ${gateway} instance to read from`);
    else {
      await reads.step(keys, async () => {
        const listed = await api.apig.listSignatureKeys(gateway, id, { maxItems: 1, signal });
        return visible(listed.total, 'signature key(s) on the first instance');
      });
    }
  },
  probe: {
    form: { by: 'kind', kind: 'gateway', kinds: GATEWAYS },
    lists: (ctx) =>
      gatewaysOf(ctx.target).map(({ gateway, instances }) => ({
        kind: gateway,
        instances: ctx.discovery(`gateway/${gateway}/instances`, () =>
          gatewayInstanceDiscovery(
            ctx.target.api,
            gateway,
            instances,
            ctx.discoveryTtlMs,
            ctx.now,
            ctx.failureTtlMs,
          ),
        ),
        what: `${gateway} instances in ${ctx.target.region}`,
      })),
    narrow(target, shard, refuse) {
      const gateways = gatewaysOf(target);
      const gateway = gateways.find((g) => g.gateway === shard.kind);
      const instanceId = shard.instanceId ?? '';
      if (gateway === undefined) {
        const configured = gateways.map((g) => g.gateway).join(', ') || 'none';
        return refuse(
          `gateway ${shard.kind} is not configured for region ${target.region} (configured: ${configured})`,
        );
      }
      if (gateway.instances !== undefined && !gateway.instances.includes(instanceId)) {
        refuse(
          `instance ${instanceId} is not one of the ${gateway.gateway} instances configured for ${target.region}`,
        );
      }
      return { apig: [{ gateway: gateway.gateway, instances: [instanceId] }] };
    },
  },
  build(ctx) {
    const sources = gatewaysOf(ctx.target).map((g) => ({
      gateway: g.gateway,
      instances: ctx.discovery(`gateway/${g.gateway}/instances`, () =>
        gatewayInstanceDiscovery(ctx.target.api, g.gateway, g.instances, ctx.discoveryTtlMs, ctx.deps.now),
      ),
    }));
    return new ApigSignatureKeysCollector(ctx.deps, sources);
  },
});
