// API Gateway (APIG) and ROMA Connect signature keys: which keys exist, how many APIs and backends each is
// bound to, and their age for rotation. sign_key and sign_secret never reach this code (the parser drops them).

import type { Gateway, SignatureKey } from '../../huaweicloud/models.js';
import { gauge } from '../catalog.js';
import { forEachLimited, yieldToEventLoop } from '../concurrency.js';
import type { CollectContext, Collector, CollectorDeps } from '../contract.js';
import type { InstanceList, InstanceLookup } from '../discovery.js';
import { skipUnlessConfigured } from '../failures.js';
import { writeInstanceStatuses } from '../instance-status.js';
import { optionalLabel } from '../labels.js';
import { toUnixSeconds } from '../render.js';

const SIGN_KEY = ['region', 'gateway', 'instance_id', 'key_id'] as const;

/** The families, in exposition order. */
export const APIG_FAMILIES = {
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
const F = APIG_FAMILIES;

export interface GatewaySource {
  gateway: Gateway;
  instances: InstanceLookup;
}

interface InstanceKeys {
  gateway: Gateway;
  instanceId: string;
  keys: SignatureKey[];
  total: number;
}

export class ApigSignatureKeysCollector implements Collector {
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
