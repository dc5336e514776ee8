import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** `--lfs-store`: absent for files under DATA/lfs, or `s3://bucket[/prefix]?endpoint=...&region=...`. */
export async function createBlobStore(config: ResolvedConfig): Promise<BlobStore> {
  if (!config.lfsStore) return new FsBlobStore(path.join(config.dataDir, 'lfs'), path.join(config.dataDir, 'tmp'));
  if (config.lfsStore.startsWith('s3://')) return S3BlobStore.fromUrl(config.lfsStore);
  if (config.lfsStore.startsWith('file:') || config.lfsStore.startsWith('/')) {
    const root = config.lfsStore.replace(/^file:(\/\/)?/, '');
    return new FsBlobStore(root, path.join(config.dataDir, 'tmp'));
  }
  throw new Error(`Unsupported --lfs-store "${config.lfsStore}": use s3://bucket?endpoint=...&region=... or a directory`);
}
