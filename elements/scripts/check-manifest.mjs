// `node scripts/check-manifest.mjs --write` regenerates custom-elements.json with `cem analyze`
// (modules sorted by path: the analyzer's glob order varies); without --write it fails when the
// committed file differs from what the sources give now.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// cem resolves outdir against the working directory; .tmp/ is git-ignored.
const relative = `.tmp/cem-${process.pid}`;
const out = join(root, relative);
const target = join(root, 'custom-elements.json');
// cem rewrites package.json's "customElements" to its temporary outdir: keep the committed file as it is.
const pkgPath = join(root, 'package.json');
const pkg = readFileSync(pkgPath, 'utf8');
try {
  execFileSync(join(root, 'node_modules/.bin/cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], {
    cwd: root, env: { ...process.env, CEM_OUTDIR: relative }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const manifest = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8'));
  manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
  const fresh = `${JSON.stringify(manifest, null, 2)}\n`;
  if (process.argv.includes('--write')) {
    writeFileSync(target, fresh);
    console.log('custom-elements.json written');
  } else if (fresh !== readFileSync(target, 'utf8')) {
    console.error('custom-elements.json is out of date: run `pnpm --filter @csghub/elements manifest` and commit it');
    process.exitCode = 1;
  } else {
    console.log('custom-elements.json is up to date');
  }
} finally {
  writeFileSync(pkgPath, pkg);
  rmSync(join(root, '.tmp'), { recursive: true, force: true });
}
