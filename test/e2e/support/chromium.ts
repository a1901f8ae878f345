// Debian's headless chromium for the browser tests: where it is, the flags that keep it from phoning home or
// sharing state between runs (a fresh profile every call), and skip-or-fail when it is missing (CI sets
// REQUIRE_CHROMIUM=1; .ci/run installs the package).

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isExecutable } from './prometheus-binaries.js';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const run = promisify(execFile);

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--window-size=1280,1000',
];

export function skipWithoutChromium(): boolean {
  if (isExecutable(CHROMIUM)) return false;
  if (process.env.REQUIRE_CHROMIUM === '1') return false;
  console.warn(
    `SKIPPED: ${CHROMIUM} not found (apt-get install chromium); REQUIRE_CHROMIUM=1 makes this a failure.`,
  );
  return true;
}

/** Runs chromium once with a throw-away profile; resolves with its stdout. */
async function chromium(args: string[]): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'e2e-chromium-'));
  try {
    const { stdout } = await run(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, ...args], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** The page's DOM as the browser built it. */
export function dumpDom(url: string): Promise<string> {
  return chromium(['--dump-dom', url]);
}

/** A PNG of the page's first 1280×1000 pixels. */
export async function screenshot(url: string, file: string): Promise<void> {
  await chromium([`--screenshot=${file}`, url]);
}
