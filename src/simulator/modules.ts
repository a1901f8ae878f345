// The simulated APIs built as modules (http/api-module.ts): add a module here and the server mounts its
// routes and the IAM check knows its actions. The older families (swr-routes.ts, hss-routes.ts, …) are mounted
// by server.ts directly.

import type { ApiModule } from './http/api-module.js';
import { swrReplication } from './modules/swr-replication.js';
import { swrRetention } from './modules/swr-retention.js';

export const API_MODULES: readonly ApiModule[] = [swrReplication, swrRetention];
