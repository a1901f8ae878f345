import { readFileSync } from 'node:fs';

/** The package version, read once from package.json (beside src/ and dist/ alike); 'unknown' if unreadable. */
export function exporterVersion(): string {
  try {
    const raw = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    const version: unknown = (JSON.parse(raw) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
