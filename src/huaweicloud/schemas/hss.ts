// HSS v5 ListRegistry body (docs §4.3, seed 002). Go marks every RegistryInfo field optional; id, name, type
// and status are identity here because the registry metrics are keyed and labelled by them.

import { epochMillis, optInteger, optText, text, textId } from './fields.js';
import { pageOf, record } from './records.js';

export const hssRegistryRecord = record({
  identity: { id: textId(), registry_name: text(), registry_type: text(), status: text() },
  values: {
    api_version: optText(),
    protocol: optText(),
    registry_addr: optText(),
    namespace: optText(),
    connect_cluster_id: optText(),
    get_scan_image_channel: optText(),
    fail_reason: optText(),
    images_num: optInteger(),
    latest_sync_time: epochMillis(),
  },
});

export const listHssRegistriesBody = pageOf('data_list', hssRegistryRecord, 'total_num');
