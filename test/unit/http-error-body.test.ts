import { describe, expect, it } from 'vitest';
import { MAX_ERROR_MSG_CHARS, parseErrorBody } from '../../src/huaweicloud/http/error-body.js';

describe('parseErrorBody', () => {
  it('reads {error_code, error_msg, request_id} (APIGW, HSS, APIG)', () => {
    const body = JSON.stringify({
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      error_code: 'APIGW.0301',
      request_id: 'req-in-body',
    });
    expect(parseErrorBody(body)).toEqual({
      errorCode: 'APIGW.0301',
      errorMsg: 'Incorrect IAM authentication information: verify aksk signature fail',
      requestId: 'req-in-body',
    });
  });

  it('reads {code, message}', () => {
    expect(parseErrorBody('{"code":"SWR.0001","message":"bad thing"}')).toEqual({
      errorCode: 'SWR.0001',
      errorMsg: 'bad thing',
      requestId: undefined,
    });
  });

  it("reads SWR's double shape, preferring the top-level pair", () => {
    const body = JSON.stringify({
      errors: [{ errorCode: 'DENIED', errorMessage: 'denied', detail: '' }],
      error_code: 'SVCSTG.SWR.4030170',
      error_msg: 'Insufficient permissions',
      details: [{ error_code: 'X', error_msg: 'y' }],
      encoded_authorization_message: 'AAAA',
    });
    expect(parseErrorBody(body)).toMatchObject({
      errorCode: 'SVCSTG.SWR.4030170',
      errorMsg: 'Insufficient permissions',
    });
  });

  it('falls back to the first element of `errors` when the top level has no pair', () => {
    const body = JSON.stringify({ errors: [{ errorCode: 'UNAUTHORIZED', errorMessage: 'token expired' }] });
    expect(parseErrorBody(body)).toMatchObject({ errorCode: 'UNAUTHORIZED', errorMsg: 'token expired' });
  });

  it('reads a pair nested one level down, numeric codes included (IAM)', () => {
    const body = JSON.stringify({
      error: {
        code: 401,
        message: 'The request you have made requires authentication.',
        title: 'Unauthorized',
      },
    });
    expect(parseErrorBody(body)).toEqual({
      errorCode: '401',
      errorMsg: 'The request you have made requires authentication.',
      requestId: undefined,
    });
    expect(parseErrorBody('{"error":{"error_code":"X.1","error_msg":"m","request_id":"rid"}}')).toEqual({
      errorCode: 'X.1',
      errorMsg: 'm',
      requestId: 'rid',
    });
  });

  it('gives nothing for HTML, broken JSON, arrays and scalars', () => {
    const none = { errorCode: undefined, errorMsg: undefined, requestId: undefined };
    expect(parseErrorBody('<html><body>502 Bad Gateway</body></html>')).toEqual(none);
    expect(parseErrorBody('{"error_code": ')).toEqual(none);
    expect(parseErrorBody('[{"error_code":"A"}]')).toEqual(none);
    expect(parseErrorBody('"APIGW.0301"')).toEqual(none);
    expect(parseErrorBody('')).toEqual(none);
  });

  it('reads a plain-text body as the message (ECS metadata answers that way), bounded and single-lined', () => {
    expect(parseErrorBody('Please configure Cloud Service Agency first\n')).toEqual({
      errorCode: undefined,
      errorMsg: 'Please configure Cloud Service Agency first',
      requestId: undefined,
    });
    expect(parseErrorBody(`line one\r\n${'z'.repeat(2_000)}`).errorMsg?.length).toBe(MAX_ERROR_MSG_CHARS);
  });

  it('bounds and single-lines a long echoed message', () => {
    const canonical = `canonicalRequest:GET|/v2/|${'x'.repeat(5_000)}\n|host;x-sdk-date`;
    const fields = parseErrorBody(JSON.stringify({ error_code: 'APIG.0303', error_msg: canonical }));
    expect(fields.errorMsg?.length).toBe(MAX_ERROR_MSG_CHARS);
    expect(fields.errorMsg).not.toContain('\n');
    expect(fields.errorMsg?.endsWith('…')).toBe(true);
  });
});
