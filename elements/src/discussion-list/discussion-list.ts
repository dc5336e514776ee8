import type { Discussion, DiscussionPage } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { CsgElement } from '../base/csg-element.js';
import { CsgRepoElement } from '../base/repo-element.js';
import { discussionMessages as m } from '../discussion/discussion.messages.js';
import { discussionStyles } from '../discussion/discussion.styles.js';
import { CsgDiscussionSelectEvent } from '../events/discussion.js';
import { formatRelative } from '../format/format.js';
import { fieldStyles } from '../styles/forms.js';

/** The hub's page size for discussions. */
export const DISCUSSIONS_PAGE = 50;

type StatusFilter = 'open' | 'closed' | 'all';
type KindFilter = 'all' | 'discussion' | 'pull_request';

/**
 * A repository's discussions and pull requests, newest first, filtered by status and type and
 * paged as the hub pages them. Choosing one announces `csg-discussion-select` and, unless the host
 * vetoes it, opens the thread in place as a `<csg-discussion>`.
 *
 * @tagname csg-discussion-list
 * @summary Discussions and pull requests of a repository, with filters and paging.
 * @csspart filters - The status and type filters.
 * @csspart list - The list of threads.
 * @csspart item - One thread (a button).
 * @csspart badge - A status or pull-request badge.
 * @csspart pager - The paging controls.
 * @csspart back - The button back from an open thread to the list.
 * @csspart error - An error message (role alert) with a retry button.
 * @csspart status - Loading, empty and no-hub messages.
 * @fires {CsgDiscussionSelectEvent} csg-discussion-select - A thread was chosen; cancelable.
 * @fires {CsgLoadErrorEvent} csg-load-error - Something could not be loaded.
 */
export class CsgDiscussionList extends CsgRepoElement {
  static override styles = [...CsgElement.styles, fieldStyles, discussionStyles];

  /** `open` (with drafts), `closed` (with merged) or `all`. */
  @property({ reflect: true }) status: StatusFilter = 'open';

  /** `all`, `discussion` or `pull_request`. */
  @property({ reflect: true }) kind: KindFilter = 'all';

  /** Zero-based page. */
  @property({ type: Number, reflect: true }) page = 0;

  /** The thread open in place (0: the list). */
  @property({ type: Number, reflect: true }) num = 0;

  @state() private focusNum = 0;

  private readonly list = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name, this.status, this.kind, this.page, this.num === 0] as const,
    task: async ([client, type, name, status, kind, page, visible], { signal }): Promise<DiscussionPage | typeof initialState> => {
      if (!client || !type || !name || !visible) return initialState;
      try {
        return await client.listDiscussions({ type, name }, { page, status, kind, signal });
      } catch (error) {
        this.reportError('discussions', error);
      }
    },
  });

  private select(d: Discussion): void {
    if (!this.emit(new CsgDiscussionSelectEvent(d.num, d.isPullRequest))) return;
    this.focusNum = d.num;
    this.num = d.num;
  }

  private back(): void {
    this.num = 0;
    void this.updateComplete.then(() => this.list.taskComplete).then(() => this.updateComplete).then(() => this.renderRoot.querySelector<HTMLElement>(`[data-num="${this.focusNum}"]`)?.focus());
  }

  protected override render() {
    if (this.num > 0) {
      return html`<button part="back" @click=${() => this.back()}>← ${this.t(m, 'back')}</button>
        <csg-discussion repo=${this.repo} type=${this.type} num=${this.num} .client=${this.hubClient} theme=${ifDefined(this.theme)}></csg-discussion>`;
    }
    return html`<section aria-label=${this.t(m, 'listLabel', { repo: this.repo })}>
      ${this.renderFilters()}
      ${this.renderTask(this.list, (page: DiscussionPage) => this.renderPage(page))}
    </section>`;
  }

  private renderFilters() {
    const statuses: Array<[StatusFilter, string]> = [['open', this.t(m, 'statusOpen')], ['closed', this.t(m, 'statusClosed')], ['all', this.t(m, 'statusAll')]];
    const kinds: Array<[KindFilter, string]> = [['all', this.t(m, 'kindAll')], ['discussion', this.t(m, 'kindDiscussion')], ['pull_request', this.t(m, 'kindPr')]];
    return html`<div part="filters" class="filters">
      <label>${this.t(m, 'status')}
        <select name="status" @change=${(e: Event) => { this.status = (e.target as HTMLSelectElement).value as StatusFilter; this.page = 0; }}>
          ${statuses.map(([v, label]) => html`<option value=${v} ?selected=${v === this.status}>${label}</option>`)}
        </select></label>
      <label>${this.t(m, 'kind')}
        <select name="kind" @change=${(e: Event) => { this.kind = (e.target as HTMLSelectElement).value as KindFilter; this.page = 0; }}>
          ${kinds.map(([v, label]) => html`<option value=${v} ?selected=${v === this.kind}>${label}</option>`)}
        </select></label>
    </div>`;
  }

  private renderPage(page: DiscussionPage) {
    if (!page.discussions.length) {
      const filtered = this.status !== 'all' || this.kind !== 'all';
      return html`<p part="status" role="status">${this.t(m, filtered ? 'noMatch' : 'none')}</p>`;
    }
    const pages = Math.max(1, Math.ceil(page.count / DISCUSSIONS_PAGE));
    return html`<ul part="list">
        ${page.discussions.map((d) => html`<li>
          <button part="item" data-num=${d.num} @click=${() => this.select(d)}>
            <span class="num">#${d.num}</span>
            <span class="grow"><strong>${d.title}</strong><br /><span class="sub">${this.t(m, 'opened', { when: formatRelative(d.createdAt, this.locale), author: d.author?.name ?? this.t(m, 'deleted') })}${d.numComments !== undefined ? html` · ${this.t(m, 'comments', { n: d.numComments })}` : nothing}</span></span>
            ${d.isPullRequest ? html`<span part="badge">${this.t(m, 'pr')}</span>` : nothing}
            <span part="badge" class=${d.status}>${this.t(m, d.status)}</span>
          </button>
        </li>`)}
      </ul>
      ${pages > 1 ? html`<nav part="pager" class="pager" aria-label=${this.t(m, 'pagination')}>
        <button name="previous" ?disabled=${this.page === 0} @click=${() => this.page--}>${this.t(m, 'previous')}</button>
        <span>${this.t(m, 'page', { page: this.page + 1, pages })}</span>
        <button name="next" ?disabled=${this.page + 1 >= pages} @click=${() => this.page++}>${this.t(m, 'next')}</button>
      </nav>` : nothing}`;
  }
}
