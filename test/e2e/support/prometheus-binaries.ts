// Where the Prometheus binaries are, and what a test does without them: skip with a message, or fail when
// REQUIRE_PROMETHEUS=1 (CI: .ci/run installs Debian's `prometheus` package and sets it).

import { accessSync, constants } from 'node:fs';

export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
export const PROMETHEUS = process.env.PROMETHEUS ?? '/usr/bin/prometheus';
export const prometheusRequired = process.env.REQUIRE_PROMETHEUS === '1';

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when the tests needing `binary` must be skipped (it is missing and not required); says so on stderr.
 * When it is required but missing the tests run and fail on their first use of it.
 */
export function skipWithout(binary: string): boolean {
  if (isExecutable(binary)) return false;
  if (prometheusRequired) return false;
  console.warn(
    `SKIPPED: ${binary} not found (install Debian's prometheus package, or set PROMTOOL/PROMETHEUS); ` +
      'set REQUIRE_PROMETHEUS=1 to make this a failure.',
  );
  return true;
}

export function assertExecutable(binary: string): void {
  if (!isExecutable(binary)) {
    throw new Error(`${binary} not found or not executable, and REQUIRE_PROMETHEUS=1 requires it`);
  }
}
