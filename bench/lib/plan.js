// Which runs a bench measures. The full plan takes 10–12 minutes on a 2-core machine. The
// 10,000-policy estate at 100 ms is measured cold only, with 10 scrapers, and its unchanged snapshot is then
// served (a warm refresh there would add two minutes; its single-flight partner is the 1-scraper cold scrape
// at 20 ms on the same frozen estate, which makes the same calls).

export const CONCURRENCY = 10;

const coldAndWarm = (latencyMs) => [
  { latencyMs, kind: 'scrape', scrapers: 1, warm: true, stallRefresh: true },
  { latencyMs, kind: 'scrape', scrapers: 10, warm: true },
];

/** Per estate (policies), the runs in order; each run is one exporter process (see cases.js exporterRun). */
export function benchPlan({ quick }) {
  if (quick) {
    return [
      {
        policies: 100,
        runs: [...coldAndWarm(20), { latencyMs: 20, kind: 'serving', unchanged: true, ttlSeconds: 30 }],
      },
      {
        policies: 1000,
        runs: [
          ...coldAndWarm(20),
          { latencyMs: 20, kind: 'serving', unchanged: true, ttlSeconds: 20 },
          { latencyMs: 20, kind: 'memory', ttlSeconds: 1, memoryScrapes: 1000 },
        ],
      },
    ];
  }
  return [
    {
      policies: 100,
      runs: [
        ...coldAndWarm(20),
        ...coldAndWarm(100),
        { latencyMs: 20, kind: 'serving', unchanged: true, ttlSeconds: 30 },
      ],
    },
    {
      policies: 1000,
      runs: [
        ...coldAndWarm(20),
        ...coldAndWarm(100),
        { latencyMs: 20, kind: 'serving', unchanged: true, ttlSeconds: 20 },
        { latencyMs: 20, kind: 'memory', ttlSeconds: 1, memoryScrapes: 1000 },
      ],
    },
    {
      policies: 10000,
      runs: [
        { latencyMs: 20, kind: 'scrape', scrapers: 1, warm: true, stallRefresh: true },
        { latencyMs: 100, kind: 'scrape', scrapers: 10, unchanged: true, ttlSeconds: 900 },
      ],
    },
  ];
}

/**
 * BENCH_ONLY narrows a plan for working on one case: "1000" keeps that estate, "1000:20" also only its runs at
 * 20 ms, "1000:20:serving" only its runs of that kind. Comma-separated for several.
 */
export function filterPlan(plan, only) {
  if (only === undefined || only.trim() === '') return plan;
  const wanted = only.split(',').map((part) => {
    const [policies, latency, kind] = part.trim().split(':');
    return { policies: Number(policies), latencyMs: latency ? Number(latency) : undefined, kind };
  });
  return plan
    .map(({ policies, runs }) => ({
      policies,
      runs: runs.filter((run) =>
        wanted.some(
          (w) =>
            w.policies === policies &&
            (w.latencyMs === undefined || w.latencyMs === run.latencyMs) &&
            (w.kind === undefined || w.kind === run.kind),
        ),
      ),
    }))
    .filter(({ runs }) => runs.length > 0);
}
