// What a user of the mixin may change. The defaults reproduce rules/ and grafana/dashboards/ exactly
// (test/integration/mixin.test.ts builds them with jsonnet and compares).
{
  _config+:: {
    // The selector of the exporter's own scrape job, as HuaweiCloudExporterDown uses it.
    jobSelector: 'job="huaweicloud-exporter"',
    // %s is the alert name in lower case, the anchor of its section in docs/runbook.md
    // (deploy/runbook-url.mjs holds the same pattern with {anchor}).
    runbookURLPattern: 'https://github.com/huaweicloud-exporter/huaweicloud-exporter/blob/main/docs/runbook.md#%s',
    // Alert thresholds (docs/runbook.md says why these). Seconds unless named otherwise.
    thresholds: {
      dataStaleSeconds: 900,
      signatureNoSuccessSeconds: 24 * 3600,
      hssNotSyncedSeconds: 48 * 3600,
      signatureKeyRotationSeconds: 90 * 86400,
      throttledRatio: 0.1,
      // Longer than the longest schedule of a scheduled replication / retention policy, plus slack.
      replicationScheduleWindowSeconds: 25 * 3600,
      retentionScheduleWindowSeconds: 25 * 3600,
    },
  },
}
