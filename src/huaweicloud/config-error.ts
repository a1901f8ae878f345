// The one way the client reports bad input from its caller (options, endpoints, ids, path segments, signing
// input): code CONFIG, with the operation's name in front when there is one.

import { HuaweiCloudError } from './errors.js';
import type { ServiceName } from './observer.js';

export function configError(message: string, service?: ServiceName, operation?: string): HuaweiCloudError {
  return new HuaweiCloudError({
    code: 'CONFIG',
    message: operation === undefined ? message : `${operation}: ${message}`,
    service,
    operation,
  });
}
