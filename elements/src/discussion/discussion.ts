import { NotFoundError, UnauthorizedError, type DiscussionDetails, type DiscussionEvent, type HubClient, type WhoAmI } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { CsgElement } from '../base/csg-element.js';
import { errorMessage } from '../base/errors.js';
import { CsgRepoElement } from '../base/repo-element.js';
import { CsgDiscussionChangeEvent, type DiscussionAction } from '../events/discussion.js';
import { formatDate, formatRelative } from '../format/format.js';
import { highlight } from '../lazy/highlight.js';
import { renderMarkdown } from '../lazy/markdown.js';
import { codeStyles } from '../styles/code.js';
import { discussionMessages as m } from './discussion.messages.js';
import { discussionStyles } from './discussion.styles.js';
import { fieldStyles } from '../styles/forms.js';

interface Loaded {
  details: DiscussionDetails;
  /** Sanitised HTML of each comment, by event id. */
  comments: Map<string, string>;
  diffHtml: string;
}

interface CommentData {
  hidden?: boolean;
  hiddenBy?: string;
  edited?: boolean;
  latest?: { raw?: string };
}

/**
 * One discussion or pull request: its timeline (comments as sanitised Markdown, status and title
 * changes, commits), a comment box with a preview, editing and hiding one's own comments, closing,
 * reopening and renaming (author or writers), and for pull requests the diff and a merge button for
 * writers, with conflicts shown. Every change is announced first by a cancelable `csg-discussion-change`.
 *
 * @tagname csg-discussion
 * @summary One discussion or pull request: timeline, comments, status, diff, merge.
 * @csspart title - The thread's title.
 * @csspart badge - A status or pull-request badge.
 * @csspart timeline - The list of events.
 * @csspart comment - One comment.
 * @csspart comment-body - A comment's rendered Markdown.
 * @csspart diff - A pull request's diff.
 * @csspart merge - The merge button.
 * @csspart conflicts - The conflicting files of a pull request.
 * @csspart editor - The new comment box.
 * @csspart preview - The rendered preview of the comment being written.
 * @csspart error - An error message (role alert).
 * @csspart status - Loading and no-hub messages.
 * @fires {CsgDiscussionChangeEvent} csg-discussion-change - Before a comment, edit, hide, status or title change or merge; cancelable.
 * @fires {CsgLoadErrorEvent} csg-load-error - Something could not be loaded.
 */
export class CsgDiscussion extends CsgRepoElement {
  static override styles = [...CsgElement.styles, fieldStyles, codeStyles, discussionStyles];

  /** The discussion or pull request number. */
  @property({ type: Number, reflect: true }) num = 0;

  @state() private draft = '';
  @state() private editorTab: 'write' | 'preview' = 'write';
  @state() private previewHtml = '';
  @state() private editing = '';
  @state() private editDraft = '';
  @state() private titleDraft: string | null = null;
  @state() private busy = false;
  @state() private actionError?: unknown;

  private readonly me = new Task(this, {
    args: () => [this.hubClient] as const,
    task: async ([client], { signal }): Promise<WhoAmI | null | typeof initialState> => {
      if (!client) return initialState;
      try {
        return await client.whoami({ signal });
      } catch (error) {
        if (error instanceof UnauthorizedError || error instanceof NotFoundError) return null;
        return null;
      }
    },
  });

  private readonly thread = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name, this.num] as const,
    task: async ([client, type, name, num], { signal }): Promise<Loaded | typeof initialState> => {
      if (!client || !type || !name || !(num > 0)) return initialState;
      try {
        return await this.load(client, { type, name }, num, signal);
      } catch (error) {
        this.reportError('discussion', error);
      }
    },
  });

  private async load(client: HubClient, repo: { type: CsgRepoElement['type']; name: string }, num: number, signal: AbortSignal): Promise<Loaded> {
    const details = await client.discussion(repo, num, { signal });
    const comments = new Map<string, string>();
    await Promise.all(details.events.map(async (e) => {
      const raw = (e.data as CommentData).latest?.raw;
      if (e.type === 'comment' && raw) comments.set(e.id, await renderMarkdown(raw));
    }));
    const diffHtml = details.isPullRequest && details.diff ? await highlight(details.diff, 'diff') : '';
    return { details, comments, diffHtml };
  }

  private get user(): WhoAmI | null {
    return (this.me.value as WhoAmI | null | undefined) ?? null;
  }

  /** Write access as far as the client can tell: own namespace, an org it writes to, or an admin. */
  private get canWrite(): boolean {
    const me = this.user;
    if (!me) return false;
    const ns = this.repo.split('/')[0];
    return me.isAdmin === true || me.name === ns || (me.orgs ?? []).some((o) => o.name === ns && o.roleInOrg !== 'read');
  }

  private isAuthor(author: { name?: string } | undefined): boolean {
    return !!this.user && author?.name === this.user.name;
  }

  /** Runs a change the host may veto, then reloads the thread. */
  private async act(action: DiscussionAction, run: (client: HubClient, repo: { type: CsgRepoElement['type']; name: string }) => Promise<unknown>, value?: string): Promise<boolean> {
    const client = this.hubClient;
    const repo = this.repoRef;
    if (!client || !repo || this.busy) return false;
    if (!this.emit(new CsgDiscussionChangeEvent(this.num, action, value))) return false;
    this.busy = true;
    this.actionError = undefined;
    try {
      await run(client, repo);
      await this.thread.run();
      return true;
    } catch (error) {
      this.actionError = error;
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async submitComment(): Promise<void> {
    const text = this.draft.trim();
    if (!text) return;
    if (await this.act('comment', (c, r) => c.comment(r, this.num, text), text)) {
      this.draft = '';
      this.editorTab = 'write';
    }
  }

  private async showPreview(): Promise<void> {
    this.editorTab = 'preview';
    this.previewHtml = this.draft.trim() ? await renderMarkdown(this.draft) : '';
  }

  protected override render() {
    // After a change the thread reloads behind the one shown (no flash of a loading state).
    return this.renderTask(this.thread, (loaded: Loaded) => this.renderThread(loaded), {
      pending: () => (this.thread.value ? html`<div aria-busy="true">${this.renderThread(this.thread.value as Loaded)}</div>` : this.renderPending()),
    });
  }

  private renderThread({ details: d, comments, diffHtml }: Loaded) {
    const open = d.status === 'open' || d.status === 'draft';
    const canMeta = this.isAuthor(d.author) || this.canWrite;
    const conflicts = Array.isArray(d.filesWithConflicts) ? d.filesWithConflicts : [];
    return html`<header>
        ${this.titleDraft !== null
          ? html`<form class="actions" @submit=${(e: Event) => { e.preventDefault(); const title = this.titleDraft!.trim(); void this.act('title', (c, r) => c.renameDiscussion(r, this.num, title), title).then((ok) => { if (ok) this.titleDraft = null; }); }}>
              <label>${this.t(m, 'title')} <input name="title" .value=${this.titleDraft} @input=${(e: Event) => (this.titleDraft = (e.target as HTMLInputElement).value)} /></label>
              <button type="submit" class="primary" ?disabled=${this.busy || !this.titleDraft.trim()}>${this.t(m, 'save')}</button>
              <button type="button" @click=${() => (this.titleDraft = null)}>${this.t(m, 'cancel')}</button>
            </form>`
          : html`<h2 part="title">${d.title} <span class="num">#${d.num}</span></h2>`}
        <div class="meta-actions">
          <span part="badge" class=${d.status}>${this.t(m, d.status)}</span>
          ${d.isPullRequest ? html`<span part="badge">${this.t(m, 'pr')}</span>` : nothing}
          <span class="sub">${this.t(m, 'opened', { when: formatRelative(d.createdAt, this.locale), author: d.author?.name ?? this.t(m, 'deleted') })}</span>
          ${d.isPullRequest && d.changes?.base ? html`<span class="sub">${this.t(m, 'mergeInto', { base: d.changes.base.replace(/^refs\/heads\//, '') })}</span>` : nothing}
          <span class="grow"></span>
          ${canMeta && this.titleDraft === null ? html`<button name="edit-title" @click=${() => (this.titleDraft = d.title)}>${this.t(m, 'editTitle')}</button>` : nothing}
          ${canMeta && d.status !== 'merged' ? html`<button name="status" ?disabled=${this.busy} @click=${() => { const next = open ? 'closed' : 'open'; void this.act('status', (c, r) => c.changeDiscussionStatus(r, this.num, next), next); }}>${this.t(m, open ? 'close' : 'reopen')}</button>` : nothing}
          ${d.isPullRequest && open && this.canWrite ? html`<button part="merge" name="merge" class="merge" ?disabled=${this.busy} @click=${() => void this.act('merge', (c, r) => c.mergePullRequest(r, this.num))}>${this.t(m, 'merge')}</button>` : nothing}
        </div>
      </header>
      ${this.actionError ? html`<div part="error" role="alert">${this.t(m, 'actionFailed', { message: this.actionMessage(this.actionError) })}</div>` : nothing}
      ${conflicts.length && open ? html`<p part="conflicts" class="warning">${this.t(m, 'conflicts', { files: conflicts.join(', ') })}</p>` : nothing}
      <h3 class="visually-hidden">${this.t(m, 'timeline')}</h3>
      <ol part="timeline">${d.events.map((e) => html`<li>${this.renderEvent(e, comments)}</li>`)}</ol>
      ${d.isPullRequest ? this.renderDiff(d, diffHtml) : nothing}
      ${this.renderEditor()}`;
  }

  private actionMessage(error: unknown): string {
    // The hub's own words say what went wrong (a conflict names its files); generic ones otherwise.
    const e = error as { status?: number; message?: string };
    return e.status === 409 || e.status === 400 || e.status === 422 ? e.message ?? '' : errorMessage(error, this.locale);
  }

  private renderEvent(e: DiscussionEvent, comments: Map<string, string>) {
    const author = e.author?.name ?? this.t(m, 'deleted');
    const when = formatRelative(e.createdAt, this.locale);
    const data = e.data as Record<string, unknown>;
    switch (e.type) {
      case 'comment':
        return this.renderComment(e, comments.get(e.id) ?? '', author, when);
      case 'status-change':
        return html`<p class="event">${this.t(m, 'statusChange', { author, when, status: this.t(m, (['open', 'closed', 'merged', 'draft'].includes(String(data.status)) ? data.status : 'open') as 'open') })}</p>`;
      case 'title-change':
        return html`<p class="event">${this.t(m, 'titleChange', { author, when, from: String(data.from ?? ''), to: String(data.to ?? '') })}</p>`;
      case 'commit':
        return html`<p class="event">${this.t(m, 'commitEvent', { author, when, subject: String(data.subject ?? data.title ?? data.oid ?? '') })}</p>`;
      default:
        return nothing;
    }
  }

  private renderComment(e: DiscussionEvent, body: string, author: string, when: string) {
    const data = e.data as CommentData;
    const own = this.isAuthor(e.author);
    if (data.hidden) return html`<article part="comment"><p class="event">${this.t(m, 'hidden', { by: data.hiddenBy ?? this.t(m, 'deleted') })}</p></article>`;
    const editing = this.editing === e.id;
    return html`<article part="comment" aria-label=${this.t(m, 'commented', { author, when })}>
      <header>
        <strong>${author}</strong>
        <time class="sub grow" datetime=${e.createdAt} title=${formatDate(e.createdAt, this.locale)}>${when}</time>
        ${data.edited ? html`<span class="sub">${this.t(m, 'edited')}</span>` : nothing}
        ${own && !editing ? html`<button name="edit" aria-label=${this.t(m, 'editComment', { author })} @click=${() => { this.editing = e.id; this.editDraft = data.latest?.raw ?? ''; }}>${this.t(m, 'edit')}</button>` : nothing}
        ${own || this.canWrite ? html`<button name="hide" aria-label=${this.t(m, 'hideComment', { author })} ?disabled=${this.busy} @click=${() => void this.act('hide', (c, r) => c.hideComment(r, this.num, e.id), e.id)}>${this.t(m, 'hide')}</button>` : nothing}
      </header>
      ${editing
        ? html`<div class="body">
            <textarea name="edit-body" rows="4" aria-label=${this.t(m, 'editComment', { author })} .value=${this.editDraft} @input=${(ev: Event) => (this.editDraft = (ev.target as HTMLTextAreaElement).value)}></textarea>
            <div class="actions">
              <button class="primary" name="save" ?disabled=${this.busy || !this.editDraft.trim()} @click=${() => { const text = this.editDraft; void this.act('edit', (c, r) => c.editComment(r, this.num, e.id, text), text).then((ok) => { if (ok) this.editing = ''; }); }}>${this.t(m, 'save')}</button>
              <button name="cancel-edit" @click=${() => (this.editing = '')}>${this.t(m, 'cancel')}</button>
            </div>
          </div>`
        : html`<div part="comment-body" class="body markdown">${unsafeHTML(body)}</div>`}
    </article>`;
  }

  private renderDiff(d: DiscussionDetails, diffHtml: string) {
    return html`<section aria-labelledby="changes-title">
      <h3 id="changes-title">${this.t(m, 'changes')}</h3>
      ${diffHtml ? html`<pre part="diff" tabindex="0" aria-labelledby="changes-title"><code class="hljs">${unsafeHTML(diffHtml)}</code></pre>` : html`<p class="sub">${this.t(m, 'noChanges')}</p>`}
      ${d.diffTruncated ? html`<p class="sub">${this.t(m, 'diffTruncated')}</p>` : nothing}
    </section>`;
  }

  private renderEditor() {
    if (this.me.value === undefined) return nothing;
    if (!this.user) return html`<p part="status">${this.t(m, 'signIn')}</p>`;
    const tab = this.editorTab;
    return html`<div part="editor">
      <div role="tablist" aria-label=${this.t(m, 'editorTabs')}>
        <button role="tab" id="tab-write" aria-controls="editor-panel" aria-selected=${tab === 'write' ? 'true' : 'false'} tabindex=${tab === 'write' ? 0 : -1} @click=${() => (this.editorTab = 'write')}>${this.t(m, 'write')}</button>
        <button role="tab" id="tab-preview" aria-controls="editor-panel" aria-selected=${tab === 'preview' ? 'true' : 'false'} tabindex=${tab === 'preview' ? 0 : -1} @click=${() => void this.showPreview()}>${this.t(m, 'preview')}</button>
      </div>
      <div role="tabpanel" id="editor-panel" aria-labelledby=${`tab-${tab}`}>
        ${tab === 'write'
          ? html`<textarea name="comment" rows="5" aria-label=${this.t(m, 'newComment')} placeholder=${this.t(m, 'newComment')} .value=${this.draft}
              @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
              @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void this.submitComment(); } }}></textarea>`
          : html`<div part="preview" class="body markdown">${this.previewHtml ? unsafeHTML(this.previewHtml) : html`<p class="sub">${this.t(m, 'nothingToPreview')}</p>`}</div>`}
      </div>
      <div class="actions">
        <button class="primary" name="comment" ?disabled=${this.busy || !this.draft.trim()} @click=${() => void this.submitComment()}>${this.t(m, 'comment')}</button>
      </div>
    </div>`;
  }
}
