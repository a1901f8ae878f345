// Turning a caller's aborted signal into the client's error type, for the waits the client does itself
// (between pages, on the shared project-id lookup); the transport maps aborts of requests in flight.

import type { HuaweiCloudError } from '../errors.js';
import { abortError } from '../http/failures.js';
import type { ServiceName } from '../observer.js';

/** ABORTED, or TIMEOUT when the signal was a deadline (AbortSignal.timeout gives a TimeoutError reason). */
export function abortedError(signal: AbortSignal, service: ServiceName, operation: string): HuaweiCloudError {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  return abortError({ service, operation }, timedOut ? 'timeout' : 'aborted', undefined, 0, reason);
}
