import type { LastCommit, TreeEntry } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { CsgElement } from '../base/csg-element.js';
import { errorMessage } from '../base/errors.js';
import { icons } from '../base/icons.js';
import { CsgRepoElement } from '../base/repo-element.js';
import { CsgDirToggleEvent } from '../events/dir-toggle.js';
import { CsgFileSelectEvent } from '../events/file-select.js';
import { common } from '../i18n/common.js';
import { formatBytes, formatRelative } from '../format/format.js';
import { treeMessages } from './file-tree.messages.js';
import { fileTreeStyles } from './file-tree.styles.js';

interface DirState {
  dirs: TreeEntry[];
  files: TreeEntry[];
  status: 'loading' | 'partial' | 'done' | 'error';
  error?: unknown;
}

/**
 * One visible entry. Made once per entry and kept (a directory's pages keep arriving, and 100,000
 * rows must not be rebuilt for each); position and set size are read from the directory when shown.
 */
interface Row {
  entry: TreeEntry;
  name: string;
  level: number;
  dir: DirState;
  /** Index among the directory's subdirectories, or among its files. */
  index: number;
}

const setsize = (row: Row) => row.dir.dirs.length + row.dir.files.length;
const posinset = (row: Row) => (row.entry.type === 'directory' ? row.index + 1 : row.dir.dirs.length + row.index + 1);

const COMMIT_BATCH = 50;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 8;
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/**
 * A repository's files as an ARIA tree: directories load when expanded (page after page), rows are
 * virtualised (100,000 entries scroll smoothly), each shows its size, an LFS badge and the last
 * commit that touched it (loaded for the visible rows only).
 *
 * Keyboard: ↑/↓ move, → expands or enters, ← collapses or goes to the parent, Home/End, Enter or
 * Space activates, typing a name's first letters jumps to it.
 *
 * @tagname csg-file-tree
 * @summary Lazily loaded, virtualised file tree of a repository.
 * @slot empty - Shown when the repository has no files.
 * @csspart base - The frame around the tree.
 * @csspart tree - The scrolling element with role tree.
 * @csspart row - One entry (role treeitem).
 * @csspart icon - The folder or file icon.
 * @csspart label - The entry's name.
 * @csspart badge - The LFS badge.
 * @csspart commit - The last commit's title.
 * @csspart size - The file size.
 * @csspart empty - The default empty-repository message.
 * @csspart error - An error message (role alert) with a retry button.
 * @csspart status - Loading and no-hub messages.
 * @cssprop [--csg-file-tree-height=420px] - Height of the scrolling tree.
 * @cssprop [--csg-file-tree-indent=16px] - Indent per level.
 * @cssprop [--csg-file-tree-row-height=28px] - Height of a row.
 * @cssprop [--csg-file-tree-folder-color=var(--csg-color-accent)] - Folder icon colour.
 * @fires {CsgFileSelectEvent} csg-file-select - An entry was activated (cancelable: then nothing happens).
 * @fires {CsgDirToggleEvent} csg-dir-toggle - A directory was expanded or collapsed.
 * @fires {CsgLoadErrorEvent} csg-load-error - A listing failed.
 */
export class CsgFileTree extends CsgRepoElement {
  static override styles = [...CsgElement.styles, fileTreeStyles];

  /** The selected file (aria-selected); setting it expands its directories and scrolls to it. */
  @property({ reflect: true }) path = '';

  /** Leave out the last-commit column (saves the requests). */
  @property({ attribute: 'hide-commits', type: Boolean, reflect: true }) hideCommits = false;

  @state() private activeIndex = 0;
  @state() private version = 0;
  @state() private dirError?: { path: string; error: unknown };

  @query('[role=tree]') private treeEl?: HTMLElement;
  @state() private treeScroll = 0;
  @state() private viewport = 420;
  private rowHeight = 28;
  private resizeObserver?: ResizeObserver;

  private dirs = new Map<string, DirState>();
  private expanded = new Set<string>();
  private commits = new Map<string, LastCommit | null>();
  private commitQueue = new Set<string>();
  private commitTimer?: ReturnType<typeof setTimeout>;
  private controller = new AbortController();
  private rowsCache?: { version: number; rows: Row[] };
  private rowOf = new WeakMap<TreeEntry, Row>();
  private typeahead = { text: '', at: 0 };

  private readonly root = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name, this.rev] as const,
    task: async ([client, type, name], { signal }) => {
      this.reset();
      if (!client || !type || !name) return initialState;
      try {
        await this.loadDir('', signal);
      } catch (error) {
        this.reportError('tree', error);
      }
      if (this.path) queueMicrotask(() => void this.reveal(this.path));
      return this.dirs.get('')!;
    },
  });

  /** The rows in display order (expanded directories flattened). */
  get rows(): Row[] {
    if (this.rowsCache?.version === this.version) return this.rowsCache.rows;
    const rows: Row[] = [];
    const walk = (dir: string, level: number) => {
      const st = this.dirs.get(dir);
      if (!st) return;
      for (const list of [st.dirs, st.files]) {
        for (let index = 0; index < list.length; index++) {
          const entry = list[index]!;
          let row = this.rowOf.get(entry);
          if (!row) this.rowOf.set(entry, (row = { entry, name: baseName(entry.path), level, dir: st, index }));
          rows.push(row);
          if (entry.type === 'directory' && this.expanded.has(entry.path)) walk(entry.path, level + 1);
        }
      }
    };
    walk('', 1);
    this.rowsCache = { version: this.version, rows };
    return rows;
  }

  /** Whether a directory is expanded. */
  isExpanded(path: string): boolean {
    return this.expanded.has(path);
  }

  /** Expands or collapses a directory (loading it the first time). */
  async toggle(path: string, expand = !this.expanded.has(path)): Promise<void> {
    if (expand === this.expanded.has(path)) return;
    if (expand) this.expanded.add(path);
    else this.expanded.delete(path);
    this.invalidate();
    this.emit(new CsgDirToggleEvent(path, expand));
    if (expand && (!this.dirs.has(path) || this.dirs.get(path)!.status === 'error')) await this.loadSubdir(path);
  }

  /** Loads the page chain of a directory: resolves after the first page, the rest arrive in the background. */
  private async loadDir(path: string, signal: AbortSignal): Promise<void> {
    const client = this.hubClient;
    const repo = this.repoRef;
    if (!client || !repo) return;
    const st: DirState = { dirs: [], files: [], status: 'loading' };
    this.dirs.set(path, st);
    this.invalidate();
    const expand = false;
    const add = (items: TreeEntry[]) => {
      for (const e of items) {
        (e.type === 'directory' ? st.dirs : st.files).push(e);
        if (e.lastCommit) this.commits.set(e.path, e.lastCommit);
      }
      this.invalidate();
    };
    const first = await client.treePage(repo, { revision: this.rev, path, expand, signal });
    add(first.items);
    st.status = first.next ? 'partial' : 'done';
    if (!first.next) return;
    void (async () => {
      try {
        for (let next: string | undefined = first.next; next; ) {
          const page = await client.treePage(repo, { cursorUrl: next, signal });
          add(page.items);
          next = page.next;
        }
        st.status = 'done';
      } catch (error) {
        if (signal.aborted) return;
        st.status = 'error';
        st.error = error;
        this.dirError = { path, error };
        this.reportErrorQuietly('tree', error);
      }
      this.invalidate();
    })();
  }

  private async loadSubdir(path: string): Promise<void> {
    const signal = this.controller.signal;
    try {
      if (this.dirError?.path === path) this.dirError = undefined;
      await this.loadDir(path, signal);
    } catch (error) {
      if (signal.aborted) return;
      const st = this.dirs.get(path);
      if (st) {
        st.status = 'error';
        st.error = error;
      }
      this.dirError = { path, error };
      this.invalidate();
      this.reportErrorQuietly('tree', error);
    }
  }

  private reportErrorQuietly(operation: string, error: unknown): void {
    try {
      this.reportError(operation, error);
    } catch {
      // shown in the element; the event told the host
    }
  }

  private reset(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.dirs.clear();
    this.expanded.clear();
    this.commits.clear();
    this.commitQueue.clear();
    this.dirError = undefined;
    this.activeIndex = 0;
    this.invalidate();
  }

  private invalidate(): void {
    this.version++;
  }

  private observedTree?: HTMLElement;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.observedTree = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The viewport's height decides how many rows are rendered; rows have one fixed height.
    const observedBefore = this.observedTree;
    if (this.treeEl && this.treeEl !== this.observedTree) {
      this.observedTree = this.treeEl;
      this.rowHeight = parseFloat(getComputedStyle(this).getPropertyValue('--csg-file-tree-row-height')) || 28;
      this.resizeObserver ??= new ResizeObserver(() => {
        if (this.treeEl && this.treeEl.clientHeight !== this.viewport) this.viewport = this.treeEl.clientHeight;
      });
      this.resizeObserver.disconnect();
      this.resizeObserver.observe(this.treeEl);
      this.viewport = this.treeEl.clientHeight || this.viewport;
      this.treeScroll = this.treeEl.scrollTop;
    }
    const privately = changed as Map<PropertyKey, unknown>;
    if (this.treeEl && (this.treeEl !== observedBefore || privately.has('treeScroll') || privately.has('viewport') || privately.has('version'))) this.queueVisibleCommits();
    if (changed.has('path') && this.path && this.root.value) void this.reveal(this.path);
  }

  /**
   * Expands the directories above a path, then makes it the active row and scrolls to it; a directory
   * path is expanded too (Hugging Face's `.../tree/{rev}/{dir}` opens that directory).
   */
  async reveal(path: string): Promise<void> {
    await this.root.taskComplete.catch(() => undefined);
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!this.expanded.has(dir)) await this.toggle(dir, true);
    }
    await this.updateComplete;
    const index = this.rows.findIndex((r) => r.entry.path === path);
    if (index < 0) return;
    if (this.rows[index]!.entry.type === 'directory' && !this.expanded.has(path)) {
      await this.toggle(path, true);
      await this.updateComplete;
    }
    this.setActive(index);
  }

  private setActive(index: number): void {
    const rows = this.rows;
    if (!rows.length) return;
    this.activeIndex = Math.max(0, Math.min(index, rows.length - 1));
    // Scroll just enough to show the active row (rows have a fixed height, so no layout is read).
    const tree = this.treeEl;
    if (!tree) return;
    const top = this.activeIndex * this.rowHeight;
    if (top < tree.scrollTop) tree.scrollTop = top;
    else if (top + this.rowHeight > tree.scrollTop + tree.clientHeight) tree.scrollTop = top + this.rowHeight - tree.clientHeight;
    this.treeScroll = tree.scrollTop;
  }

  private activate(index: number): void {
    const row = this.rows[index];
    if (!row) return;
    const { entry } = row;
    if (!this.emit(new CsgFileSelectEvent(entry.path, entry.type, entry))) return;
    if (entry.type === 'directory') void this.toggle(entry.path);
    else this.path = entry.path;
  }

  private onKeyDown(event: KeyboardEvent): void {
    const rows = this.rows;
    const row = rows[this.activeIndex];
    if (!row) return;
    const isDir = row.entry.type === 'directory';
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        this.setActive(this.activeIndex + 1);
        break;
      case 'ArrowUp':
        this.setActive(this.activeIndex - 1);
        break;
      case 'Home':
        this.setActive(0);
        break;
      case 'End':
        this.setActive(rows.length - 1);
        break;
      case 'ArrowRight':
        if (isDir && !this.expanded.has(row.entry.path)) void this.toggle(row.entry.path, true);
        else if (isDir && rows[this.activeIndex + 1]?.level === row.level + 1) this.setActive(this.activeIndex + 1);
        break;
      case 'ArrowLeft':
        if (isDir && this.expanded.has(row.entry.path)) void this.toggle(row.entry.path, false);
        else if (row.level > 1) {
          const parent = parentOf(row.entry.path);
          this.setActive(rows.findIndex((r) => r.entry.path === parent));
        }
        break;
      case 'Enter':
      case ' ':
        this.activate(this.activeIndex);
        break;
      default:
        handled = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && this.typeAhead(event.key);
    }
    if (handled) event.preventDefault();
  }

  /** Jumps to the next row whose name starts with the letters typed within half a second. */
  private typeAhead(key: string): boolean {
    const now = Date.now();
    this.typeahead.text = now - this.typeahead.at < 500 ? this.typeahead.text + key.toLowerCase() : key.toLowerCase();
    this.typeahead.at = now;
    const rows = this.rows;
    const start = this.typeahead.text.length > 1 ? this.activeIndex : this.activeIndex + 1;
    for (let i = 0; i < rows.length; i++) {
      const index = (start + i) % rows.length;
      if (rows[index]!.name.toLowerCase().startsWith(this.typeahead.text)) {
        this.setActive(index);
        return true;
      }
    }
    return false;
  }

  private onRowClick(index: number): void {
    this.activeIndex = index;
    this.treeEl?.focus({ preventScroll: true });
    this.activate(index);
  }

  /** The rows inside the viewport, as [first, last] indexes. */
  private visibleRange(): [number, number] {
    const first = Math.floor(this.treeScroll / this.rowHeight);
    return [first, Math.min(this.rows.length - 1, first + Math.ceil(this.viewport / this.rowHeight))];
  }

  /** Queues the visible rows' paths for their last commit (paths-info with expand, 50 a request). */
  private queueVisibleCommits(): void {
    if (this.hideCommits) return;
    const rows = this.rows;
    const [first, last] = this.visibleRange();
    for (let i = Math.max(0, first); i <= last; i++) {
      const path = rows[i]!.entry.path;
      if (!this.commits.has(path)) this.commitQueue.add(path);
    }
    if (this.commitQueue.size && !this.commitTimer) this.commitTimer = setTimeout(() => void this.flushCommits(), 60);
  }

  private async flushCommits(): Promise<void> {
    this.commitTimer = undefined;
    const client = this.hubClient;
    const repo = this.repoRef;
    if (!client || !repo) return;
    const paths = [...this.commitQueue];
    this.commitQueue.clear();
    for (const p of paths) this.commits.set(p, null);
    const signal = this.controller.signal;
    for (let i = 0; i < paths.length; i += COMMIT_BATCH) {
      const batch = paths.slice(i, i + COMMIT_BATCH);
      try {
        const entries = await client.pathsInfo(repo, batch, { revision: this.rev, expand: true, signal });
        for (const e of entries) if (e.lastCommit) this.commits.set(e.path, e.lastCommit);
        this.invalidate();
      } catch {
        // the column stays empty: last commits are a nicety, never worth an error
        if (signal.aborted) return;
      }
    }
  }

  protected override render() {
    return this.renderTask(this.root, () => this.renderTree());
  }

  private renderTree() {
    const rows = this.rows;
    const root = this.dirs.get('');
    if (!rows.length && root?.status === 'done') {
      return html`<div part="base"><slot name="empty"><p part="empty">${this.t(treeMessages, 'empty')}</p></slot></div>`;
    }
    const active = Math.min(this.activeIndex, rows.length - 1);
    return html`<div part="base">
        <div
          part="tree"
          role="tree"
          tabindex="0"
          aria-label=${this.t(treeMessages, 'label', { repo: this.repo })}
          aria-activedescendant=${rows.length && this.isRendered(active, rows) ? `row-${active}` : nothing}
          @keydown=${this.onKeyDown}
          @scroll=${this.onScroll}
        >
          <div class="sizer" style=${`height:${rows.length * this.rowHeight}px`}>${this.renderWindow(rows, active)}</div>
        </div>
        ${root?.status === 'partial' ? html`<div class="more" role="status">${this.t(treeMessages, 'loadingMore', { count: root.dirs.length + root.files.length })}</div>` : nothing}
      </div>
      ${this.dirError ? this.renderDirError(this.dirError.path, this.dirError.error) : nothing}`;
  }

  private onScroll = (): void => {
    if (this.treeEl) this.treeScroll = this.treeEl.scrollTop;
  };

  /**
   * Virtualisation: only the rows in (and a little around) the viewport exist, positioned by their
   * index. Rows have one fixed height, so nothing is measured; template instances are reused by
   * position (no keys), so scrolling only rebinds a few dozen rows.
   */
  private windowRange(rows: Row[]): [number, number] {
    const [first, last] = this.visibleRange();
    return [Math.max(0, first - OVERSCAN), Math.min(rows.length, last + 1 + OVERSCAN)];
  }

  /** Whether a row exists in the DOM (an aria-activedescendant must point at an element). */
  private isRendered(index: number, rows: Row[]): boolean {
    const [start, end] = this.windowRange(rows);
    return index >= start && index < end;
  }

  private renderWindow(rows: Row[], active: number) {
    const [start, end] = this.windowRange(rows);
    const out = [];
    for (let i = start; i < end; i++) out.push(this.renderRow(rows[i]!, i, active));
    return html`<div class="window" style=${`transform:translateY(${start * this.rowHeight}px)`}>${out}</div>`;
  }

  private renderDirError(path: string, error: unknown) {
    const retry = () => {
      this.dirs.delete(path);
      this.dirError = undefined;
      if (path === '') void this.root.run();
      else {
        this.expanded.delete(path);
        void this.toggle(path, true);
      }
    };
    return html`<div part="error" role="alert">
      <span>${this.t(treeMessages, 'dirError', { path: path || '/', message: errorMessage(error, this.locale) })}</span>
      <button part="retry" @click=${retry}>${this.t(common, 'retry')}</button>
    </div>`;
  }

  private renderRow(row: Row, index: number, active: number) {
    const { entry } = row;
    const isDir = entry.type === 'directory';
    const expanded = isDir && this.expanded.has(entry.path);
    const loading = expanded && this.dirs.get(entry.path)?.status === 'loading';
    const commit = this.hideCommits ? undefined : this.commits.get(entry.path);
    return html`<div
      part="row"
      role="treeitem"
      id=${`row-${index}`}
      class=${`${isDir ? 'dir' : 'file'}${index === active ? ' active' : ''}`}
      aria-level=${row.level}
      aria-setsize=${setsize(row)}
      aria-posinset=${posinset(row)}
      aria-expanded=${isDir ? String(expanded) : nothing}
      aria-selected=${entry.path === this.path ? 'true' : 'false'}
      aria-busy=${loading ? 'true' : nothing}
      style=${`--level:${row.level - 1}`}
      @click=${() => this.onRowClick(index)}
    >
      <span class="name">
        <span class="toggle">${loading ? html`<span class="spinner"></span>` : isDir ? (expanded ? icons.chevronDown : icons.chevronRight) : nothing}</span>
        <span part="icon">${isDir ? icons.folder : icons.file}</span>
        <span part="label">${row.name}</span>
        ${entry.lfs ? html`<span part="badge" title=${this.t(treeMessages, 'lfs')}>${this.t(common, 'lfs')}</span>` : nothing}
      </span>
      <span part="commit">${commit?.title ?? ''}</span>
      <span class="date">${commit ? formatRelative(commit.date, this.locale) : ''}</span>
      <span part="size">${isDir ? '' : formatBytes(entry.lfs?.size ?? entry.size, this.locale)}</span>
    </div>`;
  }
}
