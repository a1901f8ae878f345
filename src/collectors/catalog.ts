// The shape of a metric family. Names, labels and HELP texts are the users' contract (dashboards and alerts
// key on them): each collector declares its own in its descriptor (collectors/index.ts lists them, in
// exposition order); the families every collector shares, the collector status, are declared here.

export interface MetricFamily {
  readonly name: string;
  readonly type: 'gauge' | 'counter';
  readonly help: string;
  readonly labels: readonly string[];
}

export function gauge(name: string, labels: readonly string[], help: string): MetricFamily {
  return Object.freeze({ name, type: 'gauge', help, labels: Object.freeze([...labels]) });
}

const COLLECTOR = ['collector', 'region'] as const;

export const COLLECTOR_STATUS_FAMILIES = {
  success: gauge(
    'huaweicloud_collector_success',
    COLLECTOR,
    'Whether the collector answered this scrape from a successful run within the deadline: 1 yes, 0 failed or missed it.',
  ),
  duration: gauge(
    'huaweicloud_collector_duration_seconds',
    COLLECTOR,
    "Duration of the collector's last run; while a refresh outlasts scrape deadlines, how long it has been running so far.",
  ),
  lastSuccess: gauge(
    'huaweicloud_collector_last_success_timestamp_seconds',
    COLLECTOR,
    'When the last successful run of the collector finished, in unix seconds.',
  ),
  dataAge: gauge(
    'huaweicloud_collector_data_age_seconds',
    COLLECTOR,
    "Age of the collector's data served in this scrape (0 right after a refresh; stale data is dropped past its max age).",
  ),
  seriesOmitted: gauge(
    'huaweicloud_collector_series_omitted',
    COLLECTOR,
    "Series the collector's served data left out because its run reached collectors.<name>.max_series (0 when none).",
  ),
} as const;
