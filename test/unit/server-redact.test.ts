import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/huaweicloud/secret.js';
import { collectSecretValues, redactText } from '../../src/server/redact.js';

describe('redaction of texts shown to people', () => {
  it('masks every occurrence of a known secret value, longest first', () => {
    const values = collectSecretValues([
      new Secret('AKIDEXAMPLE01'),
      'AKIDEXAMPLE01-suffix',
      undefined,
      'abc',
    ]);
    expect(values).toEqual(['AKIDEXAMPLE01-suffix', 'AKIDEXAMPLE01']);
    expect(redactText('a AKIDEXAMPLE01-suffix b AKIDEXAMPLE01 c abc', values)).toBe(
      'a <secret> b <secret> c abc',
    );
  });

  it('masks signature material by its shape even when the value is unknown', () => {
    const text =
      'Authorization: SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=host;x-sdk-date, ' +
      'Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe; X-Auth-Token: MIIabc.def; ' +
      'Basic dXNlcjpwYXNzd29yZA==';
    expect(redactText(text, [])).toBe(
      'Authorization: SDK-HMAC-SHA256 Access=<secret>, SignedHeaders=host;x-sdk-date, Signature=<secret>; ' +
        'X-Auth-Token: <secret> Basic <secret>',
    );
  });

  it('leaves ordinary error texts alone', () => {
    const text = 'TIMEOUT: ListInstanceSignPolicyExecutions did not answer within 9.5 s (request id 0a1b)';
    expect(redactText(text, ['SomeSecretValue'])).toBe(text);
  });
});
