// The signature gate (src/huaweicloud/http/signature-gate.ts): one request at a time for an unproven access
// key, the waiting ones failed unsent when it is rejected, free flow once a key has been accepted.

import { describe, expect, it } from 'vitest';
import {
  accessKeyOf,
  SignatureGate,
  SignatureRejectedElsewhere,
} from '../../src/huaweicloud/http/signature-gate.js';

const never = new AbortController().signal;

/** Resolves to 'admitted' or the error's name once the promise settles; 'waiting' if it has not yet. */
async function stateOf(p: Promise<unknown>): Promise<string> {
  const marker = Symbol('pending');
  const result = await Promise.race([
    p.then(
      () => 'admitted',
      (e: unknown) => (e instanceof Error ? e.name : String(e)),
    ),
    new Promise((resolve) => setImmediate(() => resolve(marker))),
  ]);
  return result === marker ? 'waiting' : (result as string);
}

describe('signature gate', () => {
  it('lets one request probe an unproven key and the rest follow once it is accepted', async () => {
    const gate = new SignatureGate();
    const probe = await gate.enter('AK1', never);
    const waiting = [gate.enter('AK1', never), gate.enter('AK1', never)];
    expect(await Promise.all(waiting.map(stateOf))).toEqual(['waiting', 'waiting']);
    probe.settle(200);
    expect(await Promise.all(waiting.map(stateOf))).toEqual(['admitted', 'admitted']);
    // Trusted now: no waiting at all, even with several in flight.
    const passes = await Promise.all([gate.enter('AK1', never), gate.enter('AK1', never)]);
    expect(passes).toHaveLength(2);
  });

  it('fails the waiting requests unsent when the probe gets a 401, and probes again later', async () => {
    const gate = new SignatureGate();
    const probe = await gate.enter('AK2', never);
    const waiting = [gate.enter('AK2', never), gate.enter('AK2', never), gate.enter('AK2', never)];
    probe.settle(401);
    for (const w of waiting) await expect(w).rejects.toBeInstanceOf(SignatureRejectedElsewhere);
    // The next wave gets one probe again (the key may have been fixed by a reload): it is not refused.
    const next = await gate.enter('AK2', never);
    expect(await stateOf(gate.enter('AK2', never))).toBe('waiting');
    next.settle(200);
  });

  it('hands the probe on when it got no answer (network error, timeout)', async () => {
    const gate = new SignatureGate();
    const first = await gate.enter('AK3', never);
    const second = gate.enter('AK3', never);
    const third = gate.enter('AK3', never);
    first.settle(0);
    expect(await stateOf(second)).toBe('admitted');
    expect(await stateOf(third)).toBe('waiting');
    (await second).settle(503); // any HTTP answer other than 401 accepted the signature
    expect(await stateOf(third)).toBe('admitted');
  });

  it('serialises again after a trusted key meets a 401 (rotated or revoked key)', async () => {
    const gate = new SignatureGate();
    (await gate.enter('AK4', never)).settle(200);
    const inFlight = await gate.enter('AK4', never);
    inFlight.settle(401);
    const probe = await gate.enter('AK4', never);
    expect(await stateOf(gate.enter('AK4', never))).toBe('waiting');
    probe.settle(200);
  });

  it('stops waiting when the caller aborts, and keeps keys apart', async () => {
    const gate = new SignatureGate();
    await gate.enter('AK5', never);
    const controller = new AbortController();
    const waiting = gate.enter('AK5', controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(await stateOf(gate.enter('OTHER', never))).toBe('admitted');
    expect(await stateOf(gate.enter(undefined, never))).toBe('admitted');
  });

  it('reads the AK from an SDK-HMAC-SHA256 Authorization header only', () => {
    expect(
      accessKeyOf({ Authorization: 'SDK-HMAC-SHA256 Access=AKXYZ, SignedHeaders=host, Signature=ab' }),
    ).toBe('AKXYZ');
    expect(accessKeyOf({ 'X-Auth-Token': 'MIItoken' })).toBeUndefined();
    expect(accessKeyOf({})).toBeUndefined();
  });
});
