// Property-based fuzzing of signing canonicalisation with hostile input: path segments, query pairs and
// header names such as `__proto__`/`constructor`, percent signs, dots, unicode with lone surrogates, values
// with surrounding whitespace, very long parts. Whatever goes in, the client either refuses it before sending
// (HuaweiCloudError CONFIG) or signs something the simulator's independent verifier accepts — checked both
// in memory and over real HTTP (undici → node:http → simulator). Refusals never quote the AK or SK.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/huaweicloud/credentials/authenticator.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';
import { createTransport } from '../../src/huaweicloud/http/transport.js';
import { Secret } from '../../src/huaweicloud/secret.js';
import { buildWireUrl, sign } from '../../src/huaweicloud/signer.js';
import type { Transport } from '../../src/huaweicloud/transport-types.js';
import { verifySignature } from '../../src/simulator/auth/verifier.js';
import { type SimulatorHandle, startSimulator } from '../../src/simulator/index.js';
import { watchProcessFailures } from './helpers/harness.js';

const AK = 'SIGNFUZZAK0000000001';
const SK = 'sign-fuzz-secret-key-0000000000000000000';
const DATE = '20250301T120000Z';
const DATE_MS = Date.UTC(2025, 2, 1, 12, 0, 0);

const PROTO_WORDS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];
const hostileText = fc.oneof(
  fc.constantFrom(
    ...PROTO_WORDS,
    '',
    '.',
    '..',
    '%',
    '%2F',
    '%zz',
    '+',
    ' ',
    'a b',
    '~',
    '/',
    '?',
    '#',
    '&',
    '=',
  ),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  // Long, but within what a gateway accepts on a request line (node answers 431 past 16 KiB of head).
  fc.string({ unit: 'grapheme', minLength: 300, maxLength: 600 }),
);
const headerName = fc.oneof(
  fc.constantFrom(
    ...PROTO_WORDS,
    'X-Proto',
    'x-sdk-date',
    'Host',
    'Authorization',
    'X-Security-Token',
    'Content-Type',
  ),
  fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,20}$/),
  fc.string({ maxLength: 8 }),
);
const headerValue = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }) },
  fc.string({ maxLength: 30 }).map((s) => ` \t${s}\t `),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
/** Own properties even for `__proto__` (as JSON.parse makes them): a plain `obj[name] = v` would not be. */
function pairsToObject(pairs: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    Object.defineProperty(out, name, { value, enumerable: true, configurable: true, writable: true });
  }
  return out;
}

const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }).map(pairsToObject);

const query = fc.array(fc.tuple(hostileText, hostileText), { maxLength: 5 });

function lowerCased(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([n, v]) => [n.toLowerCase(), v]));
}

/** A refusal: CONFIG, before anything is sent, without the key pair in it. */
function expectRefusal(error: unknown): void {
  if (!(error instanceof HuaweiCloudError)) throw error;
  expect(error.code).toBe('CONFIG');
  expect(error.message).not.toContain(SK);
  expect(error.message).not.toContain(AK);
}

describe('in memory: signer → simulator verifier', () => {
  it('signs what the verifier accepts, or refuses with CONFIG', () => {
    fc.assert(
      fc.property(
        fc.array(hostileText, { minLength: 1, maxLength: 4 }),
        query,
        headers,
        fc.string({ maxLength: 64 }),
        (segments, pairs, given, body) => {
          let url: URL;
          let signed: ReturnType<typeof sign>;
          try {
            url = buildWireUrl('http://127.0.0.1:8080/swr', segments, pairs);
            signed = sign({ method: 'POST', url, headers: given, body, ak: AK, sk: SK, date: DATE });
          } catch (error) {
            expectRefusal(error);
            return;
          }
          const verdict = verifySignature(
            {
              method: 'POST',
              url: `${url.pathname}${url.search}`,
              headers: lowerCased(signed.headers),
              body: Buffer.from(body, 'utf8'),
            },
            { lookup: (ak) => (ak === AK ? { sk: SK } : undefined), nowMs: DATE_MS },
          );
          expect(verdict).toEqual({ ok: true, ak: AK });
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('keys made of anything: refused without being quoted, or signed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (ak, sk) => {
        try {
          sign({
            method: 'GET',
            url: new URL('http://127.0.0.1/x'),
            headers: {},
            body: '',
            ak: `${ak}${AK}`,
            sk: `${sk}${SK}`,
          });
        } catch (error) {
          if (!(error instanceof HuaweiCloudError)) throw error;
          expect(error.message).not.toContain(SK);
          expect(error.message).not.toContain(AK);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('over HTTP: client transport → simulator', () => {
  let sim: SimulatorHandle;
  let transport: Transport;
  const watch = watchProcessFailures();

  beforeAll(async () => {
    // A lock would turn every later request into a 401 and hide which input broke the signature.
    sim = await startSimulator({
      seed: 3,
      scale: { regions: 1 },
      ak: AK,
      sk: SK,
      lockSeconds: 0,
      quotas: {},
    });
    // No retries and no client-side rate limit (20/s by default): each run is one request, sent at once.
    const options = {
      region: 'cn-north-4',
      retries: { max: 0 },
      limits: { swr: { ratePerSecond: 0 } },
      env: {},
    };
    let send: Transport['send'] = () => Promise.reject(new Error('not ready'));
    const authenticator = await createAuthenticator(
      { ...options, credentials: { kind: 'aksk', ak: new Secret(AK), sk: new Secret(SK) } },
      (req) => send(req),
    );
    transport = createTransport({
      region: 'cn-north-4',
      endpointFor: (service) => sim.endpoints[service],
      authenticator,
      options,
    });
    send = (req) => transport.send(req);
  });
  afterAll(async () => {
    await transport?.close();
    await sim?.close();
    watch.stop();
  });

  const RUNS = 500;
  it('every request that leaves the client passes the gateway signature check', async () => {
    const pid = sim.regions[0]?.projectId ?? '';
    await fc.assert(
      fc.asyncProperty(hostileText, query, headers, async (segment, pairs, given) => {
        try {
          await transport.send({
            service: 'swr',
            operation: 'FuzzShowRegistry',
            method: 'GET',
            path: ['v2', pid, 'instances', segment, 'registries'],
            query: pairs,
            headers: given,
            projectId: pid,
          });
        } catch (error) {
          if (!(error instanceof HuaweiCloudError)) throw error;
          // 404 (no such instance) or 400 (a query parameter the API refuses) prove the signature passed.
          expect(error.status, error.message).not.toBe(401);
          expect(error.code).not.toBe('AUTH_FAILED');
          expect(error.message).not.toContain(SK);
        }
      }),
      { numRuns: RUNS },
    );
    const entries = sim.requestLog.entries();
    expect(entries.filter((e) => e.auth === 'failed')).toEqual([]);
    // Not vacuous: most inputs really went over the wire and through the verifier.
    expect(entries.filter((e) => e.auth === 'aksk').length).toBeGreaterThan(RUNS / 3);
    expect(watch.failures).toEqual([]);
  });
});
