import { defineConfig } from 'vitest/config';

// One runner for every Node-side suite. Browser suites (elements, e2e) join as they land.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server-kit',
          root: './server-kit',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: { name: 'client', root: './packages/client', include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        test: { name: 'interop', root: './test', include: ['**/*.test.ts'], exclude: ['**/node_modules/**', 'bench/**'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000, passWithNoTests: true },
      },
    ],
  },
});
