// API Gateway and ROMA Connect signature keys: how many, how old (rotation), and which are unused.

import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { ageTable, columns, datasource, legend, SECONDS_PER_DAY, select, target } from './panels.js';
import type { Section } from './section.js';

/** Adds the key's name: only huaweicloud_apig_signature_key_info carries it. */
function withKeyName(expr: string): string {
  return (
    `(${expr}) * on (job, instance, account, region, gateway, instance_id, key_id) group_left (key_name) ` +
    select('huaweicloud_apig_signature_key_info')
  );
}

const keyColumns = {
  account: 'Account',
  region: 'Region',
  gateway: 'Gateway',
  instance_id: 'Gateway instance',
  key_name: 'Key',
};

export function signatureKeysSection(): Section {
  return {
    title: 'API gateway signature keys',
    rowId: 300,
    panels: [
      new timeseries.PanelBuilder()
        .id(301)
        .title('Signature keys per gateway instance')
        .description(
          'Signature keys of each API Gateway (apig) or ROMA Connect (roma) instance (ListSignatureKeysV2).',
        )
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(select('huaweicloud_apig_signature_keys'), { legend: '{{gateway}} {{instance_id}}' }),
        )
        .unit('short')
        .min(0)
        .legend(legend()),
      new table.PanelBuilder()
        .id(302)
        .title('Signature keys by instance and type')
        .description('Keys per gateway instance and sign_type (hmac, basic, public_key, aes).')
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(
            `count by (account, region, gateway, instance_id, sign_type) (${select('huaweicloud_apig_signature_key_info')})`,
            { table: true },
          ),
        )
        .transformations(
          columns({
            account: 'Account',
            region: 'Region',
            gateway: 'Gateway',
            instance_id: 'Gateway instance',
            sign_type: 'Type',
            Value: 'Keys',
          }),
        ),
      ageTable({
        id: 303,
        title: 'Key age since last change (rotation)',
        description:
          'Time since each key was last updated, or created if never updated: a key’s secret can only change ' +
          'through an update. Orange after 60 days, red after 90 (HuaweiCloudApigSignatureKeyRotationDue).',
        expr: select('huaweicloud:apig_signature_key_age_seconds'),
        labels: keyColumns,
        ageHeader: 'Since last change',
        warnFrom: 60 * SECONDS_PER_DAY,
        criticalFrom: 90 * SECONDS_PER_DAY,
      }),
      new table.PanelBuilder()
        .id(304)
        .title('Keys bound to no API')
        .description(
          'Keys no API is bound to (bind_num 0): candidates for deletion, since an unused secret can only leak.',
        )
        .datasource(datasource)
        .span(12)
        .height(8)
        .withTarget(
          target(withKeyName(`${select('huaweicloud_apig_signature_key_bound_apis')} == 0`), { table: true }),
        )
        // A list of problems is empty when all is well: say so instead of "No data".
        .noValue('None: every key is bound to an API')
        .transformations(columns({ ...keyColumns, key_id: 'Key id' })),
    ],
  };
}
