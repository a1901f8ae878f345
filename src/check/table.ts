// The check command's output: a fixed-width table a person reads, one row per read, and a last line that
// says how many failed (the exit code says the same to a script).

import type { CheckRow } from './run-check.js';

const HEADERS = ['REGION', 'COLLECTOR', 'OPERATION', 'RESULT', 'DETAIL'] as const;

export function formatCheckTable(rows: readonly CheckRow[]): string {
  const cells = rows.map((r) => [r.region, r.collector, r.operation, r.result, r.detail]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const failed = rows.filter((r) => r.result === 'FAIL').length;
  const summary =
    failed === 0
      ? `all ${rows.length} checks passed`
      : `${failed} of ${rows.length} checks failed (see DETAIL; deploy/iam-policy.json lists every action)`;
  return `${[line(HEADERS), ...cells.map(line)].join('\n')}\n${summary}\n`;
}
