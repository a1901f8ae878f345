// Records the client left out of a response, and values it could not read (ClientObserver.recordsDegraded):
// counted per service, operation and reason/field — bounded label values from the schema, never from input —
// and logged at warn with their JSON paths (never values), each path once per refresh (refresh-scope.ts).

import { Counter, type Registry } from 'prom-client';
import type { RecordsDegradedEvent } from '../huaweicloud/observer.js';
import type { EngineLogger } from './logger.js';
import { firstInRefresh } from './refresh-scope.js';

/** JSON paths quoted in one log line at most; the counters hold the full numbers. */
const MAX_LOGGED_PATHS = 10;

export function degradedRecordsHandler(
  registry: Registry,
  logger: () => EngineLogger,
  label: (value: string) => string,
): (e: RecordsDegradedEvent, account?: string) => void {
  const skipped = new Counter({
    name: 'huaweicloud_api_records_skipped_total',
    help: 'Records left out of Huawei Cloud API responses because their identity (id, name, status: what labels them) was missing or unreadable; the rest of each response was used.',
    labelNames: ['account', 'service', 'operation', 'reason'] as const,
    registers: [registry],
  });
  const unreadable = new Counter({
    name: 'huaweicloud_api_fields_unreadable_total',
    help: 'Values in Huawei Cloud API responses that could not be read and were treated as absent (their series omitted for that record), by schema path.',
    labelNames: ['account', 'service', 'operation', 'field'] as const,
    registers: [registry],
  });
  return (e, account) => {
    const operation = label(e.operation);
    // With accounts configured (docs/accounts.md) the account is the first label; without, there is none.
    const of = account === undefined ? {} : { account };
    for (const s of e.skipped) skipped.inc({ ...of, service: e.service, operation, reason: s.reason });
    for (const u of e.unreadable)
      unreadable.inc({ ...of, service: e.service, operation, field: label(u.field) });
    const paths = [...e.skipped, ...e.unreadable]
      .map((n) => n.path)
      .filter((path) =>
        firstInRefresh(`${account ?? ''}\u0000${e.service}\u0000${e.operation}\u0000${path}`),
      );
    if (paths.length === 0) return;
    logger().warn(
      {
        ...of,
        service: e.service,
        operation,
        records_skipped: e.skipped.length,
        fields_unreadable: e.unreadable.length,
        paths: paths.slice(0, MAX_LOGGED_PATHS),
        ...(paths.length > MAX_LOGGED_PATHS ? { more_paths: paths.length - MAX_LOGGED_PATHS } : {}),
      },
      'response records skipped or values unreadable; the rest of the response was used',
    );
  };
}
