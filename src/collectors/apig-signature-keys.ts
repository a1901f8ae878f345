// API Gateway (APIG) and ROMA Connect signature keys: which keys exist, how many APIs and backends each is
// bound to, and their age for rotation. sign_key and sign_secret never reach this code (the parser drops them).

import type { Gateway, SignatureKey } from '../huaweicloud/models.js';
import { APIG_FAMILIES as F } from './catalog.js';
import { forEachLimited, yieldToEventLoop } from './concurrency.js';
import type { InstanceList, InstanceLookup } from './discovery.js';
import { skipUnlessConfigured } from './failures.js';
import { writeInstanceStatuses } from './instance-status.js';
import { optionalLabel } from './labels.js';
import { toUnixSeconds } from './render.js';
import type { CollectContext, Collector, CollectorDeps } from './types.js';

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
