// Reading one setting from the environment, directly (`NAME`) or from a file (`NAME_FILE`, as container
// platforms mount secrets). Values are trimmed; an empty variable counts as unset, an empty file as a mistake.

import { readFile } from 'node:fs/promises';
import { credentialsError } from './common.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvValue {
  value: string;
  /** The variable that supplied it: `NAME` or `NAME_FILE`. */
  from: string;
}

const present = (env: Env, name: string): boolean => (env[name]?.trim() ?? '') !== '';

/** True when NAME or NAME_FILE is set. */
export function isSet(env: Env, name: string): boolean {
  return present(env, name) || present(env, `${name}_FILE`);
}

/** Reads a file-held value; errors name the variable and the path (never the content). */
export async function readValueFile(path: string, what: string): Promise<string> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw credentialsError(`${what} names ${path}, which cannot be read (${code})`);
  }
  const value = content.trim();
  if (value === '') throw credentialsError(`${what} names ${path}, which is empty`);
  return value;
}

/** NAME or NAME_FILE; both at once is refused, as it is unclear which one the user meant. */
export async function readEnvValue(env: Env, name: string): Promise<EnvValue | undefined> {
  const fileVar = `${name}_FILE`;
  const direct = present(env, name);
  const viaFile = present(env, fileVar);
  if (direct && viaFile) throw credentialsError(`set either ${name} or ${fileVar}, not both`);
  if (direct) return { value: (env[name] ?? '').trim(), from: name };
  if (viaFile) return { value: await readValueFile((env[fileVar] ?? '').trim(), fileVar), from: fileVar };
  return undefined;
}
