// What one collector refresh has already said. A refresh runs inside its own scope (AsyncLocalStorage, so the
// client's calls made on its behalf — pages read ahead, fan-out, shared discovery it started — see it too),
// and a warning about the same thing is logged once per refresh rather than once per response or page.

import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<Set<string>>();

/** Runs one refresh in a fresh scope. */
export function inRefreshScope<T>(run: () => Promise<T>): Promise<T> {
  return scope.run(new Set(), run);
}

/** True the first time `key` is seen in this refresh; always true outside one (nothing to remember it by). */
export function firstInRefresh(key: string): boolean {
  const seen = scope.getStore();
  if (seen === undefined) return true;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
