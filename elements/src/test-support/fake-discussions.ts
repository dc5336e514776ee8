import type { DiscussionStatus } from '@csghub/client';
import { errorResponse, jsonResponse, type FakeFetch } from './fake-fetch.js';

export interface FakeThread {
  num: number;
  title: string;
  status: DiscussionStatus;
  isPullRequest?: boolean;
  author: string;
  createdAt?: string;
  /** Comments as [author, markdown]. */
  comments?: Array<[string, string]>;
  diff?: string;
  filesWithConflicts?: string[];
  diffTruncated?: boolean;
}

interface Event { id: string; type: string; createdAt: string; author: { name: string }; data: Record<string, unknown> }

/**
 * The hub's discussions API over in-memory threads (50 a page, newest first, status and type
 * filters, comment/edit/hide/status/title/merge), and `/api/whoami-v2` answering `me` (401 without).
 */
export function addDiscussions(net: FakeFetch, repo: string, threads: FakeThread[], me?: { name: string; orgs?: Array<{ name: string; roleInOrg?: string }> }) {
  let ids = 0;
  const now = new Date().toISOString();
  const state = threads.map((t) => ({
    ...t, isPullRequest: t.isPullRequest ?? false, createdAt: t.createdAt ?? now,
    events: (t.comments ?? []).map(([author, raw]): Event => ({ id: String(++ids), type: 'comment', createdAt: now, author: { name: author }, data: { latest: { raw }, edited: false, hidden: false } })),
  }));
  const base = `/api/models/${repo}/discussions`;
  const esc = base.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const find = (n: string) => state.find((t) => t.num === Number(n));
  const add = (t: (typeof state)[number], type: string, data: Record<string, unknown>) => t.events.push({ id: String(++ids), type, createdAt: new Date().toISOString(), author: { name: me!.name }, data });
  const body = (call: { body: unknown }) => JSON.parse(String(call.body ?? '{}')) as Record<string, string>;

  net.on('GET', /^\/api\/whoami-v2$/, () => (me ? jsonResponse({ type: 'user', id: '1', name: me.name, orgs: me.orgs ?? [] }) : errorResponse(401, 'Invalid credentials in Authorization header')));
  net.on('GET', new RegExp(`^${esc}$`), (call) => {
    const q = call.url.searchParams;
    const status = q.get('status') ?? 'all';
    const kind = q.get('type') ?? 'all';
    const page = Number(q.get('p') ?? 0);
    const all = [...state].reverse().filter((t) => (status === 'all' || (status === 'open' ? ['open', 'draft'] : ['closed', 'merged']).includes(t.status)) && (kind === 'all' || (kind === 'pull_request') === t.isPullRequest));
    const slice = all.slice(page * 50, page * 50 + 50).map((t) => ({ num: t.num, title: t.title, status: t.status, isPullRequest: t.isPullRequest, createdAt: t.createdAt, author: { name: t.author }, numComments: t.events.filter((e) => e.type === 'comment').length }));
    return jsonResponse({ discussions: slice, count: all.length, start: page * 50 });
  });
  net.on('GET', new RegExp(`^${esc}/(\\d+)$`), (_call, m) => {
    const t = find(m[1]!);
    if (!t) return errorResponse(404, 'Discussion not found', 'DiscussionNotFound');
    return jsonResponse({
      num: t.num, title: t.title, status: t.status, isPullRequest: t.isPullRequest, createdAt: t.createdAt, author: { name: t.author }, events: t.events,
      ...(t.isPullRequest ? { changes: { base: 'refs/heads/main' }, filesWithConflicts: t.filesWithConflicts ?? [], diff: t.diff ?? '', diffTruncated: t.diffTruncated ?? false } : {}),
    });
  });
  net.on('POST', new RegExp(`^${esc}/(\\d+)/comment$`), (call, m) => {
    const t = find(m[1]!)!;
    add(t, 'comment', { latest: { raw: body(call).comment }, edited: false, hidden: false });
    return jsonResponse({ newMessage: t.events.at(-1) });
  });
  net.on('POST', new RegExp(`^${esc}/(\\d+)/comment/(\\d+)/edit$`), (call, m) => {
    const e = find(m[1]!)!.events.find((x) => x.id === m[2])!;
    e.data = { ...e.data, latest: { raw: body(call).content }, edited: true };
    return jsonResponse(e);
  });
  net.on('PUT', new RegExp(`^${esc}/(\\d+)/comment/(\\d+)/hide$`), (_call, m) => {
    const e = find(m[1]!)!.events.find((x) => x.id === m[2])!;
    e.data = { ...e.data, latest: { raw: '' }, hidden: true, hiddenBy: me!.name };
    return jsonResponse(e);
  });
  net.on('POST', new RegExp(`^${esc}/(\\d+)/status$`), (call, m) => {
    const t = find(m[1]!)!;
    t.status = body(call).status as DiscussionStatus;
    add(t, 'status-change', { status: t.status });
    return jsonResponse({ newStatus: t.events.at(-1) });
  });
  net.on('POST', new RegExp(`^${esc}/(\\d+)/title$`), (call, m) => {
    const t = find(m[1]!)!;
    add(t, 'title-change', { from: t.title, to: body(call).title });
    t.title = body(call).title!;
    return jsonResponse({ newTitle: t.events.at(-1) });
  });
  net.on('POST', new RegExp(`^${esc}/(\\d+)/merge$`), (_call, m) => {
    const t = find(m[1]!)!;
    if (t.filesWithConflicts?.length) return errorResponse(409, `Pull request #${t.num} has conflicts with main: ${t.filesWithConflicts.join(', ')}`);
    t.status = 'merged';
    add(t, 'status-change', { status: 'merged' });
    return jsonResponse({});
  });
  return state;
}
