import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../define.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import { addViewer, type FakeSplit } from '../test-support/fake-viewer.js';
import type { CsgParquetPreview } from './parquet-preview.js';
import { buildOrderBy, buildWhere } from './where.js';

const LABELS = ['cat', 'dog', 'bird'];
const big: FakeSplit = {
  config: 'default', split: 'train', rows: 10_000_000,
  columns: [{ name: 'id', type: 'int' }, { name: 'text', type: 'string' }, { name: 'score', type: 'float' }, { name: 'ok', type: 'bool' }],
  cell: (i, c) => (c === 'id' ? i : c === 'text' ? (i === 3 ? null : `${LABELS[i % 3]} ${i}`) : c === 'score' ? i / 10 : i % 2 === 0),
  truncated: (i) => (i === 1 ? ['text'] : []),
};
const small: FakeSplit = { ...big, split: 'test', rows: 5, truncated: undefined };
const other: FakeSplit = { ...big, config: 'extra', split: 'validation', rows: 7, truncated: undefined };

function hub(splits = [big, small, other]) {
  const h = fakeHub([]);
  addViewer(h.net, 'acme/pets', splits, {
    statistics: {
      num_examples: 10, partial: false,
      statistics: [
        { column_name: 'score', column_type: 'float', column_statistics: { nan_count: 0, nan_proportion: 0, min: 0, max: 9, mean: 4.5, histogram: { hist: [5, 0, 3], bin_edges: [0, 3, 6, 9] } } },
        { column_name: 'label', column_type: 'string_label', column_statistics: { nan_count: 1, nan_proportion: 0.1, frequencies: { cat: 6, dog: 3 } } },
      ],
    },
  });
  return h;
}

async function preview(client = hub().client, attrs: { config?: string; split?: string } = {}) {
  const el = await fixture<CsgParquetPreview>(html`<csg-parquet-preview dataset="acme/pets" config=${attrs.config ?? ''} split=${attrs.split ?? ''} .client=${client}></csg-parquet-preview>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[role=grid] [role=row][aria-rowindex="2"] [role=gridcell] .value'), 'first rows', { timeout: 5000 });
  return el;
}

const $ = <T extends Element = HTMLElement>(el: CsgParquetPreview, sel: string) => el.shadowRoot!.querySelector<T & Element>(sel) as T;
const $$ = (el: CsgParquetPreview, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const grid = (el: CsgParquetPreview) => $(el, '[role=grid]');
const rowCells = (el: CsgParquetPreview, index: number) => $$(el, `[role=row][aria-rowindex="${index + 2}"] [role=gridcell] .value`).map((c) => c.textContent);
const key = async (el: CsgParquetPreview, k: string, init: KeyboardEventInit = {}) => {
  grid(el).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true, ...init }));
  await el.updateComplete;
};
const activeCell = (el: CsgParquetPreview) => el.shadowRoot!.getElementById(grid(el).getAttribute('aria-activedescendant')!);
const viewerCalls = (net: ReturnType<typeof hub>['net'], path: string) => net.calls.filter((c) => c.url.pathname === path);

describe('where grammar of the filter builder', () => {
  it('quotes columns and strings, keeps numbers and booleans bare for typed columns', () => {
    const types = { score: 'float64', n: 'int64', ok: 'bool', text: 'string' };
    expect(buildWhere([{ column: 'text', op: '=', value: "it's" }, { column: 'score', op: '>=', value: '0.5' }], 'AND', types)).to.equal(`"text" = 'it''s' AND "score" >= 0.5`);
    expect(buildWhere([{ column: 'n', op: '!=', value: 'x' }, { column: 'ok', op: '=', value: 'true' }], 'OR', types)).to.equal(`"n" != 'x' OR "ok" = TRUE`);
    expect(buildWhere([{ column: 'a"b', op: 'contains', value: '50%' }, { column: 'text', op: 'is-null', value: '' }, { column: 'text', op: 'not-null', value: 'ignored' }], 'AND')).to.equal(`"a""b" ILIKE '%50%%' AND "text" IS NULL AND "text" IS NOT NULL`);
    expect(buildWhere([{ column: 'text', op: '=', value: '' }], 'AND')).to.equal('');
    expect(buildOrderBy('my col', 'DESC')).to.equal('"my col" DESC');
  });
});

describe('<csg-parquet-preview>', () => {
  it('shows pickers, typed column headers and the first Arrow page of a 10-million-row split', async () => {
    const { client, net } = hub();
    const el = await preview(client);
    expect($<HTMLSelectElement>(el, 'select[name=config]').value).to.equal('default');
    expect([...$<HTMLSelectElement>(el, 'select[name=split]').options].map((o) => o.value)).to.deep.equal(['train', 'test']);
    expect($(el, '[part=count]').textContent).to.equal('10,000,000 rows');
    const headers = $$(el, '[role=columnheader]').map((h) => [h.querySelector('.name')?.textContent ?? h.textContent, h.querySelector('[part=column-type]')?.textContent]);
    expect(headers).to.deep.equal([['Row', undefined], ['id', 'int64'], ['text', 'string'], ['score', 'float64'], ['ok', 'bool']]);
    expect(rowCells(el, 0)).to.deep.equal(['0', 'cat 0', '0', 'true']);
    expect(rowCells(el, 3)).to.deep.equal(['3', 'null', '0.3', 'false']);
    expect($(el, '[role=row][aria-rowindex="5"] [role=gridcell]:nth-child(3)').classList.contains('null')).to.equal(true);
    expect(grid(el).getAttribute('aria-rowcount')).to.equal('10000001');
    const rows = viewerCalls(net, '/viewer/rows');
    expect(rows[0]!.headers.get('accept')).to.equal('application/vnd.apache.arrow.stream');
    expect(rows[0]!.url.searchParams.get('config')).to.equal('default');
    expect(rows[0]!.url.searchParams.get('split')).to.equal('train');
    // Only the visible rows are in the DOM.
    expect($$(el, '[role=grid] .body [role=row]').length).to.be.below(30);
    await expect(el).to.be.accessible();
  });

  it('marks cells the hub truncated', async () => {
    const el = await preview();
    const cell = $(el, '[role=row][aria-rowindex="3"] [role=gridcell]:nth-child(3)');
    expect(cell.querySelector('[part=truncated]')!.textContent).to.equal('truncated');
    expect(cell.querySelector('[part=truncated]')!.getAttribute('title')).to.contain('5,000');
  });

  it('fetches the page under the scroll position, in the middle and at the end of millions of rows', async () => {
    const { client, net } = hub();
    const el = await preview(client);
    const scroller = grid(el);
    scroller.scrollTop = scroller.scrollHeight / 2;
    scroller.dispatchEvent(new Event('scroll'));
    await waitUntil(() => viewerCalls(net, '/viewer/rows').length > 1, 'middle page fetched');
    const offset = Number(viewerCalls(net, '/viewer/rows').at(-1)!.url.searchParams.get('offset'));
    expect(offset).to.be.within(4_900_000, 5_100_000);
    expect(offset % 100).to.equal(0);
    await waitUntil(() => $$(el, '.body [role=row] .value').length > 0, 'middle rows shown');
    const first = $(el, '.body [role=row]');
    const index = Number(first.getAttribute('aria-rowindex')) - 2;
    expect(first.querySelector('[role=rowheader]')!.textContent).to.equal(index.toLocaleString('en'));
    await waitUntil(() => rowCells(el, index).length === 4, 'row cells');
    expect(rowCells(el, index)[0]).to.equal(String(index));

    scroller.focus();
    await key(el, 'End', { ctrlKey: true });
    await waitUntil(() => rowCells(el, 9_999_999).length === 4, 'last row loaded', { timeout: 5000 });
    expect(activeCell(el)!.id).to.equal('cell-9999999-4');
    expect(rowCells(el, 9_999_999)).to.deep.equal(['9999999', 'cat 9999999', '999999.9', 'false']);
    expect(viewerCalls(net, '/viewer/rows').at(-1)!.url.searchParams.get('offset')).to.equal('9999900');
  });

  it('moves the active cell with the grid keyboard model, scrolling it into view', async () => {
    const el = await preview();
    grid(el).focus();
    await el.updateComplete;
    expect(activeCell(el)!.id).to.equal('cell-h-1');
    await key(el, 'ArrowDown');
    await key(el, 'ArrowRight');
    expect(activeCell(el)!.id).to.equal('cell-0-2');
    await key(el, 'Home');
    expect(activeCell(el)!.id).to.equal('cell-0-0');
    await key(el, 'End');
    expect(activeCell(el)!.id).to.equal('cell-0-4');
    await key(el, 'PageDown');
    const afterPage = activeCell(el)!.id;
    expect(Number(/cell-(\d+)-4/.exec(afterPage)![1])).to.be.above(5);
    for (let i = 0; i < 40; i++) await key(el, 'ArrowDown');
    const row = Number(/cell-(\d+)-4/.exec(activeCell(el)!.id)![1]);
    expect(row).to.be.above(45);
    expect(activeCell(el)!.closest('[role=row]')!.getAttribute('aria-rowindex')).to.equal(String(row + 2));
    await key(el, 'Home', { ctrlKey: true });
    expect(activeCell(el)!.id).to.equal('cell-0-0');
    await key(el, 'ArrowUp');
    expect(activeCell(el)!.id).to.equal('cell-h-0');
    $(el, '#cell-2-2 .value').click();
    await el.updateComplete;
    expect(activeCell(el)!.id).to.equal('cell-2-2');
    expect(activeCell(el)!.getAttribute('title')).to.equal('bird 2');
    await expect(el).to.be.accessible();
  });

  it('sorts by a column from its header (Enter or click): ascending, descending, off', async () => {
    const { client, net } = hub();
    const el = await preview(client);
    grid(el).focus();
    await key(el, 'Enter');
    await waitUntil(() => viewerCalls(net, '/viewer/filter').length === 1, 'sorted fetch');
    expect(viewerCalls(net, '/viewer/filter')[0]!.url.searchParams.get('orderby')).to.equal('"id" ASC');
    expect(viewerCalls(net, '/viewer/filter')[0]!.headers.get('accept')).to.equal('application/vnd.apache.arrow.stream');
    expect($(el, '#cell-h-1').getAttribute('aria-sort')).to.equal('ascending');
    $(el, '#cell-h-1').click();
    await waitUntil(() => viewerCalls(net, '/viewer/filter').length === 2, 'descending fetch');
    expect(viewerCalls(net, '/viewer/filter')[1]!.url.searchParams.get('orderby')).to.equal('"id" DESC');
    await waitUntil(() => rowCells(el, 0)[0] === '9999999', 'descending rows');
    expect($(el, '#cell-h-1').getAttribute('aria-sort')).to.equal('descending');
    const before = viewerCalls(net, '/viewer/rows').length;
    $(el, '#cell-h-1').click();
    await waitUntil(() => viewerCalls(net, '/viewer/rows').length === before + 1, 'unsorted again');
    expect($(el, '#cell-h-1').getAttribute('aria-sort')).to.equal('none');
  });

  it('searches, and says so when nothing matches', async () => {
    const { client, net } = hub([small]);
    const el = await preview(client);
    const input = $<HTMLInputElement>(el, '#search');
    input.value = 'DOG';
    input.dispatchEvent(new Event('input'));
    $(el, 'form[role=search] button').click();
    await waitUntil(() => $(el, '[part=count]')?.textContent === '2 rows', 'search result');
    expect(viewerCalls(net, '/viewer/search')[0]!.url.searchParams.get('query')).to.equal('DOG');
    expect(rowCells(el, 0)).to.deep.equal(['1', 'dog 1', '0.1', 'false']);
    expect(rowCells(el, 1)).to.deep.equal(['4', 'dog 4', '0.4', 'true']);
    expect($$(el, '[role=rowheader]').map((h) => h.textContent)).to.deep.equal(['1', '4']);
    input.value = 'zebra';
    input.dispatchEvent(new Event('input'));
    $(el, 'form[role=search] button').click();
    await waitUntil(() => $(el, '[part=count]')?.textContent === '0 rows', 'no result');
    expect($(el, '[role=status]').textContent).to.equal('No rows match.');
    await expect(el).to.be.accessible();
  });

  it('builds a where expression, sends it to /filter and shows the hub\'s refusal', async () => {
    const { client, net } = hub([small]);
    net.on('GET', /^\/viewer\/filter$/, (call) => (call.url.searchParams.get('where')!.includes('score')
      ? errorResponse(400, "Invalid filter at position 0: unknown column 'score'", 'InvalidParameter')
      : new Response(null, { status: 599 })));
    const el = await preview(client);
    $(el, '[part=filter] summary').click();
    $(el, 'button[name=add]').click();
    await el.updateComplete;
    const pick = async (sel: string, value: string, i = 0) => {
      const s = $$(el, sel)[i] as HTMLSelectElement | HTMLInputElement;
      s.value = value;
      s.dispatchEvent(new Event(s instanceof HTMLInputElement ? 'input' : 'change'));
      await el.updateComplete;
    };
    await pick('select[name=column]', 'text');
    await pick('select[name=op]', 'contains');
    await pick('input[name=value]', "o'g");
    $(el, 'button[name=add]').click();
    await el.updateComplete;
    await pick('select[name=column]', 'score', 1);
    await pick('select[name=op]', '>', 1);
    await pick('input[name=value]', '0.25', 1);
    await pick('select[name=combinator]', 'OR');
    expect($(el, '[part=where]').textContent).to.equal(`"text" ILIKE '%o''g%' OR "score" > 0.25`);
    await expect(el).to.be.accessible();
    $(el, 'button[name=apply]').click();
    await waitUntil(() => $(el, '[role=alert]'), 'refusal shown');
    expect(viewerCalls(net, '/viewer/filter')[0]!.url.searchParams.get('where')).to.equal(`"text" ILIKE '%o''g%' OR "score" > 0.25`);
    expect($(el, '[role=alert] span').textContent).to.equal("Something went wrong: Invalid filter at position 0: unknown column 'score'");
    // The builder stays, to fix the condition.
    expect($$(el, '.condition').length).to.equal(2);
  });

  it('switches config and split, asking for the chosen one', async () => {
    const { client, net } = hub();
    const el = await preview(client);
    const config = $<HTMLSelectElement>(el, 'select[name=config]');
    config.value = 'extra';
    config.dispatchEvent(new Event('change'));
    await waitUntil(() => $(el, '[part=count]')?.textContent === '7 rows', 'other config');
    expect(el.getAttribute('config')).to.equal('extra');
    expect(viewerCalls(net, '/viewer/rows').at(-1)!.url.searchParams.get('split')).to.equal('validation');
    const el2 = await preview(client, { split: 'test' });
    expect($(el2, '[part=count]').textContent).to.equal('5 rows');
  });

  it('shows statistics with inline histograms and label frequencies', async () => {
    const el = await preview();
    $(el, '#view-statistics').click();
    await waitUntil(() => $(el, '[part=statistics]'), 'statistics');
    const [hist, freq] = $$(el, '[part=histogram]');
    expect(hist!.getAttribute('role')).to.equal('img');
    expect(hist!.getAttribute('aria-label')).to.equal('Histogram of score: 0–3: 5, 3–6: 0, 6–9: 3');
    const heights = [...hist!.querySelectorAll('rect')].map((r) => Number(r.getAttribute('height')));
    expect(heights).to.deep.equal([32, 0, 19.2]);
    expect(freq!.getAttribute('aria-label')).to.equal('Values of label: cat: 6, dog: 3');
    expect($$(el, '[part=statistics] tbody th .name').map((n) => n.textContent)).to.deep.equal(['score', 'label']);
    await expect(el).to.be.accessible();
  });

  it('runs SQL, shows the result, and shows a refused query clearly', async () => {
    const { client, net } = hub();
    net.on('POST', /^\/viewer\/sql$/, (call) => {
      const { query } = JSON.parse(String(call.body)) as { query: string };
      if (query.includes('DROP')) return errorResponse(400, 'Only SELECT statements are allowed', 'SqlQueryRefused');
      return jsonResponse({ features: [{ feature_idx: 0, name: 'label', type: {} }, { feature_idx: 1, name: 'n', type: {} }], rows: [{ row_idx: 0, row: { label: 'cat', n: 2 }, truncated_cells: [] }, { row_idx: 1, row: { label: 'x'.repeat(10), n: null }, truncated_cells: ['label'] }], truncated: false });
    });
    const el = await preview(client);
    $(el, '#view-sql').click();
    await el.updateComplete;
    const area = $<HTMLTextAreaElement>(el, 'textarea');
    expect(area.value).to.equal('SELECT * FROM "train" LIMIT 10');
    area.value = 'SELECT label, count(*) AS n FROM train GROUP BY 1';
    area.dispatchEvent(new Event('input'));
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await waitUntil(() => $(el, '[part=sql-result]'), 'result');
    expect(JSON.parse(String(net.calls.at(-1)!.body))).to.deep.equal({ dataset: 'acme/pets', config: 'default', query: 'SELECT label, count(*) AS n FROM train GROUP BY 1' });
    expect($$(el, '[part=sql-result] th').map((t) => t.textContent)).to.deep.equal(['label', 'n']);
    expect($$(el, '[part=sql-result] tbody tr').map((r) => r.textContent)).to.deep.equal(['cat2', 'xxxxxxxxxxtruncated']);
    await expect(el).to.be.accessible();
    area.value = 'DROP TABLE train';
    area.dispatchEvent(new Event('input'));
    $(el, 'button[name=run]').click();
    await waitUntil(() => $(el, '.sql-error'), 'error');
    expect($(el, '.sql-error span').textContent).to.equal('The query failed: Only SELECT statements are allowed');
    expect($(el, '.sql-error code').textContent).to.equal('SqlQueryRefused');
    expect($(el, '[part=sql-result]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows a missing dataset as an error and a dataset without splits as empty', async () => {
    const { client } = hub();
    const el = await fixture<CsgParquetPreview>(html`<csg-parquet-preview dataset="acme/none" .client=${client}></csg-parquet-preview>`);
    await waitUntil(() => $(el, '[role=alert]'), 'error');
    expect($(el, '[role=alert] span').textContent).to.equal('Not found, or you do not have access.');
    await expect(el).to.be.accessible();
    const empty = fakeHub([]);
    addViewer(empty.net, 'acme/empty', [], { pending: [{ config: 'default', split: 'train' }] });
    const el2 = await fixture<CsgParquetPreview>(html`<csg-parquet-preview dataset="acme/empty" .client=${empty.client}></csg-parquet-preview>`);
    await waitUntil(() => $(el2, '[role=status]')?.textContent!.includes('no splits'), 'empty');
    expect($$(el2, '[part=status]').map((s) => s.textContent)).to.deep.equal(['This dataset has no splits to preview yet.', '1 split is still being converted to Parquet.']);
  });

  it('speaks Chinese inside <csg-hub> with lang=zh-CN', async () => {
    const { client } = hub([small]);
    const page = await fixture(html`<div lang="zh-CN"><csg-hub .client=${client}><csg-parquet-preview dataset="acme/pets"></csg-parquet-preview></csg-hub></div>`);
    const el = page.querySelector<CsgParquetPreview>('csg-parquet-preview')!;
    await waitUntil(() => $(el, '[part=count]'), 'rows');
    expect($(el, '[part=count]').textContent).to.equal('5 行');
    expect($$(el, '[role=tab]').map((t) => t.textContent)).to.deep.equal(['数据', '统计', 'SQL']);
    await expect(el).to.be.accessible();
  });
});
