import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { startRealHub } from './scripts/real-hub.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
let realHub;

// Debian's Chromium, headless, nothing downloaded. One element alone: `pnpm exec wtr --files 'src/file-tree/**/*.test.ts'`.
const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'import', 'development'] },
  plugins: [
    // A real hub on another origin for src/integration/*.test.ts, announced at /__hub__.json.
    {
      name: 'real-hub',
      async serverStart() {
        realHub = await startRealHub();
      },
      async serverStop() {
        await realHub?.close();
      },
      serve(context) {
        if (context.path === '/__hub__.json') return { body: JSON.stringify({ url: realHub.url, token: realHub.token }), type: 'json' };
        return undefined;
      },
    },
    // highlight.js ships CommonJS (its es/ build only wraps lib/): serve its modules bundled to ESM
    // by esbuild, as the real bundle does.
    {
      name: 'highlight-esm',
      transformImport: ({ source }) => {
        const m = /\/highlight\.js\/(?:lib|es)\/(.+?)(?:\.js)?$/.exec(source);
        return m ? `/__hljs__/${m[1]}.js` : undefined;
      },
      async serve(context) {
        const m = /^\/__hljs__\/(.+)\.js$/.exec(context.path);
        if (!m) return undefined;
        const out = await build({ stdin: { contents: `export { default } from 'highlight.js/lib/${m[1]}';`, resolveDir: root }, bundle: true, format: 'esm', write: false, logLevel: 'silent' });
        return { body: out.outputFiles[0].text, type: 'js' };
      },
    },
    esbuildPlugin({ ts: true, tsconfig: new URL('./tsconfig.json', import.meta.url).pathname, target: 'es2022' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 180000,
};
