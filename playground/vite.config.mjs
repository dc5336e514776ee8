import { defineConfig } from 'vite';

// The UI loads the elements from the hub's own /elements.js (one copy shared with any embedding
// page), so the build holds only the thin shell. `pnpm --filter @csghub/playground dev` proxies the
// hub's paths to CSGHUB_URL (default http://127.0.0.1:8080).
const hub = process.env.CSGHUB_URL ?? 'http://127.0.0.1:8080';
const proxied = ['/api', '/viewer', '/elements.js', '/static/elements', '^/.+/(resolve|raw)/'];

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'static/ui',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        index: 'index.html',
        intranet: 'intranet/index.html',
        react: 'react/index.html',
        vue: 'vue/index.html',
      },
    },
  },
  server: { proxy: Object.fromEntries(proxied.map((p) => [p, { target: hub, changeOrigin: true }])) },
});
