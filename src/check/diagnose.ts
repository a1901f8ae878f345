// Turns a failed check call into the one thing an operator has to fix: the IAM action their policy lacks,
// the clock, the endpoint, or the credentials. Upstream text is kept (it names the cause) but passes through
// the same scrubbing as collector errors.

import { describeError } from '../collectors/failures.js';
import { isHuaweiCloudError } from '../huaweicloud/errors.js';
import { actionForOperation } from './iam-actions.js';

const IAM_ACTION = /\b([a-z]+:[A-Za-z]+:[A-Za-z]+)\b/;
const CLOCK_WORDS = /x-sdk-date|server time|clock|request time|timestamp/i;

/** One line for the table's DETAIL column; `endpoint` is the base URL the call went to. */
export function diagnose(error: unknown, endpoint: string | undefined): string {
  if (!isHuaweiCloudError(error)) return describeError(error);
  const upstream = error.errorCode === undefined ? '' : ` ${error.errorCode}`;
  if (error.code === 'AUTH_FAILED' && error.status === 403) {
    const named = IAM_ACTION.exec(error.errorMsg ?? '')?.[1];
    const action = named ?? actionForOperation(error.service, error.operation);
    return action === undefined
      ? `refused (403${upstream}): a permission is missing: ${describeError(error)}`
      : `missing IAM action ${action} (403${upstream}): add it to the policy (deploy/iam-policy.json)`;
  }
  if (error.code === 'AUTH_FAILED' && CLOCK_WORDS.test(error.errorMsg ?? error.message)) {
    return `clock skew: the signature's time is off from the server's (401${upstream}); sync this host's clock (NTP)`;
  }
  if (error.code === 'AUTH_FAILED') {
    return `credentials rejected (${error.status ?? 401}${upstream}): check the AK/SK; ${describeError(error)}`;
  }
  if (error.code === 'NETWORK' || error.code === 'TIMEOUT') {
    return `wrong endpoint? ${endpoint ?? 'the endpoint'} is unreachable: ${describeError(error)}`;
  }
  // NO_SUCH_API: the gateway's APIG(W).0101 (the client's code since issue 16); a bare 404 with no error
  // code is no answer of an API either.
  if (error.code === 'NO_SUCH_API' || (error.code === 'NOT_FOUND' && error.errorCode === undefined)) {
    return `wrong endpoint? ${endpoint ?? 'the endpoint'} has no such API (404${upstream}): check regions[].endpoints`;
  }
  if (error.code === 'CREDENTIALS') return `credentials: ${describeError(error)}`;
  return describeError(error);
}
