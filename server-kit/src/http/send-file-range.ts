import fs from 'node:fs';
import type { HubContext } from './state.js';

const CHUNK = 1024 * 1024;
const BUFFERS = 4;

/**
 * Sends bytes [start, end] of a file as the response body, with the status and headers already
 * set on ctx, through a few buffers reused for the whole transfer. A file stream allocates a new
 * buffer per chunk: at 1 GB/s that is a thousand 1 MiB buffers a second for the garbage collector,
 * which took more of the hub's time than the transfer itself. A buffer is reused only after the
 * socket has taken its bytes (the write's callback). Reading waits while the socket is full, so
 * memory stays at BUFFERS x CHUNK whatever the file's size or the client's speed.
 */
export async function sendFileRange(ctx: HubContext, file: string, start: number, end: number): Promise<void> {
  const fd = await fs.promises.open(file, 'r');
  const { res } = ctx;
  ctx.respond = false;
  // The client left while the request was checked or the file opened: its 'close' has passed.
  if (res.destroyed) {
    await fd.close();
    return;
  }
  res.statusCode = ctx.status;
  const free: Buffer[] = [];
  let allocated = 0;
  let position = start;
  let reading = false;
  let done = false;

  const finish = (error?: Error) => {
    if (done) return;
    done = true;
    void fd.close().catch(() => {});
    if (error) res.destroy(error);
    else res.end();
  };
  const pump = () => {
    if (done || reading || res.destroyed) return;
    if (position > end) return finish();
    if (res.writableNeedDrain) return;
    const buffer = free.pop() ?? (allocated < BUFFERS ? (allocated++, Buffer.allocUnsafeSlow(CHUNK)) : undefined);
    if (!buffer) return;
    reading = true;
    fd.read(buffer, 0, Math.min(CHUNK, end - position + 1), position).then(({ bytesRead }) => {
      reading = false;
      if (done) return;
      // The file shrank under us (it never should: objects are immutable): end the response broken.
      if (bytesRead === 0) return finish(new Error(`${file} ended before byte ${end}`));
      position += bytesRead;
      res.write(buffer.subarray(0, bytesRead), () => {
        free.push(buffer);
        pump();
      });
      pump();
    }, (err: Error) => {
      reading = false;
      finish(err);
    });
  };
  res.on('drain', pump);
  // The client went away: stop reading and release the file.
  res.once('close', () => finish());
  pump();
}
