// AgencyKeys: the clients of one account (its regions, a reload's successors) share one set of temporary keys;
// IAM is asked through a client still open, and the keys are forgotten once no client holds them.

import { describe, expect, it } from 'vitest';
import { AgencyKeys } from '../../src/huaweicloud/credentials/agency-keys.js';
import { createAuthenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import type { AgencyAssumption, ClientOptions } from '../../src/huaweicloud/options.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import { clock, fakeSend, MINUTE, ok, request } from './credentials-helpers.js';

const T0 = Date.parse('2024-03-16T00:00:00Z');
const agency: AgencyAssumption = { domainName: 'business-unit-a', agencyName: 'monitoring-readonly' };

function iam(t: ReturnType<typeof clock>, name: string) {
  let n = 0;
  return fakeSend(() => {
    n += 1;
    const credential = {
      access: `TEMPAK${name}${n}`,
      secret: `temporary-secret-${n}`,
      securitytoken: `gQtoken-${n}`,
      expires_at: new Date(t.now() + 60 * MINUTE).toISOString(),
    };
    return ok({ credential }, {}, 201);
  });
}

const options = (region: string, assume = agency): ClientOptions => ({
  region,
  env: {},
  credentials: { kind: 'aksk', ak: new Secret('MONITORINGAK00000001'), sk: new Secret('own-secret-key') },
  assume,
});

describe('AgencyKeys', () => {
  it('issues one set of keys for every client of an agency, asking through the newest open one', async () => {
    const t = clock(T0);
    const keys = new AgencyKeys();
    const north = iam(t, 'N');
    const south = iam(t, 'S');
    const a = await createAuthenticator(options('cn-north-4'), north.send, t.now, keys);
    const b = await createAuthenticator(options('ap-southeast-1'), south.send, t.now, keys);
    const signedA = await a.apply(request());
    const signedB = await b.apply(request());
    expect(north.requests.length + south.requests.length).toBe(1);
    expect(signedA['X-Security-Token']).toBe('gQtoken-1');
    expect(signedB['X-Security-Token']).toBe('gQtoken-1');
    expect(south.requests).toHaveLength(1); // the newest client asked

    // The newest closes: the renewal goes through the one still open.
    b.release?.();
    t.advance(55 * MINUTE);
    await a.apply(request());
    expect(north.requests).toHaveLength(1);
    expect(keys.size).toBe(1);
    a.release?.();
    expect(keys.size).toBe(0);
  });

  it('keeps different agencies and accounts apart', async () => {
    const t = clock(T0);
    const keys = new AgencyKeys();
    const service = iam(t, 'X');
    const a = await createAuthenticator(options('cn-north-4'), service.send, t.now, keys);
    const other = { domainName: 'business-unit-b', agencyName: 'monitoring-readonly' };
    const b = await createAuthenticator(options('cn-north-4', other), service.send, t.now, keys);
    const [ha, hb] = [await a.apply(request()), await b.apply(request())];
    expect(service.requests).toHaveLength(2);
    expect([ha['X-Security-Token'], hb['X-Security-Token']]).toEqual(['gQtoken-1', 'gQtoken-2']);
    expect(keys.size).toBe(2);
  });
});
