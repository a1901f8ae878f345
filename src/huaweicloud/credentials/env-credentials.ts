// Step 2 of the chain: access keys from the environment, as Huawei's SDKs read them (API notes §6.5).
// HUAWEICLOUD_SDK_AK/SK is the SDKs' pair; CLOUD_SDK_AK/SK is what the API pages' samples use. A pair is taken
// whole from one family: half of one and half of the other is almost certainly a mistake.

import { Secret } from '../secret.js';
import { type AccessKey, checkAccessKey, credentialsError } from './common.js';
import { type Env, isSet, readEnvValue } from './env-values.js';

export interface FoundKey {
  key: AccessKey;
  source: string;
  projectId: string | undefined;
}

const FAMILIES = [
  { ak: 'HUAWEICLOUD_SDK_AK', sk: 'HUAWEICLOUD_SDK_SK' },
  { ak: 'CLOUD_SDK_AK', sk: 'CLOUD_SDK_SK' },
] as const;
export const SECURITY_TOKEN_ENV = 'HUAWEICLOUD_SDK_SECURITY_TOKEN';
export const PROJECT_ID_ENV = 'HUAWEICLOUD_SDK_PROJECT_ID';

/** Project ids are 32 hex characters on the public cloud; be lenient, but keep them path- and header-safe. */
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function checkProjectId(value: string, source: string): string {
  if (!PROJECT_ID.test(value)) {
    throw credentialsError(`the project id from ${source} is not a project id (letters, digits, '-', '_')`);
  }
  return value;
}

/** The environment's access key, or undefined when neither family is set. */
export async function readEnvCredentials(env: Env): Promise<FoundKey | undefined> {
  const family = FAMILIES.find((f) => isSet(env, f.ak) || isSet(env, f.sk));
  if (family === undefined) return undefined;
  const ak = await readEnvValue(env, family.ak);
  const sk = await readEnvValue(env, family.sk);
  if (ak === undefined)
    throw credentialsError(`${family.sk} is set but ${family.ak} is not (set it or ${family.ak}_FILE)`);
  if (sk === undefined)
    throw credentialsError(`${family.ak} is set but ${family.sk} is not (set it or ${family.sk}_FILE)`);
  const token = await readEnvValue(env, SECURITY_TOKEN_ENV);
  const project = await readEnvValue(env, PROJECT_ID_ENV);
  const source = `environment (${ak.from})`;
  const key = checkAccessKey(
    { ak: new Secret(ak.value), sk: new Secret(sk.value), securityToken: token && new Secret(token.value) },
    source,
  );
  return {
    key,
    source,
    projectId: project === undefined ? undefined : checkProjectId(project.value, project.from),
  };
}
