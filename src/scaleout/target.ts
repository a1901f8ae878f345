// The probe target grammar: what `/probe?target=…` accepts and what the service discovery hands out.
//
//   <region>/swr_signing/<SWR instance id>
//   <region>/swr_registries/<SWR instance id>
//   <region>/apig_signature_keys/<gateway>:<instance id>     gateway: apig | roma
//   <region>/hss_registries                                  (HSS is project-wide: no instance)
//
// One target is one unit of upstream work that no other target repeats, so targets can be spread over
// exporter replicas without two replicas ever reading the same resource.

import type { CollectorName } from '../collectors/types.js';
import { COLLECTOR_NAMES } from '../collectors/types.js';
import type { Gateway } from '../huaweicloud/models.js';

export type InstanceCollector = 'swr_signing' | 'swr_registries';

export type ProbeTarget =
  | { region: string; collector: InstanceCollector; instanceId: string }
  | { region: string; collector: 'apig_signature_keys'; gateway: Gateway; instanceId: string }
  | { region: string; collector: 'hss_registries' };

/** A target the grammar or the running config refuses; the message names what is wrong (HTTP 400). */
export class ProbeTargetError extends Error {
  override readonly name = 'ProbeTargetError';
}

/** Same rule as the config's region names. */
export const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** Huawei ids are UUIDs or hex strings; this also keeps targets safe in URLs and label values. */
export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const GATEWAYS: readonly Gateway[] = ['apig', 'roma'];
const SHOWN_MAX = 160;

export const TARGET_SYNTAX =
  '<region>/swr_signing/<instance id>, <region>/swr_registries/<instance id>, ' +
  '<region>/apig_signature_keys/<apig|roma>:<instance id> or <region>/hss_registries';

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

/** Parses the `target` parameter; throws ProbeTargetError naming the part that is wrong. */
export function parseProbeTarget(text: string): ProbeTarget {
  if (text.trim() === '') throw new ProbeTargetError(`target: must not be empty; expected ${TARGET_SYNTAX}`);
  const parts = text.split('/');
  const [region, collector, instance] = parts;
  if (parts.length < 2 || parts.length > 3 || region === undefined || collector === undefined) {
    throw new ProbeTargetError(`target ${shown(text)}: expected ${TARGET_SYNTAX}`);
  }
  if (!REGION_PATTERN.test(region)) {
    throw new ProbeTargetError(`target ${shown(text)}: ${shown(region)} is not a region id like cn-north-4`);
  }
  if (!isCollectorName(collector)) {
    throw new ProbeTargetError(
      `target ${shown(text)}: unknown collector ${shown(collector)} (known: ${COLLECTOR_NAMES.join(', ')})`,
    );
  }
  if (collector === 'hss_registries') {
    if (instance !== undefined) {
      throw new ProbeTargetError(
        `target ${shown(text)}: hss_registries is project-wide and takes no instance; use ${region}/hss_registries`,
      );
    }
    return { region, collector };
  }
  if (instance === undefined || instance === '') {
    const what = collector === 'apig_signature_keys' ? '<apig|roma>:<instance id>' : '<SWR instance id>';
    throw new ProbeTargetError(
      `target ${shown(text)}: ${collector} needs an instance: ${region}/${collector}/${what}`,
    );
  }
  if (collector === 'apig_signature_keys') {
    const colon = instance.indexOf(':');
    const gateway = instance.slice(0, Math.max(colon, 0));
    if (colon < 0 || !(GATEWAYS as readonly string[]).includes(gateway)) {
      throw new ProbeTargetError(
        `target ${shown(text)}: apig_signature_keys needs <gateway>:<instance id> with gateway apig or roma, got ${shown(instance)}`,
      );
    }
    const instanceId = checkInstanceId(text, instance.slice(colon + 1));
    return { region, collector, gateway: gateway as Gateway, instanceId };
  }
  return { region, collector, instanceId: checkInstanceId(text, instance) };
}

/** The canonical text of a target: parseProbeTarget(formatProbeTarget(t)) equals t. */
export function formatProbeTarget(target: ProbeTarget): string {
  switch (target.collector) {
    case 'hss_registries':
      return `${target.region}/${target.collector}`;
    case 'apig_signature_keys':
      return `${target.region}/${target.collector}/${target.gateway}:${target.instanceId}`;
    default:
      return `${target.region}/${target.collector}/${target.instanceId}`;
  }
}

/** The instance part of a target (for labels), undefined for project-wide targets. */
export function instanceOf(target: ProbeTarget): string | undefined {
  return target.collector === 'hss_registries' ? undefined : target.instanceId;
}
