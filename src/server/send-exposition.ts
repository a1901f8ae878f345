// Sending an exposition. Identity: the pieces it is made of, streamed with their length known, never joined
// into one buffer. Gzip (Prometheus always asks for it): the collected part's gzip, computed once per collected
// part (the engine hands out the same object until a refresh), followed by a per-scrape gzip of the small tail.
// Two gzip members in a row are one valid gzip stream (RFC 1952 §2.2); Go's gzip.Reader, which Prometheus
// uses, reads them as one by default.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip, gzip } from 'node:zlib';
import type { FastifyReply } from 'fastify';
import type { ChunkedBytes, EncodedExposition } from '../collectors/types.js';
import { acceptsGzip } from './accept-encoding.js';

const gzipAsync = promisify(gzip);
/** Below this a gzip round costs more than it saves. */
const GZIP_MIN_BYTES = 1024;
/** Up to this a body is joined and sent as one Buffer: streaming a few pieces is dearer than copying them. */
const SINGLE_BUFFER_MAX_BYTES = 256 * 1024;
const NOTHING: ChunkedBytes = Object.freeze({ chunks: Object.freeze([]), byteLength: 0 });

/** What a route may send: text and bytes (small expositions) or the engine's encoded exposition. */
export type Exposition = string | Buffer | EncodedExposition;

/** Compresses a part into one gzip member; off the event loop (zlib's thread pool). */
export type Compress = (chunks: readonly Buffer[]) => Promise<ChunkedBytes>;

export const gzipChunks: Compress = async (chunks) => {
  const out: Buffer[] = [];
  let byteLength = 0;
  await pipeline(Readable.from(chunks), createGzip({ chunkSize: 64 * 1024 }), async (source) => {
    for await (const piece of source as AsyncIterable<Buffer>) {
      out.push(piece);
      byteLength += piece.length;
    }
  });
  return { chunks: out, byteLength };
};

function parts(exposition: Exposition): EncodedExposition {
  if (typeof exposition === 'string') return { collected: NOTHING, tail: Buffer.from(exposition, 'utf8') };
  if (Buffer.isBuffer(exposition)) return { collected: NOTHING, tail: exposition };
  return exposition;
}

function sendChunks(reply: FastifyReply, chunks: readonly Buffer[], byteLength: number) {
  const nonEmpty = chunks.filter((chunk) => chunk.length > 0);
  if (nonEmpty.length <= 1 || byteLength <= SINGLE_BUFFER_MAX_BYTES) {
    return reply.send(nonEmpty.length === 1 ? nonEmpty[0] : Buffer.concat(nonEmpty, byteLength));
  }
  // fastify pipes a stream as it is (backpressure included) and keeps the Content-Length set here.
  return reply.header('Content-Length', String(byteLength)).send(Readable.from(nonEmpty));
}

export class ExpositionSender {
  readonly #compress: Compress;
  /** Keyed by the collected part itself: dropped with it once the engine has moved on to a newer one. */
  readonly #gzipped = new WeakMap<ChunkedBytes, Promise<ChunkedBytes>>();

  constructor(compress: Compress = gzipChunks) {
    this.#compress = compress;
  }

  /** The gzip of a collected part; concurrent and later scrapes of the same part share one compression. */
  gzipCollected(part: ChunkedBytes): Promise<ChunkedBytes> {
    if (part.byteLength === 0) return Promise.resolve(NOTHING);
    let gzipped = this.#gzipped.get(part);
    if (gzipped === undefined) {
      gzipped = this.#compress(part.chunks);
      this.#gzipped.set(part, gzipped);
      // A failed compression is not kept: the next scrape tries again.
      gzipped.catch(() => this.#gzipped.delete(part));
    }
    return gzipped;
  }

  async send(
    reply: FastifyReply,
    exposition: Exposition,
    contentType: string,
    acceptEncoding: string | undefined,
  ): Promise<unknown> {
    const { collected, tail } = parts(exposition);
    const byteLength = collected.byteLength + tail.length;
    // The answer depends on Accept-Encoding either way: a cache between must not hand a plain answer to a
    // client that asked for gzip, nor the reverse.
    reply.type(contentType).header('Vary', 'Accept-Encoding');
    if (byteLength >= GZIP_MIN_BYTES && acceptsGzip(acceptEncoding)) {
      const [head, end] = await Promise.all([
        this.gzipCollected(collected),
        tail.length > 0 ? gzipAsync(tail) : Buffer.alloc(0),
      ]);
      reply.header('Content-Encoding', 'gzip');
      return sendChunks(reply, [...head.chunks, end], head.byteLength + end.length);
    }
    return sendChunks(reply, [...collected.chunks, tail], byteLength);
  }
}
