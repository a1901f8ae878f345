// Label value hygiene: upstream strings become label values as they are, except where a value could carry
// a credential (user info in a URL) or be missing.

const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i;

/** `https://user:pass@host/x` → `https://host/x` (also without a scheme); other values are unchanged. */
export function withoutUserInfo(url: string): string {
  return url.replace(USER_INFO, (_match, scheme: string | undefined) => scheme ?? '');
}

export function optionalLabel(value: string | undefined | null): string {
  return value ?? '';
}

export function booleanLabel(value: boolean): string {
  return value ? 'true' : 'false';
}
