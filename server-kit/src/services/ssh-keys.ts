import { createHash } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import ssh2 from 'ssh2';
import { SshKeyRow, type UserRow } from '../db/models.js';
import { badRequest, conflict, notFound } from '../errors.js';

const ACCEPTED = new Set(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa']);
const MIN_RSA_BITS = 2048;

export interface ParsedPublicKey {
  type: string;
  /** `type base64` without the comment: the form stored and compared. */
  canonical: string;
  fingerprint: string;
  comment: string;
}

/** Parses one OpenSSH public key line; refuses private keys, certificates, weak and unknown types. */
export function parsePublicKey(text: unknown): ParsedPublicKey {
  if (typeof text !== 'string' || !text.trim()) throw badRequest('The public key is required');
  const line = text.trim();
  if (line.includes('PRIVATE KEY')) throw badRequest('This is a private key: upload the .pub file');
  if (line.length > 16_384 || /[\r\n]/.test(line)) throw badRequest('Give exactly one public key line');
  const parsed = ssh2.utils.parseKey(line);
  if (parsed instanceof Error || Array.isArray(parsed)) throw badRequest('Not a valid OpenSSH public key');
  if (parsed.isPrivateKey()) throw badRequest('This is a private key: upload the .pub file');
  if (!ACCEPTED.has(parsed.type)) {
    throw badRequest(`Unsupported key type "${parsed.type}": use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa (2048 bits or more)`);
  }
  const blob = parsed.getPublicSSH();
  if (parsed.type === 'ssh-rsa' && rsaModulusBits(blob) < MIN_RSA_BITS) {
    throw badRequest(`RSA keys must have at least ${MIN_RSA_BITS} bits`);
  }
  return {
    type: parsed.type,
    canonical: `${parsed.type} ${blob.toString('base64')}`,
    fingerprint: fingerprintOf(blob),
    comment: parsed.comment ?? '',
  };
}

/** OpenSSH's `SHA256:` fingerprint: unpadded base64 of the sha256 of the key blob. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The bit length of n in an ssh-rsa blob: string "ssh-rsa", mpint e, mpint n. */
function rsaModulusBits(blob: Buffer): number {
  let offset = 0;
  const next = (): Buffer => {
    const length = blob.readUInt32BE(offset);
    const value = blob.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    return value;
  };
  next();
  next();
  const n = next();
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i) * 8 - Math.clz32(n[i]!) + 24;
}

export class SshKeysService {
  async add(user: UserRow, input: { key: unknown; title?: unknown }): Promise<SshKeyRow> {
    const key = parsePublicKey(input.key);
    const title = typeof input.title === 'string' && input.title.trim() ? input.title.trim() : key.comment || key.type;
    if (title.length > 100) throw badRequest('The key title must have at most 100 characters');
    try {
      return await SshKeyRow.create({
        userId: user.id, name: title, keyType: key.type, publicKey: key.canonical, fingerprint: key.fingerprint, lastUsedAt: null,
      });
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw conflict('This key is already registered');
      throw err;
    }
  }

  async list(user: UserRow): Promise<SshKeyRow[]> {
    return SshKeyRow.findAll({ where: { userId: user.id }, order: [['id', 'ASC']] });
  }

  async remove(user: UserRow, id: number): Promise<void> {
    const removed = await SshKeyRow.destroy({ where: { id, userId: user.id } });
    if (!removed) throw notFound(`SSH key not found: ${id}`);
  }

  async findByFingerprint(fingerprint: string): Promise<SshKeyRow | null> {
    return SshKeyRow.findOne({ where: { fingerprint } });
  }
}
