import { NotFoundError, type Commit, type CommitDetails, type Refs, type RepoInfo, type RepoType } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { CsgElement } from '../base/csg-element.js';
import { icons } from '../base/icons.js';
import { CsgRepoElement } from '../base/repo-element.js';
import type { CsgFileSelectEvent } from '../events/file-select.js';
import { CsgNavigateEvent, type NavigationState, type RepoTab } from '../events/navigate.js';
import { formatCount, formatDate, formatRelative } from '../format/format.js';
import { common } from '../i18n/common.js';
import { highlight } from '../lazy/highlight.js';
import { renderMarkdownHighlighted, splitFrontMatter } from '../lazy/markdown.js';
import { codeStyles } from '../styles/code.js';
import { repoMessages } from './repo.messages.js';
import { repoStyles } from './repo.styles.js';

const PREFIX: Record<RepoType, string> = { model: '', dataset: 'datasets/', space: 'spaces/', code: 'codes/' };
const TABS: readonly RepoTab[] = ['card', 'files', 'history', 'discussions', 'viewer'];
const COMMITS_PAGE = 30;

interface CommitView extends CommitDetails {
  patchHtml: string;
}

/**
 * A whole repository: header (name, visibility, likes, downloads, tags, license, clone commands),
 * a branch/tag switcher and tabs for the card (README), files (tree and viewer), history (commits
 * and a commit's diff), discussions and, for datasets, the dataset viewer. Its state (`tab`,
 * `path`, `revision`, `commit`) is reflected in attributes and announced by `csg-navigate`, so a
 * host page can keep it in its URL and restore it.
 *
 * @tagname csg-repo
 * @summary Repository browser: card, files, history, discussions, dataset viewer.
 * @slot discussions - Replaces the discussions tab's content (default: `<csg-discussion-list>` when defined).
 * @slot viewer - Replaces the dataset viewer tab's content (default: `<csg-parquet-preview>` when defined).
 * @csspart header - The repository header.
 * @csspart name - The repository name.
 * @csspart visibility - The visibility badge.
 * @csspart tags - The list of tags.
 * @csspart tag - One tag.
 * @csspart license - The license badge.
 * @csspart clone - The clone commands disclosure.
 * @csspart tabs - The tab list.
 * @csspart tab - One tab.
 * @csspart revision - The branch/tag switcher.
 * @csspart panel - The active tab's panel.
 * @csspart card - The rendered README.
 * @csspart commit - One commit in the history.
 * @csspart diff - A commit's patch.
 * @csspart placeholder - Shown for a tab whose element is not available.
 * @csspart error - An error message (role alert) with a retry button.
 * @csspart status - Loading and no-hub messages.
 * @cssprop [--csg-repo-tree-width=38%] - Width of the file tree next to the file viewer.
 * @cssprop [--csg-repo-tab-accent=var(--csg-color-accent)] - Underline of the selected tab.
 * @fires {CsgNavigateEvent} csg-navigate - The user moved to another tab, file, revision or commit.
 * @fires {CsgLoadErrorEvent} csg-load-error - Something could not be loaded.
 */
export class CsgRepo extends CsgRepoElement {
  static override styles = [...CsgElement.styles, codeStyles, repoStyles];

  /** `card`, `files`, `history`, `discussions` or `viewer` (datasets). */
  @property({ reflect: true }) tab: RepoTab = 'card';

  /** The file open on the files tab. */
  @property({ reflect: true }) path = '';

  /** The commit open on the history tab. */
  @property({ reflect: true }) commit = '';

  /** SSH port of the hub, for the clone command. */
  @property({ attribute: 'ssh-port', type: Number }) sshPort = 2222;

  /** SSH host of the hub (default: the endpoint's host). */
  @property({ attribute: 'ssh-host' }) sshHost = '';

  @state() private copied = '';
  @state() private moreCommits: Commit[] = [];
  @state() private nextCommits?: string;

  private readonly info = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name] as const,
    task: async ([client, type, name], { signal }) => {
      if (!client || !type || !name) return initialState;
      try {
        return await client.repoInfo({ type, name }, { signal });
      } catch (error) {
        this.reportError('repo', error);
      }
    },
  });

  private readonly refs = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name] as const,
    task: async ([client, type, name], { signal }) => {
      if (!client || !type || !name) return initialState;
      return client.refs({ type, name }, { signal });
    },
  });

  private readonly card = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name, this.rev, this.tab === 'card'] as const,
    task: async ([client, type, name, revision, active], { signal }) => {
      if (!client || !type || !name || !active) return initialState;
      let text: string;
      try {
        text = await client.fileText({ type, name }, 'README.md', { revision, signal });
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        this.reportError('card', error);
      }
      const baseUrl = client.resolveUrl({ type, name }, '', { revision }).replace(/\/?$/, '/');
      return renderMarkdownHighlighted(splitFrontMatter(text).body, { baseUrl });
    },
  });

  private readonly history = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name, this.rev, this.tab === 'history' && !this.commit] as const,
    task: async ([client, type, name, revision, active], { signal }) => {
      if (!client || !type || !name || !active) return initialState;
      this.moreCommits = [];
      try {
        const page = await client.commitsPage({ type, name }, { revision, limit: COMMITS_PAGE, signal });
        this.nextCommits = page.next;
        return page;
      } catch (error) {
        this.reportError('history', error);
      }
    },
  });

  private readonly commitView = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name, this.tab === 'history' ? this.commit : ''] as const,
    task: async ([client, type, name, sha], { signal }): Promise<CommitView | typeof initialState> => {
      if (!client || !type || !name || !sha) return initialState;
      try {
        const details = await client.commitDetails({ type, name }, sha, { signal });
        return { ...details, patchHtml: details.patch ? await highlight(details.patch, 'diff') : '' };
      } catch (error) {
        this.reportError('commit', error);
      }
    },
  });

  /** The revision shown: the attribute, else the repository's default branch. */
  protected override get rev(): string {
    return this.revision || this.info.value?.defaultBranch || 'main';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    for (const tag of ['csg-discussion-list', 'csg-parquet-preview']) {
      if (!customElements.get(tag)) void customElements.whenDefined(tag).then(() => this.requestUpdate());
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!TABS.includes(this.tab)) this.tab = 'card';
  }

  /** The current navigation state. */
  get state(): NavigationState {
    return { tab: this.tab, path: this.path, revision: this.rev, commit: this.commit || undefined };
  }

  /** Moves to another state (as a user would) and announces it. */
  navigate(next: Partial<NavigationState>): void {
    if (next.tab !== undefined) this.tab = next.tab;
    if (next.path !== undefined) this.path = next.path;
    if (next.revision !== undefined) this.revision = next.revision;
    if (next.commit !== undefined) this.commit = next.commit;
    this.emit(new CsgNavigateEvent(this.state));
  }

  private tabs(): RepoTab[] {
    return this.type === 'dataset' ? [...TABS] : TABS.filter((t) => t !== 'viewer');
  }

  protected override render() {
    return this.renderTask(this.info, (info: RepoInfo) => {
      const tabs = this.tabs();
      const tab = tabs.includes(this.tab) ? this.tab : 'card';
      return html`${this.renderHeader(info)}
        <div class="bar">
          <div part="tabs" role="tablist" aria-label=${this.t(repoMessages, 'tabs')} @keydown=${(e: KeyboardEvent) => this.onTabKey(e, tabs)}>
            ${tabs.map((t) => html`<button part="tab" role="tab" id=${`tab-${t}`} aria-controls="panel" aria-selected=${t === tab ? 'true' : 'false'} tabindex=${t === tab ? 0 : -1} @click=${() => this.navigate({ tab: t })}>${this.tabLabel(t)}</button>`)}
          </div>
          ${this.renderRevisionPicker()}
        </div>
        <div part="panel" role="tabpanel" id="panel" aria-labelledby=${`tab-${tab}`}>${this.renderPanel(tab)}</div>`;
    });
  }

  private tabLabel(tab: RepoTab): string {
    return tab === 'card' ? this.t(repoMessages, 'card', { type: this.type }) : this.t(repoMessages, tab);
  }

  private onTabKey(event: KeyboardEvent, tabs: RepoTab[]): void {
    const i = tabs.indexOf(this.tab);
    const next = { ArrowRight: (i + 1) % tabs.length, ArrowLeft: (i - 1 + tabs.length) % tabs.length, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.navigate({ tab: tabs[next]! });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tabs[next]}`)?.focus());
  }

  private renderHeader(info: RepoInfo) {
    const [ns, name] = info.id.split('/');
    const visibility = info.visibility ?? (info.private ? 'private' : 'public');
    const license = info.license ?? (typeof info.cardData?.license === 'string' ? info.cardData.license : undefined);
    const tags = (info.tags ?? []).filter((t) => !t.startsWith('license:'));
    return html`<header part="header">
      <div class="title">
        <h2 part="name"><span class="ns">${ns} /</span> ${name}</h2>
        <span part="visibility">${visibility !== 'public' ? icons.lock : nothing}${this.t(repoMessages, visibility)}</span>
        ${license ? html`<span part="license">${this.t(repoMessages, 'license', { license })}</span>` : nothing}
      </div>
      <div class="stats">
        <span>${icons.heart}${this.t(repoMessages, 'likes', { count: formatCount(info.likes ?? 0, this.locale), n: info.likes ?? 0 })}</span>
        <span>${icons.download}${this.t(repoMessages, 'downloads', { count: formatCount(info.downloads ?? 0, this.locale), n: info.downloads ?? 0 })}</span>
        ${info.lastModified ? html`<span>${formatRelative(info.lastModified, this.locale)}</span>` : nothing}
      </div>
      ${tags.length ? html`<ul part="tags">${tags.map((t) => html`<li part="tag">${t}</li>`)}</ul>` : nothing}
      ${this.renderClone(info)}
    </header>`;
  }

  private renderClone(info: RepoInfo) {
    const client = this.hubClient!;
    const endpoint = client.endpoint;
    const path = `${PREFIX[this.type]}${info.id}`;
    const host = this.sshHost || new URL(endpoint).hostname;
    const lines: Array<[string, string]> = [
      [this.t(repoMessages, 'cloneHttps'), `git clone ${endpoint}/${path}`],
      [this.t(repoMessages, 'cloneSsh'), `git clone ssh://git@${host}:${this.sshPort}/${path}.git`],
      [this.t(repoMessages, 'cloneHf'), `HF_ENDPOINT=${endpoint} hf download ${info.id}${this.type === 'model' ? '' : ` --repo-type ${this.type}`}`],
    ];
    return html`<details part="clone">
      <summary>${icons.copy}${this.t(repoMessages, 'clone')}</summary>
      <div class="clone-body">
        ${lines.map(([label, command]) => html`<div class="clone-line">
          <span>${label}</span>
          <code>${command}</code>
          <button aria-label=${this.t(repoMessages, 'copyCommand', { what: label })} @click=${() => this.copy(command)}>${this.copied === command ? this.t(common, 'copied') : this.t(common, 'copy')}</button>
        </div>`)}
      </div>
    </details>`;
  }

  private async copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = text;
      setTimeout(() => {
        if (this.copied === text) this.copied = '';
      }, 2000);
    } catch {
      // clipboard refused (insecure origin, no permission): the command stays selectable
    }
  }

  private renderRevisionPicker() {
    const refs = this.refs.value as Refs | undefined;
    const rev = this.rev;
    const known = refs ? [...refs.branches, ...refs.tags].some((r) => r.name === rev) : false;
    return html`<select part="revision" aria-label=${this.t(repoMessages, 'revision')} @change=${(e: Event) => this.navigate({ revision: (e.target as HTMLSelectElement).value, commit: '' })}>
      ${!known ? html`<option value=${rev} selected>${/^[0-9a-f]{40}$/.test(rev) ? `${this.t(repoMessages, 'commitRev')} ${rev.slice(0, 8)}` : rev}</option>` : nothing}
      ${refs?.branches.length ? html`<optgroup label=${this.t(repoMessages, 'branches')}>${refs.branches.map((b) => html`<option value=${b.name} ?selected=${b.name === rev}>${b.name}</option>`)}</optgroup>` : nothing}
      ${refs?.tags.length ? html`<optgroup label=${this.t(repoMessages, 'tags')}>${refs.tags.map((b) => html`<option value=${b.name} ?selected=${b.name === rev}>${b.name}</option>`)}</optgroup>` : nothing}
    </select>`;
  }

  private renderPanel(tab: RepoTab) {
    switch (tab) {
      case 'card':
        return this.renderCard();
      case 'files':
        return this.renderFiles();
      case 'history':
        return this.commit ? this.renderTask(this.commitView, (c: CommitView) => this.renderCommit(c)) : this.renderTask(this.history, () => this.renderHistory());
      case 'discussions':
        return html`<slot name="discussions">${customElements.get('csg-discussion-list')
          ? html`<csg-discussion-list repo=${this.repo} type=${this.type} .client=${this.hubClient} theme=${ifDefined(this.theme)}></csg-discussion-list>`
          : html`<p part="placeholder">${this.t(repoMessages, 'notAvailable')}</p>`}</slot>`;
      case 'viewer':
        return html`<slot name="viewer">${customElements.get('csg-parquet-preview')
          ? html`<csg-parquet-preview dataset=${this.repo} .client=${this.hubClient} theme=${ifDefined(this.theme)}></csg-parquet-preview>`
          : html`<p part="placeholder">${this.t(repoMessages, 'notAvailable')}</p>`}</slot>`;
    }
  }

  private renderCard() {
    const info = this.info.value as RepoInfo;
    const meta = Object.entries(info.cardData ?? {}).flatMap(([k, v]) => {
      if (v === null || typeof v === 'object' && !Array.isArray(v)) return [];
      return (Array.isArray(v) ? v : [v]).filter((x) => typeof x !== 'object').map((x) => `${k}: ${String(x)}`);
    });
    return html`${meta.length ? html`<section class="metadata" aria-labelledby="meta-title"><h3 id="meta-title">${this.t(repoMessages, 'metadata')}</h3><ul part="tags">${meta.map((m) => html`<li part="tag">${m}</li>`)}</ul></section>` : nothing}
      ${this.renderTask(this.card, (card: string | null) => card === null ? html`<p part="status">${this.t(repoMessages, 'noCard')}</p>` : html`<article part="card" class="markdown">${unsafeHTML(card)}</article>`)}`;
  }

  private renderFiles() {
    return html`<div class="files">
      <csg-file-tree exportparts="row: tree-row, label: tree-label" repo=${this.repo} type=${this.type} revision=${this.rev} path=${this.path} .client=${this.hubClient} theme=${ifDefined(this.theme)} @csg-file-select=${this.onFileSelect}></csg-file-tree>
      <csg-file-view repo=${this.repo} type=${this.type} revision=${this.rev} path=${this.path} .client=${this.hubClient} theme=${ifDefined(this.theme)}></csg-file-view>
    </div>`;
  }

  private onFileSelect = (event: CsgFileSelectEvent): void => {
    if (event.kind === 'file' && !event.defaultPrevented) this.navigate({ path: event.path });
  };

  private renderHistory() {
    const page = this.history.value as { items: Commit[] } | undefined;
    const commits = [...(page?.items ?? []), ...this.moreCommits];
    if (!commits.length) return html`<p part="status">${this.t(repoMessages, 'noCommits')}</p>`;
    return html`<h3 class="section">${this.t(repoMessages, 'commits', { revision: this.rev })}</h3>
      <ol class="commits">
        ${commits.map((c) => html`<li>
          <button part="commit" @click=${() => this.navigate({ commit: c.id })}>
            <span><strong>${c.title}</strong><br /><span class="sub">${c.authors.map((a) => a.user).join(', ')} · ${formatRelative(c.date, this.locale)}</span></span>
            <span class="sha">${c.id.slice(0, 8)}</span>
          </button>
        </li>`)}
      </ol>
      ${this.nextCommits ? html`<p><button @click=${() => void this.loadMoreCommits()}>${this.t(repoMessages, 'loadMore')}</button></p>` : nothing}`;
  }

  private async loadMoreCommits(): Promise<void> {
    const client = this.hubClient;
    const next = this.nextCommits;
    if (!client || !next || !this.repoRef) return;
    try {
      const page = await client.commitsPage(this.repoRef, { cursorUrl: next });
      this.moreCommits = [...this.moreCommits, ...page.items];
      this.nextCommits = page.next;
    } catch (error) {
      try {
        this.reportError('history', error);
      } catch {
        // reported; the button stays for another try
      }
    }
  }

  private renderCommit(c: CommitView) {
    const body = c.message.slice(c.title.length).trim();
    return html`<p><button @click=${() => this.navigate({ commit: '' })}>← ${this.t(repoMessages, 'back')}</button></p>
      <h3 class="section">${c.title}</h3>
      ${body ? html`<pre class="message">${body}</pre>` : nothing}
      <p class="sub">${c.authors.map((a) => a.user).join(', ')} · ${formatDate(c.date, this.locale)} · <span class="sha">${c.id}</span>
        ${c.parents.map((p) => html` · ${this.t(repoMessages, 'parent', { sha: p.slice(0, 8) })}`)}</p>
      <h3 class="section">${this.t(repoMessages, 'changedFiles', { n: c.files.length })}</h3>
      <ul class="changed">
        ${c.files.map((f) => html`<li>
          <span>${this.t(repoMessages, 'status', { status: f.status })}</span>
          <span>${f.oldPath ? `${f.oldPath} → ` : ''}${f.path}</span>
          ${f.binary ? html`<span class="sub">${this.t(repoMessages, 'binary')}</span>` : html`<span class="add">+${f.additions ?? 0}</span><span class="del">−${f.deletions ?? 0}</span>`}
        </li>`)}
      </ul>
      ${c.patchHtml ? html`<pre part="diff" tabindex="0" aria-label=${this.t(repoMessages, 'changedFiles', { n: c.files.length })}><code class="hljs">${unsafeHTML(c.patchHtml)}</code></pre>` : nothing}
      ${c.truncated ? html`<p class="sub">${this.t(repoMessages, 'truncated')}</p>` : nothing}`;
  }
}
