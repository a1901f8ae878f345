// Vocabularies for generated names. Kept plain so the demo dashboard reads like a real estate, with Chinese
// names where the real services allow them (registry and signature-key names).

import type { Rng } from './random.js';

export const REGION_NAMES: readonly string[] = [
  'cn-north-4',
  'ap-southeast-1',
  'cn-east-3',
  'cn-south-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'af-south-1',
  'la-south-2',
  'sa-brazil-1',
  'tr-west-1',
  'me-east-1',
  'ru-moscow-1',
  'cn-north-9',
  'ap-southeast-4',
  'ap-southeast-5',
  'cn-southwest-2',
];

const NAMESPACE_WORDS: readonly string[] = [
  'library',
  'team-a',
  'payments',
  'ml_models',
  'platform.core',
  'infra',
  'web-frontend',
  'data.pipeline',
  'security',
  'ci-cache',
  'edge',
  'mobile-backend',
  'ops',
  'analytics',
  'root',
  'base_images',
];

export const REPOSITORY_NAMES: readonly string[] = [
  'nginx',
  'redis',
  'api-gateway',
  'worker',
  'billing-svc',
  'auth',
  'frontend',
  'libz',
  'scheduler',
  'cron-jobs',
  'ml-train',
  'exporter',
  'postgres',
  'busybox',
  'order-service',
  'inventory',
];

const REGISTRY_WORDS: readonly string[] = [
  'harbor-prod',
  '北京仓库',
  'dr-backup',
  '上海镜像源',
  'partner-swr',
  '生产环境同步',
  'staging',
  '华南备份',
  'edge-mirror',
  '研发中心',
];

const SIGN_KEY_WORDS: readonly string[] = [
  'signature_demo',
  '签名密钥_生产',
  'Signature_udlu',
  '网关签名',
  'backend_auth',
  '测试签名密钥',
  'partner_hmac',
  '内部调用',
];

export const TASK_ERROR_TEXTS: readonly string[] = [
  'failed to sign artifact: KMS key is disabled',
  'failed to fetch manifest: 404 not found',
  'failed to push signature: timeout',
  'job service unavailable',
];

export const EXECUTION_FAILED_TEXT = 'failed to fetch artifacts';

/** Unique, API-valid names: lower-case letters/digits with single `.` `_` `-` separators. */
export function namespaceName(index: number, rng: Rng): string {
  const word = NAMESPACE_WORDS[index % NAMESPACE_WORDS.length] ?? 'ns';
  const round = Math.floor(index / NAMESPACE_WORDS.length);
  return round === 0 ? word : `${word}-${round}${rng.pick(['a', 'b', 'c', 'x'])}`;
}

export function registryName(index: number): string {
  const word = REGISTRY_WORDS[index % REGISTRY_WORDS.length] ?? 'registry';
  return `${word}-${index + 1}`;
}

export function signKeyName(index: number): string {
  const word = SIGN_KEY_WORDS[index % SIGN_KEY_WORDS.length] ?? 'signature';
  return `${word}_${index + 1}`;
}

/** The k-th repository name of a namespace whose names start at `offset` in the vocabulary. */
export function repositoryName(offset: number, k: number): string {
  const index = offset + k;
  const base = REPOSITORY_NAMES[index % REPOSITORY_NAMES.length] ?? 'app';
  const round = Math.floor(index / REPOSITORY_NAMES.length);
  return round === 0 ? base : `${base}-${round + 1}`;
}
