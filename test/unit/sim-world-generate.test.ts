import { describe, expect, it } from 'vitest';
import { createWorld, resolveScale, SCALE_PRESETS } from '../../src/simulator/world/index.js';
import type { World } from '../../src/simulator/world/types.js';

const NOW = Date.UTC(2025, 0, 15, 8, 30);

function unwrap<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function swrInstances(world: World) {
  return world.regions.flatMap((region) =>
    unwrap(world.listSwrInstances(region.projectId)).map((instance) => ({ region, instance })),
  );
}

describe('world generator', () => {
  it('builds the same estate from the same seed and a different one from another seed', () => {
    const a = JSON.stringify(createWorld({ seed: 42, scale: 'small', nowMs: NOW }).snapshot());
    const b = JSON.stringify(createWorld({ seed: 42, scale: 'small', nowMs: NOW }).snapshot());
    const c = JSON.stringify(createWorld({ seed: 43, scale: 'small', nowMs: NOW }).snapshot());
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('sizes the estate by preset and by explicit counts', () => {
    const world = createWorld({ seed: 1, scale: 'small', nowMs: NOW });
    const small = SCALE_PRESETS.small;
    expect(world.regions.map((r) => r.name)).toEqual(['cn-north-4', 'ap-southeast-1']);
    for (const { region, instance } of swrInstances(world)) {
      expect(unwrap(world.listSignPolicies(region.projectId, instance.id))).toHaveLength(small.policies);
      expect(unwrap(world.listNamespaces(region.projectId, instance.id))).toHaveLength(small.namespaces);
      expect(unwrap(world.listSwrRegistries(region.projectId, instance.id))).toHaveLength(small.registries);
    }
    expect(swrInstances(world)).toHaveLength(small.regions * small.instances);

    const custom = createWorld({
      seed: 1,
      nowMs: NOW,
      scale: {
        regions: 3,
        instances: 1,
        policies: 4,
        executionsPerPolicy: 2,
        hssRegistries: 7,
        apigInstances: 2,
        romaInstances: 3,
        keysPerInstance: 9,
      },
    });
    expect(custom.regions).toHaveLength(3);
    for (const region of custom.regions) {
      const [instance] = unwrap(custom.listSwrInstances(region.projectId));
      if (instance === undefined) throw new Error('no instance');
      const policies = unwrap(custom.listSignPolicies(region.projectId, instance.id));
      expect(policies).toHaveLength(4);
      for (const policy of policies) {
        const executions = custom.listExecutions(
          region.projectId,
          instance.id,
          policy.namespace_name,
          policy.id,
        );
        expect(unwrap(executions)).toHaveLength(2);
      }
      expect(unwrap(custom.listHssRegistries(region.projectId))).toHaveLength(7);
      const apig = unwrap(custom.listApigInstances(region.projectId));
      expect(apig).toHaveLength(2);
      expect(unwrap(custom.listRomaInstances(region.projectId))).toHaveLength(3);
      for (const gateway of apig) {
        expect(unwrap(custom.listSignatureKeys('apig', region.projectId, gateway.id))).toHaveLength(9);
      }
    }
  });

  it('rejects bad scale input with a message naming the problem', () => {
    expect(() => resolveScale('huge' as 'large')).toThrow(/unknown scale preset "huge"/);
    expect(() => resolveScale({ policies: -1 })).toThrow(/policies must be an integer from 0/);
    expect(() => resolveScale({ tasksPerExecution: 1.5 })).toThrow(/tasksPerExecution/);
    expect(() => resolveScale({ bogus: 1 } as never)).toThrow(/unknown scale count "bogus"/);
    expect(() => resolveScale({ regions: 0 })).toThrow(/regions must be at least 1/);
    expect(() => createWorld({ scale: { regions: 3 }, regionNames: ['cn-north-4'] })).toThrow(/3 regions/);
    expect(() => createWorld({ seed: -4 })).toThrow(/seed must be an integer/);
  });

  it('builds a 10,000-policy estate with tasks left lazy', () => {
    const world = createWorld({ seed: 9, scale: 'large', nowMs: NOW });
    let policies = 0;
    let executions = 0;
    for (const { region, instance } of swrInstances(world)) {
      for (const policy of unwrap(world.listSignPolicies(region.projectId, instance.id))) {
        policies++;
        executions += unwrap(
          world.listExecutions(region.projectId, instance.id, policy.namespace_name, policy.id),
        ).length;
      }
    }
    expect(policies).toBe(10_000);
    expect(executions).toBe(10_000 * SCALE_PRESETS.large.executionsPerPolicy);
  });

  it('serves SWR instances and namespaces with API shapes, some instances not Running', () => {
    const world = createWorld({ seed: 5, scale: 'medium', nowMs: NOW });
    const statuses = new Set(swrInstances(world).map(({ instance }) => instance.status));
    expect(statuses.has('Running')).toBe(true);
    expect([...statuses].some((s) => s !== 'Running')).toBe(true);
    for (const { region, instance } of swrInstances(world)) {
      expect(instance.project_id).toBe(region.projectId);
      for (const namespace of unwrap(world.listNamespaces(region.projectId, instance.id))) {
        expect(namespace.name).toMatch(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/);
        expect(namespace.name.length).toBeLessThanOrEqual(64);
        expect(Number.isInteger(namespace.namespace_id)).toBe(true);
      }
    }
  });

  it('serves registries, HSS registries and signature keys with the documented enums and formats', () => {
    const world = createWorld({ seed: 11, scale: 'medium', nowMs: NOW });
    const region = world.regions[0];
    if (region === undefined) throw new Error('no region');
    const registryNames: string[] = [];
    for (const { instance } of swrInstances(world).filter((x) => x.region === region)) {
      for (const registry of unwrap(world.listSwrRegistries(region.projectId, instance.id))) {
        expect(['swr-pro', 'swr-pro-internal', 'huawei-SWR']).toContain(registry.type);
        expect(['healthy', 'unhealthy']).toContain(registry.status);
        expect(registry.credential).toEqual({
          type: 'basic',
          access_key: expect.any(String),
          access_secret: '*****',
        });
        registryNames.push(registry.name);
      }
    }
    expect(registryNames.some((name) => /[\u4e00-\u9fff]/.test(name))).toBe(true);

    const hss = unwrap(world.listHssRegistries(region.projectId));
    expect(new Set(hss.map((r) => r.status))).toEqual(new Set(['success', 'fail', 'accessing']));
    for (const registry of hss) {
      expect('fail_reason' in registry).toBe(registry.status === 'fail');
      expect(registry.images_num).toBeGreaterThanOrEqual(0);
      expect(registry.images_num).toBeLessThanOrEqual(20000);
      // Epoch milliseconds, not seconds.
      expect(registry.latest_sync_time).toBeGreaterThan(NOW - 3 * 86_400_000);
      expect(registry.latest_sync_time).toBeLessThanOrEqual(NOW);
      expect(['Harbor', 'Jfrog', 'SwrPrivate', 'SwrShared', 'SwrEnterprise', 'Other']).toContain(
        registry.registry_type,
      );
    }

    for (const gateway of unwrap(world.listApigInstances(region.projectId))) {
      expect(Number.isInteger(gateway.create_time)).toBe(true);
      expect(gateway.create_time).toBeLessThan(NOW / 1000);
      const keys = unwrap(world.listSignatureKeys('apig', region.projectId, gateway.id));
      expect(new Set(keys.map((k) => k.sign_type))).toEqual(new Set(['hmac', 'basic', 'public_key', 'aes']));
      expect(keys.some((k) => /[\u4e00-\u9fff]/.test(k.name))).toBe(true);
      for (const key of keys) {
        expect(key.id).toMatch(/^[0-9a-f]{32}$/);
        expect(key.sign_key.length).toBeGreaterThan(0);
        expect(key.sign_secret.length).toBeGreaterThan(0);
        expect(key.create_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/);
        if (key.sign_type === 'aes') expect(['aes-128-cfb', 'aes-256-cfb']).toContain(key.sign_algorithm);
        else expect(key).not.toHaveProperty('sign_algorithm');
      }
    }
  });

  it('lists IAM projects with exact name matching and checks user passwords', () => {
    const world = createWorld({ seed: 2, scale: 'small', nowMs: NOW });
    const [project] = world.listProjects({ name: 'cn-north-4' });
    expect(world.listProjects({ name: 'cn-north-4' })).toHaveLength(1);
    expect(project).toEqual({
      id: world.projectIdOf('cn-north-4'),
      name: 'cn-north-4',
      domain_id: world.domainId,
      enabled: true,
      is_domain: false,
      parent_id: world.domainId,
      description: '',
      links: { self: expect.stringContaining(world.projectIdOf('cn-north-4') ?? 'missing') },
    });
    // The sub-project exists but does not match the region name.
    expect(world.listProjects().some((p) => p.name === 'cn-north-4_dev')).toBe(true);
    expect(world.checkPassword('sim-domain', 'sim-user', 'sim-password')?.name).toBe('sim-user');
    expect(world.checkPassword(world.domainId, 'sim-user', 'sim-password')?.domain_name).toBe('sim-domain');
    expect(world.checkPassword('sim-domain', 'sim-user', 'wrong')).toBeUndefined();
    expect(world.findProject('ap-southeast-1')?.id).toBe(world.projectIdOf('ap-southeast-1'));
  });

  it('keeps signature-key secrets out of the snapshot dump', () => {
    const world = createWorld({ seed: 3, scale: 'small', nowMs: NOW });
    const region = world.regions[0];
    if (region === undefined) throw new Error('no region');
    const [gateway] = unwrap(world.listApigInstances(region.projectId));
    if (gateway === undefined) throw new Error('no gateway');
    const [key] = unwrap(world.listSignatureKeys('apig', region.projectId, gateway.id));
    if (key === undefined) throw new Error('no key');
    const dump = JSON.stringify(world.snapshot());
    expect(dump).toContain(key.id);
    expect(dump).not.toContain(key.sign_secret);
    expect(dump).not.toContain(key.sign_key);
    expect(dump).not.toContain('sim-password');
  });
});
