// Where each service lives (API notes §1, §6.1). A base URL is `scheme://host[:port][/prefix]` with no trailing
// '/', so operations can append their path; explicit overrides (the simulator, private clouds) beat the
// environment, which beats the public default.

import { configError } from './config-error.js';
import type { ServiceName } from './observer.js';

const HOST_PREFIX: Record<Exclude<ServiceName, 'metadata'>, string> = {
  swr: 'swr-api',
  hss: 'hss',
  apig: 'apig',
  roma: 'roma',
  iam: 'iam',
};

/** The ECS/BMS metadata service is link-local and plain HTTP on every region. */
const METADATA_ENDPOINT = 'http://169.254.169.254';

/** Regions whose public domain is not myhuaweicloud.com (Go SDK region tables). */
const DOMAIN_BY_REGION: Readonly<Record<string, string>> = { 'eu-west-101': 'myhuaweicloud.eu' };
const DEFAULT_DOMAIN = 'myhuaweicloud.com';

/**
 * Regions with a regional IAM endpoint (the Go SDK's IAM region table and the endpoints its credentials use to
 * resolve project ids). Any other region asks the global endpoint, as the SDKs do: a new region must not
 * break project-id lookup or token auth because its regional IAM host is unknown here.
 */
const IAM_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1',
  'ae-ad-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'cn-east-2',
  'cn-east-3',
  'cn-east-4',
  'cn-east-5',
  'cn-north-1',
  'cn-north-2',
  'cn-north-4',
  'cn-north-9',
  'cn-south-1',
  'cn-south-2',
  'cn-southwest-2',
  'eu-west-0',
  'eu-west-101',
  'la-north-2',
  'la-south-2',
  'me-east-1',
  'my-kualalumpur-1',
  'na-mexico-1',
  'ru-moscow-1',
  'sa-brazil-1',
  'tr-west-1',
]);
export const GLOBAL_IAM_ENDPOINT = `https://iam.${DEFAULT_DOMAIN}`;

/** cn-north-4, ap-southeast-1, eu-west-101, my-kualalumpur-1: it becomes a DNS label, so nothing else. */
const REGION_ID = /^[a-z]{2}(?:-[a-z0-9]+)*-[a-z]+-\d+$/;
const MAX_REGION_CHARS = 63;

export function validateRegion(region: string): string {
  if (region.length <= MAX_REGION_CHARS && REGION_ID.test(region)) return region;
  const shown = region.length > MAX_REGION_CHARS ? `${region.slice(0, MAX_REGION_CHARS)}…` : region;
  throw configError(
    `region ${JSON.stringify(shown)} is not a Huawei Cloud region id (expected something like cn-north-4)`,
  );
}

/**
 * Checks and normalises a base URL: http(s), a host, no user info, query or fragment; trailing '/' removed.
 * `what` names the setting in the error ("endpoints.swr", "HUAWEICLOUD_SDK_IAM_ENDPOINT"). The value itself is
 * never quoted: a mistyped URL may carry a password in its user-info part.
 */
export function normaliseBaseUrl(value: string, what: string): string {
  const trimmed = value.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw configError(
      `${what} is not a valid URL (expected e.g. https://swr-api.cn-north-4.myhuaweicloud.com)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError(`${what} must be an http:// or https:// URL, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') throw configError(`${what} must not contain user info`);
  if (url.hostname === '') throw configError(`${what} has no host`);
  // URL drops a bare '?' or '#', so look at the text too: either means the value is not what the user meant.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(trimmed)) {
    throw configError(`${what} must not contain a query or fragment`);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The public endpoint of a service in a region; IAM is the regional one (project-scoped tokens, §6.2) where the
 * region has one, else the global endpoint.
 */
export function defaultEndpoint(service: ServiceName, region: string): string {
  validateRegion(region);
  if (service === 'metadata') return METADATA_ENDPOINT;
  if (service === 'iam' && !IAM_REGIONS.has(region)) return GLOBAL_IAM_ENDPOINT;
  const prefix = HOST_PREFIX[service];
  if (prefix === undefined) throw configError(`unknown service ${JSON.stringify(service)}`);
  return `https://${prefix}.${region}.${DOMAIN_BY_REGION[region] ?? DEFAULT_DOMAIN}`;
}

/** Go SDK's per-service override: HUAWEICLOUD_SDK_REGION_SWR_CN_NORTH_4. */
export function regionEndpointEnvName(service: ServiceName, region: string): string {
  return `HUAWEICLOUD_SDK_REGION_${service.toUpperCase()}_${region.toUpperCase().replace(/-/g, '_')}`;
}

export const IAM_ENDPOINT_ENV = 'HUAWEICLOUD_SDK_IAM_ENDPOINT';

function fromEnv(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): { value: string; name: string } | undefined {
  // The Go SDK accepts a comma-separated list there; one endpoint per service is all this client uses.
  const value = env[name]?.split(',')[0]?.trim();
  return value === undefined || value === '' ? undefined : { value, name };
}

/**
 * The base URL to call: `overrides[service]`, else the environment (Go SDK variable names), else the default.
 * Every source is validated the same way; a bad one is an error, never silently skipped.
 */
export function resolveEndpoint(
  service: ServiceName,
  region: string,
  overrides?: Partial<Record<ServiceName, string>>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  validateRegion(region);
  const override = overrides?.[service];
  if (override !== undefined) return normaliseBaseUrl(override, `endpoints.${service}`);
  if (service !== 'metadata') {
    const fromEnvironment =
      fromEnv(env, regionEndpointEnvName(service, region)) ??
      (service === 'iam' ? fromEnv(env, IAM_ENDPOINT_ENV) : undefined);
    if (fromEnvironment !== undefined) return normaliseBaseUrl(fromEnvironment.value, fromEnvironment.name);
  }
  return defaultEndpoint(service, region);
}
