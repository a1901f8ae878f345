// Replication registries of an SWR Enterprise instance (ShowInstanceRegistry / ListInstanceRegistries, seed 004).

import { REGION_NAMES, registryName } from './names.js';
import type { Rng } from './random.js';
import type { SwrInstanceState } from './state.js';
import { swrTimestamp } from './timestamps.js';
import type { ScaleCounts, SwrRegistryRaw } from './types.js';

const DAY_MS = 86_400_000;

export function generateRegistries(
  ctx: { counts: ScaleCounts; nowMs: number },
  instance: SwrInstanceState,
  rng: Rng,
): void {
  for (let g = 0; g < ctx.counts.registries; g++) {
    const id = instance.nextRegistryId++;
    const type = rng.weighted([
      ['swr-pro', 50],
      ['swr-pro-internal', 30],
      ['huawei-SWR', 20],
    ] as const);
    const createdMs = ctx.nowMs - rng.int(DAY_MS, 300 * DAY_MS);
    const raw = registryRaw(rng, id, instance, { name: registryName(g), type, createdMs });
    instance.registries.set(id, raw);
  }
}

export function registryRaw(
  rng: Rng,
  id: number,
  instance: SwrInstanceState,
  fields: {
    name: string;
    type: string;
    createdMs: number;
    url?: string;
    description?: string;
    insecure?: boolean;
    status?: string;
    access_key?: string;
  },
): SwrRegistryRaw {
  const targetRegion = rng.pick(REGION_NAMES);
  const url =
    fields.url ??
    (fields.type === 'huawei-SWR'
      ? `https://swr.${targetRegion}.myhuaweicloud.com`
      : fields.type === 'swr-pro-internal'
        ? `https://swr-ee-${rng.hex(6)}.swr-pro.${targetRegion}.myhuaweicloud.com`
        : rng.chance(0.5)
          ? `http://192.168.${rng.int(0, 255)}.${rng.int(2, 254)}:30000`
          : `https://harbor-${rng.hex(4)}.example.com`);
  return Object.freeze({
    id,
    name: fields.name,
    description: fields.description ?? '',
    type: fields.type,
    url,
    // Seed 004: region and instance are those the registry belongs to.
    region_id: instance.regionName,
    instance_id: instance.raw.id,
    credential: Object.freeze({
      type: 'basic' as const,
      access_key:
        fields.access_key ??
        (fields.type === 'huawei-SWR' ? `${targetRegion}@${rng.alnum(20).toUpperCase()}` : 'admin'),
      access_secret: '*****',
    }),
    insecure: fields.insecure ?? url.startsWith('http://'),
    status: fields.status ?? (rng.chance(0.8) ? 'healthy' : 'unhealthy'),
    created_at: swrTimestamp(fields.createdMs, rng),
    updated_at: swrTimestamp(fields.createdMs + rng.int(0, 30 * DAY_MS), rng),
  });
}
