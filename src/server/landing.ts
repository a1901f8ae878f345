// The page at `/`: what this is, where the metrics are, and how each collector did last time. It reloads
// itself, so it can be left open; durations and ages are in human units (the exact ISO time is in a tooltip).
// Every value that reaches the HTML is escaped; error texts are redacted by the exporter before that.

import { type CollectorStatus, REGION_WIDE_COLLECTORS } from '../collectors/types.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** How often the page reloads itself: about the fastest collector TTL (30 s), so each reload can show news. */
export const LANDING_REFRESH_SECONDS = 30;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export interface LandingPage {
  version: string;
  telemetryPath: string;
  ready: boolean;
  statuses: readonly CollectorStatus[];
  configDump: string;
  redact(text: string): string;
  /** When the page is rendered (for "12 s ago"); default now. */
  now?: Date | undefined;
}

/** 0.35 → "350 ms", 12.3 → "12.3 s", 252 → "4 min 12 s", 11100 → "3 h 5 min", 187200 → "2 d 4 h". */
export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${Number(seconds.toFixed(seconds < 10 ? 2 : 1))} s`;
  const whole = Math.round(seconds);
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ];
  const first = units.findIndex(([, size]) => whole >= size);
  const [bigName, bigSize] = units[first] ?? ['s', 1];
  const [smallName, smallSize] = units[first + 1] ?? ['s', 1];
  const big = Math.floor(whole / bigSize);
  const small = Math.floor((whole % bigSize) / smallSize);
  return small === 0 ? `${big} ${bigName}` : `${big} ${bigName} ${small} ${smallName}`;
}

const cell = (text: string, title?: string) =>
  `<td${title === undefined ? '' : ` title="${escapeHtml(title)}"`}>${escapeHtml(text)}</td>`;
const duration = (value: number | null) => (value === null ? '—' : humanDuration(value));

function outcome(status: CollectorStatus): string {
  // An overdue refresh is still running in the background: say so rather than a bare "failed".
  if (status.refreshOverdue !== undefined) {
    return `refresh overdue, running ${humanDuration(status.refreshOverdue.runningSeconds)}`;
  }
  if (status.success === null) return 'not run yet';
  return status.success ? 'ok' : 'failed';
}

function statusRow(status: CollectorStatus, redact: (text: string) => string, now: Date): string {
  const ago = (at: Date) => `${humanDuration(Math.max(0, (now.getTime() - at.getTime()) / 1000))} ago`;
  return `<tr class="${status.success === false ? 'failed' : 'ok'}">${[
    cell(status.name),
    cell(status.region),
    status.lastRunAt === null ? cell('—') : cell(ago(status.lastRunAt), status.lastRunAt.toISOString()),
    cell(duration(status.durationSeconds)),
    cell(outcome(status)),
    cell(duration(status.dataAgeSeconds)),
    cell(status.lastError === null ? '' : redact(status.lastError)),
  ].join('')}</tr>`;
}

/**
 * A probe that works here (docs/scale-out.md): a collector whose target is the region alone (HSS; no instance
 * id to guess), in a region where it runs. Without one, no link: /probe answers 400 for a collector that is off.
 */
function exampleProbe(statuses: readonly CollectorStatus[]): string | undefined {
  const status = statuses.find((s) => REGION_WIDE_COLLECTORS.includes(s.name));
  if (status === undefined) return undefined;
  return `/probe?target=${encodeURIComponent(`${status.region}/${status.name}`).replace('%2F', '/')}`;
}

export function renderLandingPage(page: LandingPage): string {
  const metrics = escapeHtml(page.telemetryPath);
  const now = page.now ?? new Date();
  const rows = page.statuses.map((s) => statusRow(s, page.redact, now)).join('\n');
  const example = exampleProbe(page.statuses);
  const probe =
    example === undefined
      ? ''
      : ` · example probe: <a href="${escapeHtml(example)}">${escapeHtml(example)}</a>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="${LANDING_REFRESH_SECONDS}">
<title>Huawei Cloud Exporter</title>
<style>
body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
tr.failed td { background: #fdecea; }
pre { background: #f4f4f4; padding: 1em; overflow: auto; }
.muted { color: #666; }
</style>
</head>
<body>
<h1>Huawei Cloud Exporter</h1>
<p>Version ${escapeHtml(page.version)} · ${page.ready ? 'ready' : 'not ready'} · <span class="muted">this page reloads every ${LANDING_REFRESH_SECONDS} s</span></p>
<ul>
<li><a href="${metrics}">Metrics</a> (${metrics})</li>
<li><a href="/targets">Targets</a> (/targets: Prometheus http_sd for sharding)${probe}</li>
<li><a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a></li>
<li>Reload the configuration: <code>POST /-/reload</code> or SIGHUP</li>
</ul>
<h2>Collectors</h2>
<table>
<thead><tr><th>Collector</th><th>Region</th><th>Last run</th><th>Duration</th><th>Result</th><th>Data age</th><th>Last error</th></tr></thead>
<tbody>
${rows === '' ? '<tr><td colspan="7">No collector has run yet: the first scrape starts them.</td></tr>' : rows}
</tbody>
</table>
<h2>Configuration</h2>
<pre>${escapeHtml(page.configDump)}</pre>
</body>
</html>
`;
}
