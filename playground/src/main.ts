import './shell.css';
import type { HubClient, Session } from '@csghub/client';
import { homeUrl, isHubPath, parseRoute, repoUrl, type RepoTab, type RepoType } from './routes.js';
import { tr, type Key, type Lang } from './strings.js';

/**
 * The standalone hub UI: a thin shell (header, router, page frames) around the elements, which
 * the hub serves at /elements.js. State lives in the URL (History API), so back, forward and
 * reload land on the same page; the session lives in the hub's HttpOnly cookie.
 */
type Elements = { HubClient: typeof HubClient };

const ELEMENTS_URL = '/elements.js';
const hub = document.getElementById('hub') as HTMLElement & { client?: HubClient };
const main = document.getElementById('main')!;
const account = document.getElementById('account')!;
let session: Session | null = null;
let lang: Lang = localStorage.getItem('csghub.lang') === 'zh-CN' ? 'zh-CN' : 'en';
let client: HubClient;

const t = (key: Key, vars?: Record<string, string | number>) => tr(lang, key, vars);

function el<K extends keyof HTMLElementTagNameMap | string>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Array<Node | string>): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === true) node.setAttribute(k, '');
    else if (typeof v === 'string') node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

/** Cookie-authenticated writes carry the session's CSRF token; reads and token calls need none. */
const sessionFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
  const method = (init.method ?? 'GET').toUpperCase();
  if (session?.csrfToken && method !== 'GET' && method !== 'HEAD') {
    const headers = new Headers(init.headers);
    headers.set('x-csrf-token', session.csrfToken);
    init = { ...init, headers };
  }
  return fetch(input, { ...init, credentials: 'same-origin' });
};

export function navigate(url: string, replace = false): void {
  if (url === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  void render();
}

// Same-origin links inside any element (composedPath crosses shadow roots) stay in the page.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || isHubPath(url.pathname) || (url.hash && url.pathname === location.pathname)) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => void render());

// The elements tell where the user went; the shell keeps it in the URL.
document.addEventListener('csg-navigate', (event) => {
  const route = parseRoute(location.pathname, location.search);
  if (route.page !== 'repo') return;
  const s = (event as Event & { state: { tab: RepoTab; path: string; revision: string; commit?: string } }).state;
  navigate(repoUrl(route.type, route.id, { tab: s.tab, revision: s.revision, path: s.path, commit: s.commit ?? '' }));
});
document.addEventListener('csg-list-change', (event) => {
  // Only the home page keeps its list in the URL (a user's or organisation's page lists by owner).
  if (parseRoute(location.pathname, location.search).page !== 'home') return;
  const { query } = event as Event & { query: { type: RepoType; search: string; sort: string; filter: string[] } };
  navigate(homeUrl(query), true);
});
document.addEventListener('csg-signed-in', (event) => {
  session = (event as Event & { session: Session }).session;
  renderAccount();
  const route = parseRoute(location.pathname, location.search);
  navigate(route.page === 'login' ? route.next : '/', true);
});
document.addEventListener('csg-created', (event) => {
  const e = event as Event & { kind: 'repo' | 'org' | 'discussion'; id: string; repoType?: RepoType };
  const route = parseRoute(location.pathname, location.search);
  if (e.kind === 'discussion' && route.page === 'new-discussion') navigate(repoUrl(route.type, route.id, { tab: 'discussions', discussion: Number(e.id) }), true);
  else navigate(e.kind === 'org' ? `/${e.id}` : repoUrl(e.repoType ?? 'model', e.id));
});
// A thread chosen in the list gets its own URL (/discussions/{n}), so reload and back work.
document.addEventListener('csg-discussion-select', (event) => {
  const route = parseRoute(location.pathname, location.search);
  if (route.page !== 'repo') return;
  event.preventDefault();
  navigate(repoUrl(route.type, route.id, { tab: 'discussions', discussion: (event as Event & { num: number }).num }));
});
document.addEventListener('csg-repo-change', (event) => {
  const e = event as Event & { change: string; id: string; repoType: RepoType };
  if (e.change === 'deleted') navigate('/', true);
  else if (e.change === 'moved') navigate(`${repoUrl(e.repoType, e.id)}/settings`, true);
});

function renderAccount(): void {
  account.replaceChildren();
  if (session) {
    const name = session.user.name;
    account.append(
      el('a', { href: '/new' }, t('newRepo')),
      el('a', { href: `/${name}` }, name),
      el('a', { href: '/settings/profile' }, t('settings')),
      // Only site admins see the admin page (the hub refuses everyone else anyway).
      ...(session.user.isAdmin ? [el('a', { href: '/admin/users' }, t('adminUsers'))] : []),
    );
    const out = el('button', { type: 'button' }, t('signOut'));
    out.addEventListener('click', async () => {
      await client.signOut().catch(() => undefined);
      session = null;
      renderAccount();
      navigate('/');
    });
    account.append(out);
  } else {
    account.append(el('a', { href: `/login?next=${encodeURIComponent(location.pathname + location.search)}` }, t('signIn')));
  }
}

function translateStatic(): void {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = t(node.dataset.i18n as Key);
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel as Key));
  (document.getElementById('q') as HTMLInputElement).placeholder = t('searchPlaceholder');
  document.querySelector('form.search')!.setAttribute('aria-label', t('search'));
  document.querySelector('.skip-link')!.textContent = t('skip');
}

/** A page: an h1 (visually hidden when the element brings its own heading) and its content. */
function page(title: string, content: Node[], options: { hideTitle?: boolean } = {}): void {
  document.title = `${title} · CSGHub Kit`;
  const h1 = el('h1', options.hideTitle ? { class: 'visually-hidden' } : {}, title);
  main.replaceChildren(h1, ...content);
}

function requireSession(): boolean {
  if (session) return true;
  navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
  return false;
}

let lastRepoKey = '';

async function render(): Promise<void> {
  const route = parseRoute(location.pathname, location.search);
  const existing = main.querySelector('csg-repo') as (HTMLElement & Record<string, unknown>) | null;
  const repoKey = route.page === 'repo' ? `${route.type}:${route.id}` : '';
  // Within one repository, back/forward only moves the element: its loaded data stays.
  if (route.page === 'repo' && existing && repoKey === lastRepoKey && route.discussion === null && !main.querySelector('csg-discussion')) {
    Object.assign(existing, { tab: route.tab, path: route.path, revision: route.revision, commit: route.commit });
    return;
  }
  lastRepoKey = repoKey;
  const focusMain = document.activeElement && document.activeElement !== document.body;
  switch (route.page) {
    case 'home': {
      const list = el('csg-repo-list', { type: route.type, types: 'model,dataset,code,space', search: route.search, sort: route.sort, filter: route.filter });
      (document.getElementById('q') as HTMLInputElement).value = route.search;
      page(t('home'), [list], { hideTitle: true });
      break;
    }
    case 'login':
      page(t('signIn'), [el('csg-sign-in')], { hideTitle: true });
      break;
    case 'new-repo':
      if (!requireSession()) return;
      page(t('newRepo'), [el('csg-new-repo', { type: route.type, owner: route.owner }), el('p', {}, el('a', { href: '/organizations/new' }, t('newOrg')))], { hideTitle: true });
      break;
    case 'new-org':
      if (!requireSession()) return;
      page(t('newOrg'), [el('csg-new-org')], { hideTitle: true });
      break;
    case 'admin-users':
      if (!requireSession()) return;
      if (session?.user.isAdmin) page(t('adminUsers'), [el('csg-admin-users')], { hideTitle: true });
      else page(t('notAllowed'), [el('p', { role: 'alert' }, t('notAllowedText'))]);
      break;
    case 'settings': {
      if (!requireSession()) return;
      const sections = [['profile', 'profile'], ['password', 'password'], ['tokens', 'tokens'], ['keys', 'ssh-keys']] as const;
      const nav = el('nav', { 'aria-label': t('settingsNav'), class: 'tabs' }, ...sections.map(([slug, section]) =>
        el('a', { href: `/settings/${slug}`, ...(section === route.section ? { 'aria-current': 'page' } : {}) }, t(slug === 'keys' ? 'keys' : slug))));
      page(t('settings'), [nav, el('csg-account-settings', { section: route.section })]);
      break;
    }
    case 'namespace':
      await renderNamespace(route.name);
      break;
    case 'repo': {
      const repo = el('csg-repo', { repo: route.id, type: route.type, tab: route.tab, path: route.path, revision: route.revision, commit: route.commit, 'ssh-port': '2222' });
      const content: Node[] = [repo];
      const settingsLink = el('p', { class: 'repo-actions' },
        el('a', { href: `${repoUrl(route.type, route.id)}/upload/${encodeURIComponent(route.revision || 'main')}` }, t('upload')), ' · ',
        el('a', { href: `${repoUrl(route.type, route.id)}/discussions/new` }, t('newDiscussion')), ' · ',
        el('a', { href: `${repoUrl(route.type, route.id)}/settings` }, t('repoSettings')));
      if (route.discussion !== null) {
        content.splice(0, 1, el('p', {}, el('a', { href: repoUrl(route.type, route.id, { tab: 'discussions' }) }, t('backToRepo', { id: route.id }))),
          el('csg-discussion', { repo: route.id, type: route.type, num: String(route.discussion) }));
      }
      page(route.discussion !== null ? t('discussion', { n: route.discussion }) : route.id, [...(session ? [settingsLink] : []), ...content], { hideTitle: true });
      break;
    }
    case 'repo-settings':
      if (!requireSession()) return;
      page(t('repoSettings'), [el('p', {}, el('a', { href: repoUrl(route.type, route.id) }, t('backToRepo', { id: route.id }))), el('csg-repo-settings', { repo: route.id, type: route.type })], { hideTitle: true });
      break;
    case 'new-discussion':
      if (!requireSession()) return;
      page(t('newDiscussion'), [el('p', {}, el('a', { href: repoUrl(route.type, route.id, { tab: 'discussions' }) }, t('backToRepo', { id: route.id }))), el('csg-new-discussion', { repo: route.id, type: route.type })], { hideTitle: true });
      break;
    case 'repo-upload': {
      if (!requireSession()) return;
      const upload = el('csg-upload', { repo: route.id, type: route.type, revision: route.revision, path: route.path });
      upload.addEventListener('csg-upload-complete', () => navigate(repoUrl(route.type, route.id, { tab: 'files', revision: route.revision })));
      page(t('upload'), [el('p', {}, el('a', { href: repoUrl(route.type, route.id) }, t('backToRepo', { id: route.id }))), upload]);
      break;
    }
    default:
      page(t('notFound'), [el('p', {}, t('notFoundText'))]);
  }
  if (focusMain) main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

async function renderNamespace(name: string): Promise<void> {
  const org = await client.org(name).catch(() => null);
  const list = el('csg-repo-list', { author: name, type: 'model', types: 'model,dataset,code,space', 'no-controls': true });
  if (org) {
    const admin = session ? (await client.whoami().catch(() => null))?.orgs?.some((o) => o.name === name && o.roleInOrg === 'admin') : false;
    page(org.fullname || org.name, [
      el('p', { class: 'subtitle' }, `@${org.name}${org.description ? ` · ${org.description}` : ''}`),
      el('h2', {}, t('repos', { name })), list,
      el('csg-org-members', { org: name, ...(admin ? { editable: true } : {}) }),
    ]);
    return;
  }
  const user = await client.user(name).catch(() => null);
  if (!user) {
    page(t('notFound'), [el('p', {}, t('notFoundText'))]);
    return;
  }
  page(user.fullname || user.name, [el('p', { class: 'subtitle' }, `@${user.name}`), el('h2', {}, t('repos', { name })), list]);
}

async function start(): Promise<void> {
  const { HubClient } = (await import(/* @vite-ignore */ ELEMENTS_URL)) as Elements;
  client = new HubClient({ endpoint: location.origin, fetch: sessionFetch });
  hub.client = client;
  session = await client.session().catch(() => null);

  const langSelect = document.getElementById('lang') as HTMLSelectElement;
  langSelect.value = lang;
  langSelect.addEventListener('change', () => {
    lang = langSelect.value === 'zh-CN' ? 'zh-CN' : 'en';
    localStorage.setItem('csghub.lang', lang);
    translateStatic();
    renderAccount();
    void render();
  });
  const theme = document.getElementById('theme')!;
  const applyTheme = (dark: boolean) => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    hub.setAttribute('theme', dark ? 'dark' : 'light');
    theme.setAttribute('aria-pressed', String(dark));
    for (const node of main.querySelectorAll('*')) if (node.localName.startsWith('csg-')) node.setAttribute('theme', dark ? 'dark' : 'light');
  };
  applyTheme(localStorage.getItem('csghub.theme') === 'dark');
  theme.addEventListener('click', () => {
    const dark = theme.getAttribute('aria-pressed') !== 'true';
    localStorage.setItem('csghub.theme', dark ? 'dark' : 'light');
    applyTheme(dark);
  });
  document.querySelector('form.search')!.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = (document.getElementById('q') as HTMLInputElement).value.trim();
    const route = parseRoute(location.pathname, location.search);
    navigate(homeUrl({ type: route.page === 'home' ? route.type : 'model', search: q }));
  });
  translateStatic();
  renderAccount();
  await render();
  document.body.dataset.ready = 'true';
}

void start();
