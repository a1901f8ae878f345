// Damaged upstream bodies per operation: truncated and malformed JSON, wrong types (a total that is not a
// number), a body past the size cap. Each becomes a failure of the affected collector that says what was
// wrong with the answer (INVALID_RESPONSE naming the operation, RESPONSE_TOO_LARGE); the data returns once
// the fault clears. Records without their key fields are skipped and counted instead: no collector fails.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Baseline,
  type FaultKind,
  OPERATIONS,
  runDegradedCase,
  runFaultCase,
  takeBaseline,
} from './helpers/fault-matrix.js';
import { type Harness, startHarness, watchProcessFailures } from './helpers/harness.js';

const KINDS: FaultKind[] = [
  { name: 'truncated JSON', spec: { truncateRate: 1 }, reason: /INVALID_RESPONSE.*not valid JSON/ },
  { name: 'malformed JSON', spec: { malformedRate: 1 }, reason: /INVALID_RESPONSE.*not valid JSON/ },
  {
    name: 'wrong types',
    spec: { wrongTypesRate: 1 },
    reason: /INVALID_RESPONSE.*invalid response: .*expected/,
  },
  // 4 MiB against the harness's 1 MiB cap: refused while streaming, never buffered whole.
  {
    name: 'huge body',
    spec: { hugeRate: 1, hugeBytes: 4 * 1024 * 1024 },
    reason: /RESPONSE_TOO_LARGE.*exceeds 1048576 bytes/,
  },
];

let h: Harness;
let baseline: Baseline;
const watch = watchProcessFailures();

beforeAll(async () => {
  h = await startHarness();
  baseline = await takeBaseline(h);
});
afterAll(async () => {
  await h?.close();
  watch.stop();
});

describe.each(KINDS)('$name', (kind) => {
  it.each(OPERATIONS)('on %s fails only its collectors, then recovers', async (target, affected) => {
    await runFaultCase(h, baseline, target, affected, kind);
    expect(watch.failures).toEqual([]);
  });
});

describe('missing fields', () => {
  it.each(OPERATIONS)('on %s skips the damaged record, fails no collector', async (target) => {
    await runDegradedCase(h, baseline, target, { missingFieldsRate: 1 });
    expect(watch.failures).toEqual([]);
  });
});
