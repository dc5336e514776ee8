// Runs every benchmark in this folder (`pnpm bench`), or those named on the command line.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await fs.readdir(here)).filter((f) => f.endsWith('.bench.mjs') && (!wanted.length || wanted.some((w) => f.includes(w)))).sort();
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.mjs', '')}`);
  const { main } = await import(path.join(here, file));
  await main();
}
