import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * A row of a dashboard. Ids are fixed per section (the row takes `rowId`, its panels the ids after it) so a
 * panel keeps its id, and so its links and the generated JSON stay stable, when sections move around.
 */
export interface Section {
  title: string;
  rowId: number;
  panels: cog.Builder<Panel>[];
}
