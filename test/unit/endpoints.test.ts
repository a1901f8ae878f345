// Default hosts per service and region (incl. the .eu exception), overrides, the Go SDK's environment
// variables, and the errors for bad regions and bad URLs.

import { describe, expect, it } from 'vitest';
import { defaultEndpoint, resolveEndpoint } from '../../src/huaweicloud/endpoints.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';

function configError(fn: () => unknown): HuaweiCloudError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HuaweiCloudError);
    expect((e as HuaweiCloudError).code).toBe('CONFIG');
    return e as HuaweiCloudError;
  }
  throw new Error('expected a CONFIG error');
}

describe('defaultEndpoint', () => {
  it.each([
    ['swr', 'cn-north-4', 'https://swr-api.cn-north-4.myhuaweicloud.com'],
    ['hss', 'ap-southeast-1', 'https://hss.ap-southeast-1.myhuaweicloud.com'],
    ['apig', 'la-south-2', 'https://apig.la-south-2.myhuaweicloud.com'],
    ['roma', 'cn-east-3', 'https://roma.cn-east-3.myhuaweicloud.com'],
    ['iam', 'cn-north-4', 'https://iam.cn-north-4.myhuaweicloud.com'],
    ['swr', 'eu-west-101', 'https://swr-api.eu-west-101.myhuaweicloud.eu'],
    ['iam', 'eu-west-101', 'https://iam.eu-west-101.myhuaweicloud.eu'],
    ['iam', 'tr-west-1', 'https://iam.tr-west-1.myhuaweicloud.com'],
    // A region missing from the IAM table asks the global endpoint, as Huawei's SDKs do.
    ['iam', 'xx-future-9', 'https://iam.myhuaweicloud.com'],
    ['swr', 'xx-future-9', 'https://swr-api.xx-future-9.myhuaweicloud.com'],
    ['metadata', 'cn-north-4', 'http://169.254.169.254'],
    ['swr', 'my-kualalumpur-1', 'https://swr-api.my-kualalumpur-1.myhuaweicloud.com'],
  ] as const)('%s in %s is %s', (service, region, url) => {
    expect(defaultEndpoint(service, region)).toBe(url);
  });

  it.each([
    '',
    'cn-north',
    'CN-NORTH-4',
    'cn-north-4.evil.com',
    'cn_north_4',
    'cn-north-4/',
    'x-north-4',
    `cn-${'a'.repeat(80)}-1`,
  ])('refuses the region %j', (region) => {
    expect(configError(() => defaultEndpoint('swr', region)).message).toMatch(
      /is not a Huawei Cloud region id/,
    );
  });
});

describe('resolveEndpoint', () => {
  const none = {};

  it('uses the default when nothing overrides it', () => {
    expect(resolveEndpoint('hss', 'cn-north-4', undefined, none)).toBe(
      'https://hss.cn-north-4.myhuaweicloud.com',
    );
  });

  it('takes an override, normalised (plain http on loopback works; trailing slash stripped)', () => {
    expect(resolveEndpoint('swr', 'cn-north-4', { swr: 'http://127.0.0.1:18080/' }, none)).toBe(
      'http://127.0.0.1:18080',
    );
    expect(resolveEndpoint('swr', 'cn-north-4', { swr: 'HTTPS://SWR.Example.com:443/gw/' }, none)).toBe(
      'https://swr.example.com/gw',
    );
    expect(resolveEndpoint('metadata', 'cn-north-4', { metadata: 'http://127.0.0.1:9' }, none)).toBe(
      'http://127.0.0.1:9',
    );
    // Another service's override does not apply.
    expect(resolveEndpoint('hss', 'cn-north-4', { swr: 'http://127.0.0.1:1' }, none)).toBe(
      'https://hss.cn-north-4.myhuaweicloud.com',
    );
  });

  it('reads HUAWEICLOUD_SDK_REGION_{SERVICE}_{REGION} and, for IAM, HUAWEICLOUD_SDK_IAM_ENDPOINT', () => {
    const env = {
      HUAWEICLOUD_SDK_REGION_SWR_CN_NORTH_4: 'https://swr.internal.example',
      HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.myhuaweicloud.com/',
    };
    expect(resolveEndpoint('swr', 'cn-north-4', undefined, env)).toBe('https://swr.internal.example');
    expect(resolveEndpoint('swr', 'cn-east-3', undefined, env)).toBe(
      'https://swr-api.cn-east-3.myhuaweicloud.com',
    );
    expect(resolveEndpoint('iam', 'cn-north-4', undefined, env)).toBe('https://iam.myhuaweicloud.com');
    const regional = { ...env, HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4: 'https://iam.cn-north-4.example' };
    expect(resolveEndpoint('iam', 'cn-north-4', undefined, regional)).toBe('https://iam.cn-north-4.example');
    // The Go SDK allows a comma-separated list; the first entry is used.
    expect(
      resolveEndpoint('swr', 'cn-north-4', undefined, {
        HUAWEICLOUD_SDK_REGION_SWR_CN_NORTH_4: 'https://a.example, https://b.example',
      }),
    ).toBe('https://a.example');
  });

  it('lets an explicit override win over the environment', () => {
    const env = { HUAWEICLOUD_SDK_REGION_SWR_CN_NORTH_4: 'https://swr.internal.example' };
    expect(resolveEndpoint('swr', 'cn-north-4', { swr: 'http://127.0.0.1:8080' }, env)).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it.each([
    [{ swr: 'not a url' }, /endpoints\.swr is not a valid URL/],
    [{ swr: 'ftp://swr.example.com' }, /endpoints\.swr must be an http:\/\/ or https:\/\/ URL/],
    [{ swr: 'https://swr.example.com/?a=1' }, /endpoints\.swr must not contain a query or fragment/],
    [{ swr: 'https://swr.example.com/#top' }, /must not contain a query or fragment/],
    [{ swr: 'https://swr.example.com?' }, /must not contain a query or fragment/],
  ])('refuses the override %j', (overrides, message) => {
    expect(configError(() => resolveEndpoint('swr', 'cn-north-4', overrides, {})).message).toMatch(message);
  });

  it('refuses user info without repeating it', () => {
    const e = configError(() =>
      resolveEndpoint('swr', 'cn-north-4', { swr: 'https://admin:hunter2@swr.example.com' }, {}),
    );
    expect(e.message).toBe('endpoints.swr must not contain user info');
  });

  it('names the environment variable that holds a bad URL', () => {
    const env = { HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4: 'hss.example.com' };
    expect(configError(() => resolveEndpoint('hss', 'cn-north-4', undefined, env)).message).toMatch(
      /^HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4 is not a valid URL/,
    );
  });

  it('validates the region even when an override is given', () => {
    expect(
      configError(() => resolveEndpoint('swr', 'nowhere', { swr: 'http://127.0.0.1:1' }, {})).message,
    ).toMatch(/region "nowhere"/);
  });
});
