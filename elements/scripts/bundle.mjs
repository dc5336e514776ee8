// One ESM bundle for pages that want a single script tag: dist/elements.js registers every tag.
// Markdown (marked + DOMPurify) and highlighting (highlight.js) are split into chunks under
// dist/static/elements/, fetched on first use; the hub serves both at /elements.js and /static/elements/*.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await rm(`${root}/dist/static/elements`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { elements: 'src/bundle.ts' },
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'static/elements/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  tsconfig: 'tsconfig.json',
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.entries(result.metafile.outputs).map(([file, o]) => `${file} ${(o.bytes / 1024).toFixed(1)} KB`);
console.log(`elements bundle:\n  ${outputs.join('\n  ')}`);
