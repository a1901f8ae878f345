// The layer rules of docs/ARCHITECTURE.md, checked by `npm run lint:layers` (and .ci/run). Data flows one way:
// scrape → engine (collectors/) → collector → client (huaweicloud/) → API. Type-only imports count too
// (tsPreCompilationDeps), so a cycle cannot hide behind `import type`. test/integration/layers.test.ts breaks
// each rule on purpose and checks that it is reported.

/** Everything in src/ that is neither the client nor runtime/, the leaf layer both it and collectors use. */
const OUTSIDE_CLIENT = '^src/(?!huaweicloud/|runtime/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere: move the shared type to where it belongs (a lower file).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'collectors-no-transport',
      comment: 'Collectors never build URLs or sign: they call RegionApi (src/huaweicloud/api.ts).',
      severity: 'error',
      from: { path: '^src/collectors/' },
      to: { path: ['(^|/)node_modules/undici/', '^src/huaweicloud/(signer\\.ts|http/)'] },
    },
    {
      name: 'collectors-below-the-app',
      comment:
        'The engine and collectors know nothing of the server, scale-out, config files or the process: ' +
        'those build and call them.',
      severity: 'error',
      from: { path: '^src/collectors/' },
      to: {
        path: '^src/((server|scaleout|config|check|docs|simulator)/|(cli|demo|exporter|server|config)\\.ts$)',
      },
    },
    {
      name: 'client-no-prom-client',
      comment: 'The client reports what it did to a ClientObserver; the exporter turns that into metrics.',
      severity: 'error',
      from: { path: '^src/huaweicloud/' },
      to: { path: '(^|/)node_modules/prom-client/' },
    },
    {
      name: 'client-self-contained',
      comment:
        'src/huaweicloud/ imports nothing of the exporter (only runtime/, which imports nothing of src/).',
      severity: 'error',
      from: { path: '^src/huaweicloud/' },
      to: { path: OUTSIDE_CLIENT },
    },
    {
      name: 'runtime-is-a-leaf',
      comment: 'runtime/ is shared by the client and the collectors, so it imports nothing else of src/.',
      severity: 'error',
      from: { path: '^src/runtime/' },
      to: { path: '^src/(?!runtime/)' },
    },
    {
      name: 'simulator-shares-no-code',
      comment:
        'The simulator is an independent fake of Huawei Cloud (its own signature verifier): it imports ' +
        'nothing else of src/, and only the entry points (cli.ts, demo.ts) start it.',
      severity: 'error',
      from: { path: '^src/simulator/' },
      to: { path: '^src/(?!simulator/)' },
    },
    {
      name: 'nothing-imports-the-simulator',
      comment: 'Only the entry points start the simulator; the client and the engine never see it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(simulator/|cli\\.ts$|demo\\.ts$)' },
      to: { path: '^src/simulator/' },
    },
    {
      name: 'server-no-scaleout',
      comment:
        'server/ is the HTTP plumbing; /probe and /targets plug into it as a RoutePlugin that src/server.ts ' +
        'lists, so server/ never imports scaleout/.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/scaleout/' },
    },
    {
      name: 'server-not-engine-insides',
      comment:
        'The server drives a ServedExporter; of the engine it sees only the types (collectors/types.ts).',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: ['^src/collectors/(?!types\\.ts$)', '^src/huaweicloud/(?!secret\\.ts$)'] },
    },
    {
      name: 'scaleout-no-transport',
      comment: 'Scale-out runs engines; like collectors it never signs or talks HTTP to the API itself.',
      severity: 'error',
      from: { path: '^src/scaleout/' },
      to: { path: ['(^|/)node_modules/undici/', '^src/huaweicloud/(signer\\.ts|http/)'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the tool cannot resolve would escape every rule above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
