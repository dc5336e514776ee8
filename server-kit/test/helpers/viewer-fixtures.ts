import fs from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Field, Float64, Int32, Schema, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { git, gitResult } from './git.js';

/** Clones a hub repository over HTTP (with git-lfs), writes `files`, commits and pushes; returns the new head. */
export async function pushFiles(url: string, work: string, files: Record<string, string | Buffer>, message = 'data'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(work, 'clone-'));
  await git(['clone', '-q', url, dir]);
  await git(['lfs', 'install', '--local'], dir);
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
  await git(['add', '-A'], dir);
  await git(['commit', '-q', '-m', message], dir);
  const push = await gitResult(['push', '-q', 'origin', 'HEAD:main'], dir);
  if (push.code !== 0) throw new Error(`push failed: ${push.stderr}`);
  const head = (await git(['rev-parse', 'HEAD'], dir)).trim();
  await fs.rm(dir, { recursive: true, force: true });
  return head;
}

/** Runs DuckDB (unrestricted, in the test process) to write fixture files. */
export async function duck(sqls: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    for (const sql of sqls) await conn.run(sql);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export const LONG_TEXT = 'x'.repeat(10_000);

/** A CSV with quoted commas, quoted newlines, doubled quotes, unicode, empty cells, a 10,000-character cell and mixed types in one column. */
export const NASTY_CSV = [
  'id,text,value,note',
  '1,"hello, world",1.5,',
  '2,"line one\nline two",2,"unicode: 你好 🎉 é"',
  `3,${LONG_TEXT},,"say ""hi"""`,
  '4,plain,abc,',
  '',
].join('\n');

/** JSON lines with nested structs, lists, nulls and a column whose type changes from row to row. */
export const NESTED_JSONL = [
  { id: 1, s: { a: 1, b: [1, 2], c: { deep: 'yes' } }, mixed: 1, tags: ['a', 'b'] },
  { id: 2, s: null, mixed: 'two', tags: [] },
  { id: 3, s: { a: 3, b: null, c: { deep: 'ünï' } }, mixed: null, tags: null },
].map((r) => JSON.stringify(r)).join('\n') + '\n';

export function arrowIpcFile(): Buffer {
  const n = 50;
  const table = new Table(new Schema([new Field('id', new Int32(), false), new Field('name', new Utf8(), true), new Field('score', new Float64(), true)]), {
    id: vectorFromArray(Array.from({ length: n }, (_, i) => i), new Int32()),
    name: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `name ${i}`)), new Utf8()),
    score: vectorFromArray(Array.from({ length: n }, (_, i) => i / 2), new Float64()),
  } as never);
  return Buffer.from(tableToIPC(table, 'file'));
}
