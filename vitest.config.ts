import { defineConfig } from 'vitest/config';

// The test layers, each a project chosen by folder (a new file joins its layer by where it lives):
//   unit         pure: no sockets, no processes (enforced by test/setup/unit-purity.ts)
//   integration  sockets, fake HTTP servers, the simulator, local tools (promtool, openssl)
//   e2e          a real Prometheus server, the container image's files
//   reliability  the exporter as a process, faults, load, memory, fuzzing
// `npm test` runs them all; `npm run test:<layer>` one.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/setup/unit-purity.ts'],
        },
      },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      {
        extends: true,
        // The packed-package test needs dist/: built once here when a fresh clone has none.
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/setup/build-dist.ts'] },
      },
      {
        extends: true,
        // Hundreds of scrapes and child processes per test: the timeouts are hang guards, and must hold on a
        // loaded 2-core machine (memory.test.ts took over 30 s at load average 11).
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
