// API Gateway (APIG) and ROMA Connect signature keys: which keys exist, how many APIs and backends each is
// bound to, and their age for rotation. sign_key and sign_secret never reach this code (the parser drops them).

import * as z from 'zod';
import type { Gateway, SignatureKey } from '../huaweicloud/models.js';
import {
  LIST_APIG_INSTANCES,
  LIST_APIG_SIGNATURE_KEYS,
  LIST_ROMA_INSTANCES,
  LIST_ROMA_SIGNATURE_KEYS,
} from '../huaweicloud/operations/apig.js';
import { gauge } from './catalog.js';
import { visible } from './check-reads.js';
import { forEachLimited, yieldToEventLoop } from './concurrency.js';
import { idList } from './config-fields.js';
import type { ApigTargetOptions, CollectContext, Collector, CollectorDeps } from './contract.js';
import { defineCollector, type TargetSection, type TargetSections } from './descriptor.js';
import { gatewayInstanceDiscovery, type InstanceList, type InstanceLookup } from './discovery.js';
import { skipUnlessConfigured } from './failures.js';
import { writeInstanceStatuses } from './instance-status.js';
import { optionalLabel } from './labels.js';
import { toUnixSeconds } from './render.js';

/** The gateways a region reads signature keys from: APIG unless the target says otherwise; [] turns it off. */
export function gatewaysOf(target: TargetSections): readonly ApigTargetOptions[] {
  return target.apig ?? [{ gateway: 'apig' }];
}

const GATEWAYS = ['apig', 'roma'] as const satisfies readonly Gateway[];
/** Each gateway's instance list and signature-key operations. */
const APIG = [LIST_APIG_INSTANCES, LIST_APIG_SIGNATURE_KEYS] as const;
const ROMA = [LIST_ROMA_INSTANCES, LIST_ROMA_SIGNATURE_KEYS] as const;

const SIGN_KEY = ['region', 'gateway', 'instance_id', 'key_id'] as const;

const F = {
  instanceStatus: gauge(
    'huaweicloud_apig_instance_status',
    ['region', 'gateway', 'instance_id', 'instance_name', 'status'],
    'API Gateway / ROMA Connect instance as its instance list reports it, always 1, with its raw status; only running instances are polled for signature keys (ListInstancesV2 / CheckRomaInstanceListV2).',
  ),
  info: gauge(
    'huaweicloud_apig_signature_key_info',
    ['region', 'gateway', 'instance_id', 'key_id', 'key_name', 'sign_type', 'sign_algorithm'],
    'API gateway signature key, always 1; labels carry its name, type and algorithm, never the key or secret (ListSignatureKeysV2).',
  ),
  boundApis: gauge(
    'huaweicloud_apig_signature_key_bound_apis',
    SIGN_KEY,
    'APIs bound to the signature key: bind_num (ListSignatureKeysV2).',
  ),
  boundBackends: gauge(
    'huaweicloud_apig_signature_key_bound_backends',
    SIGN_KEY,
    'Custom backends bound to the signature key: ldapi_bind_num (ListSignatureKeysV2).',
  ),
  created: gauge(
    'huaweicloud_apig_signature_key_created_timestamp_seconds',
    SIGN_KEY,
    'Creation time of the signature key, create_time, in unix seconds (ListSignatureKeysV2).',
  ),
  updated: gauge(
    'huaweicloud_apig_signature_key_updated_timestamp_seconds',
    SIGN_KEY,
    'Last update of the signature key, update_time, in unix seconds; key age for rotation alerts (ListSignatureKeysV2).',
  ),
  keys: gauge(
    'huaweicloud_apig_signature_keys',
    ['region', 'gateway', 'instance_id'],
    'Signature keys on the gateway instance: the total reported by ListSignatureKeysV2.',
  ),
} as const;

interface GatewaySource {
  gateway: Gateway;
  instances: InstanceLookup;
}

interface InstanceKeys {
  gateway: Gateway;
  instanceId: string;
  keys: SignatureKey[];
  total: number;
}

class ApigSignatureKeysCollector implements Collector {
  readonly name = 'apig_signature_keys' as const;
  readonly region: string;
  readonly #deps: CollectorDeps;
  readonly #sources: readonly GatewaySource[];

  constructor(deps: CollectorDeps, sources: readonly GatewaySource[]) {
    this.region = deps.region;
    this.#deps = deps;
    this.#sources = sources;
  }

  async collect({ signal, out }: CollectContext): Promise<void> {
    const readings: InstanceKeys[] = [];
    for (const source of this.#sources) {
      const list = await source.instances.get(signal);
      writeInstanceStatuses(out, this.#deps.logger, list, {
        family: F.instanceStatus,
        leading: [this.region, source.gateway],
        skipped: 'signature keys',
      });
      readings.push(...(await this.#readGateway(source, list, signal)));
    }
    for (const { gateway, instanceId, keys, total } of readings) {
      for (const key of keys) {
        await yieldToEventLoop();
        const id = [this.region, gateway, instanceId, key.id];
        out.add(F.info, [...id, key.name, key.sign_type, optionalLabel(key.sign_algorithm)], 1);
        // A count that could not be read is absent: its series is omitted, the key's others stay.
        if (key.bind_num !== undefined) out.add(F.boundApis, id, key.bind_num);
        if (key.ldapi_bind_num !== undefined) out.add(F.boundBackends, id, key.ldapi_bind_num);
        if (key.create_time !== null) out.add(F.created, id, toUnixSeconds(key.create_time));
        if (key.update_time !== null) out.add(F.updated, id, toUnixSeconds(key.update_time));
      }
      out.add(F.keys, [this.region, gateway, instanceId], total);
    }
  }

  async #readGateway(
    { gateway, instances }: GatewaySource,
    list: InstanceList,
    signal: AbortSignal,
  ): Promise<InstanceKeys[]> {
    const { api, limiter, workers, logger } = this.#deps;
    const ids = list.polled;
    const readings: InstanceKeys[] = [];
    await forEachLimited(ids, limiter, workers, signal, async (instanceId, itemSignal) => {
      try {
        const listed = await api.apig.listSignatureKeys(gateway, instanceId, { signal: itemSignal });
        const byId = new Map<string, SignatureKey>();
        for (const key of listed.items) byId.set(key.id, key);
        const keys = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        readings.push({ gateway, instanceId, keys, total: Math.max(listed.total, keys.length) });
      } catch (error) {
        skipUnlessConfigured(error, list, `${gateway} instance ${instanceId}`);
        instances.invalidate();
        logger.warn(
          { region: this.region, gateway, instance_id: instanceId },
          'gateway instance not found; skipping it',
        );
      }
    });
    return readings.sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));
  }
}

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
  families: Object.values(F),
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
