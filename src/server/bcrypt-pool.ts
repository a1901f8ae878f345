// bcrypt off the event loop: one worker thread running bcryptjs, with hard bounds on the verifications
// waiting for it and on how many start per second. A bcrypt comparison at cost 10 is ~80 ms of CPU; on the
// main thread a flood of wrong passwords starved every scrape and /-/healthy (issue 23). In a worker it no
// longer blocks the event loop, but a worker kept busy all the time still takes a whole core from it on a
// small machine, so verifications are also paced (about half a core at cost 10). Both bounds are per remote
// address as well: each address has its own token bucket (a bounded map, oldest evicted) and may hold at
// most half the verifications in flight, and the last free place is kept for an address that holds none.
// So one or two addresses flooding wrong passwords cannot keep a third out (Prometheus' first scrape after a
// start or a password change); it takes three or more flooding addresses to hold all the places, and then a
// new address is refused until one of them ends (~80 ms at cost 10) — a limit, stated in docs/reliability.md.
// Past a bound a verification is refused at once rather than queued: an attacker's rate decides how many of
// *their* requests are refused, never how long a remembered right password waits.
// The worker is code passed by string (eval), so the same file runs from src/ (tests) and dist/.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData);
parentPort.on('message', ({ id, op, password, hash, rounds }) => {
  try {
    const result = op === 'hash' ? bcrypt.hashSync(password, rounds) : bcrypt.compareSync(password, hash);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message) });
  }
});`;

/** Verifications running or waiting; the worker does ~12 a second at cost 10, so 4 wait at most ~0.3 s. */
export const DEFAULT_MAX_IN_FLIGHT = 4;
/** Verifications started per second and address, after a burst of `BURST` (a token bucket). */
export const DEFAULT_PER_SECOND = 6;
const BURST = 10;
/** Addresses with a bucket of their own; past that the least recently seen is forgotten (its bucket refills). */
const MAX_SOURCES = 1024;

interface Bucket {
  tokens: number;
  at: number;
}

export class BcryptBusyError extends Error {
  override readonly name = 'BcryptBusyError';
}

type Job = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class BcryptPool {
  readonly #maxInFlight: number;
  readonly #perSecond: number;
  readonly #jobs = new Map<number, Job & { source: string | undefined }>();
  /** Insertion order is recency: a bucket used is moved to the end, the first one is the oldest. */
  readonly #buckets = new Map<string, Bucket>();
  #worker: Worker | undefined;
  #nextId = 0;

  constructor(maxInFlight = DEFAULT_MAX_IN_FLIGHT, perSecond = DEFAULT_PER_SECOND) {
    this.#maxInFlight = maxInFlight;
    this.#perSecond = perSecond;
  }

  get inFlight(): number {
    return this.#jobs.size;
  }

  /**
   * Rejects with BcryptBusyError, without waiting, when `maxInFlight` verifications are already queued, when
   * `source` holds half of them, or when its bucket is empty.
   */
  compare(password: string, hash: string, source = ''): Promise<boolean> {
    return this.#run({ op: 'compare', password, hash }, source) as Promise<boolean>;
  }

  /** Not bounded: only the exporter itself hashes (one dummy hash per web config). */
  hash(password: string, rounds: number): Promise<string> {
    return this.#run({ op: 'hash', password, rounds }, undefined) as Promise<string>;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    for (const job of this.#jobs.values()) job.reject(new Error('the server is shutting down'));
    this.#jobs.clear();
    await worker?.terminate();
  }

  /** `source` undefined: the exporter's own work, not bounded. */
  #run(message: Record<string, unknown>, source: string | undefined): Promise<unknown> {
    if (source !== undefined && !this.#admits(source)) {
      return Promise.reject(new BcryptBusyError('too many password verifications in flight'));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#jobs.set(id, { resolve, reject, source });
      this.#start().postMessage({ id, ...message });
    });
  }

  #admits(source: string): boolean {
    if (this.#jobs.size >= this.#maxInFlight) return false;
    let held = 0;
    for (const job of this.#jobs.values()) if (job.source === source) held += 1;
    if (held >= Math.max(1, Math.floor(this.#maxInFlight / 2))) return false;
    // An address already verifying may not take the last place: it stays for one that is not.
    if (held > 0 && this.#jobs.size >= this.#maxInFlight - 1) return false;
    return this.#takeToken(source);
  }

  #takeToken(source: string): boolean {
    const now = performance.now();
    const bucket = this.#buckets.get(source) ?? { tokens: BURST, at: now };
    this.#buckets.delete(source);
    if (this.#buckets.size >= MAX_SOURCES) this.#buckets.delete(this.#buckets.keys().next().value as string);
    this.#buckets.set(source, bucket);
    bucket.tokens = Math.min(BURST, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  #start(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: createRequire(import.meta.url).resolve('bcryptjs'),
    });
    // The worker must never keep the process alive, nor take it down.
    worker.unref();
    worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      const job = this.#jobs.get(id);
      this.#jobs.delete(id);
      if (error !== undefined) job?.reject(new Error(`bcrypt: ${error}`));
      else job?.resolve(result);
    });
    worker.on('error', (error) => this.#fail(worker, error));
    worker.on('exit', () => this.#fail(worker, new Error('the bcrypt worker stopped')));
    this.#worker = worker;
    return worker;
  }

  /** A dead worker fails what it held; the next verification starts a new one. */
  #fail(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    for (const job of this.#jobs.values()) job.reject(error);
    this.#jobs.clear();
  }
}
