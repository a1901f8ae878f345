// The observer belongs to the exporter; a bug there (a metric with a bad label, say) must not fail a request.
// Every call goes through here and a throwing observer is ignored.

import type { ClientObserver } from '../observer.js';

export type SafeObserver = Required<ClientObserver>;

export function safeObserver(observer: ClientObserver | undefined): SafeObserver {
  const call =
    <K extends keyof ClientObserver>(key: K) =>
    (event: Parameters<Required<ClientObserver>[K]>[0]): void => {
      const fn = observer?.[key] as ((e: typeof event) => void) | undefined;
      if (fn === undefined) return;
      try {
        fn.call(observer, event);
      } catch {
        // Deliberately ignored: reporting is best effort.
      }
    };
  return {
    requestDone: call('requestDone'),
    retry: call('retry'),
    throttled: call('throttled'),
    waited: call('waited'),
    budget: call('budget'),
    recordsDegraded: call('recordsDegraded'),
  };
}
