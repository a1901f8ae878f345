// The client facade: endpoints + credentials + transport + operations for one region.

import type { RegionApi } from './api.js';
import { configError } from './config-error.js';
import type { AgencyKeys } from './credentials/agency-keys.js';
import { type Authenticator, createAuthenticator } from './credentials/authenticator.js';
import { resolveEndpoint } from './endpoints.js';
import { HuaweiCloudError } from './errors.js';
import { createTransport } from './http/transport.js';
import type { ServiceName } from './observer.js';
import { createRegionOperations } from './operations/region.js';
import type { ClientOptions } from './options.js';
import { checkClientOptions } from './options-check.js';

export type RegionClient = RegionApi & {
  /** Closes the connection pools; calls after close fail with 'ABORTED'. */
  close(): Promise<void>;
};

const API_SERVICES: readonly ServiceName[] = ['swr', 'hss', 'apig', 'roma', 'iam', 'metadata'];

/** Resolves every service's base URL up front, so a bad region or override fails here, not mid-scrape. */
function endpointTable(options: ClientOptions, env: Readonly<Record<string, string | undefined>>) {
  const table = new Map<ServiceName, string>();
  for (const service of API_SERVICES) {
    table.set(service, resolveEndpoint(service, options.region, options.endpoints, env));
  }
  return (service: ServiceName): string => {
    const url = table.get(service);
    if (url === undefined) {
      throw configError(`no endpoint for service ${service}`, service);
    }
    return url;
  };
}

/**
 * Builds the client for options.region. Credentials are resolved here (explicit → env → file → metadata), so a
 * missing or unusable credential fails now with 'CREDENTIALS'; the project id is resolved lazily (projectId()).
 */
export async function createRegionApi(
  options: ClientOptions,
  shared: {
    /**
     * Where an agency's temporary keys (`options.assume`) live. The exporter passes one for the process, so
     * all regions of an account, and a reload's new clients, sign with one set. Default: this client's own.
     */
    agencyKeys?: AgencyKeys | undefined;
  } = {},
): Promise<RegionClient> {
  checkClientOptions(options);
  const env = options.env ?? process.env;
  const endpointFor = endpointTable(options, env);

  // The transport signs through the authenticator, and the authenticator fetches tokens and temporary keys
  // through the transport (unauthenticated). The holder breaks the cycle: it is filled before any
  // authenticated request can be sent.
  let credentials: Authenticator | undefined;
  const authenticator: Authenticator = {
    apply(req, signal) {
      if (credentials === undefined) {
        throw new HuaweiCloudError({ code: 'CREDENTIALS', message: 'credentials are not initialised yet' });
      }
      return credentials.apply(req, signal);
    },
    get source() {
      return credentials?.source ?? 'uninitialised';
    },
    get projectId() {
      return credentials?.projectId;
    },
    get identity() {
      return credentials === undefined ? 'unauthenticated' : (credentials.identity ?? credentials.source);
    },
    invalidate() {
      credentials?.invalidate();
    },
    get assumer() {
      return credentials?.assumer;
    },
  };
  const clock = options.clock;
  const transport = createTransport({
    region: options.region,
    endpointFor,
    authenticator,
    options,
    // Huawei counts an agency's securitytokens call against the user who asks for it: the assumer.
    identity: (signer) => {
      const assumer = signer === 'assumer' ? authenticator.assumer : undefined;
      return (assumer === undefined ? authenticator.identity : (assumer.identity ?? assumer.source)) ?? '';
    },
    ...(clock === undefined
      ? {}
      : { now: () => clock.now(), sleep: (ms, signal) => clock.sleep(ms, signal) }),
  });

  // An assumed agency acts in the delegating account: a project id of the assumer's is not its.
  const ownProjectOnly = options.regionalProjectIdOnly === true || options.assume !== undefined;
  try {
    // Credential requests go unauthenticated, except an agency's, which its assumer signs.
    // Signatures, token and key expiry follow the client's clock, as call budgets do (a simulation's).
    const resolved = await createAuthenticator(
      options,
      (req) => transport.send({ ...req, auth: req.auth === 'assumer' ? 'assumer' : 'none' }),
      clock === undefined ? undefined : () => clock.now(),
      shared.agencyKeys,
    );
    credentials = resolved;
    const api = createRegionOperations({
      region: options.region,
      transport,
      // Precedence: configured, then the credentials' own (env/file), then HUAWEICLOUD_SDK_PROJECT_ID, then IAM;
      // only configured or IAM when the project id must be the region's own.
      projectId: options.projectId ?? (ownProjectOnly ? undefined : resolved.projectId),
      env: ownProjectOnly ? undefined : env,
      maxPages: options.maxPages,
      observer: options.observer,
    });
    return {
      ...api,
      close: () => {
        resolved.release?.();
        return transport.close();
      },
    };
  } catch (e) {
    // Let go of shared agency keys too: a closed transport left among their senders would fail renewals.
    credentials?.release?.();
    await transport.close();
    throw e;
  }
}
