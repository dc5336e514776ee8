import type { RepoInfo, RepoType } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CsgElement } from '../base/csg-element.js';
import { icons } from '../base/icons.js';
import { CsgListChangeEvent } from '../events/account.js';
import { formatCount, formatRelative } from '../format/format.js';
import { formStyles } from '../styles/forms.js';
import { color } from '../styles/tokens.js';
import { repoListMessages } from './repo-list.messages.js';

const PREFIX: Record<RepoType, string> = { model: '', dataset: 'datasets/', space: 'spaces/', code: 'codes/' };
const ALL_TYPES: readonly RepoType[] = ['model', 'dataset', 'code', 'space'];
const SORTS = ['lastModified', 'createdAt', 'downloads', 'likes', 'trendingScore', 'id'] as const;
type Sort = (typeof SORTS)[number];
const splitList = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/**
 * A searchable list of repositories: type tabs, a search box, sort order and tag filters. Each
 * entry links to `{link-base}/{datasets/|spaces/|codes/}{id}` (Hugging Face's URLs). The query is
 * reflected in attributes and announced by `csg-list-change`, so a host can keep it in its URL.
 *
 * @tagname csg-repo-list
 * @summary Repository search and listing (models, datasets, code, spaces).
 * @csspart controls - Search, sort and tag filter controls.
 * @csspart types - The repository type tabs.
 * @csspart list - The list of repositories.
 * @csspart item - One repository's link.
 * @csspart tag - A tag button.
 * @csspart error - An error message with a retry button.
 * @csspart status - Loading and empty messages.
 * @fires {CsgListChangeEvent} csg-list-change - The user changed the type, search, sort or tags.
 * @fires {CsgLoadErrorEvent} csg-load-error - The list could not be loaded.
 */
export class CsgRepoList extends CsgElement {
  static override styles = [
    ...CsgElement.styles,
    formStyles,
    css`
      [part~='controls'] {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_csg-space-m);
        align-items: end;
        margin-bottom: var(--_csg-space-m);
      }
      [part~='types'] {
        display: flex;
        gap: var(--_csg-space-s);
        margin-bottom: var(--_csg-space-m);
      }
      /* The page background as text on the accent: readable in both themes (white on the light accent, near-black on the dark one). */
      [part~='types'] button[aria-pressed='true'] {
        background: ${color('accent')};
        border-color: ${color('accent')};
        color: ${color('bg')};
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      [part~='list'] > li {
        border-bottom: 1px solid ${color('border')};
        padding: var(--_csg-space-m) 0;
      }
      [part~='item'] {
        font-weight: 600;
        color: ${color('accent')};
        text-decoration: none;
      }
      [part~='item']:hover {
        text-decoration: underline;
      }
      .meta {
        color: ${color('fg-muted')};
        display: flex;
        flex-wrap: wrap;
        gap: var(--_csg-space-l);
        font-size: 0.9em;
      }
      .meta span {
        display: inline-flex;
        gap: var(--_csg-space-s);
        align-items: center;
      }
      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_csg-space-s);
        margin-top: var(--_csg-space-s);
      }
      [part~='tag'] {
        font-size: 0.85em;
        padding: 0 var(--_csg-space-m);
        border-radius: 999px;
      }
      [part~='tag'][aria-pressed='true'] {
        border-color: ${color('accent')};
        color: ${color('accent')};
      }
    `,
  ];

  /** The type listed. */
  @property({ reflect: true }) type: RepoType = 'model';

  /** Types offered as tabs (comma-separated); empty: no tabs. */
  @property() types = '';

  /** Name filter (substring). */
  @property({ reflect: true }) search = '';

  /** `lastModified` (default), `createdAt`, `downloads`, `likes`, `trendingScore` or `id`. */
  @property({ reflect: true }) sort: Sort = 'lastModified';

  /** Tags every entry must carry (comma-separated). */
  @property({ reflect: true }) filter = '';

  /** Only this user's or organisation's repositories. */
  @property() author = '';

  /** Entries per page. */
  @property({ type: Number }) limit = 30;

  /** Prefix of the entries' links (e.g. the hub's URL when embedded elsewhere). */
  @property({ attribute: 'link-base' }) linkBase = '';

  /** Hide the search, sort and tag controls. */
  @property({ type: Boolean, attribute: 'no-controls' }) noControls = false;

  @state() private more: RepoInfo[] = [];
  @state() private next?: string;
  private searchTimer?: ReturnType<typeof setTimeout>;

  private readonly page = new Task(this, {
    args: () => [this.hubClient, this.type, this.search, this.sort, this.filter, this.author, this.limit] as const,
    task: async ([client, type, search, sort, filter, author, limit], { signal }) => {
      if (!client) return initialState;
      this.more = [];
      try {
        const page = await client.listReposPage(type, {
          signal, limit, sort, direction: sort === 'id' ? 1 : -1,
          ...(search ? { search } : {}), ...(author ? { author } : {}), ...(filter ? { filter: splitList(filter) } : {}),
        });
        this.next = page.next;
        return page.items;
      } catch (error) {
        this.reportError('list', error);
      }
    },
  });

  private get tags(): string[] {
    return splitList(this.filter);
  }

  private change(next: Partial<{ type: RepoType; search: string; sort: Sort; filter: string }>): void {
    Object.assign(this, next);
    this.emit(new CsgListChangeEvent({ type: this.type, search: this.search, sort: this.sort, filter: this.tags }));
  }

  private toggleTag(tag: string): void {
    const tags = this.tags;
    this.change({ filter: (tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag]).join(',') });
  }

  protected override render() {
    const types = splitList(this.types).filter((t): t is RepoType => ALL_TYPES.includes(t as RepoType));
    return html`${types.length
        ? html`<div part="types" role="group" aria-label=${this.t(repoListMessages, 'types')}>
            ${types.map((t) => html`<button aria-pressed=${t === this.type ? 'true' : 'false'} @click=${() => this.change({ type: t })}>${this.t(repoListMessages, t)}</button>`)}
          </div>`
        : nothing}
      ${this.noControls ? nothing : this.renderControls()}
      ${this.renderTask(this.page, (items: RepoInfo[]) => this.renderList([...items, ...this.more]))}`;
  }

  private renderControls() {
    const tags = this.tags;
    return html`<div part="controls" role="search" aria-label=${this.t(repoListMessages, 'filters')}>
      <label>${this.t(repoListMessages, 'search')}
        <input type="search" .value=${this.search} placeholder=${this.t(repoListMessages, 'searchPlaceholder')}
          @input=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            clearTimeout(this.searchTimer);
            this.searchTimer = setTimeout(() => this.change({ search: value }), 250);
          }} />
      </label>
      <label>${this.t(repoListMessages, 'sort')}
        <select @change=${(e: Event) => this.change({ sort: (e.target as HTMLSelectElement).value as Sort })}>
          ${SORTS.map((s) => html`<option value=${s} ?selected=${s === this.sort}>${this.t(repoListMessages, s)}</option>`)}
        </select>
      </label>
      ${tags.length
        ? html`<div><span>${this.t(repoListMessages, 'activeTags')}</span>
            ${tags.map((t) => html` <button part="tag" aria-pressed="true" aria-label=${this.t(repoListMessages, 'removeTag', { tag: t })} @click=${() => this.toggleTag(t)}>${t} ×</button>`)}</div>`
        : nothing}
    </div>`;
  }

  private renderList(items: RepoInfo[]) {
    if (!items.length) return html`<p part="status">${this.t(repoListMessages, 'none')}</p>`;
    const active = this.tags;
    return html`<ul part="list" aria-label=${this.t(repoListMessages, this.type)}>
        ${items.map((r) => {
          const visibility = r.visibility ?? (r.private ? 'private' : 'public');
          const tags = (r.tags ?? []).slice(0, 8);
          return html`<li>
            <a part="item" href=${`${this.linkBase}/${PREFIX[this.type]}${r.id}`}>${r.id}</a>
            <div class="meta">
              ${visibility !== 'public' ? html`<span>${icons.lock}${this.t(repoListMessages, visibility)}</span>` : nothing}
              <span>${icons.heart}${formatCount(r.likes ?? 0, this.locale)}</span>
              <span>${icons.download}${formatCount(r.downloads ?? 0, this.locale)}</span>
              ${r.lastModified ? html`<span>${formatRelative(r.lastModified, this.locale)}</span>` : nothing}
            </div>
            ${tags.length && !this.noControls
              ? html`<div class="tags">${tags.map((t) => html`<button part="tag" aria-pressed=${active.includes(t) ? 'true' : 'false'} aria-label=${this.t(repoListMessages, 'addTag', { tag: t })} @click=${() => this.toggleTag(t)}>${t}</button>`)}</div>`
              : nothing}
          </li>`;
        })}
      </ul>
      ${this.next ? html`<p><button @click=${() => void this.loadMore()}>${this.t(repoListMessages, 'more')}</button></p>` : nothing}`;
  }

  private async loadMore(): Promise<void> {
    const client = this.hubClient;
    if (!client || !this.next) return;
    try {
      const page = await client.listReposPage(this.type, { cursorUrl: this.next });
      this.more = [...this.more, ...page.items];
      this.next = page.next;
    } catch (error) {
      try {
        this.reportError('list', error);
      } catch {
        // reported; the button stays for another try
      }
    }
  }
}
