import { createError, HubError, NetworkError, UnprocessableError } from './errors.js';
import { base64, gitBlobSha1, sha256Hex } from './hash.js';
import { apiBase, encodeRevision, webBase, type RepoId } from './paths.js';
import type { Transport } from './transport.js';
import type { CommitResult } from './types.js';

const LFS_TYPE = 'application/vnd.git-lfs+json';

/** A file to upload: bytes as a Blob (a browser File is one), bytes or text. */
export interface UploadFile {
  path: string;
  content: Blob | Uint8Array | ArrayBuffer | string;
  /** Known SHA-256 of the content (skips hashing). */
  sha256?: string;
}

export type CommitOperation =
  | { op: 'addOrUpdate'; path: string; content: Blob | Uint8Array | ArrayBuffer | string }
  | { op: 'delete'; path: string }
  | { op: 'deleteFolder'; path: string };

export interface PreuploadFile {
  path: string;
  uploadMode: 'lfs' | 'regular';
  shouldIgnore: boolean;
  oid?: string;
}

export interface LfsAction {
  href: string;
  header?: Record<string, string>;
  expires_in?: number;
  expires_at?: string;
}

export interface LfsBatchObject {
  oid: string;
  size: number;
  authenticated?: boolean;
  actions?: { upload?: LfsAction; verify?: LfsAction; download?: LfsAction };
  error?: { code: number; message: string };
}

export interface LfsBatchResponse {
  transfer?: string;
  objects: LfsBatchObject[];
  hash_algo?: string;
}

export type UploadPhase = 'preupload' | 'hashing' | 'uploading' | 'committing' | 'done';

export interface UploadProgress {
  phase: UploadPhase;
  /** The file the event is about, if one. */
  path?: string;
  fileLoaded?: number;
  fileTotal?: number;
  /** Bytes sent (or skipped as already there) over all files. */
  loaded: number;
  total: number;
}

export interface UploadOptions {
  revision?: string;
  summary?: string;
  description?: string;
  parentCommit?: string;
  createPr?: boolean;
  /** Also delete these paths in the same commit. */
  deletions?: Array<{ path: string; folder?: boolean }>;
  onProgress?: (progress: UploadProgress) => void;
  /** Pass the same session again after a failure to resume: finished objects and parts are skipped. */
  session?: UploadSession;
  /** Parts sent at once for multipart transfers (default 3). */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface UploadResult extends CommitResult {
  /** Paths left out: ignored by .gitignore, or unchanged. */
  skipped: Array<{ path: string; reason: 'ignored' | 'unchanged' }>;
  /** LFS objects the hub already had (nothing sent). */
  lfsReused: string[];
  /** True when nothing needed committing (commitOid is then the unchanged head). */
  noop?: boolean;
}

interface ObjectState {
  action?: LfsAction;
  expiresAt?: number;
  parts: Map<number, string>;
  done: boolean;
}

/**
 * What survives a failed upload: objects that are stored and the etags of multipart parts already
 * sent, plus hashes already computed. Reusing it makes a retry send only what is missing.
 */
export class UploadSession {
  readonly objects = new Map<string, ObjectState>();
  readonly hashes = new WeakMap<Blob, string>();

  object(oid: string): ObjectState {
    let state = this.objects.get(oid);
    if (!state) this.objects.set(oid, (state = { parts: new Map(), done: false }));
    return state;
  }

  /** Part numbers already sent for an object. */
  sentParts(oid: string): number[] {
    return [...(this.objects.get(oid)?.parts.keys() ?? [])].sort((a, b) => a - b);
  }
}

export function toBlob(content: UploadFile['content']): Blob {
  if (content instanceof Blob) return content;
  if (typeof content === 'string') return new Blob([content]);
  return new Blob([content as BlobPart]);
}

/** The upload pipeline of Hugging Face's create_commit: preupload, LFS batch and transfers, NDJSON commit. */
export class Uploader {
  constructor(private readonly transport: Transport) {}

  async preupload(repo: RepoId, files: Array<{ path: string; blob: Blob }>, revision: string, options: { signal?: AbortSignal; createPr?: boolean } = {}): Promise<PreuploadFile[]> {
    return (await this.preuploadWithHead(repo, files, revision, options)).files;
  }

  /** Preupload in batches of 100, also returning the branch head the hub compared with. */
  async preuploadWithHead(repo: RepoId, files: Array<{ path: string; blob: Blob }>, revision: string, options: { signal?: AbortSignal; createPr?: boolean } = {}): Promise<{ files: PreuploadFile[]; commitOid?: string }> {
    const out: PreuploadFile[] = [];
    let commitOid: string | undefined;
    for (let i = 0; i < files.length; i += 100) {
      const batch = files.slice(i, i + 100);
      const payload = await Promise.all(batch.map(async ({ path, blob }) => ({ path, size: blob.size, sample: base64(new Uint8Array(await blob.slice(0, 512).arrayBuffer())) })));
      const answer = await this.transport.json<{ files: PreuploadFile[]; commitOid?: string }>(`${apiBase(repo)}/preupload/${encodeRevision(revision)}`, {
        method: 'POST', json: { files: payload }, signal: options.signal, query: { create_pr: options.createPr ? 1 : undefined },
      });
      out.push(...answer.files);
      commitOid ??= answer.commitOid;
    }
    return { files: out, ...(commitOid ? { commitOid } : {}) };
  }

  async lfsBatch(repo: RepoId, objects: Array<{ oid: string; size: number }>, options: { revision?: string; transfers?: string[]; operation?: 'upload' | 'download'; signal?: AbortSignal } = {}): Promise<LfsBatchResponse> {
    const res = await this.transport.send(`${webBase(repo)}.git/info/lfs/objects/batch`, {
      method: 'POST',
      headers: { accept: LFS_TYPE, 'content-type': LFS_TYPE },
      body: JSON.stringify({
        operation: options.operation ?? 'upload',
        transfers: options.transfers ?? ['basic', 'multipart'],
        objects,
        hash_algo: 'sha256',
        ...(options.revision && !options.revision.startsWith('refs/pr/') ? { ref: { name: options.revision } } : {}),
      }),
      signal: options.signal,
    });
    return (await res.json()) as LfsBatchResponse;
  }

  async commit(repo: RepoId, revision: string, lines: Array<{ key: string; value: unknown }>, options: { signal?: AbortSignal; createPr?: boolean } = {}): Promise<CommitResult> {
    return this.transport.json<CommitResult>(`${apiBase(repo)}/commit/${encodeRevision(revision)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: lines.map((l) => JSON.stringify(l)).join('\n'),
      query: { create_pr: options.createPr ? 1 : undefined },
      signal: options.signal,
    });
  }

  async upload(repo: RepoId, input: UploadFile[], options: UploadOptions = {}): Promise<UploadResult> {
    const { signal } = options;
    const revision = options.revision ?? 'main';
    const session = options.session ?? new UploadSession();
    const files = input.map((f) => ({ path: f.path.replace(/^\/+/, ''), blob: toBlob(f.content), sha256: f.sha256 }));
    const total = files.reduce((n, f) => n + f.blob.size, 0);
    let loaded = 0;
    const report = (p: Omit<UploadProgress, 'loaded' | 'total'>) => options.onProgress?.({ ...p, loaded, total });

    report({ phase: 'preupload' });
    const pre = await this.preuploadWithHead(repo, files, revision, { signal, createPr: options.createPr });
    const modes = new Map(pre.files.map((m) => [m.path, m]));
    const skipped: UploadResult['skipped'] = [];
    const lines: Array<{ key: string; value: unknown }> = [];
    const lfs: Array<{ path: string; blob: Blob; oid: string }> = [];

    for (const file of files) {
      signal?.throwIfAborted();
      const mode = modes.get(file.path);
      if (!mode) throw new HubError(0, `The hub did not classify ${file.path}`);
      if (mode.shouldIgnore) {
        skipped.push({ path: file.path, reason: 'ignored' });
        loaded += file.blob.size;
        continue;
      }
      if (mode.uploadMode === 'lfs') {
        report({ phase: 'hashing', path: file.path, fileLoaded: 0, fileTotal: file.blob.size });
        let oid = file.sha256 ?? session.hashes.get(file.blob);
        if (!oid) session.hashes.set(file.blob, (oid = await sha256Hex(file.blob, signal)));
        if (mode.oid === oid) {
          skipped.push({ path: file.path, reason: 'unchanged' });
          loaded += file.blob.size;
          continue;
        }
        lfs.push({ path: file.path, blob: file.blob, oid });
        lines.push({ key: 'lfsFile', value: { path: file.path, algo: 'sha256', oid, size: file.blob.size } });
      } else {
        if (mode.oid && mode.oid === (await gitBlobSha1(file.blob))) {
          skipped.push({ path: file.path, reason: 'unchanged' });
          loaded += file.blob.size;
          continue;
        }
        lines.push({ key: 'file', value: { path: file.path, content: base64(new Uint8Array(await file.blob.arrayBuffer())), encoding: 'base64' } });
      }
    }

    const lfsReused: string[] = [];
    const pending = lfs.filter((o) => !session.object(o.oid).done);
    for (const o of lfs) if (session.object(o.oid).done) loaded += o.blob.size;
    const needBatch = pending.filter((o) => { const s = session.object(o.oid); return !s.action || (s.expiresAt ?? 0) < Date.now() + 60_000; });
    if (needBatch.length) {
      const unique = [...new Map(needBatch.map((o) => [o.oid, { oid: o.oid, size: o.blob.size }])).values()];
      const answer = await this.lfsBatch(repo, unique, { revision, signal });
      for (const obj of answer.objects) {
        const mine = unique.find((u) => u.oid === obj.oid);
        if (!mine) throw new HubError(0, `The LFS batch answered an object that was not asked for: ${obj.oid}`);
        if (obj.error) throw new UnprocessableError(obj.error.code, `LFS object ${obj.oid}: ${obj.error.message}`);
        const state = session.object(obj.oid);
        if (!obj.actions?.upload) {
          state.done = true;
          lfsReused.push(obj.oid);
          continue;
        }
        // A fresh action means a fresh multipart upload: parts of an earlier one do not carry over.
        if (state.action?.href !== obj.actions.upload.href) state.parts.clear();
        state.action = obj.actions.upload;
        state.expiresAt = Date.now() + (obj.actions.upload.expires_in ?? 3600) * 1000;
        (state as ObjectState & { verify?: LfsAction }).verify = obj.actions.verify;
      }
    }
    const sent = new Set<string>();
    for (const o of pending) {
      const state = session.object(o.oid);
      if (state.done) {
        loaded += o.blob.size;
        continue;
      }
      if (sent.has(o.oid)) continue;
      sent.add(o.oid);
      const base = loaded;
      const onBytes = (n: number) => {
        loaded = base + n;
        report({ phase: 'uploading', path: o.path, fileLoaded: n, fileTotal: o.blob.size });
      };
      await this.transfer(o.oid, o.blob, state, onBytes, options.concurrency ?? 3, signal);
      const verify = (state as ObjectState & { verify?: LfsAction }).verify;
      if (verify) {
        await this.transport.send(verify.href, { method: 'POST', auth: false, headers: { accept: LFS_TYPE, 'content-type': LFS_TYPE, ...verify.header }, body: JSON.stringify({ oid: o.oid, size: o.blob.size }), signal });
      }
      state.done = true;
      loaded = base + o.blob.size;
    }
    for (const line of lines) if (line.key === 'file') loaded += ((line.value as { content: string }).content.length * 3) / 4;

    for (const d of options.deletions ?? []) lines.push({ key: d.folder ? 'deletedFolder' : 'deletedFile', value: { path: d.path } });
    if (!lines.length) {
      // Everything was unchanged or ignored: an empty commit would be refused, and there is nothing to do.
      loaded = total;
      report({ phase: 'done' });
      return { success: true, commitOid: pre.commitOid ?? '', commitUrl: '', skipped, lfsReused, noop: true };
    }
    report({ phase: 'committing' });
    const header = { key: 'header', value: { summary: options.summary ?? `Upload ${files.length === 1 ? files[0]!.path : `${files.length} files`}`, description: options.description ?? '', ...(options.parentCommit ? { parentCommit: options.parentCommit } : {}) } };
    const result = await this.commit(repo, revision, [header, ...lines], { signal, createPr: options.createPr });
    loaded = total;
    report({ phase: 'done' });
    return { ...result, skipped, lfsReused };
  }

  /** Sends one object: a single PUT (basic) or its missing parts then the completion (multipart). */
  private async transfer(oid: string, blob: Blob, state: ObjectState, onBytes: (n: number) => void, concurrency: number, signal?: AbortSignal): Promise<void> {
    const action = state.action!;
    const header = { ...action.header };
    const chunkSize = Number(header.chunk_size);
    if (!header.chunk_size) {
      await putBytes(this.transport, action.href, blob, header, onBytes, signal);
      return;
    }
    if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw new HubError(0, `Invalid chunk_size from the LFS batch: ${header.chunk_size}`);
    delete header.chunk_size;
    const partUrls = Object.entries(header).filter(([k]) => /^\d+$/.test(k)).sort(([a], [b]) => Number(a) - Number(b)).map(([, url]) => url);
    const count = Math.ceil(blob.size / chunkSize);
    if (partUrls.length !== count) throw new HubError(0, `The LFS batch sent ${partUrls.length} part URLs for ${count} parts`);
    const progress = new Map<number, number>();
    for (const n of state.parts.keys()) progress.set(n, Math.min(chunkSize, blob.size - (n - 1) * chunkSize));
    const tell = () => onBytes([...progress.values()].reduce((a, b) => a + b, 0));
    tell();
    const todo = partUrls.map((url, i) => ({ url, n: i + 1 })).filter((p) => !state.parts.has(p.n));
    const worker = async () => {
      for (let p = todo.shift(); p; p = todo.shift()) {
        const slice = blob.slice((p.n - 1) * chunkSize, p.n * chunkSize);
        const part = p;
        const etag = await putBytes(this.transport, part.url, slice, {}, (n) => { progress.set(part.n, n); tell(); }, signal);
        if (!etag) throw new HubError(0, `Part ${part.n} of ${oid} was stored without an ETag (is ETag exposed by CORS?)`);
        state.parts.set(part.n, etag);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, todo.length)) }, worker));
    const parts = [...state.parts.entries()].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag }));
    await this.transport.send(action.href, { method: 'POST', auth: false, headers: { accept: LFS_TYPE, 'content-type': LFS_TYPE }, body: JSON.stringify({ oid, parts }), signal });
  }
}

/**
 * PUT bytes to a (self-authorising) storage URL. In browsers XMLHttpRequest reports upload progress,
 * which fetch cannot; elsewhere fetch reports once the request is done. Returns the ETag.
 */
async function putBytes(transport: Transport, url: string, blob: Blob, headers: Record<string, string>, onBytes: (n: number) => void, signal?: AbortSignal): Promise<string | null> {
  const XHR = (globalThis as { XMLHttpRequest?: typeof XMLHttpRequest }).XMLHttpRequest;
  if (!XHR || transport.usesCustomFetch) {
    const res = await transport.send(url, { method: 'PUT', body: blob, headers, auth: false, signal });
    onBytes(blob.size);
    await res.arrayBuffer().catch(() => undefined);
    return res.headers.get('etag');
  }
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const xhr = new XHR();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const done = () => signal?.removeEventListener('abort', abort);
    xhr.onload = () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) {
        onBytes(blob.size);
        resolve(xhr.getResponseHeader('etag'));
      } else {
        reject(createError(xhr.status, xhr.getResponseHeader('x-error-message') ?? (xhr.statusText || `HTTP ${xhr.status}`), { code: xhr.getResponseHeader('x-error-code') ?? undefined, url }));
      }
    };
    xhr.onerror = () => { done(); reject(new NetworkError(0, `Network error while uploading to ${new URL(url).host}`, { url })); };
    xhr.onabort = () => { done(); reject(signal?.reason ?? new DOMException('Aborted', 'AbortError')); };
    xhr.send(blob);
  });
}
