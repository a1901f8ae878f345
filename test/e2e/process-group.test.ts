// The e2e cleanup helper: a process group that is already gone must not leave the temp folder behind.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stopGroupAndRemove } from './support/process-group.js';

describe('stopGroupAndRemove', () => {
  it('removes the folder when the group is already gone (ESRCH)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hwc-group-'));
    // A process that has exited: its pid names no group any more.
    const gone = spawn(process.execPath, ['-e', ''], { detached: true, stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    const pid = gone.pid as number;
    // Seen as still running (the exit not observed yet), as when it ends between the check and the kill.
    const stale = { pid, exitCode: null, once: (_: string, done: () => void) => setImmediate(done) };
    await stopGroupAndRemove(stale as never, dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('stops a running group and removes the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hwc-group-'));
    const running = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      detached: true,
      stdio: 'ignore',
    });
    await stopGroupAndRemove(running, dir);
    expect(running.signalCode).toBe('SIGTERM');
    expect(existsSync(dir)).toBe(false);
  });
});
