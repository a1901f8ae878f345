// Whether a request's Accept-Encoding lets us answer with gzip (RFC 9110 §12.5.3). A coding with q=0 is
// refused, not merely listed, so a substring match would gzip for "gzip;q=0"; "*" stands for every coding
// the header does not name, gzip included.

/** The q weight of one list member's parameters; a missing or malformed q counts as 1, as if absent. */
function weight(params: readonly string[]): number {
  for (const param of params) {
    const [name, value] = param.split('=', 2);
    if (name?.trim().toLowerCase() !== 'q' || value === undefined) continue;
    const text = value.trim();
    const q = Number(text);
    return text !== '' && Number.isFinite(q) && q >= 0 && q <= 1 ? q : 1;
  }
  return 1;
}

export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let named: number | undefined;
  let anyOther: number | undefined;
  for (const member of header.split(',')) {
    const [coding = '', ...params] = member.split(';');
    const name = coding.trim().toLowerCase();
    // x-gzip is gzip's old name (RFC 9110 §8.4.1.3); the highest weight given to either counts.
    if (name === 'gzip' || name === 'x-gzip') named = Math.max(named ?? 0, weight(params));
    else if (name === '*') anyOther = weight(params);
  }
  return (named ?? anyOther ?? 0) > 0;
}
