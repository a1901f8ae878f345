// The `account` label (docs/accounts.md): with `accounts` configured, every series of a delegating (or the
// exporter's own) account carries account="<name>" as its first label. It is added here, where a unit's
// lines enter its writer, so no collector knows about accounts and the lines they cache stay account-free;
// without accounts no writer rewrites anything, and the exposition is what it always was.

import { escapeLabelValue, SeriesWriter } from './render.js';

/** Position after the metric name: names are [a-zA-Z_:][a-zA-Z0-9_:]*, followed by `{` or a space. */
function nameEnd(line: string, from: number): number {
  let i = from;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const nameChar =
      (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58;
    if (!nameChar) return i;
  }
  return i;
}

/** `lines` (whole sample lines, each ending in \n) with `label` (`account="x"`) as every line's first label. */
export function withLeadingLabel(lines: string, label: string): string {
  let out = '';
  let start = 0;
  while (start < lines.length) {
    const newline = lines.indexOf('\n', start);
    const end = newline === -1 ? lines.length : newline + 1;
    const at = nameEnd(lines, start);
    out +=
      lines.charAt(at) === '{'
        ? `${lines.slice(start, at + 1)}${label},${lines.slice(at + 1, end)}`
        : `${lines.slice(start, at)}{${label}}${lines.slice(at, end)}`;
    start = end;
  }
  return out;
}

export function accountLabel(account: string): string {
  return `account="${escapeLabelValue(account)}"`;
}

/** A SeriesWriter whose every line gains the account label; add() and addPrefixed() go through addRendered(). */
class AccountSeriesWriter extends SeriesWriter {
  readonly #label: string;

  constructor(account: string, maxSamples: number | undefined) {
    super(maxSamples);
    this.#label = accountLabel(account);
  }

  override addRendered(...[family, lines, samples]: Parameters<SeriesWriter['addRendered']>): void {
    super.addRendered(family, withLeadingLabel(lines, this.#label), samples);
  }
}

/** The writer for one run of a unit: labelled with its account when it has one. */
export function seriesWriterFor(account: string | undefined, maxSamples?: number): SeriesWriter {
  return account === undefined ? new SeriesWriter(maxSamples) : new AccountSeriesWriter(account, maxSamples);
}
