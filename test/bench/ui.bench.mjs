// The hub UI in Chromium (Debian's, headless, through playwright-core) against `csghub serve`
// holding 1,000 repositories: time from navigation start until the home page (the repository list)
// and a repository page (header and model card) are interactive, BENCH_UI_N warm loads each (10
// by default) after one cold load, beside the floor: the API calls those pages make, timed from
// the page itself (Resource Timing) and made directly from Node. Target: <= 1 s for each page.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser-lib.mjs';
import { fmt, median, now, percentile, startBenchHub } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.BENCH_UI_N ?? 10);
const REPOS = Number(process.env.BENCH_UI_REPOS ?? 1000);

const PAGES = [
  {
    name: 'home (repository list)',
    path: '/',
    ready: () => document.querySelector('csg-repo-list')?.shadowRoot?.querySelectorAll('[part=item]').length === 30,
    api: (hub) => [`${hub.url}/api/auth/session`, `${hub.url}/api/models?sort=lastModified&direction=-1&limit=30`],
  },
  {
    name: 'repository page',
    path: '/bench/repo-0000',
    ready: () => !!document.querySelector('csg-repo')?.shadowRoot?.querySelector('[part=card] h1'),
    api: (hub) => [`${hub.url}/api/auth/session`, `${hub.url}/api/models/bench/repo-0000`, `${hub.url}/api/models/bench/repo-0000/refs`, `${hub.url}/bench/repo-0000/resolve/main/README.md`],
  },
];

export async function main() {
  const hub = await startBenchHub();
  const browser = await launchChromium();
  try {
    let t = now();
    const headers = { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' };
    const readme = Buffer.from('# Bench model\n\nA model card with a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n').toString('base64');
    for (let i = 0; i < REPOS; i += 8) {
      await Promise.all(Array.from({ length: Math.min(8, REPOS - i) }, async (_, k) => {
        const name = `repo-${String(i + k).padStart(4, '0')}`;
        const res = await fetch(`${hub.url}/api/repos/create`, { method: 'POST', headers, body: JSON.stringify({ name, files: [{ path: 'README.md', content: readme, encoding: 'base64' }] }) });
        if (res.status !== 200) throw new Error(`create ${name}: ${res.status} ${await res.text()}`);
      }));
    }
    console.log(`created ${REPOS} repositories in ${fmt(now() - t)}`);

    for (const p of PAGES) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const loads = [];
      const apiInPage = [];
      for (let i = 0; i <= N; i++) {
        await page.goto(`${hub.url}${p.path}`, { waitUntil: 'commit' });
        await page.waitForFunction(p.ready, undefined, { polling: 'raf', timeout: 30_000 });
        const timing = await page.evaluate(() => ({
          ready: performance.now(),
          api: performance.getEntriesByType('resource').filter((e) => /\/api\/|\/resolve\//.test(e.name)).map((e) => ({ start: e.startTime, end: e.responseEnd })),
        }));
        // The API calls' own span in the page: first request sent to last answer received.
        const span = timing.api.length ? Math.max(...timing.api.map((a) => a.end)) - Math.min(...timing.api.map((a) => a.start)) : 0;
        if (i === 0) {
          console.log(`${p.name}: cold ${fmt(timing.ready)} (API calls in the page ${fmt(span)})`);
          continue;
        }
        loads.push(timing.ready);
        apiInPage.push(span);
      }
      await context.close();
      const direct = [];
      for (let i = 0; i < N; i++) {
        const s = now();
        for (const u of p.api(hub)) await (await fetch(u)).arrayBuffer();
        direct.push(now() - s);
      }
      const m = median(loads);
      console.log(`${p.name}: interactive p50 ${fmt(m)}, p90 ${fmt(percentile(loads, 90))}; its API calls in the page p50 ${fmt(median(apiInPage))}; the same calls from Node, one after another, p50 ${fmt(median(direct))}; ratio interactive/API-in-page ${(m / Math.max(median(apiInPage), 0.01)).toFixed(1)}x; target <= 1 s: ${m <= 1000 ? 'met' : 'MISSED'}`);
    }
  } finally {
    await browser.close();
    await hub.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
