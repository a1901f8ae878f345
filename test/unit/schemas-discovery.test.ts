import { describe, expect, it } from 'vitest';
import { listApigInstancesBody, listRomaInstancesBody } from '../../src/huaweicloud/schemas/apig.js';
import { listIamProjectsBody } from '../../src/huaweicloud/schemas/iam.js';
import { parseBody } from '../../src/huaweicloud/schemas/parse.js';
import {
  listSwrInstancesBody,
  listSwrRegistriesBody,
  listSwrSignPoliciesBody,
} from '../../src/huaweicloud/schemas/swr.js';

// Bodies of the discovery APIs (docs §5) — no seed page has their examples, so they are built from the docs.

const iso = (d: Date | null) => d?.toISOString() ?? null;

const REGISTRY = {
  id: 5,
  name: 'test',
  type: 'swr-pro',
  url: 'http://192.168.0.123:30000',
  credential: { type: 'basic', access_key: 'admin', access_secret: '*****' },
  insecure: true,
  status: 'healthy',
};

describe('discovery bodies', () => {
  it('SWR ListInstance keeps unknown statuses and ignores unknown fields', () => {
    const page = parseBody(
      listSwrInstancesBody,
      {
        total: 1,
        instances: [
          {
            id: 'i-1',
            name: 'swr-ee',
            status: 'Hibernating',
            spec: 'swr.ee.professional',
            charge_mode: 'postPaid',
            user_def_obs: false,
            created_at: '2024-05-01T10:00:00+08:00',
            expires_at: '',
            brand_new_field: { nested: true },
          },
        ],
      },
      { operation: 'ListInstance' },
    );
    // Only what discovery and the status series read: every other field, known or new, is left out.
    expect(page.items[0]).toEqual({ id: 'i-1', name: 'swr-ee', status: 'Hibernating' });
  });

  it('SWR ListInstanceSignPolicies flattens trigger.type', () => {
    const page = parseBody(
      listSwrSignPoliciesBody,
      {
        total: 1,
        policies: [
          {
            id: 7,
            name: 'sign-all',
            namespace_id: 3,
            namespace_name: 'library',
            trigger: { type: 'event_based', trigger_settings: { cron: '' } },
            enabled: true,
            scope_rules: [{ repo_scope_mode: 'regular' }],
            signature_key: 'kms-key-id',
            signature_method: 'KMS',
            signature_algorithm: 'SM2DSA_SM3',
          },
        ],
      },
      { operation: 'op' },
    );
    // namespace_id and the signature algorithm/method are on the wire but unread: not kept.
    expect(page.items[0]).toEqual({
      id: 7,
      name: 'sign-all',
      namespace_name: 'library',
      enabled: true,
      trigger_type: 'event_based',
      created_at: null,
      updated_at: null,
    });
  });

  it('SWR ListInstanceRegistries uses the registry item schema', () => {
    const page = parseBody(listSwrRegistriesBody, { registries: [REGISTRY], total: 1 }, { operation: 'op' });
    expect(page.items[0]?.credential_type).toBe('basic');
  });

  it('APIG ListInstancesV2: create_time in seconds or milliseconds', () => {
    const page = parseBody(
      listApigInstancesBody,
      {
        size: 2,
        total: 2,
        instances: [
          {
            id: 'a',
            instance_name: 'gw-a',
            status: 'Running',
            instance_status: 6,
            spec: 'BASIC',
            create_time: 1597390885,
          },
          { id: 'b', instance_name: 'gw-b', status: 'Frozen', type: 'apig', create_time: 1597390885000 },
        ],
      },
      { operation: 'op' },
    );
    expect(page.items.map((i) => iso(i.create_time))).toEqual([
      '2020-08-14T07:41:25.000Z',
      '2020-08-14T07:41:25.000Z',
    ]);
    expect(page.items[1]).toMatchObject({ status: 'Frozen', type: 'apig', spec: undefined });
  });

  it('ROMA instances map name → instance_name and flavor_type → spec', () => {
    const page = parseBody(
      listRomaInstancesBody,
      {
        total: 1,
        size: 1,
        instances: [
          {
            id: 'r1',
            name: 'roma-1',
            status: 'RUNNING',
            flavor_type: 'Professional',
            create_time: '2021-03-01T00:00:00Z',
            available_zone_ids: ['az1'],
            publicip_enable: false,
          },
        ],
      },
      { operation: 'op' },
    );
    expect(page.items[0]).toEqual({
      id: 'r1',
      instance_name: 'roma-1',
      status: 'RUNNING',
      type: 'roma',
      spec: 'Professional',
      project_id: undefined,
      enterprise_project_id: undefined,
      create_time: new Date('2021-03-01T00:00:00Z'),
    });
  });

  it('IAM KeystoneListProjects', () => {
    const projects = parseBody(
      listIamProjectsBody,
      {
        projects: [{ id: 'p1', name: 'cn-north-4', domain_id: 'd1', enabled: true, is_domain: false }],
        links: {},
      },
      { operation: 'op' },
    );
    expect(projects).toEqual([{ id: 'p1', name: 'cn-north-4', domain_id: 'd1', enabled: true }]);
  });
});
