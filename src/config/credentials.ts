// The credentials section: which combinations make sense, and turning `*_file` keys into Secret values.
// Clear-text secrets in the file are refused unless the user opted in with `allow_inline_secrets: true`.

import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import type { PasswordCredentials, StaticCredentials } from '../huaweicloud/options.js';
import { Secret } from '../huaweicloud/secret.js';
import { filePath, nonEmptyText, secretText } from './fields.js';

// The section's schema lives here, next to its cross-key rules, so config/schema.ts depends on this file and
// not the other way round.
export const credentialsSchema = z.strictObject({
  ak: secretText.optional(),
  ak_file: filePath.optional(),
  sk: secretText.optional(),
  sk_file: filePath.optional(),
  security_token: secretText.optional(),
  security_token_file: filePath.optional(),
  iam_user: nonEmptyText.optional(),
  iam_domain: nonEmptyText.optional(),
  iam_password: secretText.optional(),
  iam_password_file: filePath.optional(),
  /** When nothing explicit is given: environment → credentials file → ECS metadata. */
  use_chain: z.boolean().default(true),
});

export type CredentialsConfig = z.output<typeof credentialsSchema>;

type SecretKey = 'ak' | 'sk' | 'security_token' | 'iam_password';
const SECRET_KEYS: readonly SecretKey[] = ['ak', 'sk', 'security_token', 'iam_password'];
const ENV_HINT: Record<SecretKey, string> = {
  ak: 'HUAWEICLOUD_SDK_AK',
  sk: 'HUAWEICLOUD_SDK_SK',
  security_token: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  iam_password: 'a file',
};

export interface Problem {
  path: Array<string | number>;
  message: string;
}

const given = (c: CredentialsConfig, key: SecretKey) =>
  c[key] !== undefined || c[`${key}_file`] !== undefined;

/** Cross-key rules of the credentials section, as problems located under `credentials`. */
export function credentialProblems(c: CredentialsConfig, allowInlineSecrets: boolean): Problem[] {
  const problems: Problem[] = [];
  const at = (key: string, message: string) => problems.push({ path: ['credentials', key], message });
  for (const key of SECRET_KEYS) {
    if (c[key] !== undefined && c[`${key}_file`] !== undefined)
      at(key, `set either ${key} or ${key}_file, not both`);
    else if (c[key] !== undefined && !allowInlineSecrets) {
      const env = key === 'iam_password' ? '' : ` or the environment (${ENV_HINT[key]})`;
      at(
        key,
        `secrets in the config file are refused: use ${key}_file${env}, or set allow_inline_secrets: true`,
      );
    }
  }
  const accessKey = given(c, 'ak') || given(c, 'sk') || given(c, 'security_token');
  const iamUser = c.iam_user !== undefined || c.iam_domain !== undefined || given(c, 'iam_password');
  if (accessKey && iamUser) {
    problems.push({
      path: ['credentials'],
      message:
        'use either an access key (ak, sk) or an IAM user (iam_user, iam_domain, iam_password), not both',
    });
    return problems;
  }
  if (accessKey) {
    if (!given(c, 'ak')) at('ak', 'is required with sk or security_token (give ak or ak_file)');
    if (!given(c, 'sk')) at('sk', 'is required with ak (give sk or sk_file)');
  }
  if (iamUser) {
    if (c.iam_user === undefined) at('iam_user', 'is required for IAM password authentication');
    if (c.iam_domain === undefined) at('iam_domain', 'is required for IAM password authentication');
    if (!given(c, 'iam_password')) at('iam_password', 'is required with iam_user (give iam_password_file)');
  }
  return problems;
}

async function readSecretFile(path: string, key: string, problems: Problem[]): Promise<Secret | undefined> {
  try {
    const value = (await readFile(path, 'utf8')).trim();
    if (value === '') problems.push({ path: ['credentials', `${key}_file`], message: `${path} is empty` });
    return value === '' ? undefined : new Secret(value);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    problems.push({ path: ['credentials', `${key}_file`], message: `cannot read ${path} (${code})` });
    return undefined;
  }
}

export type ExplicitCredentials = StaticCredentials | PasswordCredentials;

/**
 * Reads the `*_file` secrets (relative paths are taken from the config file's directory). Undefined when the
 * section names no explicit credentials, i.e. the client's chain decides.
 */
export async function resolveCredentials(
  c: CredentialsConfig | undefined,
  resolvePath: (path: string) => string,
  problems: Problem[],
): Promise<ExplicitCredentials | undefined> {
  if (c === undefined) return undefined;
  const secretOf = async (key: SecretKey) => {
    const file = c[`${key}_file`];
    return file === undefined ? c[key] : readSecretFile(resolvePath(file), key, problems);
  };
  if (given(c, 'ak')) {
    // One after another: each unreadable file adds its problem, and the problems keep the keys' order.
    const ak = await secretOf('ak');
    const sk = await secretOf('sk');
    const securityToken = await secretOf('security_token');
    if (ak === undefined || sk === undefined) return undefined;
    return { kind: 'aksk', ak, sk, ...(securityToken === undefined ? {} : { securityToken }) };
  }
  if (c.iam_user !== undefined && c.iam_domain !== undefined) {
    const password = await secretOf('iam_password');
    if (password === undefined) return undefined;
    return { kind: 'password', user: c.iam_user, domain: c.iam_domain, password };
  }
  return undefined;
}
