import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface TestS3 {
  /** The hub's `lfsStore` setting for this server's bucket. */
  storeUrl: string;
  /** `http://127.0.0.1:PORT`, the origin of every presigned URL. */
  endpoint: string;
  bucket: string;
  /** Every object key in the bucket (finished objects only, not multipart parts in progress), sorted. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

const OBJECT_SUFFIX = '._S3rver_object';

/** A real S3 API (s3rver) on a free port with its own directory and one empty bucket. */
export async function startS3(bucket = 'lfs'): Promise<TestS3> {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket }] });
  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  const root = path.join(directory, bucket);
  return {
    storeUrl: `s3://${bucket}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1`,
    endpoint,
    bucket,
    async keys() {
      const found: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) await walk(full);
          else if (entry.name.endsWith(OBJECT_SUFFIX)) found.push(path.relative(root, full).slice(0, -OBJECT_SUFFIX.length));
        }
      };
      await walk(root);
      return found.sort();
    },
    async close() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
