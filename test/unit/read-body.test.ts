import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyTooLarge, readCapped } from '../../src/huaweicloud/http/read-body.js';

const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe('readCapped', () => {
  it('joins every chunk of a body within the cap', async () => {
    const body = await readCapped(chunks('{"a":', '1', '}'), 7, undefined);
    expect(body.toString('utf8')).toBe('{"a":1}');
  });

  it('refuses a body that passes the cap while it streams, and destroys it', async () => {
    const body = chunks('12345', '6789');
    await expect(readCapped(body, 8, undefined)).rejects.toBeInstanceOf(BodyTooLarge);
    expect(body.destroyed).toBe(true);
  });

  it('refuses at once a body whose Content-Length passes the cap', async () => {
    const body = chunks('1');
    await expect(readCapped(body, 8, ' 9 ')).rejects.toBeInstanceOf(BodyTooLarge);
    expect(body.destroyed).toBe(true);
  });

  it("rejects with the stream's own error", async () => {
    const failure = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const body = new Readable({ read() {} });
    const read = readCapped(body, 100, undefined);
    body.push('partial');
    body.destroy(failure);
    await expect(read).rejects.toBe(failure);
  });

  it('rejects a body destroyed before its end as a premature close', async () => {
    const body = new Readable({ read() {} });
    const read = readCapped(body, 100, undefined);
    body.push('partial');
    body.destroy();
    await expect(read).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('reads a body of exactly the cap', async () => {
    expect((await readCapped(chunks('1234', '5678'), 8, '8')).length).toBe(8);
  });
});
