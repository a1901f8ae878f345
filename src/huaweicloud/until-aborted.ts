// Waiting on shared work (a token renewal, the project-id lookup) without letting one caller's abort cancel it
// for the others: the caller stops waiting, the work carries on for whoever else waits on it.

/** Resolves with `work` unless `signal` aborts first; then rejects with `reasonFor(signal)` (default its reason). */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  reasonFor: (signal: AbortSignal) => unknown = (s) => s.reason,
): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.reject(reasonFor(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reasonFor(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
