import type { TreeEntry } from '../../git/reader.js';

/** A tree entry in Hugging Face's shape (never `xetHash`: this hub speaks plain LFS). */
export function treeEntryJson(entry: TreeEntry, lastCommit?: { id: string; title: string; date: string }): Record<string, unknown> {
  const json: Record<string, unknown> = entry.type === 'directory'
    ? { type: 'directory', oid: entry.oid, size: 0, path: entry.path }
    : { type: 'file', oid: entry.oid, size: entry.size, path: entry.path };
  if (entry.lfs) json.lfs = { oid: entry.lfs.oid, size: entry.lfs.size, pointerSize: entry.lfs.pointerSize };
  if (lastCommit) json.lastCommit = lastCommit;
  return json;
}

export function commitJson(c: { id: string; title: string; message: string; authorName: string; authorDate: string }): Record<string, unknown> {
  return { id: c.id, title: c.title, message: c.message, authors: [{ user: c.authorName }], date: c.authorDate };
}
