// The fixed estate behind the golden exposition: two regions, every collector, and the awkward cases
// (CJK and quotes in names, unknown statuses, a task cap, user info in a URL, instances that are not Running,
// more executions than one page). Canary secrets sit on the records the way a careless parser would leave them.

import type { RegionTarget } from '../../src/collectors/types.js';
import {
  emptyEstate,
  execution,
  FakeRegionApi,
  gatewayInstance,
  hssRegistry,
  signatureKey,
  signPolicy,
  swrInstance,
  swrRegistry,
  task,
} from './collectors-fake-api.js';

export const CANARIES = ['CANARY-SIGN-KEY', 'CANARY-SIGN-SECRET', 'CANARY-ACCESS-SECRET', 'hunter2'] as const;

function withCanaries<T extends object>(record: T, extra: Record<string, string>): T {
  return Object.assign(record, extra);
}

export function goldenNorth(order: 'newest-first' | 'oldest-first' = 'newest-first'): FakeRegionApi {
  const e = emptyEstate();
  e.order = order;
  e.swrInstances = [swrInstance('ins-b'), swrInstance('ins-a'), swrInstance('ins-off', 'Creating')];
  e.policies.set('ins-a', [
    signPolicy(11, 'ns-web', { name: 'sign-web' }),
    signPolicy(12, 'ns-cn', { name: '签名策略 "prod"\n2', enabled: false, trigger_type: 'manual' }),
    signPolicy(13, 'ns-empty', { name: 'never-ran', trigger_type: undefined }),
  ]);
  e.policies.set('ins-b', [signPolicy(21, 'team')]);
  e.policies.set('ins-off', [signPolicy(99, 'hidden')]);

  const web = Array.from({ length: 150 }, (_, i) => execution(i + 1, 11));
  web[149] = execution(150, 11, {
    status: 'Failed',
    status_text: 'one failed',
    succeed: 2,
    failed: 1,
    total: 3,
  });
  e.executions.set('ins-a/11', web);
  e.tasks.set('ins-a/11/150', [
    task(1, 'web/frontend'),
    task(2, 'web/api', 'Error'),
    task(3, 'web/api', 'Error'),
    task(4, 'web/"quoted"\\path'),
  ]);
  e.executions.set('ins-a/12', [
    execution(7, 12, { status: 'InProgress', succeed: 0, in_progress: 3, total: 3, trigger: 'manual' }),
  ]);
  e.tasks.set('ins-a/12/7', [
    task(1, 'cn/a', 'Running'),
    task(2, 'cn/b', 'Running'),
    task(3, 'cn/c', 'Pending'),
  ]);
  e.executions.set('ins-a/13', []);
  e.executions.set('ins-b/21', [
    execution(5, 21),
    execution(6, 21, { status: 'Cancelled', updated_at: null, total: 5, succeed: 3, failed: 0, stopped: 2 }),
  ]);
  e.tasks.set('ins-b/21/6', [
    task(1, 'team/a'),
    task(2, 'team/b', 'Stopped'),
    task(3, 'team/c'),
    task(4, 'team/d', 'Stopped'),
    task(5, 'team/e'),
  ]);

  e.registries.set('ins-a', [
    withCanaries(
      swrRegistry(2, {
        name: 'basic',
        type: 'huawei-SWR',
        status: 'unhealthy',
        url: 'https://swr.cn-north-4.example',
      }),
      { access_key: 'AK', access_secret: 'CANARY-ACCESS-SECRET' },
    ),
    swrRegistry(1, { name: 'harbor', url: 'https://robot:hunter2@harbor.example.com/v2', insecure: true }),
  ]);
  e.registries.set('ins-b', []);

  e.hssRegistries = [
    hssRegistry('h4', { status: 'paused' }),
    hssRegistry('h1'),
    hssRegistry('h2', {
      status: 'fail',
      fail_reason: 'REQUEST_API_ERROR',
      images_num: undefined,
      latest_sync_time: null,
      registry_type: 'Jfrog',
    }),
    hssRegistry('h3', { status: 'accessing', protocol: undefined, api_version: undefined }),
  ];

  e.gatewayInstances.apig = [gatewayInstance('gw1'), gatewayInstance('gw-off', 'Frozen')];
  e.gatewayInstances.roma = [gatewayInstance('roma1', 'RUNNING'), gatewayInstance('roma-off', 'FROZEN')]; // ROMA's spelling
  const secrets = { sign_key: 'CANARY-SIGN-KEY', sign_secret: 'CANARY-SIGN-SECRET' };
  e.keys.set('apig/gw1', [
    withCanaries(
      signatureKey('k2', {
        name: '中文密钥',
        sign_type: 'aes',
        sign_algorithm: 'aes-256-cfb',
        update_time: null,
      }),
      secrets,
    ),
    withCanaries(signatureKey('k1', { bind_num: 4, ldapi_bind_num: 1 }), secrets),
  ]);
  e.keys.set('roma/roma1', [withCanaries(signatureKey('k3', { sign_type: 'basic', bind_num: 0 }), secrets)]);
  return new FakeRegionApi('cn-north-4', e);
}

export function goldenSouth(): FakeRegionApi {
  const e = emptyEstate();
  e.swrInstances = [swrInstance('ins-x')];
  e.policies.set('ins-x', [signPolicy(31, 'apps')]);
  e.executions.set('ins-x/31', [execution(1, 31)]);
  e.tasks.set('ins-x/31/1', [task(1, 'apps/one'), task(2, 'apps/two')]);
  e.registries.set('ins-x', [swrRegistry(7)]);
  e.hssRegistries = [hssRegistry('s1')];
  return new FakeRegionApi('ap-southeast-1', e);
}

export function goldenTargets(north = goldenNorth(), south = goldenSouth()): RegionTarget[] {
  return [
    { region: 'cn-north-4', api: north, apig: [{ gateway: 'apig' }, { gateway: 'roma' }] },
    { region: 'ap-southeast-1', api: south, apig: [] },
  ];
}

export const GOLDEN_SETTINGS = { swrSigning: { maxTasksPerPolicy: 3 } } as const;
