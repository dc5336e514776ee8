import type { HubContext, HubRouter } from '../state.js';
import { HubError } from '../../errors.js';
import { loadRepoRef } from '../repo-context.js';
import { publicBase } from '../urls.js';
import { withoutServerPaths } from '../../viewer/server-paths.js';
import { readInput } from '../body.js';
import { z } from 'zod';
import { featuresOf, type Column } from '../../viewer/features.js';
import { ARROW_STREAM, encodeArrow } from '../../viewer/arrow-encoding.js';
import { ViewerService, type DatasetHandle, type Layout, type PreparedSplit, type RowsPage } from '../../viewer/viewer-service.js';

const MAX_LENGTH = 100;
const FIRST_ROWS = 100;
const DATASET = /^([A-Za-z0-9][A-Za-z0-9._-]{0,95})\/([A-Za-z0-9][A-Za-z0-9._-]{0,95})$/;

const sqlBody = z.object({
  dataset: z.string().max(200),
  config: z.string().max(200).optional(),
  query: z.string().min(1).max(100_000),
});

/**
 * The dataset viewer under /viewer/, in Hugging Face's shapes (dataset-viewer's openapi.json),
 * behind the repository's access policy: a dataset the caller may not read is RepoNotFound.
 * Row-returning endpoints answer an Arrow IPC stream when asked with its media type.
 */
export function registerViewerRoutes(router: HubRouter): void {
  router.get('/viewer/is-valid', isValid);
  router.get('/viewer/splits', splits);
  router.get('/viewer/info', info);
  router.get('/viewer/size', size);
  router.get('/viewer/parquet', parquet);
  router.get('/viewer/first-rows', firstRows);
  router.get('/viewer/rows', rows);
  router.get('/viewer/search', search);
  router.get('/viewer/filter', filter);
  router.get('/viewer/statistics', statistics);
  router.post('/viewer/sql', sql);
}

const invalid = (message: string) => new HubError(422, message, { code: 'InvalidParameter' });

function param(ctx: HubContext, name: string, required: true): string;
function param(ctx: HubContext, name: string, required: false): string | undefined;
function param(ctx: HubContext, name: string, required: boolean): string | undefined {
  const raw = ctx.query[name];
  if (Array.isArray(raw)) throw invalid(`Parameter '${name}' must be given once`);
  if (raw === undefined || raw === '') {
    if (required) throw new HubError(422, `Parameter '${name}' is required`, { code: 'MissingRequiredParameter' });
    return undefined;
  }
  if (raw.length > 10_000) throw invalid(`Parameter '${name}' is too long`);
  return raw;
}

function integer(ctx: HubContext, name: string, fallback: number, max: number): number {
  const raw = param(ctx, name, false);
  if (raw === undefined) return fallback;
  if (!/^\d{1,15}$/.test(raw)) throw invalid(`Parameter '${name}' must be a non-negative integer`);
  const n = Number(raw);
  if (n > max) throw invalid(`Parameter '${name}' must be at most ${max}`);
  return n;
}

/** The dataset named by `dataset`, through the same door as the repository API. */
async function dataset(ctx: HubContext, name = param(ctx, 'dataset', true)): Promise<DatasetHandle> {
  const m = DATASET.exec(name);
  if (!m) throw invalid(`Parameter 'dataset' must be namespace/name`);
  const repo = await loadRepoRef(ctx, { type: 'dataset', namespace: m[1]!, name: m[2]! }, 'read');
  return { id: name, repoId: repo.row.id, gitDir: repo.gitDir, defaultBranch: repo.row.defaultBranch };
}

async function layoutOf(ctx: HubContext, ds: DatasetHandle): Promise<Layout> {
  const layout = await ctx.services.viewer.service.layout(ds);
  if (layout.error) throw new HubError(422, `The configs in README.md are invalid: ${layout.error}`, { code: 'InvalidParameter' });
  return layout;
}

function configsOf(layout: Layout, config: string | undefined) {
  if (config === undefined) return layout.configs;
  const found = layout.configs.filter((c) => c.name === config);
  if (!found.length) throw new HubError(404, `Not found: config "${config.slice(0, 100)}"`, { code: 'ResponseNotFound' });
  return found;
}

async function splitOf(ctx: HubContext): Promise<{ ds: DatasetHandle; layout: Layout; p: PreparedSplit }> {
  const ds = await dataset(ctx);
  const config = param(ctx, 'config', true);
  const split = param(ctx, 'split', true);
  const layout = await layoutOf(ctx, ds);
  const p = await ctx.services.viewer.service.prepare(ds, layout, config, split);
  ctx.set('X-Repo-Commit', layout.sha!);
  return { ds, layout, p };
}

const wantsArrow = (ctx: HubContext) => (ctx.get('accept') ?? '').split(',').some((t) => t.trim().split(';')[0] === ARROW_STREAM);

function sendRows(ctx: HubContext, columns: Column[], page: RowsPage, json: Record<string, unknown>, extra: Record<string, unknown> = {}): void {
  ctx.set('Vary', 'Accept');
  if (wantsArrow(ctx)) {
    ctx.type = ARROW_STREAM;
    ctx.body = Buffer.from(encodeArrow(columns, page.rows.map((r) => r.row), {
      num_rows_total: String(page.numRowsTotal),
      row_idx: JSON.stringify(page.rows.map((r) => r.row_idx)),
      truncated_cells: JSON.stringify(page.rows.map((r) => r.truncated_cells)),
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, JSON.stringify(v)])),
    }));
    return;
  }
  ctx.body = json;
}

async function isValid(ctx: HubContext): Promise<void> {
  const ds = await dataset(ctx);
  const config = param(ctx, 'config', false);
  const split = param(ctx, 'split', false);
  const layout = await ctx.services.viewer.service.layout(ds);
  let configs = layout.error ? [] : layout.configs;
  if (config !== undefined) configs = configs.filter((c) => c.name === config);
  let all = configs.flatMap((c) => c.splits.map((s) => ({ config: c.name, s })));
  if (split !== undefined) all = all.filter((x) => x.s.name === split);
  const preview = all.length > 0;
  // The full viewer (and search, filter, statistics over it) once every split is Parquet, natively or converted.
  const viewer = preview && all.every(({ config: c, s }) => !ViewerService.needsConversion(s) || ctx.services.viewer.service.convertedFiles(layout, c, s) !== null);
  ctx.body = { preview, viewer, search: viewer, filter: viewer, statistics: viewer };
}

async function splits(ctx: HubContext): Promise<void> {
  const ds = await dataset(ctx);
  const layout = await layoutOf(ctx, ds);
  const configs = configsOf(layout, param(ctx, 'config', false));
  const status = await ctx.services.viewer.jobs.status(ds.repoId);
  const pending: Array<Record<string, string>> = [];
  const failed: Array<Record<string, string>> = [];
  for (const c of configs) {
    for (const s of c.splits) {
      if (!ViewerService.needsConversion(s) || ctx.services.viewer.service.convertedFiles(layout, c.name, s)) continue;
      if (status.failed && status.failedSha === layout.sha) failed.push({ dataset: ds.id, config: c.name, split: s.name, error: withoutServerPaths(status.failed, [ctx.services.config.dataDir]) });
      else pending.push({ dataset: ds.id, config: c.name, split: s.name });
    }
  }
  if (layout.sha) ctx.set('X-Repo-Commit', layout.sha);
  ctx.body = {
    splits: configs.flatMap((c) => c.splits.map((s) => ({ dataset: ds.id, config: c.name, split: s.name }))),
    pending, failed,
  };
}

async function preparedAll(ctx: HubContext, ds: DatasetHandle, layout: Layout, config: string | undefined) {
  const out: PreparedSplit[] = [];
  for (const c of configsOf(layout, config)) {
    for (const s of c.splits) out.push(await ctx.services.viewer.service.prepare(ds, layout, c.name, s.name));
  }
  return out;
}

async function info(ctx: HubContext): Promise<void> {
  const ds = await dataset(ctx);
  const layout = await layoutOf(ctx, ds);
  const config = param(ctx, 'config', false);
  const prepared = await preparedAll(ctx, ds, layout, config);
  const infos: Record<string, unknown> = {};
  for (const c of configsOf(layout, config)) {
    const parts = prepared.filter((p) => p.config === c.name);
    const first = parts[0];
    const builder = c.splits[0]?.files[0]?.format ?? 'parquet';
    infos[c.name] = {
      description: '', citation: '', homepage: '', license: '',
      features: first ? Object.fromEntries(featuresOf(first.columns).map((f) => [f.name, f.type])) : {},
      builder_name: builder === 'tsv' ? 'csv' : builder === 'jsonl' ? 'json' : builder,
      dataset_name: ds.id.split('/')[1], config_name: c.name,
      version: { version_str: '0.0.0', major: 0, minor: 0, patch: 0 },
      splits: Object.fromEntries(parts.map((p) => [p.split, { name: p.split, num_bytes: p.bytesParquet || p.bytesOriginal, num_examples: p.numRows, dataset_name: ds.id.split('/')[1] }])),
      download_size: parts.reduce((n, p) => n + p.bytesOriginal, 0),
      dataset_size: parts.reduce((n, p) => n + (p.bytesParquet || p.bytesOriginal), 0),
    };
  }
  ctx.set('X-Repo-Commit', layout.sha ?? '');
  ctx.body = { dataset_info: config !== undefined ? infos[config] : infos, partial: false };
}

async function size(ctx: HubContext): Promise<void> {
  const ds = await dataset(ctx);
  const layout = await layoutOf(ctx, ds);
  const config = param(ctx, 'config', false);
  const prepared = await preparedAll(ctx, ds, layout, config);
  const splitSizes = prepared.map((p) => ({
    dataset: ds.id, config: p.config, split: p.split,
    num_bytes_parquet_files: p.bytesParquet, num_bytes_memory: p.bytesParquet || p.bytesOriginal,
    num_rows: p.numRows, num_columns: p.columns.length,
  }));
  const configSizes = configsOf(layout, config).map((c) => {
    const mine = prepared.filter((p) => p.config === c.name);
    return {
      dataset: ds.id, config: c.name,
      num_bytes_original_files: mine.reduce((n, p) => n + p.bytesOriginal, 0),
      num_bytes_parquet_files: mine.reduce((n, p) => n + p.bytesParquet, 0),
      num_bytes_memory: mine.reduce((n, p) => n + (p.bytesParquet || p.bytesOriginal), 0),
      num_rows: mine.reduce((n, p) => n + p.numRows, 0),
      num_columns: mine[0]?.columns.length ?? 0,
    };
  });
  const sum = (k: 'num_bytes_original_files' | 'num_bytes_parquet_files' | 'num_bytes_memory' | 'num_rows') => configSizes.reduce((n, c) => n + c[k], 0);
  const size = config !== undefined
    ? { config: configSizes[0], splits: splitSizes }
    : {
        dataset: { dataset: ds.id, num_bytes_original_files: sum('num_bytes_original_files'), num_bytes_parquet_files: sum('num_bytes_parquet_files'), num_bytes_memory: sum('num_bytes_memory'), num_rows: sum('num_rows') },
        configs: configSizes, splits: splitSizes,
      };
  ctx.body = { size, pending: [], failed: [], partial: false };
}

async function parquet(ctx: HubContext): Promise<void> {
  const ds = await dataset(ctx);
  const layout = await layoutOf(ctx, ds);
  const base = `${publicBase(ctx)}/datasets/${ds.id}/resolve`;
  const files: Array<Record<string, unknown>> = [];
  for (const c of configsOf(layout, param(ctx, 'config', false))) {
    for (const s of c.splits) {
      const converted = ctx.services.viewer.service.convertedFiles(layout, c.name, s);
      if (converted) {
        for (const f of converted) files.push({ dataset: ds.id, config: c.name, split: s.name, url: `${base}/refs%2Fconvert%2Fparquet/${f.path.split('/').map(encodeURIComponent).join('/')}`, filename: f.path.slice(f.path.lastIndexOf('/') + 1), size: f.size });
      } else if (!ViewerService.needsConversion(s)) {
        for (const f of s.files) files.push({ dataset: ds.id, config: c.name, split: s.name, url: `${base}/${layout.sha}/${f.path.split('/').map(encodeURIComponent).join('/')}`, filename: f.path.slice(f.path.lastIndexOf('/') + 1), size: f.size });
      }
    }
  }
  ctx.body = { parquet_files: files, pending: [], failed: [], partial: false };
}

async function firstRows(ctx: HubContext): Promise<void> {
  const { ds, p } = await splitOf(ctx);
  const service = ctx.services.viewer.service;
  const page = await service.results.get(`first:${p.key}`, () => service.rows(p, 0, FIRST_ROWS));
  sendRows(ctx, p.columns, page, {
    dataset: ds.id, config: p.config, split: p.split, features: featuresOf(p.columns),
    rows: page.rows, truncated: p.numRows > FIRST_ROWS,
  });
}

function pageJson(p: PreparedSplit, page: RowsPage) {
  return { features: featuresOf(p.columns), rows: page.rows, num_rows_total: page.numRowsTotal, num_rows_per_page: MAX_LENGTH, partial: false };
}

async function rows(ctx: HubContext): Promise<void> {
  const { p } = await splitOf(ctx);
  const offset = integer(ctx, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const length = integer(ctx, 'length', MAX_LENGTH, MAX_LENGTH);
  const page = await ctx.services.viewer.service.rows(p, offset, length);
  sendRows(ctx, p.columns, page, pageJson(p, page));
}

async function search(ctx: HubContext): Promise<void> {
  const { p } = await splitOf(ctx);
  const query = param(ctx, 'query', true);
  const offset = integer(ctx, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const length = integer(ctx, 'length', MAX_LENGTH, MAX_LENGTH);
  const page = await ctx.services.viewer.service.search(p, query, offset, length);
  sendRows(ctx, p.columns, page, pageJson(p, page));
}

async function filter(ctx: HubContext): Promise<void> {
  const { p } = await splitOf(ctx);
  const where = param(ctx, 'where', false);
  const orderby = param(ctx, 'orderby', false);
  if (where === undefined && orderby === undefined) throw new HubError(422, "Parameter 'where' or 'orderby' is required", { code: 'MissingRequiredParameter' });
  const offset = integer(ctx, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const length = integer(ctx, 'length', MAX_LENGTH, MAX_LENGTH);
  const page = await ctx.services.viewer.service.filter(p, where, orderby, offset, length);
  sendRows(ctx, p.columns, page, pageJson(p, page));
}

async function statistics(ctx: HubContext): Promise<void> {
  const { p } = await splitOf(ctx);
  const stats = await ctx.services.viewer.service.statistics(p);
  ctx.body = { ...stats, partial: false };
}

async function sql(ctx: HubContext): Promise<void> {
  const input = await readInput(ctx, sqlBody);
  const ds = await dataset(ctx, input.dataset);
  const layout = await layoutOf(ctx, ds);
  const configs = layout.configs;
  const configName = input.config ?? configs[0]?.name;
  const config = configs.find((c) => c.name === configName);
  if (!config) throw new HubError(404, `Not found: config "${String(configName).slice(0, 100)}"`, { code: 'ResponseNotFound' });
  const service = ctx.services.viewer.service;
  const prepared: PreparedSplit[] = [];
  for (const s of config.splits) prepared.push(await service.prepare(ds, layout, config.name, s.name));
  const result = await ctx.services.viewer.sql.run(prepared, input.query, async () => {
    for (const p of prepared) await service.ensureAll(p);
  });
  ctx.set('X-Repo-Commit', layout.sha ?? '');
  const page: RowsPage = { rows: result.rows.map((row, i) => ({ row_idx: i, row, truncated_cells: result.truncatedCells[i]! })), numRowsTotal: result.rows.length };
  sendRows(ctx, result.columns, page, {
    dataset: ds.id, config: config.name, features: featuresOf(result.columns),
    rows: page.rows, num_rows: result.rows.length, truncated: result.truncated,
  }, { truncated: result.truncated });
}
