// HSS v5 ListRegistry body (docs §4.3, seed 002). Go marks every RegistryInfo field optional; id, name, type
// and status are required here because the registry metrics are keyed and labelled by them.

import { z } from 'zod';
import type { HssRegistry, Page } from '../models.js';
import { epochMillis, list, optInteger, optText, optTotal, text } from './fields.js';

export const hssRegistrySchema = z
  .object({
    id: text(),
    registry_name: text(),
    registry_type: text(),
    api_version: optText(),
    protocol: optText(),
    registry_addr: optText(),
    // A login name, not a secret, but nothing downstream needs it: typed, then left out of the record.
    registry_username: optText(),
    namespace: optText(),
    connect_cluster_id: optText(),
    get_scan_image_channel: optText(),
    status: text(),
    fail_reason: optText(),
    images_num: optInteger(),
    latest_sync_time: epochMillis(),
  })
  .transform(
    (r): HssRegistry => ({
      id: r.id,
      registry_name: r.registry_name,
      registry_type: r.registry_type,
      api_version: r.api_version,
      protocol: r.protocol,
      registry_addr: r.registry_addr,
      namespace: r.namespace,
      connect_cluster_id: r.connect_cluster_id,
      get_scan_image_channel: r.get_scan_image_channel,
      status: r.status,
      fail_reason: r.fail_reason,
      images_num: r.images_num,
      latest_sync_time: r.latest_sync_time,
    }),
  );

export const listHssRegistriesBody = z
  .object({ data_list: list(hssRegistrySchema), total_num: optTotal() })
  .transform((b): Page<HssRegistry> => ({ items: b.data_list, total: b.total_num }));
