// `cem analyze` reads this (through scripts/check-manifest.mjs): every element module, not tests, fixtures or the bundle entry.
// Tags come from each class's `@tagname` JSDoc (registration lives in the define modules).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/test-support/**', 'src/bundle.ts', 'src/lazy/*-impl.ts'],
  outdir: process.env.CEM_OUTDIR ?? '.tmp/cem',
  litelement: true,
  // package.json names the committed manifest; cem would point it at the temporary outdir.
  packagejson: false,
};
