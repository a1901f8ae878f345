// One region's rows of the check table: each read is a step that becomes an OK or FAIL row (the failure
// diagnosed, with the endpoint it went to), or a SKIP row when an earlier read left nothing to read from.

import type { CollectorName } from '../collectors/types.js';
import type { RegionConfig } from '../config.js';
import { resolveEndpoint } from '../huaweicloud/endpoints.js';
import type { ServiceName } from '../huaweicloud/observer.js';
import { diagnose } from './diagnose.js';

export interface CheckRow {
  /** The region, as `<account>/<region>` when the config has accounts. */
  region: string;
  collector: CollectorName | '-';
  operation: string;
  result: 'OK' | 'FAIL' | 'SKIP';
  detail: string;
}

export class Region {
  readonly rows: CheckRow[] = [];
  readonly #where: string;
  constructor(
    readonly config: RegionConfig,
    readonly env: Readonly<Record<string, string | undefined>>,
    account?: string,
  ) {
    this.#where = account === undefined ? config.name : `${account}/${config.name}`;
  }

  endpoint(service: string): string | undefined {
    try {
      const override = this.config.endpoints?.[service as keyof RegionConfig['endpoints'] & string];
      const overrides = override === undefined ? undefined : { [service]: override };
      return resolveEndpoint(service as ServiceName, this.config.name, overrides, this.env);
    } catch {
      return undefined;
    }
  }

  /** Runs one read; a row either way. Resolves with whether it succeeded. */
  async step(
    collector: CheckRow['collector'],
    operation: string,
    service: string,
    run: () => Promise<string>,
  ) {
    try {
      const detail = await run();
      this.rows.push({ region: this.#where, collector, operation, result: 'OK', detail });
      return true;
    } catch (error) {
      const detail = diagnose(error, this.endpoint(service));
      this.rows.push({ region: this.#where, collector, operation, result: 'FAIL', detail });
      return false;
    }
  }

  skip(collector: CheckRow['collector'], operation: string, detail: string): void {
    this.rows.push({ region: this.#where, collector, operation, result: 'SKIP', detail });
  }
}
