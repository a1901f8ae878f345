// Stamps the build: writes dist/build-info.json {revision, date}, which src/version.ts reads for --version and
// huaweicloud_exporter_build_info. Run by `npm run build`; the Dockerfile runs it again with its build args.
//   BUILD_REVISION  default: `git rev-parse HEAD` (+ "-dirty" with uncommitted changes), else "unknown"
//   BUILD_DATE      default: SOURCE_DATE_EPOCH (reproducible builds) as ISO 8601, else now
//   --out=FILE      write there instead of dist/build-info.json
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function git(...args) {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function revision() {
  if (process.env.BUILD_REVISION) return process.env.BUILD_REVISION;
  const head = git('rev-parse', 'HEAD');
  if (head === undefined) return 'unknown';
  return git('status', '--porcelain', '--untracked-files=no') ? `${head}-dirty` : head;
}

function date() {
  if (process.env.BUILD_DATE) return process.env.BUILD_DATE;
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const at = Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date();
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const out =
  process.argv.find((arg) => arg.startsWith('--out='))?.slice('--out='.length) ??
  fileURLToPath(new URL('../dist/build-info.json', import.meta.url));
const stamp = { revision: revision(), date: date() };
writeFileSync(out, `${JSON.stringify(stamp)}\n`);
console.log(`build-info: revision ${stamp.revision}, date ${stamp.date}`);
