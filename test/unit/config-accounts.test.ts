// accounts: each delegating account's regions become clients that assume its agency, labelled with its name;
// the top-level regions are the exporter's own account, labelled with `account`, and assume nothing.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientOptionsFor, loadConfigFile, regionTargetOptions, watchedRegions } from '../../src/config.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'config');

describe('accounts config', () => {
  it('watches the own regions, then each account region with its agency', async () => {
    const loaded = await loadConfigFile(join(FIXTURES, 'valid', 'accounts.yml'));
    const watched = watchedRegions(loaded.config);
    expect(watched.map((w) => `${w.account}/${w.region.name}`)).toEqual([
      'monitoring/cn-north-4',
      'unit-a/cn-north-4',
      'unit-a/ap-southeast-1',
      'unit-b/cn-north-4',
    ]);
    expect(watched.map((w) => w.assume)).toEqual([
      undefined,
      { domainName: 'unit-a', agencyName: 'prometheus-readonly', durationSeconds: 7200 },
      { domainName: 'unit-a', agencyName: 'prometheus-readonly', durationSeconds: 7200 },
      { domainId: '0a1b2c3d', agencyName: 'prometheus-readonly' },
    ]);
    const [, unitA] = watched;
    if (unitA === undefined) throw new Error('unit-a is not watched');
    expect(clientOptionsFor(loaded, unitA.region, { assume: unitA.assume }).assume).toEqual(unitA.assume);
    expect(clientOptionsFor(loaded, unitA.region).assume).toBeUndefined();
    // A region of an account has its own sections, as a top-level one does.
    expect(regionTargetOptions(unitA.region).swr?.instances).toEqual(['ins-a']);
  });

  it('labels nothing without accounts', async () => {
    const loaded = await loadConfigFile(join(FIXTURES, 'valid', 'minimal.yml'));
    expect(watchedRegions(loaded.config).map((w) => [w.account, w.assume])).toEqual(
      loaded.config.regions.map(() => [undefined, undefined]),
    );
  });
});
