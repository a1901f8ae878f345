// Estate sizes: presets and explicit counts, validated so a typo in a flag gets a message naming the count.

import type { ScaleCounts, ScalePreset } from './types.js';

export const SCALE_PRESETS: Readonly<Record<ScalePreset, Readonly<ScaleCounts>>> = {
  small: {
    regions: 2,
    instances: 2,
    namespaces: 3,
    policies: 6,
    executionsPerPolicy: 5,
    tasksPerExecution: 6,
    registries: 4,
    hssRegistries: 6,
    apigInstances: 2,
    romaInstances: 1,
    keysPerInstance: 5,
  },
  medium: {
    regions: 3,
    instances: 3,
    namespaces: 10,
    policies: 60,
    executionsPerPolicy: 10,
    tasksPerExecution: 20,
    registries: 10,
    hssRegistries: 40,
    apigInstances: 3,
    romaInstances: 2,
    keysPerInstance: 20,
  },
  // 4 regions × 5 instances × 500 policies = 10,000 signature policies.
  large: {
    regions: 4,
    instances: 5,
    namespaces: 50,
    policies: 500,
    executionsPerPolicy: 8,
    tasksPerExecution: 50,
    registries: 25,
    hssRegistries: 200,
    apigInstances: 5,
    romaInstances: 2,
    keysPerInstance: 100,
  },
};

/** Upper bound per count: keeps ids inside int32 and memory sane. */
const LIMITS: Readonly<Record<keyof ScaleCounts, number>> = {
  regions: 16,
  instances: 50,
  namespaces: 5_000,
  policies: 100_000,
  executionsPerPolicy: 1_000,
  // Task ids are execution id × 1000 + index, so fewer than 1000 tasks per execution.
  tasksPerExecution: 999,
  registries: 10_000,
  hssRegistries: 100_000,
  apigInstances: 200,
  romaInstances: 200,
  keysPerInstance: 10_000,
};

/** Executions held in memory at build time; tasks are lazy and not counted. */
const MAX_EXECUTIONS = 3_000_000;

export function resolveScale(scale: ScalePreset | Partial<ScaleCounts> = 'small'): ScaleCounts {
  if (typeof scale === 'string') {
    const preset = (SCALE_PRESETS as Record<string, ScaleCounts | undefined>)[scale];
    if (preset === undefined) {
      throw new RangeError(`unknown scale preset "${scale}" (expected small, medium or large)`);
    }
    return { ...preset };
  }
  const counts: ScaleCounts = { ...SCALE_PRESETS.small };
  for (const [key, value] of Object.entries(scale)) {
    if (!(key in LIMITS)) throw new RangeError(`unknown scale count "${key}"`);
    const name = key as keyof ScaleCounts;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > LIMITS[name]) {
      throw new RangeError(
        `scale count ${name} must be an integer from 0 to ${LIMITS[name]}, got ${String(value)}`,
      );
    }
    counts[name] = value;
  }
  if (counts.regions < 1) throw new RangeError('scale count regions must be at least 1');
  if (counts.policies > 0 && counts.namespaces < 1) {
    throw new RangeError('scale count namespaces must be at least 1 when policies > 0');
  }
  const executions = counts.regions * counts.instances * counts.policies * counts.executionsPerPolicy;
  if (executions > MAX_EXECUTIONS) {
    throw new RangeError(`scale too large: ${executions} executions (at most ${MAX_EXECUTIONS})`);
  }
  return counts;
}
