// The elements in Debian's Chromium (playwright-core driving /usr/bin/chromium), against references
// measured in the same run, on the same page:
// - first render of <csg-file-tree> over a 100,000-entry directory (from creating the element to its
//   first painted row, the listing fetched from a local server): paged as the hub pages it (1,000
//   entries a page), and as one 100,000-entry answer vs the floor any implementation pays for that
//   (fetch + JSON.parse of the same listing + 50 plain rows) and vs a naive tree (every row in the DOM);
// - frame times while scrolling the whole tree (frame rate unlimited, so a frame lasts as long as its
//   work) vs the same rows in a hand-written windowed list (top and text updates only, no framework);
// - gzipped size of elements.js and of the lazily loaded chunks.
// Targets: first render <= 150 ms, p95 frame <= 16 ms, elements.js <= 150 KB gzipped.
import fs from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildElementsBundle, elementsDist, launchChromium, startElementsServer } from './browser-lib.mjs';
import { fmt, median, percentile } from './lib.mjs';

const dist = elementsDist;
const ENTRIES = Number(process.env.BENCH_TREE_ENTRIES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ELEMENTS_ROUNDS ?? 5);
const FRAMES = 240;

const listing = Buffer.from(JSON.stringify(Array.from({ length: ENTRIES }, (_, i) => ({
  type: 'file', oid: i.toString(16).padStart(40, '0'), size: i * 37, path: `data/part-${String(i).padStart(6, '0')}.parquet`.slice(5),
}))));

const all = JSON.parse(listing.toString());
const pages = Array.from({ length: Math.ceil(ENTRIES / 1000) }, (_, i) => Buffer.from(JSON.stringify(all.slice(i * 1000, (i + 1) * 1000))));

/** Serves the page, the bundle and a fake hub answering the tree in one response. */
function startServer() {
  return startElementsServer(async (req, res, url) => {
    if (url.pathname.startsWith('/api/models/bench/paged/tree/')) {
      // As the hub answers: 1,000 entries a page, the next page's URL in Link.
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
      if (offset + 1000 < ENTRIES) headers.link = `<http://${req.headers.host}${url.pathname}?cursor=${offset + 1000}>; rel="next"`;
      res.writeHead(200, headers);
      res.end(pages[offset / 1000] ?? '[]');
      return true;
    }
    if (url.pathname.startsWith('/api/models/bench/huge/tree/')) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(listing);
      return true;
    }
    return false;
  });
}

export async function main() {
  await buildElementsBundle();
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium({ unthrottled: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(base);
    await page.waitForFunction(() => customElements.get('csg-file-tree'));

    const paged = [];
    for (let round = 0; round < ROUNDS; round++) {
      paged.push(await page.evaluate(async ({ endpoint, total }) => {
        const root = document.getElementById('root');
        root.replaceChildren();
        const t0 = performance.now();
        const el = document.createElement('csg-file-tree');
        el.setAttribute('endpoint', endpoint);
        el.setAttribute('repo', 'bench/paged');
        el.setAttribute('hide-commits', '');
        root.append(el);
        await new Promise((resolve) => {
          const check = () => (el.shadowRoot?.querySelector('[role=treeitem]') ? requestAnimationFrame(() => resolve()) : requestAnimationFrame(check));
          check();
        });
        const first = performance.now() - t0;
        await new Promise((resolve) => {
          const check = () => (el.rows.length === total && !el.shadowRoot.querySelector('.more') ? resolve() : setTimeout(check, 5));
          check();
        });
        return [first, performance.now() - t0];
      }, { endpoint: base, total: ENTRIES }));
    }
    const tree = [];
    const floor = [];
    const naive = [];
    for (let round = 0; round < ROUNDS; round++) {
      tree.push(await page.evaluate(async (endpoint) => {
        const root = document.getElementById('root');
        root.replaceChildren();
        const t0 = performance.now();
        const el = document.createElement('csg-file-tree');
        el.setAttribute('endpoint', endpoint);
        el.setAttribute('repo', 'bench/huge');
        el.setAttribute('hide-commits', '');
        root.append(el);
        await new Promise((resolve) => {
          const check = () => (el.shadowRoot?.querySelector('[role=treeitem]') ? requestAnimationFrame(() => resolve()) : requestAnimationFrame(check));
          check();
        });
        return performance.now() - t0;
      }, base));
      floor.push(await page.evaluate(async (endpoint) => {
        const root = document.getElementById('root');
        root.replaceChildren();
        const t0 = performance.now();
        const items = await (await fetch(`${endpoint}/api/models/bench/huge/tree/main`)).json();
        const list = document.createElement('ul');
        for (const item of items.slice(0, 50)) list.append(Object.assign(document.createElement('li'), { textContent: item.path }));
        root.append(list);
        await new Promise((r) => requestAnimationFrame(() => r()));
        return performance.now() - t0;
      }, base));
      naive.push(await page.evaluate(async (endpoint) => {
        const root = document.getElementById('root');
        root.replaceChildren();
        const t0 = performance.now();
        const items = await (await fetch(`${endpoint}/api/models/bench/huge/tree/main`)).json();
        const list = document.createElement('ul');
        list.style.cssText = 'height:420px;overflow:auto';
        for (const item of items) {
          const li = document.createElement('li');
          li.setAttribute('role', 'treeitem');
          li.innerHTML = `<span>${item.path}</span> <span>${item.size}</span>`;
          list.append(li);
        }
        root.append(list);
        await new Promise((r) => requestAnimationFrame(() => r()));
        return performance.now() - t0;
      }, base));
    }

    // Scrolling: the tree from top to bottom in FRAMES steps, one step per frame.
    const frames = await page.evaluate(async ({ endpoint, frames }) => {
      const root = document.getElementById('root');
      root.replaceChildren();
      const el = document.createElement('csg-file-tree');
      el.setAttribute('endpoint', endpoint);
      el.setAttribute('repo', 'bench/huge');
      el.setAttribute('hide-commits', '');
      root.append(el);
      await new Promise((resolve) => {
        const check = () => (el.shadowRoot?.querySelector('[role=treeitem]') ? resolve() : requestAnimationFrame(check));
        check();
      });
      const measure = async (scroller) => {
        const step = (scroller.scrollHeight - scroller.clientHeight) / frames;
        const times = [];
        let last = await new Promise((r) => requestAnimationFrame(r));
        for (let i = 1; i <= frames; i++) {
          scroller.scrollTop = step * i;
          const t = await new Promise((r) => requestAnimationFrame(r));
          times.push(t - last);
          last = t;
        }
        return times;
      };
      const treeTimes = await measure(el.shadowRoot.querySelector('[role=tree]'));
      const rendered = el.shadowRoot.querySelectorAll('[role=treeitem]').length;
      const lastLabel = [...el.shadowRoot.querySelectorAll('[part=label]')].map((l) => l.textContent).sort().at(-1);
      // The floor of any windowed list: the same rows, by hand-written DOM updates (top + text only).
      const tree = el.shadowRoot.querySelector('[role=tree]');
      const plain = document.createElement('div');
      plain.style.cssText = 'height:420px;overflow:auto;position:relative;font:14px system-ui';
      const sizer = document.createElement('div');
      sizer.style.cssText = `height:${tree.scrollHeight}px;position:relative`;
      plain.append(sizer);
      const names = await (await fetch(`${endpoint}/api/models/bench/huge/tree/main`)).json();
      const pool = Array.from({ length: rendered }, () => {
        const row = document.createElement('div');
        row.style.cssText = 'position:absolute;left:0;right:0;height:28px';
        row.append(document.createElement('span'), document.createTextNode(' '), document.createElement('span'));
        sizer.append(row);
        return row;
      });
      const paint = () => {
        const first = Math.max(0, Math.floor(plain.scrollTop / 28) - 8);
        pool.forEach((row, i) => {
          const item = names[first + i];
          if (!item) return;
          row.style.top = `${(first + i) * 28}px`;
          row.firstChild.textContent = item.path;
          row.lastChild.textContent = `${item.size} B`;
        });
      };
      plain.addEventListener('scroll', paint);
      root.append(plain);
      paint();
      const plainTimes = await measure(plain);
      return { treeTimes, plainTimes, rendered, lastLabel };
    }, { endpoint: base, frames: FRAMES });

    const gz = async (file) => gzipSync(await fs.readFile(path.join(dist, file)), { level: 9 }).length;
    const chunks = (await fs.readdir(path.join(dist, 'static/elements'))).sort();
    const entryGz = await gz('elements.js');
    const lazy = [];
    for (const c of chunks) lazy.push([c, await gz(`static/elements/${c}`)]);

    console.log(`<csg-file-tree> over ${ENTRIES.toLocaleString('en')} entries paged as the hub pages them (1,000 per page, Link): first row painted ${fmt(median(paged.map((p) => p[0])))}, all entries loaded ${fmt(median(paged.map((p) => p[1])))} (medians of ${ROUNDS})  [target first render <= 150 ms: ${median(paged.map((p) => p[0])) <= 150 ? 'met' : 'not met'}]`);
    const t = median(tree);
    const f = median(floor);
    const n = median(naive);
    console.log(`first render of <csg-file-tree>, ${ENTRIES.toLocaleString('en')} entries (median of ${ROUNDS}): ${fmt(t)}; floor (fetch + parse + 50 rows) ${fmt(f)}, ratio ${(t / f).toFixed(2)}; naive full DOM ${fmt(n)}, ratio ${(t / n).toFixed(2)}  [target <= 150 ms: ${t <= 150 ? 'met' : 'not met'}]`);
    const p95 = percentile(frames.treeTimes, 95);
    const plain95 = percentile(frames.plainTimes, 95);
    console.log(`scrolling the whole tree, ${FRAMES} frames: p50 ${fmt(median(frames.treeTimes))}, p95 ${fmt(p95)}; hand-written window p50 ${fmt(median(frames.plainTimes))}, p95 ${fmt(plain95)}; ratio p95 ${(p95 / plain95).toFixed(2)}; ${frames.rendered} rows in the DOM at the end (last ${frames.lastLabel})  [target p95 <= 16 ms: ${p95 <= 16 ? 'met' : 'not met'}]`);
    console.log(`elements.js gzipped: ${(entryGz / 1024).toFixed(1)} KB (ratio to the 150 KB target ${(entryGz / 1024 / 150).toFixed(2)}); lazy chunks: ${lazy.map(([c, b]) => `${c.replace(/-[A-Z0-9]{8}\.js$/, '')} ${(b / 1024).toFixed(1)} KB`).join(', ')}  [target <= 150 KB: ${entryGz <= 150 * 1024 ? 'met' : 'not met'}]`);
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
