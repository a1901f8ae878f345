// The layer rules of docs/ARCHITECTURE.md, checked by `npm run lint:layers` (and .ci/run). Data flows one way:
// scrape → engine (collectors/) → collector → client (huaweicloud/) → API. Type-only imports count too
// (tsPreCompilationDeps), so a cycle cannot hide behind `import type`. test/integration/layers.test.ts breaks
// each rule on purpose and checks that it is reported.

/** A forbidden import: from files matching `from` to what matches `to` (dependency-cruiser's from/to). */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

const TRANSPORT = ['(^|/)node_modules/undici/', '^src/huaweicloud/(signer\\.ts|http/)'];

module.exports = {
  forbidden: [
    forbid(
      'no-circular',
      'No import cycles anywhere: move the shared type to where it belongs (a lower file).',
      { path: '^src/' },
      { circular: true },
    ),
    forbid(
      'engine-no-transport',
      'Collectors never build URLs or sign: they call RegionApi (src/huaweicloud/api.ts). Scale-out runs ' +
        'engines and, like them, never signs or talks HTTP to the API itself.',
      { path: '^src/(collectors|scaleout)/' },
      { path: TRANSPORT },
    ),
    forbid(
      'collectors-below-the-app',
      'The engine and collectors know nothing of the server, scale-out, config files or the process: ' +
        'those build and call them.',
      { path: '^src/collectors/' },
      {
        path: '^src/((server|scaleout|config|check|docs|simulator)/|(cli|demo|exporter|server|config)\\.ts$)',
      },
    ),
    forbid(
      'client-no-prom-client',
      'The client reports what it did to a ClientObserver; the exporter turns that into metrics.',
      { path: '^src/huaweicloud/' },
      { path: '(^|/)node_modules/prom-client/' },
    ),
    forbid(
      'client-self-contained',
      'src/huaweicloud/ imports nothing of the exporter (only runtime/, which imports nothing of src/).',
      { path: '^src/huaweicloud/' },
      { path: '^src/(?!huaweicloud/|runtime/)' },
    ),
    forbid(
      'runtime-is-a-leaf',
      'runtime/ is shared by the client and the collectors, so it imports nothing else of src/.',
      { path: '^src/runtime/' },
      { path: '^src/(?!runtime/)' },
    ),
    forbid(
      'simulator-shares-no-code',
      'The simulator is an independent fake of Huawei Cloud (its own signature verifier): it imports ' +
        'nothing else of src/.',
      { path: '^src/simulator/' },
      { path: '^src/(?!simulator/)' },
    ),
    forbid(
      'nothing-imports-the-simulator',
      'Only the entry points (cli.ts, demo.ts) start the simulator; the client and the engine never see it.',
      { path: '^src/', pathNot: '^src/(simulator/|cli\\.ts$|demo\\.ts$)' },
      { path: '^src/simulator/' },
    ),
    forbid(
      'server-no-scaleout',
      'server/ is the HTTP plumbing; /probe and /targets plug into it as a RoutePlugin that src/server.ts ' +
        'lists, so server/ never imports scaleout/.',
      { path: '^src/server/' },
      { path: '^src/scaleout/' },
    ),
    forbid(
      'server-not-engine-insides',
      'The server drives a ServedExporter: of the engine it sees only collectors/types.ts, of the client ' +
        'only huaweicloud/secret.ts.',
      { path: '^src/server/' },
      { path: ['^src/collectors/(?!types\\.ts$)', '^src/huaweicloud/(?!secret\\.ts$)'] },
    ),
    forbid(
      'not-to-unresolvable',
      'An import the tool cannot resolve would escape every rule above.',
      { path: '^src/' },
      { couldNotResolve: true },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
