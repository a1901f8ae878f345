// Fault injection per operation, set by SimulatorOptions.faults and at run time through the control API.
// A target is an operation id ('swr.ListInstanceSignPolicyExecutions'), a whole service ('swr.*') or every
// API route ('*'); the most specific target wins. Rates use a seeded generator so a run can be replayed.

import { z } from 'zod';

const rate = z.number().min(0).max(1);
const millis = z.number().int().min(0).max(600_000);

export const faultSpecSchema = z
  .object({
    /** Added before the answer: fixed part plus a uniform random part in [0, jitterMs). */
    latencyMs: millis.optional(),
    jitterMs: millis.optional(),
    // Whole-response faults (one is picked per request at most).
    error500Rate: rate.optional(),
    error503Rate: rate.optional(),
    throttleRate: rate.optional(),
    /** With a value the 429 carries `Retry-After: <seconds>`; without, no header (the documented case). */
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    resetRate: rate.optional(),
    // Body faults on successful answers.
    truncateRate: rate.optional(),
    malformedRate: rate.optional(),
    wrongTypesRate: rate.optional(),
    missingFieldsRate: rate.optional(),
    hugeRate: rate.optional(),
    /** Size of the huge body; default 16 MiB. */
    hugeBytes: z
      .number()
      .int()
      .min(1024)
      .max(512 * 1024 * 1024)
      .optional(),
    dripRate: rate.optional(),
    dripChunkBytes: z.number().int().min(1).max(65_536).optional(),
    dripIntervalMs: millis.optional(),
    /** Apply to the next N matching requests (auth failures included), then remove the fault. */
    count: z.number().int().min(1).optional(),
  })
  .strict();

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export type StatusFault = 'error500' | 'error503' | 'throttle' | 'reset';
export type BodyFault = 'truncate' | 'malformed' | 'wrongTypes' | 'missingFields' | 'huge' | 'drip';

export interface FaultDecision {
  latencyMs: number;
  status?: StatusFault;
  body?: BodyFault;
  retryAfterSeconds?: number;
  hugeBytes: number;
  dripChunkBytes: number;
  dripIntervalMs: number;
}

const STATUS_RATES: ReadonlyArray<[StatusFault, keyof FaultSpec]> = [
  ['error500', 'error500Rate'],
  ['error503', 'error503Rate'],
  ['throttle', 'throttleRate'],
  ['reset', 'resetRate'],
];
const BODY_RATES: ReadonlyArray<[BodyFault, keyof FaultSpec]> = [
  ['truncate', 'truncateRate'],
  ['malformed', 'malformedRate'],
  ['wrongTypes', 'wrongTypesRate'],
  ['missingFields', 'missingFieldsRate'],
  ['huge', 'hugeRate'],
  ['drip', 'dripRate'],
];
const TARGET = /^(\*|[a-z]+\.\*|[a-z]+\.[A-Za-z0-9]+)$/;

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

function sumOf(spec: FaultSpec, rates: ReadonlyArray<[string, keyof FaultSpec]>): number {
  return rates.reduce((sum, [, key]) => sum + ((spec[key] as number | undefined) ?? 0), 0);
}

/** Validates a fault spec from config or the control API; the error names every bad field. */
export function parseFaultSpec(target: string, input: unknown): FaultSpec {
  if (!TARGET.test(target)) {
    throw new FaultSpecError(
      `fault target '${target}' must be '*', '<service>.*' or '<service>.<Operation>'`,
    );
  }
  const parsed = faultSpecSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(spec)'}: ${issue.message}`,
    );
    throw new FaultSpecError(`fault spec for '${target}' is invalid: ${problems.join('; ')}`);
  }
  for (const [group, rates] of [
    ['status', STATUS_RATES],
    ['body', BODY_RATES],
  ] as const) {
    if (sumOf(parsed.data, rates) > 1 + 1e-9) {
      throw new FaultSpecError(`fault spec for '${target}': the ${group} fault rates add up to more than 1`);
    }
  }
  return parsed.data;
}

/** mulberry32: small, fast, good enough for fault dice, and reproducible from the seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T extends string>(
  spec: FaultSpec,
  rates: ReadonlyArray<[T, keyof FaultSpec]>,
  roll: number,
): T | undefined {
  let edge = 0;
  for (const [fault, key] of rates) {
    edge += (spec[key] as number | undefined) ?? 0;
    if (roll < edge) return fault;
  }
  return undefined;
}

export class FaultController {
  readonly #specs = new Map<string, FaultSpec>();
  readonly #random: () => number;

  constructor(seed: number, initial?: Readonly<Record<string, unknown>>) {
    this.#random = seededRandom(seed ^ 0x5eed);
    for (const [target, spec] of Object.entries(initial ?? {})) this.set(target, spec);
  }

  set(target: string, spec: unknown): FaultSpec {
    const parsed = parseFaultSpec(target, spec);
    this.#specs.set(target, parsed);
    return parsed;
  }

  clear(target?: string): boolean {
    if (target === undefined) {
      const had = this.#specs.size > 0;
      this.#specs.clear();
      return had;
    }
    return this.#specs.delete(target);
  }

  list(): Record<string, FaultSpec> {
    return Object.fromEntries(this.#specs);
  }

  #match(operationId: string): [string, FaultSpec] | undefined {
    const service = operationId.slice(0, operationId.indexOf('.'));
    for (const target of [operationId, `${service}.*`, '*']) {
      const spec = this.#specs.get(target);
      if (spec) return [target, spec];
    }
    return undefined;
  }

  /** What happens to one request of `operationId`; consumes one use of a counted spec. */
  decide(operationId: string): FaultDecision {
    const matched = this.#match(operationId);
    const spec = matched?.[1] ?? {};
    if (matched && spec.count !== undefined) {
      if (spec.count <= 1) this.#specs.delete(matched[0]);
      else this.#specs.set(matched[0], { ...spec, count: spec.count - 1 });
    }
    const jitter = spec.jitterMs ? Math.floor(this.#random() * spec.jitterMs) : 0;
    const decision: FaultDecision = {
      latencyMs: (spec.latencyMs ?? 0) + jitter,
      hugeBytes: spec.hugeBytes ?? 16 * 1024 * 1024,
      dripChunkBytes: spec.dripChunkBytes ?? 16,
      dripIntervalMs: spec.dripIntervalMs ?? 50,
    };
    // Always roll both dice so the sequence of decisions depends only on the seed and the request order.
    const status = pick(spec, STATUS_RATES, this.#random());
    const body = pick(spec, BODY_RATES, this.#random());
    if (status) decision.status = status;
    else if (body) decision.body = body;
    if (status === 'throttle' && spec.retryAfterSeconds !== undefined) {
      decision.retryAfterSeconds = spec.retryAfterSeconds;
    }
    return decision;
  }
}
