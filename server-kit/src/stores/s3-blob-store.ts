import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { HubError } from '../errors.js';
import type { BlobStore, DirectUpload } from './blob-store.js';

/**
 * LFS objects in any S3-compatible store. Clients move bytes straight to and from the store
 * through presigned URLs (a 50 GB file never passes through the hub); uploads land on a staging
 * key and become `lfs/{oid}` only after the hub has checked their size and sha256.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;

  constructor(private readonly client: S3Client, private readonly bucket: string, private readonly prefix: string) {}

  /** `s3://bucket[/prefix]?endpoint=http://host:port&region=us-east-1`; credentials from the usual AWS variables. */
  static fromUrl(url: string): S3BlobStore {
    const parsed = new URL(url);
    const bucket = parsed.hostname;
    if (!bucket) throw new Error('The S3 URL needs a bucket: s3://bucket?endpoint=...');
    const endpoint = parsed.searchParams.get('endpoint') ?? undefined;
    const region = parsed.searchParams.get('region') ?? process.env.AWS_REGION ?? 'us-east-1';
    const prefix = parsed.pathname.replace(/^\/+/, '').replace(/([^/])$/, '$1/');
    // Checksums only where S3 requires them: a presigned URL signed with the SDK's default
    // checksum would carry the CRC of an empty body, and stores reject the real upload.
    const client = new S3Client({
      region, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    });
    return new S3BlobStore(client, bucket, prefix);
  }

  private key(oid: string): string {
    return `${this.prefix}lfs/${oid.slice(0, 2)}/${oid.slice(2, 4)}/${oid}`;
  }

  async stat(oid: string): Promise<{ size: number } | null> {
    return this.head(this.key(oid));
  }

  private async head(key: string): Promise<{ size: number } | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: Number(out.ContentLength ?? 0) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Through the hub (rare with S3): staged, then verified and moved like a direct upload. */
  async putVerified(oid: string, size: number, body: Readable): Promise<void> {
    const staging = `${this.prefix}staging/hub-${oid}-${Date.now()}`;
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: staging, Body: body, ContentLength: size }));
    if (!(await this.verifyStaged(staging.slice(this.prefix.length), oid, size))) {
      throw new HubError(422, `Object ${oid}: the uploaded content does not match its sha256 and size`);
    }
  }

  async read(oid: string, start = 0, end?: number): Promise<Readable> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(oid), Range: `bytes=${start}-${end ?? ''}` }));
    return out.Body as Readable;
  }

  async downloadUrl(oid: string, _size: number, ttlSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: this.key(oid) }), { expiresIn: ttlSeconds });
  }

  async stagingUpload(stagingKey: string, _size: number, ttlSeconds: number): Promise<DirectUpload> {
    const href = await getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + stagingKey }), { expiresIn: ttlSeconds });
    return { href };
  }

  async createMultipart(stagingKey: string): Promise<string> {
    const out = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.prefix + stagingKey }));
    return out.UploadId!;
  }

  async partUrl(stagingKey: string, multipartId: string, part: number, ttlSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new UploadPartCommand({ Bucket: this.bucket, Key: this.prefix + stagingKey, UploadId: multipartId, PartNumber: part }), { expiresIn: ttlSeconds });
  }

  async completeMultipart(stagingKey: string, multipartId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<void> {
    await this.client.send(new CompleteMultipartUploadCommand({
      Bucket: this.bucket, Key: this.prefix + stagingKey, UploadId: multipartId,
      MultipartUpload: { Parts: [...parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
    }));
  }

  /**
   * Reads the staged object once, hashing it (S3's own checksums cannot be required of clients
   * that send no extra headers); a match is copied to its content address, a mismatch deleted.
   */
  async verifyStaged(stagingKey: string, oid: string, size: number): Promise<boolean | null> {
    const key = this.prefix + stagingKey;
    const stat = await this.head(key);
    if (!stat) return null;
    let ok = stat.size === size;
    if (ok) {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const hash = createHash('sha256');
      for await (const chunk of out.Body as AsyncIterable<Buffer>) hash.update(chunk);
      ok = hash.digest('hex') === oid;
    }
    if (ok && !(await this.stat(oid))) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: this.key(oid), CopySource: `${this.bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}` }));
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    return ok;
  }

  async abortStaging(stagingKey: string, multipartId: string | null): Promise<void> {
    if (multipartId) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.prefix + stagingKey, UploadId: multipartId })).catch(() => undefined);
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + stagingKey })).catch(() => undefined);
  }

  async remove(oid: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(oid) }));
  }

  async quarantine(oid: string): Promise<void> {
    const key = this.key(oid);
    if (!(await this.head(key))) return;
    await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}quarantine/${oid}-${Date.now()}`, CopySource: `${this.bucket}/${key}` }));
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
