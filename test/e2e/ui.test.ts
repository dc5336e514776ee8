import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, focused, launch, openPage, ready, screenshot, type WatchedPage } from './support/browser.js';
import { addUser, startE2eHub, writeParquet, type E2eHub } from './support/hub.js';

// The standalone hub UI in Debian's Chromium against a real hub: one user's journey, in order
// (each step builds on the one before), then a second user. Every page visited passes axe.

const run = promisify(execFile);
const MiB = 1024 * 1024;
const PASSWORD = 'correct-horse-battery';

describe('hub UI end to end', () => {
  let hub: E2eHub;
  let browser: Browser;
  let alice: BrowserContext;
  let tab: WatchedPage;
  let page: Page;
  let work: string;
  let bigSha: string;
  const a11y: string[] = [];

  const check = async (label: string) => {
    a11y.push(...(await axe(page, label)));
    await screenshot(page, label);
  };
  const url = (p: string) => `${hub.url}${p}`;
  const path_ = () => new URL(page.url()).pathname;

  beforeAll(async () => {
    hub = await startE2eHub();
    // alice is a site admin (she creates a user on /admin/users); bob is not.
    await addUser(hub.hub, 'alice', PASSWORD, true);
    await addUser(hub.hub, 'bob', PASSWORD);
    browser = await launch();
    alice = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    tab = await openPage(alice);
    page = tab.page;
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-e2e-work-'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it('signs in from the header with the keyboard alone', async () => {
    await page.goto(url('/'));
    await ready(page);
    await check('home-signed-out');
    // The first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a Skip to content');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatch(/^main#main/);
    await page.getByRole('link', { name: 'Sign in' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/login\?next=%2F$/);
    await page.getByLabel('Username or email').waitFor();
    await check('sign-in');
    await page.getByLabel('Username or email').fill('alice');
    await page.getByLabel('Password').fill('wrong password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Invalid username or password.');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(url('/'));
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'alice' }).waitFor();
    // A reload keeps the session (HttpOnly cookie).
    await page.reload();
    await ready(page);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'alice' }).waitFor();
  });

  it('creates an organisation and a dataset in it', async () => {
    await page.goto(url('/organizations/new'));
    await ready(page);
    await page.getByLabel('Name', { exact: true }).waitFor();
    await check('new-org');
    await page.getByLabel('Name', { exact: true }).fill('acme');
    await page.getByLabel('Display name (optional)').fill('ACME Research');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(url('/acme'));
    await page.getByRole('heading', { level: 1, name: 'ACME Research' }).waitFor();
    await page.getByRole('cell', { name: 'alice', exact: true }).waitFor();
    await check('org');

    await page.getByRole('link', { name: 'New repository' }).click();
    await page.waitForURL(url('/new'));
    await page.getByLabel('Dataset').check();
    await page.getByLabel('Owner').selectOption('acme');
    await page.getByLabel('Name', { exact: true }).fill('corpus');
    await check('new-repo');
    await page.getByRole('button', { name: 'Create repository' }).click();
    await page.waitForURL(url('/datasets/acme/corpus'));
    await page.getByRole('heading', { name: /acme \/\s*corpus/ }).waitFor();
    const info = await fetch(url('/api/datasets/acme/corpus')).then((r) => r.json()) as { id: string; private: boolean };
    expect(info).toMatchObject({ id: 'acme/corpus', private: false });
  });

  it('uploads a folder holding a 30 MB LFS file through <csg-upload>', async () => {
    const folder = path.join(work, 'corpus');
    await fs.mkdir(path.join(folder, 'data'), { recursive: true });
    const big = randomBytes(30 * MiB);
    bigSha = createHash('sha256').update(big).digest('hex');
    await fs.writeFile(path.join(folder, 'data', 'big.bin'), big);
    await writeParquet(path.join(folder, 'data', 'train.parquet'), 5000);
    await fs.writeFile(path.join(folder, 'README.md'), '# Corpus\n\nFive thousand rows of text.\n');

    await page.getByRole('link', { name: 'Upload files' }).click();
    await page.waitForURL(url('/datasets/acme/corpus/upload/main'));
    await page.locator('csg-upload input[name=folder]').waitFor({ state: 'attached' });
    await check('upload');
    await page.locator('csg-upload input[name=folder]').setInputFiles(folder);
    await page.locator('csg-upload [part=file]').nth(2).waitFor();
    await page.locator('csg-upload [part=upload]').click();
    await page.waitForURL(url('/datasets/acme/corpus/tree/main'), { timeout: 60_000 });

    const entries = await fetch(url('/api/datasets/acme/corpus/tree/main?recursive=true')).then((r) => r.json()) as Array<{ path: string; size: number; lfs?: { oid: string } }>;
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
    // A folder keeps its name, as in Hugging Face's web upload.
    expect(byPath['corpus/data/big.bin']).toMatchObject({ size: 30 * MiB, lfs: { oid: bigSha } });
    expect(byPath['corpus/data/train.parquet']).toBeDefined();
  });

  it('browses the files; reload, back and forward keep the page', async () => {
    await page.goto(url('/datasets/acme/corpus/tree/main'));
    await ready(page);
    const label = (name: string) => page.locator('csg-file-tree [part=label]').getByText(name, { exact: true });
    await label('corpus').click();
    await label('data').click();
    await label('big.bin').click();
    await page.waitForURL(url('/datasets/acme/corpus/blob/main/corpus/data/big.bin'));
    const header = page.locator('csg-file-view h2[part=path]');
    await expect(header.textContent()).resolves.toBe('corpus/data/big.bin');
    await page.locator('csg-file-view [part=badge]').getByText('LFS').waitFor();
    await check('file-lfs');
    await page.reload();
    await ready(page);
    await expect(page.locator('csg-file-view h2[part=path]').textContent()).resolves.toBe('corpus/data/big.bin');
    await page.goBack();
    await page.waitForURL(url('/datasets/acme/corpus/tree/main'));
    await page.goForward();
    await page.waitForURL(url('/datasets/acme/corpus/blob/main/corpus/data/big.bin'));
    await page.locator('csg-file-view h2[part=path]').waitFor();
    // A directory URL opens the tree at that directory: expanded and selected, no file open.
    await page.goto(url('/datasets/acme/corpus/tree/main/corpus/data'));
    await ready(page);
    await label('train.parquet').waitFor();
    const selected = page.locator('csg-file-tree [role=treeitem][aria-selected=true]');
    await expect(selected.locator('[part=label]').textContent()).resolves.toBe('data');
    await expect(selected.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(page.locator('csg-file-view [part=status]').textContent()).resolves.toBeTruthy();
    await check('tree-directory');
    // The tabs move with the arrow keys (the ARIA tabs pattern) and the URL follows.
    await page.getByRole('tab', { name: 'Files' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(url('/datasets/acme/corpus/commits/main'));
    await page.locator('csg-repo [part=commit]').first().waitFor();
    await check('history');
    await page.locator('csg-repo [part=commit]').first().click();
    await page.waitForURL(/\/datasets\/acme\/corpus\/commit\/[0-9a-f]{40}$/);
    await page.locator('csg-repo [part=diff], csg-repo .changed').first().waitFor();
    await page.goBack();
    await page.waitForURL(url('/datasets/acme/corpus/commits/main'));
  });

  it('previews the Parquet file and pages to its last row', async () => {
    await page.goto(url('/datasets/acme/corpus'));
    await ready(page);
    await page.getByRole('tab', { name: 'Dataset viewer' }).click();
    await page.waitForURL(url('/datasets/acme/corpus/viewer'));
    const grid = page.getByRole('grid', { name: 'Rows of train' });
    await grid.waitFor({ timeout: 60_000 });
    await expect(grid.getAttribute('aria-rowcount')).resolves.toBe('5001');
    await page.getByRole('gridcell', { name: 'row 0', exact: true }).waitFor();
    await check('viewer');
    await grid.focus();
    await page.keyboard.press('PageDown');
    await page.keyboard.press('Control+End');
    await page.getByRole('gridcell', { name: 'row 4999', exact: true }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'viewer-last-page');
  });

  it('opens a discussion and comments on it', async () => {
    await page.goto(url('/datasets/acme/corpus'));
    await ready(page);
    await page.getByRole('link', { name: 'New discussion' }).click();
    await page.waitForURL(url('/datasets/acme/corpus/discussions/new'));
    await page.getByLabel('Title').waitFor();
    await check('new-discussion');
    await page.getByLabel('Title').fill('Row 42 looks wrong');
    await page.getByLabel('Description (Markdown)').fill('The **score** of row 42 is off.');
    await page.getByRole('button', { name: 'Start discussion' }).click();
    await page.waitForURL(url('/datasets/acme/corpus/discussions/1'));
    await page.locator('csg-discussion').getByText('Row 42 looks wrong').first().waitFor();
    await page.getByLabel('Add a comment (Markdown)').fill('Fixed in the next upload, thanks!');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.locator('csg-discussion [part=comment]').getByText('Fixed in the next upload, thanks!').waitFor();
    await check('discussion');
    // Reload: the thread and the comment come back from the hub.
    await page.reload();
    await ready(page);
    await page.locator('csg-discussion [part=comment]').getByText('Fixed in the next upload, thanks!').waitFor();
    // The list links to the thread's own URL.
    await page.getByRole('link', { name: 'Back to acme/corpus' }).click();
    await page.waitForURL(url('/datasets/acme/corpus/discussions'));
    await page.locator('csg-discussion-list [part=item]').first().click();
    await page.waitForURL(url('/datasets/acme/corpus/discussions/1'));
    const thread = await fetch(url('/api/datasets/acme/corpus/discussions/1')).then((r) => r.json()) as { events: Array<{ type: string; data?: { latest?: { raw?: string } } }> };
    expect(thread.events.filter((e) => e.type === 'comment').map((e) => e.data?.latest?.raw)).toEqual(['The **score** of row 42 is off.', 'Fixed in the next upload, thanks!']);
  });

  it('embeds the elements in a company portal page with its own theme, one script tag', async () => {
    await page.goto(url('/playground/intranet'));
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await page.locator('csg-repo [part=name]').getByText('corpus').waitFor();
    await page.getByRole('grid', { name: 'Rows of train' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('script[src]').evaluateAll((s) => s.filter((x) => (x as HTMLScriptElement).src.endsWith('/elements.js')).length)).toBe(1);
    // The portal's look, and its palette inside the elements (custom properties cross the shadow boundary).
    expect(await page.locator('.masthead').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(29, 77, 58)');
    expect(await page.locator('csg-repo').evaluate((e) => getComputedStyle(e.shadowRoot!.querySelector('[part~=tab][aria-selected=true]')!).borderBottomColor)).toBe('rgb(179, 92, 0)');
    await check('intranet');
    // An upload from the portal (the page hands the elements a fetch carrying the session's CSRF token).
    const csv = path.join(work, 'notes.csv');
    await fs.writeFile(csv, 'id,note\n1,from the portal\n');
    await page.locator('csg-upload input[name=files]').setInputFiles(csv);
    await page.locator('csg-upload [part=upload]').click();
    await page.locator('csg-upload [part=result]').waitFor({ timeout: 30_000 });
    const res = await fetch(url('/datasets/acme/corpus/resolve/main/notes.csv'));
    expect(await res.text()).toBe('id,note\n1,from the portal\n');
  });

  for (const framework of ['react', 'vue'] as const) {
    it(`embeds the same elements in a ${framework === 'react' ? 'React' : 'Vue'} page and hears their events`, async () => {
      await page.goto(url(`/playground/${framework}`));
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      await page.locator('csg-repo [part=name]').getByText('corpus').waitFor();
      await page.getByRole('grid', { name: 'Rows of train' }).waitFor({ timeout: 60_000 });
      await page.getByRole('tab', { name: 'Files' }).click();
      await page.locator('csg-file-tree [part=label]').getByText('README.md', { exact: true }).click();
      await page.getByText('Open file: README.md').waitFor();
      await check(framework);
    });
  }

  it('creates a read token in the settings and clones the dataset with git using it', async () => {
    await page.goto(url('/settings/tokens'));
    await ready(page);
    await page.getByText('No access tokens yet.').waitFor();
    await check('settings-tokens');
    await page.getByLabel('Token name').fill('laptop');
    await page.getByLabel('read: download and clone').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('csg-account-settings [part=new-token]').textContent())!;
    expect(secret).toMatch(/^hf_/);
    await page.getByRole('cell', { name: 'laptop', exact: true }).waitFor();
    await check('settings-token-created');

    const target = path.join(work, 'clone');
    const remote = new URL('/datasets/acme/corpus', hub.url);
    remote.username = 'alice';
    remote.password = secret;
    // git-lfs's filters given on the command line: a fresh machine need not have run `git lfs install`.
    const lfs = ['-c', 'filter.lfs.process=git-lfs filter-process', '-c', 'filter.lfs.smudge=git-lfs smudge -- %f', '-c', 'filter.lfs.clean=git-lfs clean -- %f', '-c', 'filter.lfs.required=true'];
    await run('git', [...lfs, 'clone', '--quiet', remote.toString(), target], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    const cloned = await fs.readFile(path.join(target, 'corpus', 'data', 'big.bin'));
    expect(cloned.length).toBe(30 * MiB);
    expect(createHash('sha256').update(cloned).digest('hex')).toBe(bigSha);
    await expect(fs.readFile(path.join(target, 'corpus', 'README.md'), 'utf8')).resolves.toContain('Five thousand rows');
  });

  it('makes the dataset private, and it vanishes for another user', async () => {
    const bobContext = await browser.newContext();
    const bob = await openPage(bobContext);
    try {
      await bob.page.goto(url('/login'));
      await ready(bob.page);
      await bob.page.getByLabel('Username or email').fill('bob');
      await bob.page.getByLabel('Password').fill(PASSWORD);
      await bob.page.getByRole('button', { name: 'Sign in' }).click();
      await bob.page.waitForURL(url('/'));
      await bob.page.goto(url('/datasets'));
      await ready(bob.page);
      // Public: bob sees it (so its absence below means something).
      await bob.page.getByRole('link', { name: 'acme/corpus' }).waitFor();

      await page.goto(url('/datasets/acme/corpus/settings'));
      await ready(page);
      await page.getByLabel('Private').waitFor();
      await check('repo-settings');
      await page.getByLabel('Private').check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').getByText('Saved.').waitFor();
      const info = await fetch(url('/api/datasets/acme/corpus'));
      expect(info.status).toBe(404);

      await bob.page.reload();
      await ready(bob.page);
      await bob.page.getByText('No repositories match.').waitFor();
      await bob.page.goto(url('/datasets/acme/corpus'));
      await ready(bob.page);
      await expect(bob.page.locator('csg-repo').getByRole('alert').textContent()).resolves.toContain('Not found, or you do not have access.');
      a11y.push(...(await axe(bob.page, 'private-for-bob')));
      await screenshot(bob.page, 'private-for-bob');
      expect(bob.problems).toEqual([]);

      // Alice, a member, still sees it, marked private.
      await page.goto(url('/datasets'));
      await ready(page);
      await page.getByRole('link', { name: 'acme/corpus' }).waitFor();
      await expect(page.locator('csg-repo-list .meta').first().textContent()).resolves.toContain('Private');
    } finally {
      await bobContext.close();
    }
  });

  it('a site admin creates a user on /admin/users, who signs in; a non-admin has no link and is not allowed there', async () => {
    await page.goto(url('/'));
    await ready(page);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Manage users' }).click();
    await page.waitForURL(url('/admin/users'));
    await page.getByLabel('User name').fill('carol');
    await page.getByLabel('Email').fill('carol@example.test');
    await page.getByLabel('Initial password').fill('carol-initial-pass');
    await check('admin-users');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.locator('csg-admin-users [part=notice]').textContent()).resolves.toBe('User carol created. They can sign in now.');
    // The hub refuses a second carol, and the page says why.
    await page.getByLabel('User name').fill('carol');
    await page.getByLabel('Email').fill('carol2@example.test');
    await page.getByLabel('Initial password').fill('carol-initial-pass');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.locator('csg-admin-users [part=error]').textContent()).resolves.toBe('Something went wrong: The name "carol" is already taken');
    await check('admin-users-refused');

    const carolContext = await browser.newContext();
    const carol = await openPage(carolContext);
    try {
      await carol.page.goto(url('/login'));
      await ready(carol.page);
      await carol.page.getByLabel('Username or email').fill('carol');
      await carol.page.getByLabel('Password').fill('carol-initial-pass');
      await carol.page.getByRole('button', { name: 'Sign in' }).click();
      await carol.page.waitForURL(url('/'));
      const accountNav = carol.page.getByRole('navigation', { name: 'Account' });
      await accountNav.getByRole('link', { name: 'carol' }).waitFor();
      expect(await accountNav.getByRole('link', { name: 'Manage users' }).count()).toBe(0);
      await carol.page.goto(url('/admin/users'));
      await ready(carol.page);
      await expect(carol.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not allowed');
      await expect(carol.page.getByRole('alert').textContent()).resolves.toBe('Only site administrators can open this page.');
      expect(await carol.page.locator('csg-admin-users').count()).toBe(0);
      a11y.push(...(await axe(carol.page, 'admin-users-not-allowed')));
      await screenshot(carol.page, 'admin-users-not-allowed');
      expect(carol.problems).toEqual([]);
    } finally {
      await carolContext.close();
    }
  });

  it('speaks Chinese and goes dark, in the shell and in the elements, and stays so after a reload', async () => {
    await page.goto(url('/datasets'));
    await ready(page);
    await page.getByRole('button', { name: 'Dark' }).click();
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('navigation', { name: '仓库类型' }).getByRole('link', { name: '数据集' }).waitFor();
    await expect(page.getByRole('button', { name: '深色' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await page.locator('csg-repo-list [part=types]').getByRole('button', { name: '数据集' }).waitFor();
    await page.reload();
    await ready(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.locator('csg-repo-list').getAttribute('theme')).toBe('dark');
    await page.locator('csg-repo-list [part=item]').first().waitFor();
    await check('home-zh-dark');
    await page.goto(url('/datasets/acme/corpus'));
    await ready(page);
    await page.getByRole('tab', { name: '数据集卡片' }).waitFor();
    await check('repo-zh-dark');
  });

  it('signs out; pages that need a session then ask to sign in first', async () => {
    await page.getByRole('navigation', { name: '账号' }).getByRole('button', { name: '退出' }).click();
    await page.getByRole('navigation', { name: '账号' }).getByRole('link', { name: '登录' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/auth/session')).status)).toBe(401);
    await page.goto(url('/settings/tokens'));
    await ready(page);
    await page.waitForURL(url('/login?next=%2Fsettings%2Ftokens'));
    await page.getByLabel('用户名或邮箱').waitFor();
    await check('sign-in-zh-dark');
  });

  it('passes axe on every page and logs no errors', () => {
    expect(a11y).toEqual([]);
    expect(tab.problems).toEqual([]);
  });
});
