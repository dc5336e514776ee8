import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFileRange } from '../src/http/send-file-range.js';
import type { HubContext } from '../src/http/state.js';

// Larger than the sender's four 1 MiB buffers, and not a multiple of them.
const SIZE = 5 * 1024 * 1024 + 12345;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('sendFileRange', () => {
  let dir: string;
  let file: string;
  let content: Buffer;
  let server: http.Server;
  let base: string;
  let openFds = () => fs.readdirSync('/proc/self/fd').length;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-range-'));
    file = path.join(dir, 'object');
    content = randomBytes(SIZE);
    fs.writeFileSync(file, content);
    const app = new Koa();
    app.use(async (ctx) => {
      const [start, end] = (ctx.query.range as string).split('-').map(Number) as [number, number];
      ctx.status = start === 0 && end === SIZE - 1 ? 200 : 206;
      ctx.set('Content-Length', String(end - start + 1));
      // The client is gone before the file is opened (as if it left during the checks before).
      if (ctx.query.gone) ctx.res.destroy();
      await sendFileRange(ctx as unknown as HubContext, ctx.query.file === 'missing' ? path.join(dir, 'missing') : file, start, end).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        ctx.status = 404;
        ctx.body = 'not found';
      });
    });
    server = http.createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    openFds = () => fs.readdirSync('/proc/self/fd').length;
  });

  afterAll(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (query: string, onResponse?: (res: http.IncomingMessage) => void) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      http.get(`${base}/?${query}`, (res) => {
        onResponse?.(res);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      }).on('error', reject);
    });

  it('sends the whole file and any range byte for byte', async () => {
    const whole = await get(`range=0-${SIZE - 1}`);
    expect(whole.status).toBe(200);
    expect(whole.body.length).toBe(SIZE);
    expect(sha(whole.body)).toBe(sha(content));
    for (const [start, end] of [[0, 0], [1024 * 1024 - 1, 1024 * 1024], [SIZE - 10, SIZE - 1], [3_000_001, 4_999_999]] as const) {
      const part = await get(`range=${start}-${end}`);
      expect(part.status).toBe(206);
      expect(part.body.equals(content.subarray(start, end + 1))).toBe(true);
    }
  });

  it('keeps every byte intact when the client reads slowly (buffers are reused only once written)', async () => {
    const slow = await get(`range=0-${SIZE - 1}`, (res) => {
      res.pause();
      let resumed = 0;
      const timer = setInterval(() => {
        res.resume();
        setTimeout(() => res.pause(), 2);
        if (++resumed > 400) clearInterval(timer);
      }, 5);
      res.on('end', () => clearInterval(timer));
    });
    expect(sha(slow.body)).toBe(sha(content));
  });

  it('releases the file when the client goes away mid-transfer', async () => {
    const before = openFds();
    await new Promise<void>((resolve) => {
      const req = http.get(`${base}/?range=0-${SIZE - 1}`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
    });
    await expect.poll(openFds, { timeout: 2000 }).toBeLessThanOrEqual(before);
  });

  it('releases the file when the client left before it was opened', async () => {
    const before = openFds();
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        http.get(`${base}/?range=0-${SIZE - 1}&gone=1`, () => resolve()).on('error', () => resolve());
      });
    }
    await expect.poll(openFds, { timeout: 2000 }).toBeLessThanOrEqual(before);
  });

  it('throws before answering when the file is missing, so the caller can still answer 404', async () => {
    const res = await get(`range=0-9&file=missing`);
    expect(res.status).toBe(404);
    expect(res.body.toString()).toBe('not found');
  });
});
