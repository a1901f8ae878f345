// The dashboards shipped with the exporter, assembled from sections. grafana/generate.ts writes them as JSON.

import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  RowBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { collectorsSection, upstreamSection } from './exporter-health.js';
import { registriesSection } from './registries.js';
import { replicationSection } from './replication.js';
import type { Section } from './section.js';
import { signatureKeysSection } from './signature-keys.js';
import { signingSection } from './signing.js';
import { variables } from './variables.js';

export interface DashboardFile {
  /** File name under grafana/dashboards/. */
  file: string;
  dashboard: Dashboard;
}

const TAG = 'huaweicloud';

interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  sections: Section[];
}

function build(spec: DashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([TAG, 'prometheus'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .timezone('browser')
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .variables(variables())
    // Every dashboard of the exporter links to the others, keeping time range and variables.
    .link(
      new DashboardLinkBuilder('Huawei Cloud')
        .type(DashboardLinkType.Dashboards)
        .tags([TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  for (const section of spec.sections) {
    builder.withRow(new RowBuilder(section.title).id(section.rowId));
    for (const panel of section.panels) builder.withPanel(panel);
  }
  return builder.build();
}

export function dashboards(): DashboardFile[] {
  return [
    {
      file: 'huaweicloud-supply-chain.json',
      dashboard: build({
        uid: 'huaweicloud-supply-chain',
        title: 'Huawei Cloud / Container supply chain',
        description:
          'SWR Enterprise image signing, replication and retention, replication targets, HSS-scanned ' +
          'registries and API gateway signature keys, from huaweicloud-exporter.',
        sections: [signingSection(), registriesSection(), replicationSection(), signatureKeysSection()],
      }),
    },
    {
      file: 'huaweicloud-exporter.json',
      dashboard: build({
        uid: 'huaweicloud-exporter',
        title: 'Huawei Cloud / Exporter health',
        description:
          'huaweicloud-exporter itself: collectors, data freshness and the Huawei Cloud API calls it makes.',
        sections: [collectorsSection(), upstreamSection()],
      }),
    },
  ];
}
