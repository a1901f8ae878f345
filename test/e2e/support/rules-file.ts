// Reads rules/huaweicloud-exporter.rules.yml for the tests that check it (unit) and load it into a real
// Prometheus (e2e).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const RULES_FILE = fileURLToPath(
  new URL('../../../rules/huaweicloud-exporter.rules.yml', import.meta.url),
);
export const RULE_TESTS_DIR = fileURLToPath(new URL('../../../rules/tests/', import.meta.url));
export const RUNBOOK_FILE = fileURLToPath(new URL('../../../docs/runbook.md', import.meta.url));

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RecordingRule {
  record: string;
  expr: string;
}

export interface RulesFile {
  groups: { name: string; interval?: string; rules: (AlertRule | RecordingRule)[] }[];
}

export function loadRules(path = RULES_FILE): RulesFile {
  return parse(readFileSync(path, 'utf8')) as RulesFile;
}

export function alertsOf(rules: RulesFile): AlertRule[] {
  return rules.groups.flatMap((g) => g.rules).filter((r): r is AlertRule => 'alert' in r);
}

export function recordsOf(rules: RulesFile): RecordingRule[] {
  return rules.groups.flatMap((g) => g.rules).filter((r): r is RecordingRule => 'record' in r);
}

/** The rules file with every alert's `for` replaced, as YAML text (end-to-end tests cannot wait minutes). */
export function rulesWithFor(rules: RulesFile, forValue: string): string {
  const copy = structuredClone(rules);
  for (const rule of copy.groups.flatMap((g) => g.rules)) {
    if ('alert' in rule) rule.for = forValue;
  }
  return stringify(copy);
}
