// What derives from the one list of collectors (list.ts): CollectorName, the families in exposition order,
// the collectors' own settings type. The config's collectors.* keys, the --[no-]collector.<name> flags, the
// units built per region, the scale-out targets, `check` and the IAM policy, the README's metric reference
// derive from it too, each where it is used. Adding a collector: docs/ARCHITECTURE.md.

import type * as z from 'zod';
import type { MetricFamily } from './catalog.js';
import type { TargetSections } from './contract.js';
import type { CollectorDescriptor, TargetSection } from './descriptor.js';
import { COLLECTORS } from './list.js';

export { COLLECTORS };

export type CollectorDescriptors = (typeof COLLECTORS)[number];
export type CollectorName = CollectorDescriptors['name'];

export const COLLECTOR_NAMES: readonly CollectorName[] = COLLECTORS.map((d) => d.name);

/** Collectors whose probe target is the region alone (no instance id to guess): the landing page's example. */
export const REGION_WIDE_COLLECTORS: readonly CollectorName[] = COLLECTORS.filter(
  (d) => d.probe.form.by === 'region',
).map((d) => d.name);

/** regions[].<key>: each section a collector reads, once however many read it, in list order. */
export const REGION_SECTIONS = Object.fromEntries(
  [
    ...new Map(
      COLLECTORS.flatMap((d) => (d.section === undefined ? [] : [[d.section.key, d.section]])),
    ).values(),
  ].map((section) => [section.key, section.config]),
) as unknown as RegionSectionSchemas;

/** Each section's options as the engine's target takes them, from the parsed config's sections. */
export function targetSectionsFromConfig(region: Readonly<Record<string, unknown>>): TargetSections {
  const sections: Record<string, unknown> = {};
  for (const d of COLLECTORS) {
    const section = d.section as TargetSection<string, unknown, unknown> | undefined;
    if (section !== undefined) sections[section.key] = section.fromConfig(region[section.key]);
  }
  return sections as TargetSections;
}

type SectionEntry<D> =
  D extends CollectorDescriptor<string, unknown, string, infer S>
    ? S extends TargetSection<infer K, infer C, unknown>
      ? { [P in K]: z.ZodType<C, unknown> }
      : Record<never, never>
    : Record<never, never>;

/** The zod schema of each regions[].<key> section, by key. */
export type RegionSectionSchemas = UnionToIntersection<SectionEntry<CollectorDescriptors>>;

/** Every family collectors can emit, in exposition order; a family several collectors write, once. */
export const COLLECTED_FAMILIES: readonly MetricFamily[] = [
  ...new Map(COLLECTORS.flatMap((d) => d.families).map((f) => [f.name, f])).values(),
];

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;
// A collector without options contributes {} (not unknown: a union with unknown would swallow the rest).
type OptionsEntry<D> =
  D extends CollectorDescriptor<string, infer O, infer K>
    ? [K] extends [never]
      ? Record<never, never>
      : { [P in K]: O }
    : Record<never, never>;

/** The collectors' own settings, each under its descriptor's options key (swrSigning: {...}). */
export type CollectorOwnSettings = UnionToIntersection<OptionsEntry<CollectorDescriptors>>;

/** Looks a descriptor up by name; the name is checked where it comes from outside (a flag, a target). */
export function collectorDescriptor(name: CollectorName): CollectorDescriptors {
  const found = COLLECTORS.find((d) => d.name === name);
  if (found === undefined) throw new Error(`unknown collector ${name}`);
  return found;
}
