import { UploadSession, type UploadProgress, type UploadResult } from '@csghub/client';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CsgElement } from '../base/csg-element.js';
import { errorMessage, isAbort } from '../base/errors.js';
import { CsgRepoElement } from '../base/repo-element.js';
import { CsgUploadCompleteEvent, CsgUploadErrorEvent, CsgUploadProgressEvent, CsgUploadStartEvent } from '../events/upload.js';
import { formatBytes } from '../format/format.js';
import { entriesOf, pickedFiles, walkEntries, type PickedFile } from './entries.js';
import { uploadMessages as m } from './upload.messages.js';
import { uploadStyles } from './upload.styles.js';
import { fieldStyles } from '../styles/forms.js';

type FileStatus = 'queued' | 'hashing' | 'uploading' | 'sent' | 'committed' | 'ignored' | 'unchanged';
type Phase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled' | 'vetoed';

interface QueuedFile extends PickedFile {
  loaded: number;
  status: FileStatus;
}

/**
 * Uploads files and whole folders to a repository in one commit: drag and drop (folders walked
 * through `webkitGetAsEntry`) or file/folder pickers, per-file and total progress, LFS files sent
 * straight to storage by the client (basic PUT or multipart parts), a commit message, cancel, and
 * resume after a failure (parts already stored are not sent again).
 *
 * @tagname csg-upload
 * @summary Drag-and-drop upload of files and folders, committed in one commit.
 * @csspart dropzone - The drop target.
 * @csspart files - The list of chosen files.
 * @csspart file - One chosen file.
 * @csspart file-progress - One file's progress bar.
 * @csspart total - The total progress bar.
 * @csspart message - The commit message field.
 * @csspart upload - The upload button.
 * @csspart cancel - The cancel button.
 * @csspart resume - The resume button.
 * @csspart result - The outcome (role status).
 * @csspart error - A failure (role alert).
 * @cssprop [--csg-upload-drop-bg=var(--csg-color-bg-subtle)] - Background of the drop zone.
 * @fires {CsgUploadStartEvent} csg-upload-start - Before uploading; cancelable.
 * @fires {CsgUploadProgressEvent} csg-upload-progress - Bytes moved.
 * @fires {CsgUploadCompleteEvent} csg-upload-complete - The commit was made.
 * @fires {CsgUploadErrorEvent} csg-upload-error - The upload failed or was cancelled.
 */
export class CsgUpload extends CsgRepoElement {
  static override styles = [...CsgElement.styles, fieldStyles, uploadStyles];

  /** Folder of the repository the files go into ('' = the root). */
  @property({ reflect: true }) path = '';

  @state() private queue: QueuedFile[] = [];
  @state() private phase: Phase = 'idle';
  @state() private progress?: UploadProgress;
  @state() private summary = '';
  @state() private description = '';
  @state() private dragging = false;
  @state() private result?: UploadResult;
  @state() private failure?: unknown;

  private session = new UploadSession();
  private abort?: AbortController;

  /** The chosen files, as they will be named in the repository. */
  get files(): ReadonlyArray<{ path: string; size: number }> {
    return this.queue.map((f) => ({ path: this.target(f.path), size: f.file.size }));
  }

  /** Adds files (as a drop or a picker would). */
  addFiles(files: PickedFile[]): void {
    if (this.phase === 'running') return;
    const known = new Map(this.queue.map((f) => [f.path, f]));
    for (const f of files) known.set(f.path, { ...f, loaded: 0, status: 'queued' });
    this.queue = [...known.values()];
    if (this.phase !== 'failed' && this.phase !== 'cancelled') this.phase = 'idle';
    this.result = undefined;
  }

  /** Stops a running upload; `upload()` again resumes it. */
  cancel(): void {
    this.abort?.abort(new DOMException('Upload cancelled', 'AbortError'));
  }

  private target(path: string): string {
    const dir = this.path.replace(/^\/+|\/+$/g, '');
    return dir ? `${dir}/${path}` : path;
  }

  private defaultSummary(): string {
    return this.t(m, 'defaultMessage', { n: this.queue.length, path: this.queue[0] ? this.target(this.queue[0].path) : '' });
  }

  /** Uploads the chosen files in one commit (resuming if an earlier try failed). */
  async upload(): Promise<UploadResult | undefined> {
    const client = this.hubClient;
    const repo = this.repoRef;
    if (!client || !repo || !this.queue.length || this.phase === 'running') return undefined;
    const summary = this.summary.trim() || this.defaultSummary();
    if (!this.emit(new CsgUploadStartEvent(this.files.map((f) => ({ ...f })), summary, this.rev))) {
      this.phase = 'vetoed';
      return undefined;
    }
    const ctrl = (this.abort = new AbortController());
    this.phase = 'running';
    this.failure = undefined;
    this.result = undefined;
    const byPath = new Map(this.queue.map((f) => [this.target(f.path), f]));
    try {
      const result = await client.uploadFiles(repo, this.queue.map((f) => ({ path: this.target(f.path), content: f.file })), {
        revision: this.rev, summary, description: this.description, session: this.session, signal: ctrl.signal,
        onProgress: (p) => {
          const f = p.path ? byPath.get(p.path) : undefined;
          if (f && p.phase === 'hashing') f.status = 'hashing';
          if (f && p.phase === 'uploading') {
            f.loaded = p.fileLoaded ?? 0;
            f.status = f.loaded >= f.file.size ? 'sent' : 'uploading';
          }
          this.progress = p;
          this.queue = [...this.queue];
          this.emit(new CsgUploadProgressEvent(p));
        },
      });
      const skipped = new Map(result.skipped.map((s) => [s.path, s.reason]));
      for (const [path, f] of byPath) {
        f.status = skipped.get(path) ?? 'committed';
        f.loaded = f.file.size;
      }
      this.queue = [...this.queue];
      this.result = result;
      this.phase = 'done';
      this.session = new UploadSession();
      this.emit(new CsgUploadCompleteEvent(result));
      return result;
    } catch (error) {
      const cancelled = ctrl.signal.aborted || isAbort(error);
      this.phase = cancelled ? 'cancelled' : 'failed';
      this.failure = error;
      this.emit(new CsgUploadErrorEvent(error, cancelled));
      return undefined;
    } finally {
      if (this.abort === ctrl) this.abort = undefined;
    }
  }

  private clear(): void {
    this.queue = [];
    this.phase = 'idle';
    this.progress = undefined;
    this.result = undefined;
    this.failure = undefined;
    this.session = new UploadSession();
  }

  private onDragOver = (event: DragEvent): void => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private onDrop = async (event: DragEvent): Promise<void> => {
    event.preventDefault();
    this.dragging = false;
    if (!event.dataTransfer || this.phase === 'running') return;
    const { entries, files } = entriesOf(event.dataTransfer);
    this.addFiles(entries.length ? await walkEntries(entries) : files.map((file) => ({ path: file.name, file })));
  };

  private onPick = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.addFiles(pickedFiles(input.files));
    input.value = '';
  };

  protected override render() {
    if (!this.hubClient) return this.renderNoClient();
    const running = this.phase === 'running';
    const totalBytes = this.queue.reduce((n, f) => n + f.file.size, 0);
    return html`<section aria-label=${this.t(m, 'label', { repo: this.repo })}>
      <div part="dropzone" class=${`dropzone${this.dragging ? ' dragging' : ''}`} @dragover=${this.onDragOver} @dragenter=${this.onDragOver}
        @dragleave=${() => (this.dragging = false)} @drop=${this.onDrop}>
        <span>${this.t(m, 'drop')}</span>
        <label class="pick"><input type="file" multiple name="files" ?disabled=${running} @change=${this.onPick} />${this.t(m, 'chooseFiles')}</label>
        <label class="pick"><input type="file" multiple webkitdirectory name="folder" ?disabled=${running} @change=${this.onPick} />${this.t(m, 'chooseFolder')}</label>
      </div>
      ${this.queue.length ? html`<p class="sub">${this.t(m, 'files', { n: this.queue.length, size: formatBytes(totalBytes, this.locale) })}</p>
        <ul part="files">${this.queue.map((f) => this.renderFile(f, running))}</ul>` : html`<p part="status">${this.t(m, 'noFiles')}</p>`}
      <div class="commit">
        <label>${this.t(m, 'message')}
          <input part="message" name="summary" .value=${this.summary} placeholder=${this.queue.length ? this.defaultSummary() : ''} ?disabled=${running}
            @input=${(e: Event) => (this.summary = (e.target as HTMLInputElement).value)} /></label>
        <label>${this.t(m, 'description')}
          <textarea name="description" rows="2" .value=${this.description} ?disabled=${running} @input=${(e: Event) => (this.description = (e.target as HTMLTextAreaElement).value)}></textarea></label>
      </div>
      ${this.renderProgress(totalBytes)}
      <div class="actions">
        ${running
          ? html`<button part="cancel" name="cancel" @click=${() => this.cancel()}>${this.t(m, 'cancel')}</button>`
          : this.phase === 'failed' || this.phase === 'cancelled'
            ? html`<button part="resume" name="resume" class="primary" @click=${() => void this.upload()}>${this.t(m, 'resume')}</button>`
            : html`<button part="upload" name="upload" class="primary" ?disabled=${!this.queue.length || this.phase === 'done'} @click=${() => void this.upload()}>${this.t(m, 'upload')}</button>`}
        <button name="clear" ?disabled=${running || !this.queue.length} @click=${() => this.clear()}>${this.t(m, 'clear')}</button>
      </div>
      ${this.renderOutcome()}
    </section>`;
  }

  private renderFile(f: QueuedFile, running: boolean) {
    const path = this.target(f.path);
    return html`<li part="file">
      <span class="path">${path}</span>
      <span class="size">${formatBytes(f.file.size, this.locale)}</span>
      <progress part="file-progress" max=${Math.max(1, f.file.size)} .value=${f.loaded} aria-label=${this.t(m, 'progressOf', { path })}></progress>
      <span class="state">${this.t(m, f.status)}</span>
      ${running ? nothing : html`<button class="remove" aria-label=${this.t(m, 'remove', { path })} @click=${() => { this.queue = this.queue.filter((q) => q !== f); }}>×</button>`}
    </li>`;
  }

  private renderProgress(totalBytes: number) {
    if (!this.progress && this.phase !== 'running') return nothing;
    const p = this.progress;
    const loaded = p?.loaded ?? 0;
    const total = p?.total ?? totalBytes;
    const phaseText = this.phase === 'running' && p && p.phase !== 'done' ? this.t(m, `phase_${p.phase}`, { path: p.path ?? '' }) : '';
    return html`<div class="total">
      <progress part="total" max=${Math.max(1, total)} .value=${loaded} aria-label=${this.t(m, 'total')}></progress>
      <span>${this.t(m, 'totalText', { loaded: formatBytes(loaded, this.locale), total: formatBytes(total, this.locale) })}</span>
      <span class="sub" aria-live="polite">${phaseText}</span>
    </div>`;
  }

  private renderOutcome() {
    switch (this.phase) {
      case 'done':
        return html`<p part="result" role="status">${this.result?.noop ? this.t(m, 'noop') : this.t(m, 'done', { sha: (this.result?.commitOid ?? '').slice(0, 8) })}</p>`;
      case 'cancelled':
        return html`<p part="result" role="status">${this.t(m, 'cancelled')} ${this.t(m, 'resumeHint')}</p>`;
      case 'vetoed':
        return html`<p part="result" role="status">${this.t(m, 'vetoed')}</p>`;
      case 'failed':
        return html`<div part="error" role="alert"><span>${this.t(m, 'failed', { message: errorMessage(this.failure, this.locale) })}</span> <span>${this.t(m, 'resumeHint')}</span></div>`;
      default:
        return nothing;
    }
  }
}
