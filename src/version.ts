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

export interface BuildInfo {
  version: string;
  /** VCS revision the build came from; 'unknown' when it was not stamped. */
  revision: string;
  /** When the build was made (ISO 8601); 'unknown' when it was not stamped. */
  buildDate: string;
}

const stamped = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : 'unknown';

/**
 * Version plus what scripts/build-info.mjs stamped into build-info.json beside this module at build time
 * (dist/; `npm run build` and the image do it). Running from src/ there is none: revision and date are unknown.
 */
export function readBuildInfo(file: URL = new URL('./build-info.json', import.meta.url)): BuildInfo {
  let stamp: { revision?: unknown; date?: unknown } = {};
  try {
    stamp = JSON.parse(readFileSync(file, 'utf8')) as typeof stamp;
  } catch {
    // not stamped: unknown
  }
  return { version: exporterVersion(), revision: stamped(stamp.revision), buildDate: stamped(stamp.date) };
}

/** `--version`, in the shape of Prometheus' own binaries. */
export function versionText(info: BuildInfo = readBuildInfo()): string {
  return [
    `huaweicloud-exporter, version ${info.version} (revision: ${info.revision})`,
    `  build date:   ${info.buildDate}`,
    `  node version: ${process.version}`,
    `  platform:     ${process.platform}/${process.arch}`,
    '',
  ].join('\n');
}
