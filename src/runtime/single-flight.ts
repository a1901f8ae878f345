// One upstream run shared by every caller that asks while it is in flight (two Prometheus replicas scraping
// at once cost one set of API calls; concurrent requests that need a token or the project id fetch it once).
// The one single-flight of the process: collectors, discovery and the client's credentials and project-id
// lookup all use it, hence runtime/. Each caller waits only until its own signal aborts. What bounds the run
// itself is chosen per use: its own deadline (a collector's refresh goes on in the background after the
// scrapes that wanted it gave up, so a refresh longer than a scrape still completes), or, without one, its
// callers (a discovery lookup is aborted when the last run that waited for it has left).

interface Flight<T> {
  readonly controller: AbortController;
  readonly startedAt: number;
  readonly promise: Promise<T>;
  waiters: number;
  settled: boolean;
}

export interface RunTimeout {
  ms: number;
  /** The abort reason the run's signal carries when the time is up. */
  reason: () => unknown;
}

export interface SingleFlightOptions {
  /**
   * Bounds each run by its own deadline: callers that leave never abort it, it goes on until it settles or
   * the time is up, and later callers join it. Absent: the run is aborted when its last caller leaves.
   */
  runTimeout?: RunTimeout | undefined;
  /**
   * A run older than this is left behind (aborted, no longer joined): work that ignores its signal must not
   * wedge every later caller. Default: never.
   */
  abandonAfterMs?: number | undefined;
}

export class SingleFlight<T> {
  readonly #runTimeout: RunTimeout | undefined;
  readonly #abandonAfterMs: number;
  #flight: Flight<T> | undefined;

  constructor(opts: SingleFlightOptions = {}) {
    this.#runTimeout = opts.runTimeout;
    this.#abandonAfterMs = opts.abandonAfterMs ?? Number.POSITIVE_INFINITY;
  }

  get inFlight(): boolean {
    return this.#flight !== undefined;
  }

  /** A run is in flight and the next caller would join it (it has not outlived its time limit). */
  get joinable(): boolean {
    const current = this.#flight;
    return current !== undefined && !this.#outlived(current);
  }

  /**
   * Joins the run in flight, or starts one with `start`. Rejects with the signal's reason when the caller's
   * signal aborts first, or with the run's error. Without a signal the caller waits for the run's outcome.
   */
  do(start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const current = this.#flight;
    if (current !== undefined && this.#outlived(current)) {
      current.controller.abort(new Error('abandoned: the run outlived its time limit'));
      this.#flight = undefined;
    }
    const flight = this.#flight ?? this.#begin(start);
    flight.waiters++;
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return false;
        left = true;
        signal?.removeEventListener('abort', onAbort);
        flight.waiters--;
        return true;
      };
      const onAbort = () => {
        if (signal === undefined || !leave()) return;
        const boundByCallers = this.#runTimeout === undefined;
        if (boundByCallers && flight.waiters === 0 && !flight.settled) flight.controller.abort(signal.reason);
        reject(signal.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          if (leave()) resolve(value);
        },
        (error: unknown) => {
          if (leave()) reject(error);
        },
      );
    });
  }

  /**
   * Aborts the run in flight (shutdown) and waits until it has settled, or `graceMs` at most: work that
   * ignores its signal must not hold shutdown hostage.
   */
  async abort(reason: unknown, graceMs = 1000): Promise<void> {
    const flight = this.#flight;
    if (flight === undefined) return;
    flight.controller.abort(reason);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
      timer.unref();
    });
    await Promise.race([flight.promise.then(noop, noop), grace]);
    clearTimeout(timer);
  }

  #outlived(flight: Flight<T>): boolean {
    return performance.now() - flight.startedAt > this.#abandonAfterMs;
  }

  #begin(start: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    const limit = this.#runTimeout;
    const timer =
      limit === undefined ? undefined : setTimeout(() => controller.abort(limit.reason()), limit.ms);
    // Shutdown aborts runs through close(); a pending deadline alone must not keep the process alive.
    timer?.unref();
    // start() runs on a later microtask so a synchronous throw becomes a rejection like any other failure.
    const promise = Promise.resolve().then(() => start(controller.signal));
    const flight: Flight<T> = {
      controller,
      startedAt: performance.now(),
      promise,
      waiters: 0,
      settled: false,
    };
    const finish = () => {
      clearTimeout(timer);
      flight.settled = true;
      if (this.#flight === flight) this.#flight = undefined;
    };
    // No caller may be waiting when a background run fails: this handler keeps that rejection handled.
    promise.then(finish, finish);
    this.#flight = flight;
    return flight;
  }
}

function noop(): void {}
