// Seeded HSS registries, API Gateway and ROMA Connect instances, and their signature keys, for one region.

import { signKeyName } from './names.js';
import { Rng } from './random.js';
import type { GatewayInstanceState, HssEntry } from './state.js';
import { secondsTimestamp, swrTimestamp } from './timestamps.js';
import type {
  ApigInstanceRaw,
  HssRegistryRaw,
  RegionInfo,
  RomaInstanceRaw,
  ScaleCounts,
  SignatureKeyRaw,
  SignType,
} from './types.js';

const DAY_MS = 86_400_000;

export const HSS_REGISTRY_TYPES = [
  'Harbor',
  'Jfrog',
  'SwrPrivate',
  'SwrShared',
  'SwrEnterprise',
  'Other',
] as const;
export const HSS_STATUSES = ['success', 'fail', 'accessing'] as const;
export const HSS_FAIL_REASONS = ['CREATE_JOB_FAILED', 'REQUEST_API_ERROR', 'SERVER_ERROR'] as const;
export const SIGN_TYPES: readonly SignType[] = ['hmac', 'basic', 'public_key', 'aes'];
export const SIGN_ALGORITHMS = ['aes-128-cfb', 'aes-256-cfb'] as const;

/** APIG `status` and its numeric twin `instance_status`. */
const APIG_STATUSES: ReadonlyArray<readonly [string, number, number]> = [
  ['Running', 6, 85],
  ['Creating', 1, 5],
  ['Frozen', 37, 5],
  ['Unhealthy', 40, 5],
];

export interface GatewayBuildContext {
  seed: number;
  counts: ScaleCounts;
  region: RegionInfo;
  nowMs: number;
}

export interface HssFields {
  registry_name: string;
  registry_type: string;
  registry_addr?: string;
  status: string;
  fail_reason?: string;
  images_num: number;
  latest_sync_time: number;
}

/** A RegistryInfo with the optional fields present exactly when the API would send them. */
export function hssRegistryRaw(rng: Rng, fields: HssFields): HssRegistryRaw {
  const channel = fields.registry_type === 'Other' || fields.registry_type === 'Harbor' ? 'Other' : 'Swr';
  const raw: HssRegistryRaw = {
    id: rng.uuid(),
    registry_name: fields.registry_name,
    registry_type: fields.registry_type,
    api_version: rng.pick(['V1', 'V2']),
    protocol: rng.pick(['http', 'https']),
    registry_addr:
      fields.registry_addr ?? `100.85.${rng.int(0, 255)}.${rng.int(2, 254)}:${rng.pick([443, 5000, 8082])}`,
    registry_username: rng.pick(['admin', 'scanner', 'robot$hss']),
    connect_cluster_id: rng.uuid(),
    get_scan_image_channel: channel,
    status: fields.status,
    images_num: fields.images_num,
    latest_sync_time: fields.latest_sync_time,
  };
  if (channel === 'Other') raw.namespace = rng.pick(['library', 'prod', 'scan-target']);
  if (fields.status === 'fail') raw.fail_reason = fields.fail_reason ?? 'REQUEST_API_ERROR';
  return Object.freeze(raw);
}

export function generateHssRegistries(ctx: GatewayBuildContext): Map<string, HssEntry> {
  const out = new Map<string, HssEntry>();
  const rng = Rng.derive(ctx.seed, 'hss', ctx.region.name);
  for (let i = 0; i < ctx.counts.hssRegistries; i++) {
    const status = rng.weighted([
      ['success', 80],
      ['fail', 12],
      ['accessing', 8],
    ] as const);
    const raw = hssRegistryRaw(rng, {
      registry_name: `${rng.pick(['0109test', 'prod-harbor', 'jfrog-cn', 'swr-main', 'scan'])}-${i + 1}`,
      registry_type: rng.pick(HSS_REGISTRY_TYPES),
      status,
      fail_reason: rng.pick(HSS_FAIL_REASONS),
      images_num: status === 'fail' ? rng.int(0, 50) : rng.int(0, 20000),
      latest_sync_time: ctx.nowMs - rng.int(60_000, 2 * DAY_MS),
    });
    out.set(raw.id, { raw, enterpriseProjectId: '0', syncIntervalMs: rng.int(5, 60) * 60_000 });
  }
  return out;
}

export function generateApigInstances(
  ctx: GatewayBuildContext,
): Map<string, GatewayInstanceState<ApigInstanceRaw>> {
  const out = new Map<string, GatewayInstanceState<ApigInstanceRaw>>();
  const rng = Rng.derive(ctx.seed, 'apig', ctx.region.name);
  for (let i = 0; i < ctx.counts.apigInstances; i++) {
    const [status, instanceStatus] =
      i === 0 ? ['Running', 6] : rng.weighted(APIG_STATUSES.map(([s, n, w]) => [[s, n], w] as const));
    const raw: ApigInstanceRaw = Object.freeze({
      id: rng.hex(32),
      project_id: ctx.region.projectId,
      instance_name: `apig-${rng.pick(['prod', 'gateway', 'partner', 'internal'])}-${i + 1}`,
      status,
      instance_status: instanceStatus,
      type: 'apig',
      spec: rng.pick(['BASIC', 'PROFESSIONAL', 'ENTERPRISE', 'PLATINUM']),
      create_time: Math.floor((ctx.nowMs - rng.int(10 * DAY_MS, 900 * DAY_MS)) / 1000),
      enterprise_project_id: '0',
      eip_address: rng.chance(0.5) ? `49.4.${rng.int(0, 255)}.${rng.int(2, 254)}` : '',
      charging_mode: rng.pick([0, 1]),
      cbc_metadata: '',
      loadbalancer_provider: rng.pick(['lvs', 'elb']),
      cbc_operation_locks: [],
    });
    out.set(raw.id, { raw, keys: generateKeys(ctx, 'apig', raw.id) });
  }
  return out;
}

export function generateRomaInstances(
  ctx: GatewayBuildContext,
): Map<string, GatewayInstanceState<RomaInstanceRaw>> {
  const out = new Map<string, GatewayInstanceState<RomaInstanceRaw>>();
  const rng = Rng.derive(ctx.seed, 'roma', ctx.region.name);
  for (let i = 0; i < ctx.counts.romaInstances; i++) {
    const createdMs = ctx.nowMs - rng.int(10 * DAY_MS, 900 * DAY_MS);
    const raw: RomaInstanceRaw = Object.freeze({
      id: rng.uuid(),
      name: `roma-${rng.pick(['connect', 'integration', 'hub'])}-${i + 1}`,
      description: '',
      flavor_id: rng.uuid(),
      flavor_type: rng.pick(['basic', 'professional', 'enterprise', 'platinum']),
      cpu_arch: rng.pick(['x86_64', 'aarch64']),
      vpc_id: rng.uuid(),
      subnet_id: rng.uuid(),
      security_group_id: rng.uuid(),
      publicip_enable: false,
      publicip_id: '',
      publicip_address: '',
      status:
        i === 0
          ? 'RUNNING'
          : rng.weighted([
              ['RUNNING', 85],
              ['CREATING', 5],
              ['ERROR', 5],
              ['FROZEN', 5],
            ] as const),
      charge_type: rng.pick(['prePaid', 'postPaid']),
      project_id: ctx.region.projectId,
      create_time: secondsTimestamp(createdMs),
      update_time: secondsTimestamp(createdMs + rng.int(0, 30 * DAY_MS)),
      maintain_begin: '22:00:00',
      maintain_end: '02:00:00',
      available_zone_ids: [`${ctx.region.name}a`],
      enterprise_project_id: '0',
    });
    out.set(raw.id, { raw, keys: generateKeys(ctx, 'roma', raw.id) });
  }
  return out;
}

export interface KeyFields {
  name: string;
  sign_type: string;
  sign_algorithm?: string;
  createdMs: number;
  ldapi: boolean;
}

/** A key with secrets in clear, shaped per sign type as the gateway would hold them. */
export function signatureKeyRaw(rng: Rng, fields: KeyFields): SignatureKeyRaw {
  const algorithm =
    fields.sign_type === 'aes' ? (fields.sign_algorithm ?? rng.pick(SIGN_ALGORITHMS)) : undefined;
  let signKey: string;
  let signSecret: string;
  switch (fields.sign_type) {
    case 'basic':
      signKey = `user_${rng.alnum(6).toLowerCase()}`;
      signSecret = rng.alnum(16);
      break;
    case 'public_key':
      signKey = `-----BEGIN PUBLIC KEY-----${rng.alnum(64)}-----END PUBLIC KEY-----`;
      signSecret = rng.alnum(32);
      break;
    case 'aes':
      signKey = rng.alnum(algorithm === 'aes-256-cfb' ? 32 : 16);
      signSecret = rng.alnum(16);
      break;
    default:
      signKey = rng.hex(32);
      signSecret = rng.hex(32);
  }
  const raw: SignatureKeyRaw = {
    id: rng.hex(32),
    name: fields.name,
    sign_type: fields.sign_type,
    sign_key: signKey,
    sign_secret: signSecret,
    bind_num: rng.int(0, 20),
    ldapi_bind_num: fields.ldapi ? rng.int(0, 5) : 0,
    create_time: swrTimestamp(fields.createdMs, rng),
    update_time: swrTimestamp(fields.createdMs + rng.int(0, 60 * DAY_MS), rng),
  };
  if (algorithm !== undefined) raw.sign_algorithm = algorithm;
  return Object.freeze(raw);
}

function generateKeys(
  ctx: GatewayBuildContext,
  gateway: 'apig' | 'roma',
  instanceId: string,
): Map<string, SignatureKeyRaw> {
  const out = new Map<string, SignatureKeyRaw>();
  const rng = Rng.derive(ctx.seed, 'keys', gateway, instanceId);
  const typeOffset = rng.int(0, SIGN_TYPES.length - 1);
  for (let k = 0; k < ctx.counts.keysPerInstance; k++) {
    // The first four keys of an instance cover every sign type; the rest are mostly hmac, as in practice.
    const signType =
      k < SIGN_TYPES.length
        ? (SIGN_TYPES[(k + typeOffset) % SIGN_TYPES.length] ?? 'hmac')
        : rng.weighted([
            ['hmac', 60],
            ['basic', 15],
            ['public_key', 10],
            ['aes', 15],
          ] as const);
    const raw = signatureKeyRaw(rng, {
      name: signKeyName(k),
      sign_type: signType,
      createdMs: ctx.nowMs - rng.int(DAY_MS, 700 * DAY_MS),
      ldapi: gateway === 'roma',
    });
    out.set(raw.id, raw);
  }
  return out;
}
