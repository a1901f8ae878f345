// The probe target grammar: what `/probe?target=…` accepts and what the service discovery hands out. Each
// collector's descriptor says what follows its name (collectors/shards.ts ShardForm):
//
//   <region>/<collector>                          one target per region (hss_registries: HSS is project-wide)
//   <region>/<collector>/<instance id>            one per instance (swr_signing, swr_registries)
//   <region>/<collector>/<kind>:<instance id>     one per instance of a kind (apig_signature_keys: apig | roma)
//
// With `accounts` in the config every target starts with the account it belongs to (docs/accounts.md):
// `<account>/<region>/<collector>…`. The parser is told which form the running config uses, so neither form
// is ever guessed from the text, and the form without accounts stays exactly what it always was.
//
// One target is one unit of upstream work that no other target repeats, so targets can be spread over
// exporter replicas without two replicas ever reading the same resource.

import { COLLECTOR_NAMES, COLLECTORS, type CollectorName, collectorDescriptor } from '../collectors/index.js';
import type { ShardForm } from '../collectors/shards.js';

/** One probe target: a collector in a region, and the instance (with its kind, the gateway) where it has one. */
export interface ProbeTarget {
  /** The configured account (its `account` label); present exactly when the config has `accounts`. */
  account?: string | undefined;
  region: string;
  collector: CollectorName;
  kind?: string | undefined;
  instanceId?: string | undefined;
}

/** A target the grammar or the running config refuses; the message names what is wrong (HTTP 400). */
export class ProbeTargetError extends Error {
  override readonly name = 'ProbeTargetError';
}

/** Same rule as the config's region names. */
export const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** Same rule as the config's account names (config/accounts.ts): never a "/" nor anything a URL escapes. */
export const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Huawei ids are UUIDs or hex strings; this also keeps targets safe in URLs and label values. */
export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SHOWN_MAX = 160;

/** What follows <region>/<name>/ for a form, as the syntax shows it. */
function shardSyntax(form: ShardForm, instance = '<instance id>'): string | undefined {
  if (form.by === 'region') return undefined;
  return form.by === 'kind' ? `<${form.kinds.join('|')}>:${instance}` : instance;
}

/** Every collector's target form, from the descriptors. */
export const TARGET_SYNTAX = (() => {
  const forms = COLLECTORS.map(({ name, probe }) => {
    const shard = shardSyntax(probe.form);
    return shard === undefined ? `<region>/${name}` : `<region>/${name}/${shard}`;
  });
  return `${forms.slice(0, -1).join(', ')} or ${forms.at(-1)}`;
})();

/** The target syntax of a config with `accounts`: every form after `<account>/`. */
export const ACCOUNT_TARGET_SYNTAX = `<account>/ followed by ${TARGET_SYNTAX}`;

export function targetSyntax(accounts: boolean): string {
  return accounts ? ACCOUNT_TARGET_SYNTAX : TARGET_SYNTAX;
}

/** The text as given, quoted and cut short: it came from a request and goes into an error message. */
function shown(text: string): string {
  const cut = text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX)}…` : text;
  return JSON.stringify(cut);
}

function checkInstanceId(target: string, id: string): string {
  if (!INSTANCE_ID_PATTERN.test(id)) {
    throw new ProbeTargetError(
      `target ${shown(target)}: instance id ${shown(id)} must be 1-128 letters, digits, ".", "_" or "-"`,
    );
  }
  return id;
}

export function isCollectorName(name: string): name is CollectorName {
  return (COLLECTOR_NAMES as readonly string[]).includes(name);
}

/**
 * Parses the `target` parameter; throws ProbeTargetError naming the part that is wrong. `accounts`: the
 * running config has `accounts`, so the target must start with `<account>/`.
 */
export function parseProbeTarget(text: string, accounts = false): ProbeTarget {
  if (!accounts) return parseRegionTarget(text, text, '');
  const slash = text.indexOf('/');
  const account = slash < 0 ? text : text.slice(0, slash);
  if (text.trim() === '' || slash < 0) {
    throw new ProbeTargetError(`target ${shown(text)}: expected ${ACCOUNT_TARGET_SYNTAX}`);
  }
  if (!ACCOUNT_PATTERN.test(account)) {
    throw new ProbeTargetError(
      `target ${shown(text)}: account ${shown(account)} must be 1-64 letters, digits, ".", "_" or "-"`,
    );
  }
  return { account, ...parseRegionTarget(text, text.slice(slash + 1), `${account}/`) };
}

/** The part from <region> on; `whole` is the whole target and `prefix` its account part, for the messages. */
function parseRegionTarget(whole: string, text: string, prefix: string): ProbeTarget {
  const syntax = targetSyntax(prefix !== '');
  if (text.trim() === '') throw new ProbeTargetError(`target: must not be empty; expected ${syntax}`);
  const parts = text.split('/');
  const [region, collector, instance] = parts;
  if (parts.length < 2 || parts.length > 3 || region === undefined || collector === undefined) {
    throw new ProbeTargetError(`target ${shown(whole)}: expected ${syntax}`);
  }
  if (!REGION_PATTERN.test(region)) {
    throw new ProbeTargetError(`target ${shown(whole)}: ${shown(region)} is not a region id like cn-north-4`);
  }
  if (!isCollectorName(collector)) {
    throw new ProbeTargetError(
      `target ${shown(whole)}: unknown collector ${shown(collector)} (known: ${COLLECTOR_NAMES.join(', ')})`,
    );
  }
  const { form } = collectorDescriptor(collector).probe;
  if (form.by === 'region') {
    if (instance !== undefined) {
      throw new ProbeTargetError(
        `target ${shown(whole)}: ${collector} is project-wide and takes no instance; use ${prefix}${region}/${collector}`,
      );
    }
    return { region, collector };
  }
  if (instance === undefined || instance === '') {
    const what = shardSyntax(form, form.by === 'kind' ? '<instance id>' : `<${form.instance}>`);
    throw new ProbeTargetError(
      `target ${shown(whole)}: ${collector} needs an instance: ${prefix}${region}/${collector}/${what}`,
    );
  }
  if (form.by === 'kind') {
    const colon = instance.indexOf(':');
    const kind = instance.slice(0, Math.max(colon, 0));
    if (colon < 0 || !form.kinds.includes(kind)) {
      throw new ProbeTargetError(
        `target ${shown(whole)}: ${collector} needs <${form.kind}>:<instance id> with ${form.kind} ${form.kinds.join(' or ')}, got ${shown(instance)}`,
      );
    }
    return { region, collector, kind, instanceId: checkInstanceId(whole, instance.slice(colon + 1)) };
  }
  return { region, collector, instanceId: checkInstanceId(whole, instance) };
}

/** The canonical text of a target: parseProbeTarget(formatProbeTarget(t)) equals t. */
export function formatProbeTarget(target: ProbeTarget): string {
  const account = target.account === undefined ? '' : `${target.account}/`;
  const base = `${account}${target.region}/${target.collector}`;
  if (target.instanceId === undefined) return base;
  return target.kind === undefined
    ? `${base}/${target.instanceId}`
    : `${base}/${target.kind}:${target.instanceId}`;
}
