// `engines` is honest: every runtime dependency (the lock file's view) supports every Node version the package
// says it runs on, and everything `npm ci` installed supports the Node running the tests, so `npm ci` prints
// no EBADENGINE warning (CI runs this on Node 20 and 26). cookie 2, pulled in by fastify's light-my-request,
// asks for Node 22; package.json overrides it to cookie 1.1, which exports the same stringifySetCookie.
// (The dev tools, vite and vitest, need Node 20.19+, more than the exporter itself.)

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const read = (path: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8'));
const manifest = read('package.json') as { engines: { node: string } };
const lock = read('package-lock.json') as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }>;
};

describe('engines', () => {
  it('names a Node range with a lower bound', () => {
    expect(semver.validRange(manifest.engines.node)).not.toBeNull();
    expect(semver.minVersion(manifest.engines.node)?.major).toBe(20);
  });

  const locked = Object.entries(lock.packages).flatMap(([path, entry]) => {
    const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    return path === '' || node === undefined ? [] : [{ path, node, entry }];
  });

  it('every package a user installs supports all of it', () => {
    const ours = manifest.engines.node;
    const narrower = locked
      .filter(({ entry }) => entry.dev !== true)
      .filter(({ node }) => !semver.subset(ours, node))
      .map(({ path, node, entry }) => `${path}@${entry.version}: node ${node}`);
    expect(narrower, `packages that need more than node ${ours}`).toEqual([]);
  });

  it(`every package npm ci installed here supports this Node (${process.version})`, () => {
    const unsupported = locked
      .filter(({ path }) => existsSync(fileURLToPath(new URL(`../../${path}`, import.meta.url))))
      .filter(({ node }) => !semver.satisfies(process.version, node))
      .map(({ path, node, entry }) => `${path}@${entry.version}: node ${node}`);
    expect(unsupported).toEqual([]);
  });

  it('the lock file records the same range as package.json', () => {
    expect(lock.packages['']?.engines).toEqual({ node: manifest.engines.node });
  });
});
