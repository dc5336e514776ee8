// Fails when custom-elements.json is not what `cem analyze` produces from the sources now
// (run `pnpm --filter @csghub/elements manifest` and commit the result).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// cem resolves outdir against the working directory; .tmp/ is git-ignored.
const relative = `.tmp/cem-check-${process.pid}`;
const out = join(root, relative);
try {
  execFileSync(join(root, 'node_modules/.bin/cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], { cwd: root, env: { ...process.env, CEM_OUTDIR: relative }, stdio: ['ignore', 'ignore', 'inherit'] });
  const fresh = readFileSync(join(out, 'custom-elements.json'), 'utf8');
  const committed = readFileSync(join(root, 'custom-elements.json'), 'utf8');
  if (fresh !== committed) {
    console.error('custom-elements.json is out of date: run `pnpm --filter @csghub/elements manifest` and commit it');
    process.exitCode = 1;
  } else {
    console.log('custom-elements.json is up to date');
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
