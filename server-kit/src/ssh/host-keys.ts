import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { fingerprintOf } from '../services/ssh-keys.js';

export interface HostKey {
  /** `ssh-ed25519` or `ssh-rsa`. */
  type: string;
  file: string;
  privateKey: Buffer;
  /** The OpenSSH public key line, as in `known_hosts`. */
  publicKey: string;
  fingerprint: string;
}

// ed25519 for every current client; RSA for old ones that know nothing else.
const KINDS = [
  { file: 'host_ed25519_key', generate: () => generate((cb) => ssh2.utils.generateKeyPair('ed25519', cb)) },
  { file: 'host_rsa_key', generate: () => generate((cb) => ssh2.utils.generateKeyPair('rsa', { bits: 3072 }, cb)) },
] as const;

type KeyPairCallback = (err: Error | null, keys: { private: string }) => void;

/**
 * Node's crypto makes the key (in its thread pool); ssh2 writes it in OpenSSH's format. That
 * writer gets about one ed25519 key in 200 wrong (ssh2 1.17: "Malformed OpenSSH private key"),
 * so each key is read back and made to sign before it is kept.
 */
async function generate(run: (cb: KeyPairCallback) => void): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const text = await new Promise<string>((resolve, reject) => run((err, keys) => (err ? reject(err) : resolve(keys.private))));
    if (usable(text)) return text;
  }
  throw new Error('could not generate a usable SSH host key');
}

function parsePrivate(text: string): ParsedKey | null {
  const parsed = ssh2.utils.parseKey(text);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return !key || key instanceof Error || !key.isPrivateKey() ? null : key;
}

function usable(text: string): boolean {
  const key = parsePrivate(text);
  const data = randomBytes(32);
  const signature = key?.sign(data);
  return !!key && Buffer.isBuffer(signature) && key.verify(data, signature) === true;
}

/**
 * The server's host keys, generated once into `DATA/ssh/` (mode 0600) and reused ever after:
 * a host key that changed would make every client refuse or warn. Several hub processes may
 * share the data directory, so a new key is written aside and linked into place: the first
 * process to link wins and the others read its key.
 */
export async function loadHostKeys(dataDir: string): Promise<HostKey[]> {
  const dir = path.join(dataDir, 'ssh');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const keys: HostKey[] = [];
  for (const kind of KINDS) {
    const file = path.join(dir, kind.file);
    let text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (text === null) {
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.writeFile(tmp, await kind.generate(), { mode: 0o600, flag: 'wx' });
      try {
        await fs.link(tmp, file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      } finally {
        await fs.rm(tmp, { force: true });
      }
      text = await fs.readFile(file, 'utf8');
    } else if (((await fs.stat(file)).mode & 0o077) !== 0) {
      await fs.chmod(file, 0o600);
    }
    const key = parsePrivate(text);
    if (!key) throw new Error(`${file} is not a usable SSH private key`);
    const blob = key.getPublicSSH();
    const publicKey = `${key.type} ${blob.toString('base64')}`;
    // The public half, for operators to hand out (known_hosts, ssh-keygen -lf).
    const pub = `${publicKey} csghub\n`;
    if ((await fs.readFile(`${file}.pub`, 'utf8').catch(() => null)) !== pub) await fs.writeFile(`${file}.pub`, pub, { mode: 0o644 });
    keys.push({ type: key.type, file, privateKey: Buffer.from(text), publicKey, fingerprint: fingerprintOf(blob) });
  }
  return keys;
}
