import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Op, UniqueConstraintError } from 'sequelize';
import type { AccessPolicy } from '../access/access.js';
import type { Actor } from '../access/actor.js';
import type { UrlSigner, SignedClaims } from '../auth/url-signer.js';
import { LfsObjectRow, LfsUploadRow, RepoLfsRow, RepoRow } from '../db/models.js';
import { HubError } from '../errors.js';
import { OID, type BlobStore } from '../stores/blob-store.js';
import { verifyingStream } from '../stores/fs-blob-store.js';

export interface LfsOptions {
  /** Objects above this size go multipart when the client offers it. */
  multipartThreshold: number;
  chunkSize: number;
  urlTtlSeconds: number;
  tmpDir: string;
}

export interface BatchObject {
  oid: string;
  size: number;
}

export interface BatchRequest {
  operation: 'upload' | 'download';
  transfers?: string[];
  objects: BatchObject[];
}

type Action = { href: string; header?: Record<string, string>; expires_in: number };
interface BatchAnswer {
  oid: string;
  size: number;
  authenticated?: boolean;
  actions?: Record<string, Action>;
  error?: { code: number; message: string };
}

const MAX_SIZE = 2 ** 53 - 1;

/**
 * Git LFS on a content-addressed blob store: objects are stored once by sha256 and linked to the
 * repositories that may use them. A repository gains an object only with proof of possession: its
 * bytes were uploaded and verified, or the caller can already read a repository that has it.
 */
export class LfsService {
  constructor(
    readonly store: BlobStore,
    readonly signer: UrlSigner,
    private readonly access: AccessPolicy,
    private readonly options: LfsOptions,
  ) {}

  async isLinked(repoId: number, oid: string): Promise<boolean> {
    return (await RepoLfsRow.count({ where: { repoId, oid } })) > 0;
  }

  private async link(repoId: number, oid: string): Promise<void> {
    try {
      await RepoLfsRow.create({ repoId, oid });
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
    }
  }

  /**
   * Stores bytes the hub produced itself (the viewer's Parquet conversions) as an LFS object of
   * the repository: verified against `oid` and `size` like any upload, then linked.
   */
  async storeServerObject(repoId: number, oid: string, size: number, body: Readable): Promise<void> {
    if (!(await this.store.stat(oid))) await this.store.putVerified(oid, size, body);
    else body.destroy();
    await this.record(oid, size, repoId);
  }

  /** Records verified bytes: the object (once) and its link to the repository. */
  private async record(oid: string, size: number, repoId: number): Promise<void> {
    try {
      await LfsObjectRow.create({ oid, size });
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
    }
    await this.link(repoId, oid);
  }

  /**
   * The object's size if the repository has it. Uploads that went straight to the store are
   * verified here, the first time anything asks (Hugging Face's JS client never calls verify).
   */
  async available(repoId: number, oid: string): Promise<number | null> {
    if (await this.isLinked(repoId, oid)) return (await LfsObjectRow.findByPk(oid))?.size ?? null;
    const staged = await LfsUploadRow.findAll({ where: { repoId, oid, multipartId: null }, order: [['createdAt', 'DESC']] });
    for (const upload of staged) {
      const ok = await this.store.verifyStaged?.(upload.stagingKey, oid, upload.size);
      if (ok === null) continue; // nothing uploaded there (yet)
      await upload.destroy();
      if (ok) {
        await this.record(oid, upload.size, repoId);
        return upload.size;
      }
    }
    return null;
  }

  async batch(actor: Actor, repo: RepoRow, request: BatchRequest, base: string): Promise<{ transfer: string; objects: BatchAnswer[]; hash_algo: string }> {
    const multipart = request.operation === 'upload' && (request.transfers ?? []).includes('multipart');
    const objects: BatchAnswer[] = [];
    let usesMultipart = false;
    for (const { oid, size } of request.objects) {
      if (typeof oid !== 'string' || !OID.test(oid)) {
        objects.push({ oid: String(oid).slice(0, 100), size, error: { code: 422, message: 'Invalid object id: expected 64 lower-case hex digits (sha256)' } });
        continue;
      }
      if (!Number.isSafeInteger(size) || size < 0 || size > MAX_SIZE) {
        objects.push({ oid, size, error: { code: 422, message: 'Invalid object size' } });
        continue;
      }
      if (request.operation === 'download') {
        objects.push(await this.downloadAnswer(actor, repo, oid, size, base));
      } else {
        const answer = await this.uploadAnswer(actor, repo, oid, size, base, multipart);
        if (answer.actions?.upload?.header?.chunk_size) usesMultipart = true;
        objects.push(answer);
      }
    }
    return { transfer: usesMultipart ? 'multipart' : 'basic', objects, hash_algo: 'sha256' };
  }

  /** A URL that downloads the object: straight from the store when it can, else through the hub. */
  /** `commit`: the commit a `/resolve` named, repeated as `X-Repo-Commit` by the hub's object route. */
  async downloadHref(repo: RepoRow, actor: Actor, oid: string, size: number, base: string, commit?: string): Promise<string> {
    const direct = await this.store.downloadUrl(oid, size, this.options.urlTtlSeconds);
    if (direct) return direct;
    const token = this.signer.sign({ op: 'download', oid, size, repoId: repo.id, userId: actor.user?.id ?? null, ...(commit ? { commit } : {}) }, this.options.urlTtlSeconds);
    return `${base}/lfs/objects/${oid}?t=${token}`;
  }

  private async downloadAnswer(actor: Actor, repo: RepoRow, oid: string, size: number, base: string): Promise<BatchAnswer> {
    const stored = await this.available(repo.id, oid);
    if (stored === null) return { oid, size, error: { code: 404, message: 'Object does not exist' } };
    return { oid, size: stored, authenticated: true, actions: { download: { href: await this.downloadHref(repo, actor, oid, stored, base), expires_in: this.options.urlTtlSeconds } } };
  }

  private async uploadAnswer(actor: Actor, repo: RepoRow, oid: string, size: number, base: string, multipart: boolean): Promise<BatchAnswer> {
    // Already here, or provably the caller's to claim: no upload needed.
    const stored = await this.available(repo.id, oid);
    if (stored !== null) {
      return stored === size ? { oid, size } : { oid, size, error: { code: 422, message: `Object ${oid} is stored with size ${stored}, not ${size}` } };
    }
    const object = await LfsObjectRow.findByPk(oid);
    if (object && object.size === size && (await this.readableElsewhere(actor, oid))) {
      await this.link(repo.id, oid);
      return { oid, size };
    }
    const ttl = this.options.urlTtlSeconds;
    const claims = { oid, size, repoId: repo.id, userId: actor.user?.id ?? null };
    const verify: Action = { href: `${base}/lfs/verify?t=${this.signer.sign({ ...claims, op: 'verify' }, ttl)}`, expires_in: ttl };
    if (multipart && size > this.options.multipartThreshold) {
      return { oid, size, authenticated: true, actions: { upload: await this.startMultipart(repo, actor, oid, size, base), verify } };
    }
    if (this.store.stagingUpload) {
      const upload = await LfsUploadRow.create({
        id: randomUUID(), oid, size, repoId: repo.id, userId: actor.user?.id ?? null, stagingKey: '', multipartId: null, chunkSize: null,
        expiresAt: new Date(Date.now() + ttl * 1000),
      });
      upload.stagingKey = `staging/${upload.id}`;
      await upload.save();
      const direct = await this.store.stagingUpload(upload.stagingKey, size, ttl);
      return { oid, size, authenticated: true, actions: { upload: { ...direct, expires_in: ttl }, verify } };
    }
    const href = `${base}/lfs/objects/${oid}?t=${this.signer.sign({ ...claims, op: 'upload' }, ttl)}`;
    return { oid, size, authenticated: true, actions: { upload: { href, expires_in: ttl }, verify } };
  }

  private async readableElsewhere(actor: Actor, oid: string): Promise<boolean> {
    const links = await RepoLfsRow.findAll({ where: { oid }, limit: 50 });
    const repos = await RepoRow.findAll({ where: { id: { [Op.in]: links.map((l) => l.repoId) } } });
    for (const repo of repos) if (await this.access.can(actor, 'read', repo)) return true;
    return false;
  }

  /** Hugging Face's multipart transfer: part URLs in `header` (with `chunk_size`), completion at `href`. */
  private async startMultipart(repo: RepoRow, actor: Actor, oid: string, size: number, base: string): Promise<Action> {
    const ttl = this.options.urlTtlSeconds;
    const chunkSize = Math.max(this.options.chunkSize, Math.ceil(size / 10_000));
    const parts = Math.ceil(size / chunkSize);
    const id = randomUUID();
    const stagingKey = `staging/${id}`;
    const multipartId = this.store.createMultipart ? await this.store.createMultipart(stagingKey) : 'hub';
    await LfsUploadRow.create({
      id, oid, size, repoId: repo.id, userId: actor.user?.id ?? null, stagingKey, multipartId, chunkSize, expiresAt: new Date(Date.now() + ttl * 1000),
    });
    const header: Record<string, string> = { chunk_size: String(chunkSize) };
    for (let part = 1; part <= parts; part++) {
      header[String(part).padStart(5, '0')] = this.store.partUrl
        ? await this.store.partUrl(stagingKey, multipartId, part, ttl)
        : `${base}/lfs/uploads/${id}/${part}?t=${this.signer.sign({ op: 'part', oid, size, repoId: repo.id, userId: actor.user?.id ?? null, uploadId: id, part }, ttl)}`;
    }
    const complete = this.signer.sign({ op: 'complete', oid, size, repoId: repo.id, userId: actor.user?.id ?? null, uploadId: id }, ttl);
    return { href: `${base}/lfs/uploads/${id}?t=${complete}`, header, expires_in: ttl };
  }

  /** Bytes PUT to the hub: verified while streaming, recorded once complete. */
  async receiveUpload(claims: SignedClaims, body: Readable): Promise<void> {
    if (!(await this.isLinked(claims.repoId, claims.oid))) {
      await this.store.putVerified(claims.oid, claims.size, body);
      await this.record(claims.oid, claims.size, claims.repoId);
    } else {
      body.resume();
    }
  }

  /** One part of a multipart upload through the hub (file store), kept until completion. */
  async receivePart(claims: SignedClaims, body: Readable): Promise<string> {
    const upload = await this.requireUpload(claims);
    const part = claims.part!;
    const parts = Math.ceil(upload.size / upload.chunkSize!);
    const expected = part < parts ? upload.chunkSize! : upload.size - upload.chunkSize! * (parts - 1);
    const dir = path.join(this.options.tmpDir, `upload-${upload.id}`);
    await fsp.mkdir(dir, { recursive: true });
    const file = path.join(dir, String(part));
    let seen = 0;
    const { createHash } = await import('node:crypto');
    const md5 = createHash('md5');
    try {
      await pipeline(body, async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          seen += chunk.length;
          if (seen > expected) throw new HubError(422, `Part ${part} is larger than ${expected} bytes`);
          md5.update(chunk);
          yield chunk;
        }
      }, fs.createWriteStream(`${file}.tmp`));
      if (seen !== expected) throw new HubError(422, `Part ${part}: received ${seen} bytes, expected ${expected}`);
      await fsp.rename(`${file}.tmp`, file);
    } finally {
      await fsp.rm(`${file}.tmp`, { force: true });
    }
    return `"${md5.digest('hex')}"`;
  }

  /** Completes a multipart upload: parts are joined (or S3 completes them), then verified and recorded. */
  async completeMultipart(claims: SignedClaims, parts: Array<{ partNumber: number; etag: string }>): Promise<void> {
    const upload = await this.requireUpload(claims);
    const count = Math.ceil(upload.size / upload.chunkSize!);
    const numbers = parts.map((p) => p.partNumber).sort((a, b) => a - b);
    if (numbers.length !== count || numbers.some((n, i) => n !== i + 1)) throw new HubError(422, `Expected parts 1 to ${count}`);
    if (this.store.completeMultipart && upload.multipartId !== 'hub') {
      try {
        await this.store.completeMultipart(upload.stagingKey, upload.multipartId!, parts);
      } catch (err) {
        // The store refused (a part missing or its ETag wrong): the upload stays open for a retry.
        throw new HubError(422, `The store could not complete the upload: ${(err as Error).message}`);
      }
    }
    try {
      if (this.store.completeMultipart && upload.multipartId !== 'hub') {
        const ok = await this.store.verifyStaged!(upload.stagingKey, upload.oid, upload.size);
        if (!ok) throw new HubError(422, `Object ${upload.oid}: the uploaded content does not match its sha256 and size`);
      } else {
        const dir = path.join(this.options.tmpDir, `upload-${upload.id}`);
        const files = Array.from({ length: count }, (_, i) => path.join(dir, String(i + 1)));
        for (const file of files) if (!(await fsp.stat(file).catch(() => null))) throw new HubError(422, `Part ${path.basename(file)} was not uploaded`);
        const joined = (async function* () {
          for (const file of files) yield* fs.createReadStream(file);
        })();
        const { Readable } = await import('node:stream');
        await this.store.putVerified(upload.oid, upload.size, Readable.from(joined));
      }
      await this.record(upload.oid, upload.size, upload.repoId);
    } finally {
      await upload.destroy();
      await fsp.rm(path.join(this.options.tmpDir, `upload-${upload.id}`), { recursive: true, force: true });
    }
  }

  private async requireUpload(claims: SignedClaims): Promise<LfsUploadRow> {
    const upload = claims.uploadId ? await LfsUploadRow.findByPk(claims.uploadId) : null;
    if (!upload || upload.oid !== claims.oid || upload.repoId !== claims.repoId || !upload.chunkSize) {
      throw new HubError(404, 'Upload not found or already completed');
    }
    return upload;
  }

  /** The verify action: 200 when the object is stored for the repository with the right size. */
  async verify(claims: SignedClaims, body: { oid?: unknown; size?: unknown }): Promise<void> {
    if (body.oid !== claims.oid || body.size !== claims.size) throw new HubError(422, 'The object does not match this verify URL');
    const size = await this.available(claims.repoId, claims.oid);
    if (size === null) throw new HubError(404, `Object ${claims.oid} was not uploaded`);
    if (size !== claims.size) throw new HubError(422, `Object ${claims.oid} is stored with size ${size}, not ${claims.size}`);
  }
}
