// The one list of collectors, in exposition order: the only place a collector is named. Everything that
// depends on which collectors exist derives from it (collectors/index.ts and its users).

import { apigSignatureKeys } from './apig-signature-keys/index.js';
import { hssRegistries } from './hss-registries.js';
import { swrRegistries } from './swr-registries.js';
import { swrReplication } from './swr-replication.js';
import { swrRetention } from './swr-retention.js';
import { swrSigning } from './swr-signing/index.js';

export const COLLECTORS = [
  swrSigning,
  swrRegistries,
  hssRegistries,
  apigSignatureKeys,
  swrReplication,
  swrRetention,
] as const;
