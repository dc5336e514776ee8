import type { Readable } from 'node:stream';

export const OID = /^[0-9a-f]{64}$/;

export interface DirectUpload {
  href: string;
  header?: Record<string, string>;
}

/**
 * Where LFS objects live, content-addressed by sha256. Bytes that pass through the hub are
 * verified while streaming (`putVerified`); stores that clients can reach directly (S3) also hand
 * out presigned URLs, and objects uploaded that way are checked (`verifyStaged`) before they count.
 */
export interface BlobStore {
  readonly kind: 'fs' | 's3';
  /** The stored object's size, or null. */
  stat(oid: string): Promise<{ size: number } | null>;
  /** Stores `body` as `oid` only if its sha256 and size match; otherwise throws a 422 and stores nothing. */
  putVerified(oid: string, size: number, body: Readable): Promise<void>;
  /** Bytes [start, end] of an object. */
  read(oid: string, start?: number, end?: number): Promise<Readable>;
  /** The object's file, for stores on local disk: downloads then skip the stream (see send-file-range.ts). */
  localFile?(oid: string): string;
  /** A URL the client downloads from directly, or null to be served through the hub. */
  downloadUrl(oid: string, size: number, ttlSeconds: number): Promise<string | null>;
  /** Direct uploads go to a staging key; null when the store takes uploads only through the hub. */
  stagingUpload?(stagingKey: string, size: number, ttlSeconds: number): Promise<DirectUpload>;
  createMultipart?(stagingKey: string): Promise<string>;
  partUrl?(stagingKey: string, multipartId: string, part: number, ttlSeconds: number): Promise<string>;
  completeMultipart?(stagingKey: string, multipartId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<void>;
  /** Checks a staged object (size and sha256) and moves it to `oid`; false (and deleted) when it does not match. */
  verifyStaged?(stagingKey: string, oid: string, size: number): Promise<boolean | null>;
  /** Drops what an abandoned direct upload left in the store. */
  abortStaging?(stagingKey: string, multipartId: string | null): Promise<void>;
  /** Deletes an object (garbage collection). */
  remove(oid: string): Promise<void>;
  /** Moves a damaged object aside for inspection, out of the content-addressed namespace. */
  quarantine(oid: string): Promise<void>;
  close?(): Promise<void>;
}
