import { NotFoundError, type HubClient, type RepoType, type TreeEntry } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { CsgElement } from '../base/csg-element.js';
import { errorMessage } from '../base/errors.js';
import { icons } from '../base/icons.js';
import { CsgRepoElement } from '../base/repo-element.js';
import { formatBytes, formatNumber } from '../format/format.js';
import { common } from '../i18n/common.js';
import { highlight, languageForPath } from '../lazy/highlight.js';
import { renderMarkdownHighlighted, splitFrontMatter } from '../lazy/markdown.js';
import { codeStyles } from '../styles/code.js';
import { fileViewStyles } from './file-view.styles.js';
import { viewMessages } from './file-view.messages.js';
import { readGgufHeader, readSafetensorsHeader, type ModelHeader } from './model-header.js';

/** Text above this size is offered for download instead of shown. */
const TEXT_LIMIT = 1024 * 1024;
/** JSON above this size is shown as plain text (formatting would stall the page). */
const PRETTY_JSON_LIMIT = 256 * 1024;
const IMAGE_LIMIT = 20 * 1024 * 1024;
const IMAGES = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'ico', 'svg', 'avif']);
const TENSORS_SHOWN = 500;

type View =
  | { kind: 'none' }
  | { kind: 'markdown'; html: string; entry: TreeEntry }
  | { kind: 'code'; html: string; lines: number; entry: TreeEntry; note?: string }
  | { kind: 'image'; url: string; entry: TreeEntry }
  | { kind: 'model'; header: ModelHeader; entry: TreeEntry }
  | { kind: 'empty'; entry: TreeEntry }
  | { kind: 'binary'; entry: TreeEntry; reason: 'binary' | 'tooLarge' | 'headerError'; error?: unknown };

const extension = (path: string) => (path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '');
const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/**
 * One file of a repository, shown by kind: highlighted code, rendered (sanitised) markdown, images,
 * pretty JSON, the tensor listing of `.safetensors` and `.gguf` files (read from their headers with
 * Range requests, never downloading the weights), or a download card for binaries and large files.
 *
 * @tagname csg-file-view
 * @summary Viewer for one repository file.
 * @csspart base - The frame.
 * @csspart header - The bar with the path, size and actions.
 * @csspart path - The file path.
 * @csspart badge - The LFS badge.
 * @csspart action - The Raw and Download links.
 * @csspart content - The body.
 * @csspart code - The highlighted code block.
 * @csspart markdown - Rendered markdown.
 * @csspart image - An image.
 * @csspart card - The download card of binary files.
 * @csspart tensors - The tensor table of model files.
 * @csspart error - An error message (role alert) with a retry button.
 * @csspart status - Loading and no-hub messages.
 * @cssprop [--csg-file-view-max-height=none] - Height above which the body scrolls.
 * @fires {CsgLoadErrorEvent} csg-load-error - The file could not be loaded.
 */
export class CsgFileView extends CsgRepoElement {
  static override styles = [...CsgElement.styles, codeStyles, fileViewStyles];

  /** Path of the file inside the repository. */
  @property({ reflect: true }) path = '';

  private objectUrl?: string;

  private readonly file = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name, this.rev, this.path] as const,
    task: async ([client, type, name, revision, path], { signal }) => {
      if (!client || !type || !name) return initialState;
      if (!path) return { kind: 'none' } as View;
      try {
        const view = await this.load(client, { type, name }, revision, path, signal);
        this.swapObjectUrl(view.kind === 'image' ? view.url : undefined);
        return view;
      } catch (error) {
        this.reportError('file', error);
      }
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.swapObjectUrl(undefined);
  }

  private swapObjectUrl(url: string | undefined): void {
    if (this.objectUrl && this.objectUrl !== url) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = url;
  }

  private async load(client: HubClient, repo: { type: RepoType; name: string }, revision: string, path: string, signal: AbortSignal): Promise<View> {
    const [entry] = await client.pathsInfo(repo, [path], { revision, signal });
    // A directory (`.../tree/{rev}/{dir}`) is shown by the tree beside; there is no file to show yet.
    if (entry?.type === 'directory') return { kind: 'none' };
    if (!entry || entry.type !== 'file') throw new NotFoundError(404, `Entry not found: ${path}`, { code: 'EntryNotFound' });
    const size = entry.lfs?.size ?? entry.size;
    const ext = extension(path);
    const options = { revision, signal, type: repo.type };
    if (ext === 'safetensors' || ext === 'gguf') {
      const read = async (offset: number, length: number) => (await client.readRange(repo, path, offset, offset + length - 1, options)).bytes;
      try {
        return { kind: 'model', entry, header: ext === 'gguf' ? await readGgufHeader(read) : await readSafetensorsHeader(read) };
      } catch (error) {
        if (signal.aborted) throw error;
        return { kind: 'binary', entry, reason: 'headerError', error };
      }
    }
    if (size === 0) return { kind: 'empty', entry };
    if (IMAGES.has(ext) && size <= IMAGE_LIMIT) {
      const blob = await (await client.downloadFile(repo, path, options)).blob();
      const typed = ext === 'svg' ? new Blob([blob], { type: 'image/svg+xml' }) : blob;
      return { kind: 'image', entry, url: URL.createObjectURL(typed) };
    }
    if (size > TEXT_LIMIT) return { kind: 'binary', entry, reason: 'tooLarge' };
    const bytes = new Uint8Array(await (await client.downloadFile(repo, path, options)).arrayBuffer());
    if (bytes.subarray(0, 8000).includes(0)) return { kind: 'binary', entry, reason: 'binary' };
    const text = new TextDecoder().decode(bytes);
    if (ext === 'md' || ext === 'markdown') {
      const { body } = splitFrontMatter(text);
      const dir = dirOf(path);
      const baseUrl = client.resolveUrl(repo, dir, { revision, type: repo.type }).replace(/\/?$/, '/');
      return { kind: 'markdown', entry, html: await renderMarkdownHighlighted(body, { baseUrl }) };
    }
    if (ext === 'json') {
      if (bytes.length <= PRETTY_JSON_LIMIT) {
        try {
          const pretty = JSON.stringify(JSON.parse(text), null, 2);
          return { kind: 'code', entry, html: await highlight(pretty, 'json'), lines: countLines(pretty) };
        } catch {
          // not valid JSON: shown as it is
        }
      } else {
        return { kind: 'code', entry, html: escapeHtml(text), lines: countLines(text), note: this.t(viewMessages, 'truncatedJson') };
      }
    }
    return { kind: 'code', entry, html: await highlight(text, languageForPath(path) ?? 'plaintext'), lines: countLines(text) };
  }

  protected override render() {
    return this.renderTask(this.file, (view: View) => this.renderView(view));
  }

  private renderView(view: View) {
    if (view.kind === 'none') return html`<p part="status">${this.t(viewMessages, 'noPath')}</p>`;
    return html`<section part="base" aria-labelledby="path">${this.renderHeader(view.entry, view.kind === 'code' ? view.lines : undefined)}${this.renderBody(view)}</section>`;
  }

  private renderHeader(entry: TreeEntry, lines?: number) {
    const client = this.hubClient!;
    const repo = this.repoRef!;
    const size = entry.lfs?.size ?? entry.size;
    return html`<div part="header">
      <h2 part="path" id="path">${entry.path}</h2>
      ${entry.lfs ? html`<span part="badge" title=${this.t(viewMessages, 'lfsStored')}>${this.t(common, 'lfs')}</span>` : nothing}
      <span class="meta">${formatBytes(size, this.locale)}${lines !== undefined ? html` · ${this.t(viewMessages, 'lines', { count: lines })}` : nothing}</span>
      <span class="spacer"></span>
      <a part="action" href=${client.rawUrl(repo, entry.path, { revision: this.rev, type: repo.type })} target="_blank" rel="noopener">${this.t(viewMessages, 'raw')}</a>
      <a part="action" href=${client.resolveUrl(repo, entry.path, { revision: this.rev, type: repo.type })} download>${icons.download}${this.t(viewMessages, 'download')}</a>
    </div>`;
  }

  private renderBody(view: Exclude<View, { kind: 'none' }>) {
    switch (view.kind) {
      case 'markdown':
        return html`<div part="content"><div part="markdown" class="markdown">${unsafeHTML(view.html)}</div></div>`;
      case 'code':
        return html`${view.note ? html`<p class="note" part="content">${view.note}</p>` : nothing}<pre part="code" tabindex="0" aria-label=${view.entry.path}><code class="hljs">${unsafeHTML(view.html)}</code></pre>`;
      case 'image':
        return html`<div part="content"><img part="image" src=${view.url} alt=${this.t(viewMessages, 'imageAlt', { path: view.entry.path })} /></div>`;
      case 'empty':
        return html`<p part="content" class="note">${this.t(viewMessages, 'emptyFile')}</p>`;
      case 'model':
        return this.renderModel(view.header);
      case 'binary':
        return this.renderCard(view);
    }
  }

  private renderCard(view: Extract<View, { kind: 'binary' }>) {
    const size = view.entry.lfs?.size ?? view.entry.size;
    const text =
      view.reason === 'tooLarge' ? this.t(viewMessages, 'tooLarge', { size: formatBytes(size, this.locale) })
      : view.reason === 'headerError' ? this.t(viewMessages, 'headerError', { message: errorMessage(view.error, this.locale) })
      : this.t(viewMessages, 'binary');
    return html`<div part="card">
      <p>${text}</p>
      ${view.entry.lfs ? html`<span class="oid">${this.t(viewMessages, 'sha256')}: ${view.entry.lfs.oid}</span>` : nothing}
      <a part="action" href=${this.hubClient!.resolveUrl(this.repoRef!, view.entry.path, { revision: this.rev, type: this.type })} download>${icons.download}${this.t(viewMessages, 'download')} (${formatBytes(size, this.locale)})</a>
    </div>`;
  }

  private renderModel(h: ModelHeader) {
    const meta = Object.entries(h.metadata).slice(0, 40);
    return html`<div part="content">
      <dl class="summary">
        <dt>${this.t(viewMessages, 'parameters')}</dt>
        <dd part="parameters">${formatNumber(h.parameters, this.locale)}</dd>
        <dt>${this.t(viewMessages, 'tensors')}</dt>
        <dd>${formatNumber(h.tensors.length, this.locale)}</dd>
        <dt>${this.t(viewMessages, 'dtypes')}</dt>
        <dd>${Object.entries(h.dtypes).map(([d, n]) => `${d} × ${n}`).join(', ')}</dd>
      </dl>
      ${meta.length
        ? html`<table part="metadata">
            <caption>${this.t(viewMessages, 'metadata')}</caption>
            <tbody>${meta.map(([k, v]) => html`<tr><th scope="row">${k}</th><td class="mono">${v}</td></tr>`)}</tbody>
          </table>`
        : nothing}
      <table part="tensors">
        <caption>${this.t(viewMessages, 'tensors')}</caption>
        <thead><tr><th scope="col">${this.t(viewMessages, 'tensorName')}</th><th scope="col">${this.t(viewMessages, 'dtype')}</th><th scope="col">${this.t(viewMessages, 'shape')}</th></tr></thead>
        <tbody>${h.tensors.slice(0, TENSORS_SHOWN).map((t) => html`<tr><td class="mono">${t.name}</td><td>${t.dtype}</td><td class="mono">[${t.shape.join(', ')}]</td></tr>`)}</tbody>
      </table>
      ${h.tensors.length > TENSORS_SHOWN ? html`<p class="note">${this.t(viewMessages, 'moreTensors', { count: h.tensors.length - TENSORS_SHOWN })}</p>` : nothing}
      <p class="note">${this.t(viewMessages, 'headerNote', { bytes: formatBytes(h.bytesRead, this.locale) })}</p>
    </div>`;
  }
}

const countLines = (text: string) => (text ? text.split('\n').length - (text.endsWith('\n') ? 1 : 0) : 0);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
