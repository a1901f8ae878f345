// Step 3 of the chain: the SDKs' profile file (API notes §6.5), `~/.huaweicloud/credentials` unless
// HUAWEICLOUD_SDK_CREDENTIALS_FILE names another. INI-style; ak, sk, project_id and security_token are read from
// `[basic]`, the section the Go and Python SDKs read for regional services (`[default]` when there is none). A missing default file just passes to the next step; a named file that is missing,
// or a file that exists but is unusable, is an error — the user clearly meant it to be used.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Secret } from '../secret.js';
import { checkAccessKey, credentialsError } from './common.js';
import type { FoundKey } from './env-credentials.js';
import { checkProjectId } from './env-credentials.js';
import type { Env } from './env-values.js';

export const CREDENTIALS_FILE_ENV = 'HUAWEICLOUD_SDK_CREDENTIALS_FILE';
/** In order of preference: the SDKs' section, then the name people tend to write by hand. */
const SECTIONS = ['basic', 'default'] as const;

type Sections = Map<string, Map<string, string>>;

/** `[section]` headers, `key = value` lines, `#`/`;` comments. Errors give the line number, not the line. */
export function parseIni(text: string, path: string): Sections {
  const sections: Sections = new Map();
  let current: Map<string, string> | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[\s*([^\]]*?)\s*\]$/.exec(line);
    if (header !== null) {
      const name = (header[1] ?? '').toLowerCase();
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      return;
    }
    const eq = line.indexOf('=');
    // The line itself is not quoted back: it may hold a key.
    if (eq <= 0) throw credentialsError(`${path} line ${index + 1} is neither [section] nor key = value`);
    if (current === undefined) throw credentialsError(`${path} line ${index + 1} comes before any [section]`);
    current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  });
  return sections;
}

function homeDirectory(env: Env, fallback: (() => string) | undefined): string | undefined {
  const home = env.HOME?.trim() || env.USERPROFILE?.trim();
  return home || fallback?.();
}

/**
 * The file's `[basic]` (else `[default]`) access key, or undefined when there is no file to read. `homedir` is consulted only
 * when the environment has no HOME (tests pass an environment and no homedir, so they never read the real one).
 */
export async function readCredentialsFile(env: Env, homedir?: () => string): Promise<FoundKey | undefined> {
  const named = env[CREDENTIALS_FILE_ENV]?.trim();
  const home = homeDirectory(env, homedir);
  const path = named || (home === undefined ? undefined : join(home, '.huaweicloud', 'credentials'));
  if (path === undefined) return undefined;

  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    if (!named && code === 'ENOENT') return undefined;
    const how = named ? `${CREDENTIALS_FILE_ENV} names ${path}, which` : `the credentials file ${path}`;
    throw credentialsError(`${how} cannot be read (${code})`);
  }

  const sections = parseIni(text, path);
  const name = SECTIONS.find((candidate) => sections.has(candidate));
  const section = name === undefined ? undefined : sections.get(name);
  if (name === undefined || section === undefined) {
    throw credentialsError(`the credentials file ${path} has no [basic] section (nor [default])`);
  }
  const ak = section.get('ak');
  const sk = section.get('sk');
  if (!ak || !sk) {
    const missing = [ak ? undefined : 'ak', sk ? undefined : 'sk']
      .filter((k) => k !== undefined)
      .join(' and ');
    throw credentialsError(`the credentials file ${path} has no ${missing} in [${name}]`);
  }
  const source = `credentials file (${path})`;
  const token = section.get('security_token');
  const projectId = section.get('project_id');
  return {
    key: checkAccessKey(
      { ak: new Secret(ak), sk: new Secret(sk), securityToken: token ? new Secret(token) : undefined },
      source,
    ),
    source,
    projectId: projectId ? checkProjectId(projectId, source) : undefined,
  };
}
