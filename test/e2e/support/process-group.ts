// Cleanup after a test that started a detached process group (npx runs the bin in a child of its own): the
// group is stopped, then the test's temp folder removed — the folder even when stopping fails, and a group
// that is already gone (ESRCH: it exited between the check and the kill) is no failure at all.

import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';

type Started = Pick<ChildProcess, 'pid' | 'exitCode' | 'once'>;

export async function stopGroupAndRemove(child: Started | undefined, dir: string | undefined): Promise<void> {
  try {
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
      await exited;
    }
  } finally {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}
