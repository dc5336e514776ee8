import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openPage } from './support/browser.js';

// The static Storybook build (storybook/dist, made by `pnpm build:storybook`): every story and every
// API docs page opened in Chromium; any console error, uncaught exception or Storybook error display fails.

const DIST = fileURLToPath(new URL('../../storybook/dist/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

interface Entry { id: string; type: 'story' | 'docs'; title: string; name: string }

describe('Storybook', () => {
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let entries: Entry[];

  beforeAll(async () => {
    const index = await fs.readFile(path.join(DIST, 'index.json'), 'utf8').catch(() => {
      throw new Error('storybook/dist is missing: run `pnpm build:storybook` first');
    });
    entries = Object.values((JSON.parse(index) as { entries: Record<string, Entry> }).entries);
    server = http.createServer(async (req, res) => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (pathname === '/favicon.ico') return void res.writeHead(204).end();
      const file = path.join(DIST, pathname === '/' ? 'index.html' : pathname);
      if (!file.startsWith(DIST)) return void res.writeHead(404).end();
      const body = await fs.readFile(file).catch(() => null);
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('has a story in every state for every element in the manifest, and API docs for each', async () => {
    const manifest = JSON.parse(await fs.readFile(fileURLToPath(new URL('../../elements/custom-elements.json', import.meta.url)), 'utf8')) as { modules: Array<{ declarations?: Array<{ tagName?: string }> }> };
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : [])).sort();
    const titled = (tag: string, type: Entry['type']) => entries.filter((e) => e.title === `Elements/${tag}` && e.type === type).map((e) => e.name).sort();
    for (const tag of tags) {
      expect(titled(tag, 'story'), tag).toEqual(['Chinese', 'Dark', 'Default', 'Empty', 'Failed', 'Huge', 'Loading']);
      expect(titled(tag, 'docs'), tag).toEqual(['API']);
    }
  });

  it('renders every story and docs page without an error', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, { strict: true });
    const failures: string[] = [];
    for (const entry of entries) {
      problems.length = 0;
      await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=${entry.type === 'docs' ? 'docs' : 'story'}`);
      await page.waitForFunction((docs) => {
        const root = document.querySelector(docs ? '#storybook-docs' : '#storybook-root');
        return (root?.childElementCount ?? 0) > 0 || document.body.classList.contains('sb-show-errordisplay');
      }, entry.type === 'docs', { timeout: 30_000 });
      // Let the elements' tasks settle (the fake hub answers at once; Loading never does, on purpose).
      await page.waitForTimeout(entry.type === 'docs' ? 300 : 400);
      const shown = await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay') ? document.querySelector('#error-message')?.textContent ?? 'error display' : '');
      if (shown) failures.push(`${entry.id}: ${shown}`);
      failures.push(...problems.map((p) => `${entry.id}: ${p}`));
      if (entry.type === 'story') {
        const tag = entry.title.slice('Elements/'.length);
        const defined = await page.evaluate((t) => customElements.get(t) !== undefined && document.querySelector(t) !== null, tag);
        if (!defined) failures.push(`${entry.id}: <${tag}> not rendered`);
      }
    }
    await context.close();
    expect(failures).toEqual([]);
  }, 600_000);
});
