// The page at `/`: what this is, where the metrics are, and how each collector did last time. Every value that
// reaches the HTML is escaped; error texts are redacted by the exporter before that.

import type { CollectorStatus } from '../collectors/types.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

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
}

const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;
const seconds = (value: number | null) => (value === null ? '—' : `${value.toFixed(3)} s`);

function outcome(status: CollectorStatus): string {
  // An overdue refresh is still running in the background: say so rather than a bare "failed".
  if (status.refreshOverdue !== undefined) {
    return `refresh overdue, running ${status.refreshOverdue.runningSeconds.toFixed(0)} s`;
  }
  if (status.success === null) return 'not run yet';
  return status.success ? 'ok' : 'failed';
}

function statusRow(status: CollectorStatus, redact: (text: string) => string): string {
  return `<tr>${[
    cell(status.name),
    cell(status.region),
    cell(status.lastRunAt === null ? '—' : status.lastRunAt.toISOString()),
    cell(seconds(status.durationSeconds)),
    cell(outcome(status)),
    cell(seconds(status.dataAgeSeconds)),
    cell(status.lastError === null ? '' : redact(status.lastError)),
  ].join('')}</tr>`;
}

export function renderLandingPage(page: LandingPage): string {
  const metrics = escapeHtml(page.telemetryPath);
  const rows = page.statuses.map((s) => statusRow(s, page.redact)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Huawei Cloud Exporter</title>
<style>
body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
pre { background: #f4f4f4; padding: 1em; overflow: auto; }
</style>
</head>
<body>
<h1>Huawei Cloud Exporter</h1>
<p>Version ${escapeHtml(page.version)} · ${page.ready ? 'ready' : 'not ready'}</p>
<ul>
<li><a href="${metrics}">Metrics</a> (${metrics})</li>
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
