// regions[].swr: which SWR Enterprise instances, signature policies and replication registries to read. The
// SWR collectors (swr_signing, swr_registries) share this one section.

import * as z from 'zod';
import { idList, nonEmptyText, numericId } from './config-fields.js';
import type { SwrTargetOptions } from './contract.js';
import type { TargetSection } from './descriptor.js';

const swrSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    instances: idList.optional(),
    policies: z
      .array(z.strictObject({ instance_id: nonEmptyText, policy_id: numericId }))
      .min(1, { error: 'must list at least one policy (or leave the key out)' })
      .optional(),
    registries: z
      .array(z.strictObject({ instance_id: nonEmptyText, registry_id: numericId }))
      .min(1, { error: 'must list at least one registry (or leave the key out)' })
      .optional(),
  })
  .superRefine((swr, ctx) => {
    // An explicit policy/registry on an instance the list leaves out would never be polled.
    if (swr.instances === undefined) return;
    const instances = new Set(swr.instances);
    for (const key of ['policies', 'registries'] as const) {
      swr[key]?.forEach((item, index) => {
        if (!instances.has(item.instance_id)) {
          ctx.addIssue({
            code: 'custom',
            path: [key, index, 'instance_id'],
            message: 'is not one of swr.instances',
          });
        }
      });
    }
  });

type SwrSectionConfig = z.output<typeof swrSchema>;

export const SWR_SECTION: TargetSection<'swr', SwrSectionConfig, SwrTargetOptions> = {
  key: 'swr',
  config: swrSchema.default({ enabled: true }),
  fromConfig: (swr) => ({
    enabled: swr.enabled,
    instances: swr.instances,
    policies: swr.policies?.map((p) => ({ instanceId: p.instance_id, policyId: p.policy_id })),
    registries: swr.registries?.map((r) => ({ instanceId: r.instance_id, registryId: r.registry_id })),
  }),
};
