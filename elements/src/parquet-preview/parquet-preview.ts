import { HubError, type HubClient, type ViewerSplit, type ViewerSplits, type ViewerSqlResult, type ViewerStatistics } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { CsgElement } from '../base/csg-element.js';
import { errorMessage, isAbort } from '../base/errors.js';
import { formatNumber } from '../format/format.js';
import { decodeArrow, type ArrowColumn } from '../lazy/arrow.js';
import { bars } from './histogram.js';
import { previewMessages } from './parquet-preview.messages.js';
import { previewStyles } from './parquet-preview.styles.js';
import { PAGE_SIZE, RowPages, toPage, type PreviewRow } from './row-pages.js';
import { buildOrderBy, buildWhere, FILTER_OPS, takesValue, type Combinator, type FilterCondition, type FilterOp } from './where.js';
import { fieldStyles } from '../styles/forms.js';

/** Height of one table row in CSS pixels (the virtual scroll math counts in rows of this height). */
export const ROW_HEIGHT = 28;
/** Browsers cap an element's height (Chromium near 33.5M px): beyond this the scrollbar is scaled. */
const MAX_SCROLL_HEIGHT = 8_000_000;
const ROW_NUMBER_WIDTH = 88;
const COLUMN_WIDTH = 200;

type View = 'data' | 'statistics' | 'sql';
const VIEWS: readonly View[] = ['data', 'statistics', 'sql'];

interface Loaded {
  pages: RowPages;
  columns: ArrowColumn[];
  total: number;
}

interface SqlAnswer {
  columns: string[];
  rows: Array<{ cells: string[]; truncated: ReadonlySet<string> }>;
  truncated: boolean;
}

const cellText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * A dataset split as a table over the hub's `/viewer` API: config and split pickers, a virtualised
 * ARIA grid over any number of rows that fetches Arrow pages (100 rows each, decoded by a lazily
 * loaded apache-arrow chunk) as it scrolls, column types, sort, search, a filter builder producing
 * the `where` grammar, per-column statistics with small histograms, and a SQL console.
 *
 * @tagname csg-parquet-preview
 * @summary Dataset viewer: virtualised rows, sort, search, filter, statistics, SQL.
 * @csspart pickers - The config and split pickers.
 * @csspart views - The data / statistics / SQL tab list.
 * @csspart search - The search form.
 * @csspart filter - The filter builder disclosure.
 * @csspart where - The generated `where` expression.
 * @csspart count - The number of rows.
 * @csspart grid - The scrolling table (role grid).
 * @csspart column-type - A column's type in its header.
 * @csspart truncated - The marker on a cell the hub cut.
 * @csspart statistics - The statistics table.
 * @csspart histogram - One column's histogram or frequencies.
 * @csspart sql - The SQL console.
 * @csspart sql-result - The SQL result table.
 * @csspart error - An error message (role alert).
 * @csspart status - Loading, empty and no-hub messages.
 * @cssprop [--csg-preview-height=420px] - Height of the scrolling table.
 * @fires {CsgLoadErrorEvent} csg-load-error - Something could not be loaded.
 */
export class CsgParquetPreview extends CsgElement {
  static override styles = [...CsgElement.styles, fieldStyles, previewStyles];

  /** `namespace/name` of the dataset (attribute `dataset`; the property `dataset` is HTMLElement's data-* map). */
  @property({ attribute: 'dataset', reflect: true }) datasetId = '';

  /** The configuration shown (default: the first). */
  @property({ reflect: true }) config = '';

  /** The split shown (default: the first of the configuration). */
  @property({ reflect: true }) split = '';

  @state() private view: View = 'data';
  @state() private search = '';
  @state() private searchDraft = '';
  @state() private conditions: FilterCondition[] = [];
  @state() private combinator: Combinator = 'AND';
  @state() private where = '';
  @state() private sort: { column: string; direction: 'ASC' | 'DESC' } | null = null;
  @state() private virtualTop = 0;
  @state() private viewportHeight = 420;
  @state() private active = { row: -1, col: 0 };
  @state() private sqlText = '';
  @state() private sqlAnswer?: SqlAnswer;
  @state() private sqlError?: unknown;
  @state() private sqlRunning = false;
  /** Bumped when a page arrives, to re-render the rows. */
  @state() private pageTick = 0;

  @query('.scroller') private scroller?: HTMLElement;
  @query('.head') private head?: HTMLElement;

  private resizeObserver?: ResizeObserver;
  private loadTimer?: ReturnType<typeof setTimeout>;
  private expectedScrollTop?: number;
  private sqlAbort?: AbortController;

  private readonly splits = new Task(this, {
    args: () => [this.hubClient, this.datasetId] as const,
    task: async ([client, dataset], { signal }) => {
      if (!client || !/^[^/\s]+\/[^/\s]+$/.test(dataset)) return initialState;
      try {
        return await client.viewerSplits({ dataset }, { signal });
      } catch (error) {
        this.reportError('viewer-splits', error);
      }
    },
  });

  private readonly rows = new Task(this, {
    args: () => [this.hubClient, this.datasetId, this.currentSplit?.config, this.currentSplit?.split, this.search, this.where, this.sort?.column, this.sort?.direction] as const,
    task: async ([client, dataset, config, split, search, where, sortColumn, direction], { signal }): Promise<Loaded | typeof initialState> => {
      if (!client || !config || !split) return initialState;
      // Pages of the previous query still on their way are not wanted any more.
      (this.rows.value as Loaded | undefined)?.pages.dispose();
      const orderby = sortColumn && direction ? buildOrderBy(sortColumn, direction) : '';
      const fetcher = (offset: number, length: number, s: AbortSignal) => this.fetchRows(client, { dataset, config, split, offset, length }, search, where, orderby, s);
      try {
        const first = toPage(await fetcher(0, PAGE_SIZE, signal), 0);
        const pages = new RowPages(fetcher, () => this.pageTick++);
        pages.put(0, first);
        return { pages, columns: first.columns, total: first.total };
      } catch (error) {
        this.reportError('viewer-rows', error);
      }
    },
  });

  private readonly statistics = new Task(this, {
    args: () => [this.hubClient, this.datasetId, this.currentSplit?.config, this.currentSplit?.split, this.view === 'statistics'] as const,
    task: async ([client, dataset, config, split, active], { signal }) => {
      if (!client || !config || !split || !active) return initialState;
      try {
        return await client.viewerStatistics({ dataset, config, split }, { signal });
      } catch (error) {
        this.reportError('viewer-statistics', error);
      }
    },
  });

  /** The config and split in use: the attributes when they name one, else the first. */
  private get currentSplit(): ViewerSplit | undefined {
    const all = (this.splits.value as ViewerSplits | undefined)?.splits ?? [];
    const inConfig = all.filter((s) => s.config === (this.config || all[0]?.config));
    return inConfig.find((s) => s.split === this.split) ?? inConfig[0];
  }

  private async fetchRows(client: HubClient, params: { dataset: string; config: string; split: string; offset: number; length: number }, search: string, where: string, orderby: string, signal: AbortSignal) {
    const bytes = search
      ? await client.viewerSearch({ ...params, query: search }, { format: 'arrow', signal })
      : where || orderby
        ? await client.viewerFilter({ ...params, ...(where ? { where } : {}), ...(orderby ? { orderby } : {}) }, { format: 'arrow', signal })
        : await client.viewerRows(params, { format: 'arrow', signal });
    return decodeArrow(bytes);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => {
      if (this.scroller && this.scroller.clientHeight !== this.viewportHeight) this.viewportHeight = this.scroller.clientHeight;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    clearTimeout(this.loadTimer);
    (this.rows.value as Loaded | undefined)?.pages.dispose();
    this.sqlAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A new dataset, config or split starts from the top, unfiltered.
    if (changed.has('datasetId') || changed.has('config') || changed.has('split')) {
      if (changed.get('datasetId') !== undefined || changed.get('config') !== undefined || changed.get('split') !== undefined) this.resetQuery();
    }
  }

  private resetQuery(): void {
    this.search = this.searchDraft = this.where = '';
    this.conditions = [];
    this.sort = null;
    this.resetScroll();
  }

  private resetScroll(): void {
    this.virtualTop = 0;
    this.active = { row: -1, col: this.active.col };
    if (this.scroller) this.scroller.scrollTop = 0;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.scroller) {
      this.resizeObserver?.observe(this.scroller);
      this.scheduleLoad();
    }
  }

  // Virtual scrolling ------------------------------------------------------------------------

  private get loaded(): Loaded | undefined {
    return this.rows.value as Loaded | undefined;
  }

  private get bodyHeight(): number {
    return Math.max(ROW_HEIGHT, this.viewportHeight - (this.head?.offsetHeight ?? ROW_HEIGHT));
  }

  private spacerHeight(total: number): number {
    return Math.min(total * ROW_HEIGHT, MAX_SCROLL_HEIGHT);
  }

  /** Virtual pixels per scrolled pixel (1 unless the table is taller than the browser allows). */
  private ratio(total: number): number {
    const full = total * ROW_HEIGHT;
    const spacer = this.spacerHeight(total);
    if (full <= spacer) return 1;
    return (full - this.bodyHeight) / Math.max(1, spacer - this.bodyHeight);
  }

  private visibleRange(total: number): { first: number; last: number } {
    const first = Math.min(Math.max(0, Math.floor(this.virtualTop / ROW_HEIGHT)), Math.max(0, total - 1));
    const last = Math.min(total - 1, first + Math.ceil(this.bodyHeight / ROW_HEIGHT));
    return { first, last };
  }

  private onScroll = (): void => {
    const el = this.scroller;
    const loaded = this.loaded;
    if (!el || !loaded) return;
    if (this.expectedScrollTop !== undefined && Math.abs(el.scrollTop - this.expectedScrollTop) < 1) {
      this.expectedScrollTop = undefined;
      return;
    }
    this.expectedScrollTop = undefined;
    const maxTop = Math.max(0, loaded.total * ROW_HEIGHT - this.bodyHeight);
    this.virtualTop = Math.min(maxTop, el.scrollTop * this.ratio(loaded.total));
  };

  /** Loads the pages of the visible rows once scrolling pauses (flinging past pages fetches nothing). */
  private scheduleLoad(): void {
    clearTimeout(this.loadTimer);
    this.loadTimer = setTimeout(() => {
      const loaded = this.loaded;
      if (!loaded || !loaded.total) return;
      const { first, last } = this.visibleRange(loaded.total);
      loaded.pages.want(first, last);
    }, 40);
  }

  /** Scrolls so a row is fully visible. */
  private revealRow(row: number, total: number): void {
    if (row < 0) return;
    const top = row * ROW_HEIGHT;
    let next = this.virtualTop;
    if (top < this.virtualTop) next = top;
    else if (top + ROW_HEIGHT > this.virtualTop + this.bodyHeight) next = top + ROW_HEIGHT - this.bodyHeight;
    if (next === this.virtualTop) return;
    this.virtualTop = next;
    if (this.scroller) {
      this.expectedScrollTop = Math.round(next / this.ratio(total));
      this.scroller.scrollTop = this.expectedScrollTop;
      // The browser may clamp or round: accept what it did as the new expectation.
      this.expectedScrollTop = this.scroller.scrollTop;
    }
  }

  private revealColumn(col: number): void {
    const el = this.scroller;
    if (!el) return;
    const left = col === 0 ? 0 : ROW_NUMBER_WIDTH + (col - 1) * COLUMN_WIDTH;
    const width = col === 0 ? ROW_NUMBER_WIDTH : COLUMN_WIDTH;
    if (left < el.scrollLeft + ROW_NUMBER_WIDTH && col > 0) el.scrollLeft = Math.max(0, left - ROW_NUMBER_WIDTH);
    else if (left + width > el.scrollLeft + el.clientWidth) el.scrollLeft = left + width - el.clientWidth;
  }

  private onGridKey = (event: KeyboardEvent): void => {
    const loaded = this.loaded;
    if (!loaded) return;
    const cols = loaded.columns.length + 1;
    const page = Math.max(1, Math.floor(this.bodyHeight / ROW_HEIGHT) - 1);
    const { row, col } = this.active;
    const last = loaded.total - 1;
    let next: { row: number; col: number } | undefined;
    const ctrl = event.ctrlKey || event.metaKey;
    switch (event.key) {
      case 'ArrowDown': next = { row: Math.min(last, row + 1), col }; break;
      case 'ArrowUp': next = { row: Math.max(-1, row - 1), col }; break;
      case 'ArrowRight': next = { row, col: Math.min(cols - 1, col + 1) }; break;
      case 'ArrowLeft': next = { row, col: Math.max(0, col - 1) }; break;
      case 'PageDown': next = { row: Math.min(last, row + page), col }; break;
      case 'PageUp': next = { row: Math.max(row < 0 ? -1 : 0, row - page), col }; break;
      case 'Home': next = ctrl ? { row: Math.min(0, last), col: 0 } : { row, col: 0 }; break;
      case 'End': next = ctrl ? { row: last, col: cols - 1 } : { row, col: cols - 1 }; break;
      case 'Enter':
      case ' ':
        if (row === -1 && col > 0) {
          event.preventDefault();
          this.toggleSort(loaded.columns[col - 1]!.name);
        }
        return;
      default:
        return;
    }
    event.preventDefault();
    this.active = next;
    this.revealRow(next.row, loaded.total);
    this.revealColumn(next.col);
  };

  private toggleSort(column: string): void {
    const current = this.sort?.column === column ? this.sort.direction : null;
    this.sort = current === null ? { column, direction: 'ASC' } : current === 'ASC' ? { column, direction: 'DESC' } : null;
    this.resetScroll();
  }

  // Rendering -------------------------------------------------------------------------------

  protected override render() {
    if (!this.datasetId) return html`<p part="status" role="status">${this.t(previewMessages, 'noSplits')}</p>`;
    return this.renderTask(this.splits, (splits: ViewerSplits) => {
      const current = this.currentSplit;
      if (!current) {
        return html`<p part="status" role="status">${this.t(previewMessages, 'noSplits')}</p>
          ${splits.pending.length ? html`<p part="status">${this.t(previewMessages, 'pending', { n: splits.pending.length })}</p>` : nothing}`;
      }
      return html`${this.renderPickers(splits, current)}
        <div part="views" role="tablist" aria-label=${this.t(previewMessages, 'views')} @keydown=${this.onViewKey}>
          ${VIEWS.map((v) => html`<button role="tab" id=${`view-${v}`} aria-controls="view-panel" aria-selected=${v === this.view ? 'true' : 'false'} tabindex=${v === this.view ? 0 : -1} @click=${() => (this.view = v)}>${this.t(previewMessages, v)}</button>`)}
        </div>
        <div role="tabpanel" id="view-panel" aria-labelledby=${`view-${this.view}`}>
          ${this.view === 'data' ? this.renderData(current) : this.view === 'statistics' ? this.renderStatistics() : this.renderSql(current)}
        </div>`;
    });
  }

  private onViewKey = (event: KeyboardEvent): void => {
    const i = VIEWS.indexOf(this.view);
    const next = { ArrowRight: (i + 1) % VIEWS.length, ArrowLeft: (i - 1 + VIEWS.length) % VIEWS.length, Home: 0, End: VIEWS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.view = VIEWS[next]!;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#view-${this.view}`)?.focus());
  };

  private renderPickers(splits: ViewerSplits, current: ViewerSplit) {
    const configs = [...new Set(splits.splits.map((s) => s.config))];
    const inConfig = splits.splits.filter((s) => s.config === current.config);
    return html`<div part="pickers" class="pickers">
      <label>${this.t(previewMessages, 'config')}
        <select name="config" @change=${(e: Event) => { this.config = (e.target as HTMLSelectElement).value; this.split = ''; }}>
          ${configs.map((c) => html`<option value=${c} ?selected=${c === current.config}>${c}</option>`)}
        </select>
      </label>
      <label>${this.t(previewMessages, 'split')}
        <select name="split" @change=${(e: Event) => { this.split = (e.target as HTMLSelectElement).value; }}>
          ${inConfig.map((s) => html`<option value=${s.split} ?selected=${s.split === current.split}>${s.split}</option>`)}
        </select>
      </label>
      ${splits.pending.length ? html`<span class="sub">${this.t(previewMessages, 'pending', { n: splits.pending.length })}</span>` : nothing}
    </div>`;
  }

  private renderData(current: ViewerSplit) {
    return html`${this.renderSearch()}${this.renderFilter()}
      ${this.renderTask(this.rows, (loaded: Loaded) => this.renderGrid(loaded, current), {
        // A new sort, search or filter keeps the old rows (and the focus in the grid) until the new ones arrive.
        pending: () => (this.loaded ? html`<div aria-busy="true">${this.renderGrid(this.loaded, current)}</div>` : this.renderPending()),
      })}`;
  }

  private renderSearch() {
    return html`<form part="search" role="search" class="search" @submit=${(e: Event) => { e.preventDefault(); this.search = this.searchDraft.trim(); this.resetScroll(); }}>
      <label class="visually-hidden" for="search">${this.t(previewMessages, 'search')}</label>
      <input id="search" type="search" .value=${this.searchDraft} placeholder=${this.t(previewMessages, 'searchPlaceholder')}
        @input=${(e: Event) => (this.searchDraft = (e.target as HTMLInputElement).value)} />
      <button type="submit">${this.t(previewMessages, 'search')}</button>
      ${this.search && (this.where || this.sort) ? html`<span class="sub">${this.t(previewMessages, 'searchReplaces')}</span>` : nothing}
    </form>`;
  }

  private get columnTypes(): Record<string, string> {
    return Object.fromEntries((this.loaded?.columns ?? []).map((c) => [c.name, c.type]));
  }

  private renderFilter() {
    const columns = this.loaded?.columns ?? [];
    const draft = buildWhere(this.conditions, this.combinator, this.columnTypes);
    const opLabel = (op: FilterOp) => (op === 'contains' ? this.t(previewMessages, 'opContains') : op === 'is-null' ? this.t(previewMessages, 'opNull') : op === 'not-null' ? this.t(previewMessages, 'opNotNull') : op);
    const update = (i: number, patch: Partial<FilterCondition>) => (this.conditions = this.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)));
    return html`<details part="filter" class="filter" ?open=${this.conditions.length > 0}>
      <summary>${this.t(previewMessages, 'filter')}${this.where ? html` <code>${this.where}</code>` : nothing}</summary>
      <fieldset>
        <legend class="visually-hidden">${this.t(previewMessages, 'filter')}</legend>
        <label>${this.t(previewMessages, 'combinator')}
          <select name="combinator" @change=${(e: Event) => (this.combinator = (e.target as HTMLSelectElement).value as Combinator)}>
            <option value="AND" ?selected=${this.combinator === 'AND'}>${this.t(previewMessages, 'all')}</option>
            <option value="OR" ?selected=${this.combinator === 'OR'}>${this.t(previewMessages, 'any')}</option>
          </select>
        </label>
        ${this.conditions.map((c, i) => html`<div class="condition">
          <select aria-label=${this.t(previewMessages, 'column')} name="column" @change=${(e: Event) => update(i, { column: (e.target as HTMLSelectElement).value })}>
            ${columns.map((col) => html`<option value=${col.name} ?selected=${col.name === c.column}>${col.name}</option>`)}
          </select>
          <select aria-label=${this.t(previewMessages, 'operator')} name="op" @change=${(e: Event) => update(i, { op: (e.target as HTMLSelectElement).value as FilterOp })}>
            ${FILTER_OPS.map((op) => html`<option value=${op} ?selected=${op === c.op}>${opLabel(op)}</option>`)}
          </select>
          ${takesValue(c.op) ? html`<input aria-label=${this.t(previewMessages, 'value')} name="value" .value=${c.value} @input=${(e: Event) => update(i, { value: (e.target as HTMLInputElement).value })} />` : nothing}
          <button type="button" aria-label=${this.t(previewMessages, 'removeCondition', { n: i + 1 })} @click=${() => (this.conditions = this.conditions.filter((_c, j) => j !== i))}>×</button>
        </div>`)}
        <div class="filter-actions">
          <button type="button" name="add" ?disabled=${!columns.length} @click=${() => (this.conditions = [...this.conditions, { column: columns[0]!.name, op: '=', value: '' }])}>${this.t(previewMessages, 'addCondition')}</button>
          <button type="button" name="apply" @click=${() => { this.where = draft; this.search = this.searchDraft = ''; this.resetScroll(); }}>${this.t(previewMessages, 'apply')}</button>
          <button type="button" name="clear" @click=${() => { this.conditions = []; this.where = ''; this.resetScroll(); }}>${this.t(previewMessages, 'clear')}</button>
        </div>
        ${draft ? html`<p class="sub">${this.t(previewMessages, 'where')} <code part="where">${draft}</code></p>` : nothing}
      </fieldset>
    </details>`;
  }

  private renderGrid(loaded: Loaded, current: ViewerSplit) {
    const { total, columns, pages } = loaded;
    void this.pageTick;
    const count = html`<p part="count" class="count">${this.t(previewMessages, 'rowCount', { count: formatNumber(total, this.locale), n: total })}</p>`;
    if (!total) return html`${count}<p part="status" role="status">${this.t(previewMessages, 'noRows')}</p>`;
    const template = `${ROW_NUMBER_WIDTH}px repeat(${columns.length}, ${COLUMN_WIDTH}px)`;
    const width = ROW_NUMBER_WIDTH + columns.length * COLUMN_WIDTH;
    const { first, last } = this.visibleRange(total);
    const offset = first * ROW_HEIGHT - this.virtualTop;
    const scrolled = this.virtualTop / this.ratio(total);
    const activeId = this.activeCellId(first, last);
    const visible: number[] = [];
    for (let i = first; i <= last; i++) visible.push(i);
    return html`${count}
      ${pages.error ? this.renderError(pages.error, () => { this.pageTick++; pages.want(first, last); }) : nothing}
      <div part="grid" class="scroller" role="grid" tabindex="0" aria-label=${this.t(previewMessages, 'table', { split: current.split })}
        aria-rowcount=${total + 1} aria-colcount=${columns.length + 1} aria-activedescendant=${activeId ?? nothing}
        aria-describedby="sort-hint" @keydown=${this.onGridKey} @scroll=${this.onScroll}
        @focus=${() => { if (this.active.row === -1 && this.active.col === 0) this.active = { row: -1, col: 1 }; }}>
        <div role="rowgroup" class="head" style=${styleMap({ width: `${width}px` })}>
          <div role="row" aria-rowindex="1" class="row" style=${styleMap({ gridTemplateColumns: template })}>
            <div role="columnheader" aria-colindex="1" id="cell-h-0" class=${this.cellClass(-1, 0)}>${this.t(previewMessages, 'row')}</div>
            ${columns.map((c, i) => {
              const sorted = this.sort?.column === c.name ? this.sort.direction : null;
              return html`<div role="columnheader" aria-colindex=${i + 2} id=${`cell-h-${i + 1}`} class=${`${this.cellClass(-1, i + 1)} sortable`}
                aria-sort=${sorted === 'ASC' ? 'ascending' : sorted === 'DESC' ? 'descending' : 'none'} @click=${() => { this.active = { row: -1, col: i + 1 }; this.toggleSort(c.name); }}>
                <span class="name">${c.name}</span>
                <span part="column-type" class="type">${c.type}</span>
                ${sorted ? html`<span class="sort" aria-hidden="true">${sorted === 'ASC' ? '▲' : '▼'}</span>` : nothing}
              </div>`;
            })}
          </div>
        </div>
        <div class="spacer" style=${styleMap({ height: `${this.spacerHeight(total)}px`, width: `${width}px` })}>
          <div role="rowgroup" class="body" style=${styleMap({ transform: `translateY(${scrolled + offset}px)` })} @click=${this.onCellClick}>
            ${visible.map((i) => this.renderRow(i, pages.row(i), columns, template))}
          </div>
        </div>
      </div>
      <p id="sort-hint" class="visually-hidden">${this.t(previewMessages, 'sortHint')}</p>`;
  }

  /** A click makes a cell the active one (the grid keeps the focus). */
  private onCellClick = (event: Event): void => {
    const cell = (event.target as Element).closest('[id^="cell-"]');
    const match = cell ? /^cell-(\d+)-(\d+)$/.exec(cell.id) : null;
    if (match) this.active = { row: Number(match[1]), col: Number(match[2]) };
  };

  private activeCellId(first: number, last: number): string | undefined {
    const { row, col } = this.active;
    if (row === -1) return `cell-h-${col}`;
    return row >= first && row <= last ? `cell-${row}-${col}` : undefined;
  }

  private cellClass(row: number, col: number): string {
    return this.active.row === row && this.active.col === col ? 'cell active' : 'cell';
  }

  private renderRow(i: number, row: PreviewRow | undefined, columns: ArrowColumn[], template: string) {
    return html`<div role="row" aria-rowindex=${i + 2} class="row" style=${styleMap({ gridTemplateColumns: template })} aria-busy=${row ? nothing : 'true'}>
      <div role="rowheader" aria-colindex="1" id=${`cell-${i}-0`} class=${`${this.cellClass(i, 0)} number`}>${formatNumber(row?.rowIdx ?? i, this.locale)}</div>
      ${columns.map((c, j) => {
        const value = row?.cells[j];
        const cut = row?.truncated.has(c.name);
        return html`<div role="gridcell" aria-colindex=${j + 2} id=${`cell-${i}-${j + 1}`} class=${`${this.cellClass(i, j + 1)}${value === null ? ' null' : ''}`} title=${value ?? nothing}>${
          row ? html`<span class="value">${value ?? 'null'}</span>${cut ? html`<span part="truncated" class="truncated" title=${this.t(previewMessages, 'truncatedTitle')}>${this.t(previewMessages, 'truncated')}</span>` : nothing}` : j === 0 ? html`<span class="loading">${this.t(previewMessages, 'loadingRow')}</span>` : nothing
        }</div>`;
      })}
    </div>`;
  }

  // Statistics ------------------------------------------------------------------------------

  private renderStatistics() {
    return this.renderTask(this.statistics, (stats: ViewerStatistics) => {
      if (!stats.statistics.length) return html`<p part="status" role="status">${this.t(previewMessages, 'noStatistics')}</p>`;
      const num = (v: unknown) => (typeof v === 'number' ? formatNumber(Math.round(v * 1000) / 1000, this.locale) : typeof v === 'string' ? v : '');
      return html`<table part="statistics" class="statistics">
        <thead><tr>
          <th scope="col">${this.t(previewMessages, 'column')}</th><th scope="col">${this.t(previewMessages, 'nulls')}</th>
          <th scope="col">${this.t(previewMessages, 'min')}</th><th scope="col">${this.t(previewMessages, 'max')}</th>
          <th scope="col">${this.t(previewMessages, 'mean')}</th><th scope="col">${this.t(previewMessages, 'statistics')}</th>
        </tr></thead>
        <tbody>${stats.statistics.map((s) => {
          const c = s.column_statistics;
          return html`<tr>
            <th scope="row"><span class="name">${s.column_name}</span> <span part="column-type" class="type">${s.column_type}</span></th>
            <td>${formatNumber(Number(c.nan_count ?? 0), this.locale)} (${num(Number(c.nan_proportion ?? 0) * 100)}%)</td>
            <td>${num(c.min)}</td><td>${num(c.max)}</td><td>${num(c.mean)}</td>
            <td>${this.renderDistribution(s.column_name, c)}</td>
          </tr>`;
        })}</tbody>
      </table>`;
    });
  }

  private renderDistribution(column: string, c: Record<string, unknown>) {
    const histogram = c.histogram as { hist?: number[]; bin_edges?: number[] } | undefined;
    if (histogram?.hist?.length) {
      const edges = histogram.bin_edges ?? [];
      const described = histogram.hist.map((n, i) => `${edges[i] ?? ''}–${edges[i + 1] ?? ''}: ${n}`).join(', ');
      return html`<span part="histogram" role="img" aria-label=${this.t(previewMessages, 'histogram', { column, bins: described })}>${bars(histogram.hist)}</span>`;
    }
    const frequencies = c.frequencies as Record<string, number> | undefined;
    if (frequencies && Object.keys(frequencies).length) {
      const entries = Object.entries(frequencies);
      const described = entries.map(([k, n]) => `${k}: ${n}`).join(', ');
      return html`<span part="histogram" role="img" aria-label=${this.t(previewMessages, 'frequencies', { column, values: described })} title=${described}>${bars(entries.map(([, n]) => n))}</span>`;
    }
    return nothing;
  }

  // SQL -------------------------------------------------------------------------------------

  private renderSql(current: ViewerSplit) {
    const text = this.sqlText || `SELECT * FROM "${current.split.replace(/"/g, '""')}" LIMIT 10`;
    return html`<div part="sql" class="sql">
      <label for="sql">${this.t(previewMessages, 'sqlLabel')}</label>
      <textarea id="sql" spellcheck="false" rows="4" aria-describedby="sql-hint" .value=${text}
        @input=${(e: Event) => (this.sqlText = (e.target as HTMLTextAreaElement).value)}
        @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void this.runSql(current, (e.target as HTMLTextAreaElement).value); } }}></textarea>
      <div class="sql-actions">
        <button name="run" ?disabled=${this.sqlRunning} @click=${() => void this.runSql(current, this.renderRoot.querySelector<HTMLTextAreaElement>('#sql')!.value)}>${this.t(previewMessages, 'run')}</button>
        <span id="sql-hint" class="sub">${this.t(previewMessages, 'runHint')}</span>
      </div>
      ${this.sqlRunning ? this.renderPending() : nothing}
      ${this.sqlError ? html`<div part="error" role="alert" class="sql-error">
        <span>${this.t(previewMessages, 'sqlError', { message: this.sqlError instanceof HubError && this.sqlError.status === 400 ? this.sqlError.message : errorMessage(this.sqlError, this.locale) })}</span>
        ${this.sqlError instanceof HubError && this.sqlError.code ? html`<code>${this.sqlError.code}</code>` : nothing}
      </div>` : nothing}
      ${this.sqlAnswer && !this.sqlError ? this.renderSqlAnswer(this.sqlAnswer) : nothing}
    </div>`;
  }

  private async runSql(current: ViewerSplit, query: string): Promise<void> {
    const client = this.hubClient;
    if (!client) return;
    this.sqlAbort?.abort();
    const ctrl = (this.sqlAbort = new AbortController());
    this.sqlRunning = true;
    this.sqlError = undefined;
    try {
      const result: ViewerSqlResult = await client.viewerSql({ dataset: this.datasetId, config: current.config, query }, { signal: ctrl.signal });
      const rows = (result.rows as Array<Record<string, unknown>>).map((r) => ('row' in r && typeof r.row === 'object' && r.row !== null ? { row: r.row as Record<string, unknown>, truncated: new Set((r.truncated_cells as string[] | undefined) ?? []) } : { row: r, truncated: new Set<string>() }));
      const columns = result.features?.map((f) => f.name) ?? Object.keys(rows[0]?.row ?? {});
      this.sqlAnswer = { columns, rows: rows.map((r) => ({ cells: columns.map((c) => cellText(r.row[c])), truncated: r.truncated })), truncated: result.truncated === true };
    } catch (error) {
      if (!isAbort(error)) this.sqlError = error;
    } finally {
      if (this.sqlAbort === ctrl) this.sqlRunning = false;
    }
  }

  private renderSqlAnswer(answer: SqlAnswer) {
    return html`<p part="count" class="count" role="status">${this.t(previewMessages, 'sqlResult', { count: formatNumber(answer.rows.length, this.locale), n: answer.rows.length, truncated: answer.truncated ? 1 : 0 })}</p>
      <div class="sql-scroll" tabindex="0" role="region" aria-label=${this.t(previewMessages, 'sql')}>
        <table part="sql-result">
          <thead><tr>${answer.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
          <tbody>${answer.rows.map((r) => html`<tr>${r.cells.map((v, i) => html`<td>${v}${r.truncated.has(answer.columns[i]!) ? html`<span part="truncated" class="truncated" title=${this.t(previewMessages, 'truncatedTitle')}>${this.t(previewMessages, 'truncated')}</span>` : nothing}</td>`)}</tr>`)}</tbody>
        </table>
      </div>`;
  }
}

