// Setup file of the `unit` project: unit tests are pure, so opening a socket or starting a process fails the
// test at once with a message saying where such a test belongs. Without this guard a socket-using test could
// slip into test/unit and nobody would notice until the unit run got slow or flaky.

import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

function refuse(what: string): () => never {
  return () => {
    throw new Error(
      `unit tests are pure: ${what} is not allowed here; put this test in test/integration (sockets, tools), test/e2e or test/reliability`,
    );
  };
}

net.Server.prototype.listen = refuse('listening on a socket');
net.Socket.prototype.connect = refuse('opening a socket');
const processStarters = [
  'spawn',
  'spawnSync',
  'exec',
  'execSync',
  'execFile',
  'execFileSync',
  'fork',
] as const;
for (const name of processStarters) {
  Object.assign(childProcess, { [name]: refuse(`child_process.${name}`) });
}
// Named imports (`import { spawn } from 'node:child_process'`) see the replacements too.
syncBuiltinESMExports();
