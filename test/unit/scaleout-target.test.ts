// The probe target grammar: every documented form parses, formatting is its inverse, and each kind of bad
// target is refused with a message naming the part that is wrong.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatProbeTarget,
  INSTANCE_ID_PATTERN,
  type ProbeTarget,
  ProbeTargetError,
  parseProbeTarget,
} from '../../src/scaleout/target.js';

describe('parseProbeTarget', () => {
  it.each<[string, ProbeTarget]>([
    [
      'cn-north-4/swr_signing/0b1c2d3e-aaaa-bbbb-cccc-000000000001',
      {
        region: 'cn-north-4',
        collector: 'swr_signing',
        instanceId: '0b1c2d3e-aaaa-bbbb-cccc-000000000001',
      },
    ],
    [
      'ap-southeast-1/swr_registries/inst.1_a',
      { region: 'ap-southeast-1', collector: 'swr_registries', instanceId: 'inst.1_a' },
    ],
    [
      'cn-north-4/apig_signature_keys/apig:eddc4d25480b4cd6b512f270a1b8b341',
      {
        region: 'cn-north-4',
        collector: 'apig_signature_keys',
        kind: 'apig',
        instanceId: 'eddc4d25480b4cd6b512f270a1b8b341',
      },
    ],
    [
      'cn-east-3/apig_signature_keys/roma:r-1',
      { region: 'cn-east-3', collector: 'apig_signature_keys', kind: 'roma', instanceId: 'r-1' },
    ],
    ['cn-north-4/hss_registries', { region: 'cn-north-4', collector: 'hss_registries' }],
  ])('reads %s', (text, expected) => {
    expect(parseProbeTarget(text)).toEqual(expected);
    expect(formatProbeTarget(expected)).toBe(text);
  });

  it.each([
    ['', 'target: must not be empty'],
    ['cn-north-4', 'expected <region>/swr_signing/<instance id>'],
    ['cn-north-4/swr_signing/a/b', 'expected <region>/swr_signing/<instance id>'],
    ['CN-North-4/hss_registries', '"CN-North-4" is not a region id like cn-north-4'],
    ['cn-north-4/swr_policies/x', 'unknown collector "swr_policies" (known: swr_signing, swr_registries'],
    ['cn-north-4/swr_signing', 'swr_signing needs an instance: cn-north-4/swr_signing/<SWR instance id>'],
    ['cn-north-4/swr_registries/', 'swr_registries needs an instance'],
    ['cn-north-4/hss_registries/x', 'hss_registries is project-wide and takes no instance'],
    [
      'cn-north-4/apig_signature_keys/abc',
      'needs <gateway>:<instance id> with gateway apig or roma, got "abc"',
    ],
    ['cn-north-4/apig_signature_keys/cse:abc', 'with gateway apig or roma, got "cse:abc"'],
    ['cn-north-4/apig_signature_keys/apig:', 'instance id "" must be 1-128 letters'],
    ['cn-north-4/swr_signing/id with space', 'instance id "id with space" must be 1-128 letters'],
    ['cn-north-4/swr_signing/-leading', 'instance id "-leading" must be'],
    [`cn-north-4/swr_signing/${'a'.repeat(129)}`, 'must be 1-128 letters'],
  ])('refuses %j', (text, message) => {
    let error: unknown;
    try {
      parseProbeTarget(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProbeTargetError);
    expect((error as Error).message).toContain(message);
  });

  it('quotes and shortens a long or odd target in its message', () => {
    const odd = `cn-north-4/swr_signing/\n${'x'.repeat(500)}`;
    expect(() => parseProbeTarget(odd)).toThrow(/^target "cn-north-4\/swr_signing\/\\nx+…": instance id/);
    expect(() => parseProbeTarget(odd)).not.toThrow(/\n/);
  });
});

describe('formatProbeTarget', () => {
  const region = fc
    .tuple(
      fc.stringMatching(/^[a-z]{2,4}$/),
      fc.array(fc.stringMatching(/^[a-z0-9]{1,5}$/), { minLength: 1, maxLength: 3 }),
    )
    .map(([head, rest]) => [head, ...rest].join('-'));
  const id = fc.stringMatching(INSTANCE_ID_PATTERN);
  const target: fc.Arbitrary<ProbeTarget> = fc.oneof(
    fc.record({
      region,
      collector: fc.constantFrom('swr_signing' as const, 'swr_registries' as const),
      instanceId: id,
    }),
    fc.record({
      region,
      collector: fc.constant('apig_signature_keys' as const),
      kind: fc.constantFrom('apig', 'roma'),
      instanceId: id,
    }),
    fc.record({ region, collector: fc.constant('hss_registries' as const) }),
  );

  it('is undone by parseProbeTarget for every valid target', () => {
    fc.assert(
      fc.property(target, (t) => {
        expect(parseProbeTarget(formatProbeTarget(t))).toEqual(t);
      }),
    );
  });
});
