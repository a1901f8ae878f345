// What a collector's descriptor gets for `huaweicloud-exporter check`: one cheap read (one item) per
// operation it depends on, each becoming a row (OK, FAIL diagnosed, or SKIP when an earlier read left
// nothing to read from). The check command implements it; collectors never see the table.

import type { RegionApi } from '../huaweicloud/api.js';
import type { OperationInfo } from '../huaweicloud/operations/info.js';
import type { TargetSections } from './contract.js';

export interface CheckReads {
  api: RegionApi;
  /** What the config has the region collect (as the engine's target). */
  target: TargetSections;
  signal: AbortSignal;
  /** One read, a row under this collector either way; resolves with whether it succeeded. */
  step(operation: OperationInfo, run: () => Promise<string>): Promise<boolean>;
  skip(operation: OperationInfo, why: string): void;
  /**
   * A read several collectors start from (the first SWR instance): run by the first of the region's
   * collectors to ask (its rows are that collector's), shared with the others.
   */
  once<T>(key: string, run: () => Promise<T>): Promise<T>;
}

/** The DETAIL of a successful list read. */
export const visible = (n: number, what: string) => `${n} ${what} visible`;
