import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random base62 string; rejection sampling keeps every character uniform. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Access tokens look like Hugging Face's (`hf_` + 34 characters), which @huggingface/hub insists on. */
export const newAccessToken = (): string => `hf_${randomBase62(34)}`;
export const newSessionId = (): string => randomBase62(43);
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
