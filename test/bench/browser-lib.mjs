// What the Chromium benchmarks share: the elements bundle, a page that loads it beside a fake hub's
// routes, and Debian's Chromium started as the tests start it.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const elementsDist = path.resolve(here, '../../elements/dist');

const PAGE = '<!doctype html><html lang="en"><body style="margin:0"><div id="root"></div><script type="module" src="/elements.js"></script></body></html>';

/** Builds elements/dist (the bundle and its lazy chunks) from the current sources. */
export async function buildElementsBundle() {
  await promisify(execFile)('node', [path.resolve(here, '../../elements/scripts/bundle.mjs')]);
}

/**
 * Serves `/` (an empty page loading /elements.js), the bundle and its chunks; every other request
 * goes to `route(req, res, url)`, which answers it and returns true, or returns false for a 404.
 */
export function startElementsServer(route) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(PAGE);
    }
    if (url.pathname === '/elements.js' || url.pathname.startsWith('/static/elements/')) {
      const body = await fs.readFile(path.join(elementsDist, url.pathname.replace(/^\//, ''))).catch(() => null);
      if (body) {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(body);
      }
    } else if (await route(req, res, url)) {
      return undefined;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end('{"error":"not found"}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Debian's Chromium, headless; `unthrottled` lifts the frame-rate cap so frame times measure work, not vsync. */
export function launchChromium({ unthrottled = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      ...(unthrottled ? ['--disable-frame-rate-limit', '--disable-gpu-vsync'] : [])],
  });
}
