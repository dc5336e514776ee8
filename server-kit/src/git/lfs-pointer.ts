export interface LfsPointer {
  oid: string;
  size: number;
  pointerSize: number;
}

// Pointers are small; anything outside this size range cannot be one and is not read.
export const POINTER_MIN_SIZE = 100;
export const POINTER_MAX_SIZE = 1024;

const POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:([0-9a-f]{64})\nsize (0|[1-9][0-9]{0,15})\n(?:[a-z0-9.-]+ [^\n]*\n)*$/;

/** Parses a git-lfs pointer file (spec v1); null when the blob is not one. */
export function parseLfsPointer(data: Buffer): LfsPointer | null {
  if (data.length < POINTER_MIN_SIZE || data.length > POINTER_MAX_SIZE) return null;
  const match = POINTER.exec(data.toString('utf8'));
  if (!match) return null;
  const size = Number(match[2]);
  return Number.isSafeInteger(size) ? { oid: match[1]!, size, pointerSize: data.length } : null;
}

export function formatLfsPointer(oid: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;
}
