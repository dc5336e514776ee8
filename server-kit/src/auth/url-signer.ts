import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SettingRow } from '../db/models.js';

export interface SignedClaims {
  /** What the URL allows: one operation on one object. */
  op: 'download' | 'upload' | 'verify' | 'part' | 'complete';
  oid: string;
  size: number;
  repoId: number;
  userId: number | null;
  /** For multipart uploads: the upload and part the URL is for. */
  uploadId?: string;
  part?: number;
  /**
   * For downloads handed out by `/resolve`: the commit it resolved. huggingface_hub >= 2.0 follows
   * a same-host redirect on HEAD and reads `X-Repo-Commit` from where it lands, so the object
   * route repeats it.
   */
  commit?: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/**
 * What `git-lfs-authenticate` (over SSH) hands git-lfs: a bearer credential for the LFS API of one
 * repository, for one user and one operation (download reads, upload also writes), for minutes.
 */
export interface LfsAuthClaims {
  op: 'lfs-auth';
  repoId: number;
  userId: number;
  operation: 'upload' | 'download';
  exp: number;
}

/**
 * Self-authorising URLs: Hugging Face clients send no Authorization on LFS PUTs, so an upload
 * or download URL carries an HMAC-signed statement of exactly what it permits, and for how long.
 * The key lives in the database so every hub process behind a load balancer shares it.
 */
export class UrlSigner {
  private constructor(private readonly key: Buffer) {}

  static async load(): Promise<UrlSigner> {
    const existing = await SettingRow.findByPk('url_signing_key');
    if (existing) return new UrlSigner(Buffer.from(existing.value, 'base64'));
    try {
      await SettingRow.create({ key: 'url_signing_key', value: randomBytes(32).toString('base64') });
    } catch {
      // Another process created it first; use theirs.
    }
    const row = await SettingRow.findByPk('url_signing_key');
    return new UrlSigner(Buffer.from(row!.value, 'base64'));
  }

  sign(claims: Omit<SignedClaims, 'exp'> | Omit<LfsAuthClaims, 'exp'>, ttlSeconds: number): string {
    const body = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + ttlSeconds })).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The claims, if the token is authentic, unexpired and for `op`; else null. */
  verify(token: string | undefined, op: SignedClaims['op']): SignedClaims | null {
    const claims = this.open(token);
    return claims?.op === op ? (claims as SignedClaims) : null;
  }

  /** The claims of an authentic, unexpired `git-lfs-authenticate` token; else null. */
  verifyLfsAuth(token: string | undefined): LfsAuthClaims | null {
    const claims = this.open(token) as Partial<LfsAuthClaims> | null;
    if (claims?.op !== 'lfs-auth' || !Number.isSafeInteger(claims.repoId) || !Number.isSafeInteger(claims.userId)) return null;
    return claims.operation === 'upload' || claims.operation === 'download' ? (claims as LfsAuthClaims) : null;
  }

  /** Checks the MAC and expiry; every kind of claim shares the key, so callers check `op`. */
  private open(token: string | undefined): { op?: unknown; exp: number } | null {
    if (!token || token.length > 4096) return null;
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { op?: unknown; exp: number } | null;
      if (!claims || typeof claims !== 'object' || typeof claims.exp !== 'number' || claims.exp < Date.now() / 1000) return null;
      return claims;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
