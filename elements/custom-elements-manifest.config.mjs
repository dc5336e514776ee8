// `cem analyze` reads this (through scripts/check-manifest.mjs): every element module, not tests, fixtures or the bundle entry.
// Tags come from each class's `@tagname` JSDoc (registration lives in the define modules).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/test-support/**', 'src/bundle.ts', 'src/lazy/*-impl.ts'],
  outdir: process.env.CEM_OUTDIR ?? '.tmp/cem',
  litelement: true,
  // cem would otherwise write its (temporary) outdir into package.json's "customElements".
  packagejson: false,
};
