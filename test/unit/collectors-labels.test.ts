import { describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '../../src/collectors/deadline.js';
import { describeError, isNotFound, scrubCredentials } from '../../src/collectors/failures.js';
import { withoutUserInfo } from '../../src/collectors/labels.js';
import { HuaweiCloudError } from '../../src/huaweicloud/errors.js';

describe('label hygiene', () => {
  it('drops user info from URLs and addresses, and leaves everything else alone', () => {
    expect(withoutUserInfo('https://robot$ci:pa:ss@harbor.example.com:8443/v2?x=1')).toBe(
      'https://harbor.example.com:8443/v2?x=1',
    );
    expect(withoutUserInfo('user:secret@10.0.0.1:5000')).toBe('10.0.0.1:5000');
    expect(withoutUserInfo('https://harbor.example.com/path@v1')).toBe('https://harbor.example.com/path@v1');
    expect(withoutUserInfo('harbor.example.com')).toBe('harbor.example.com');
    expect(withoutUserInfo('')).toBe('');
  });
});

describe('failure descriptions', () => {
  it('say code, operation, status, upstream code and request id', () => {
    const error = new HuaweiCloudError({
      code: 'AUTH_FAILED',
      message: 'signature rejected',
      service: 'swr',
      operation: 'ListInstance',
      status: 401,
      errorCode: 'APIGW.0301',
      requestId: 'r-9',
    });
    expect(describeError(error)).toBe(
      'AUTH_FAILED in swr/ListInstance: signature rejected; HTTP 401; error_code APIGW.0301; request id r-9',
    );
    expect(describeError(new DeadlineExceededError(9.5))).toBe('scrape deadline of 9.5s exceeded');
    expect(describeError('a string')).toBe('unknown failure');
    expect(isNotFound(new HuaweiCloudError({ code: 'NOT_FOUND', message: 'gone' }))).toBe(true);
    expect(isNotFound(new Error('NOT_FOUND'))).toBe(false);
  });

  it('scrub anything credential-shaped, strip control characters and stay short', () => {
    expect(scrubCredentials('sign_secret=abc&x=1, "access_key": "AKIA", password: hunter2')).toBe(
      'sign_secret=<secret>&x=1, "access_key": <secret>, password: <secret>',
    );
    const long = describeError(new Error(`line1\nline2 ${'x'.repeat(1000)}`));
    expect(long).not.toContain('\n');
    expect(long.length).toBe(500);
  });
});
