// The config as the exporter understood it (defaults filled in), for `--config.check --verbose` and the landing
// page. Secret values render as <secret> and durations as "30s" through their toJSON, so the dump cannot leak.

import { stringify } from 'yaml';
import type { ConfigFile } from './schema.js';

export function dumpConfig(config: ConfigFile): string {
  const plain: unknown = JSON.parse(JSON.stringify(config));
  return stringify(plain, { lineWidth: 0 });
}
