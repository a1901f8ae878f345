// Reading a config: file → YAML → schema → secrets from files. Every failure is a ConfigError listing all the
// problems found, each naming its key path, so one run of --config.check shows everything to fix.

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { type ExplicitCredentials, type Problem, resolveCredentials } from './credentials.js';
import { ConfigError, configErrorMap, describeIssues, formatPath } from './errors.js';
import { type ConfigFile, configSchema } from './schema.js';

export interface LoadedConfig {
  /** Where it came from: the file path, or a label such as "(demo)". */
  source: string;
  config: ConfigFile;
  /** Explicit credentials from the file (inline or `*_file`); undefined = the client's chain decides. */
  credentials: ExplicitCredentials | undefined;
}

/** Validates already-parsed data (YAML/JSON) against the schema; throws ConfigError. */
export function validateConfig(data: unknown, source: string): ConfigFile {
  if (data === null || data === undefined) throw new ConfigError(source, ['(top level): the file is empty']);
  const result = configSchema.safeParse(data, { error: configErrorMap });
  if (!result.success) throw new ConfigError(source, describeIssues(result.error.issues));
  return result.data;
}

/** Parses YAML text; `baseDir` anchors relative `*_file` paths. */
export async function parseConfigText(text: string, source: string, baseDir: string): Promise<LoadedConfig> {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((e) => {
        const at = e.linePos?.[0];
        const where = at === undefined ? '' : `line ${at.line}, column ${at.col}: `;
        // prettyErrors appends " at line L, column C:" and a code excerpt; the position is already in front.
        const message = (e.message.split('\n')[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, '');
        return `${where}YAML syntax error: ${message}`;
      }),
    );
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError(source, [`YAML error: ${(error as Error).message}`]);
  }
  // Validated once, here: the engine takes what the schema passed (config/engine-settings.ts maps it).
  const config = validateConfig(data, source);
  const problems: Problem[] = [];
  const credentials = await resolveCredentials(config.credentials, (p) => resolve(baseDir, p), problems);
  if (problems.length > 0) {
    throw new ConfigError(
      source,
      problems.map((p) => `${formatPath(p.path)}: ${p.message}`),
    );
  }
  return { source, config, credentials };
}

export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError(path, [`cannot read the config file (${code})`]);
  }
  return parseConfigText(text, path, dirname(resolve(path)));
}
