import type { Refs, RepoSettings, RepoType, Visibility } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CsgActionElement } from '../base/action-element.js';
import { CsgElement } from '../base/csg-element.js';
import { CsgRepoChangeEvent } from '../events/account.js';
import { formStyles } from '../styles/forms.js';
import { repoSettingsMessages } from './repo-settings.messages.js';

const VISIBILITIES: readonly Visibility[] = ['public', 'internal', 'private'];

interface SettingsData {
  settings: RepoSettings;
  refs: Refs;
}

/**
 * A repository's settings for its admins: visibility and description, protected branches, rename
 * (move) and delete (confirmed by typing the name). Announces every change with `csg-repo-change`.
 *
 * @tagname csg-repo-settings
 * @summary Repository settings: visibility, protected branches, rename, delete.
 * @csspart section - One settings section.
 * @csspart notice - A success message.
 * @csspart error - Why the hub refused (role alert).
 * @csspart status - Loading messages.
 * @fires {CsgRepoChangeEvent} csg-repo-change - Settings saved (`updated`), repository `moved` or `deleted`.
 */
export class CsgRepoSettings extends CsgActionElement {
  static override styles = [...CsgElement.styles, formStyles];

  /** `namespace/name` of the repository. */
  @property({ reflect: true }) repo = '';

  /** `model` (default), `dataset`, `space` or `code`. */
  @property({ reflect: true }) type: RepoType = 'model';

  private get repoRef(): { type: RepoType; name: string } | undefined {
    return /^[^/\s]+\/[^/\s]+$/.test(this.repo) ? { type: this.type, name: this.repo } : undefined;
  }

  @state() private notice = '';
  @state() private protectedBranches?: string[];

  private readonly data = new Task(this, {
    args: () => [this.hubClient, this.repoRef?.type, this.repoRef?.name] as const,
    task: async ([client, type, name], { signal }): Promise<SettingsData | typeof initialState> => {
      if (!client || !type || !name) return initialState;
      try {
        const [settings, refs] = await Promise.all([client.repoSettings({ type, name }, { signal }), client.refs({ type, name }, { signal })]);
        return { settings, refs };
      } catch (error) {
        this.reportError('settings', error);
      }
    },
  });

  protected override render() {
    return this.renderTask(this.data, ({ settings, refs }: SettingsData) => {
      const { visibility } = settings;
      const protectedNow = this.protectedBranches ?? settings.protectedBranches;
      return html`<h2>${this.t(repoSettingsMessages, 'title', { repo: this.repo })}</h2>
        ${this.renderActionError()}
        ${this.notice ? html`<p part="notice" role="status">${this.notice}</p>` : nothing}
        <section part="section" aria-labelledby="vis-title">
          <form @submit=${this.saveGeneral}>
            <h3 id="vis-title">${this.t(repoSettingsMessages, 'visibility')}</h3>
            <fieldset><legend class="visually-hidden">${this.t(repoSettingsMessages, 'visibility')}</legend>
              ${VISIBILITIES.map((v) => html`<label><input type="radio" name="visibility" value=${v} ?checked=${v === visibility} />${this.t(repoSettingsMessages, v)}</label>`)}
            </fieldset>
            <label>${this.t(repoSettingsMessages, 'description')}<textarea name="description" maxlength="1000" rows="2" .value=${settings.description ?? ''}></textarea></label>
            <button type="submit" ?disabled=${this.busy}>${this.t(repoSettingsMessages, 'save')}</button>
          </form>
        </section>
        <section part="section" aria-labelledby="branches-title">
          <form @submit=${this.saveBranches}>
            <h3 id="branches-title">${this.t(repoSettingsMessages, 'branches')}</h3>
            <p class="hint">${this.t(repoSettingsMessages, 'branchesHint')}</p>
            <fieldset><legend class="visually-hidden">${this.t(repoSettingsMessages, 'branches')}</legend>
              ${refs.branches.map((b) => html`<label><input type="checkbox" name="branch" value=${b.name} ?checked=${protectedNow.includes(b.name)} aria-label=${this.t(repoSettingsMessages, 'protect', { branch: b.name })} />${b.name}</label>`)}
            </fieldset>
            <button type="submit" ?disabled=${this.busy}>${this.t(repoSettingsMessages, 'saveBranches')}</button>
          </form>
        </section>
        <section part="section" aria-labelledby="rename-title">
          <form @submit=${this.rename}>
            <h3 id="rename-title">${this.t(repoSettingsMessages, 'rename')}</h3>
            <p class="hint" id="rename-hint">${this.t(repoSettingsMessages, 'renameHint')}</p>
            <label>${this.t(repoSettingsMessages, 'newName')}<input name="to" required .value=${this.repo} aria-describedby="rename-hint" /></label>
            <button type="submit" ?disabled=${this.busy}>${this.t(repoSettingsMessages, 'renameButton')}</button>
          </form>
        </section>
        <section part="section" aria-labelledby="delete-title">
          <form @submit=${this.deleteRepo}>
            <h3 id="delete-title">${this.t(repoSettingsMessages, 'delete')}</h3>
            <p class="hint" id="delete-hint">${this.t(repoSettingsMessages, 'deleteHint', { repo: this.repo })}</p>
            <label>${this.t(repoSettingsMessages, 'confirm')}<input name="confirm" required autocomplete="off" aria-describedby="delete-hint" @input=${() => this.requestUpdate()} /></label>
            <button type="submit" class="danger" ?disabled=${this.busy}>${this.t(repoSettingsMessages, 'deleteButton')}</button>
          </form>
        </section>`;
    });
  }

  private saveGeneral = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.notice = '';
    const saved = await this.act((c) => c.updateRepoSettings(this.repoRef!, { visibility: String(data.get('visibility')) as Visibility, description: String(data.get('description') ?? '') }));
    if (saved) this.done('updated', this.repo);
  };

  private saveBranches = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const branches = new FormData(event.target as HTMLFormElement).getAll('branch').map(String);
    this.notice = '';
    const saved = await this.act((c) => c.updateRepoSettings(this.repoRef!, { protectedBranches: branches }));
    if (saved) {
      this.protectedBranches = saved.protectedBranches;
      this.done('updated', this.repo);
    }
  };

  private rename = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const to = String(new FormData(event.target as HTMLFormElement).get('to')).trim();
    const moved = await this.act((c) => c.moveRepo(this.repoRef!, to));
    if (moved) {
      this.repo = moved.name;
      this.done('moved', moved.name);
    }
  };

  private deleteRepo = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const confirm = String(new FormData(event.target as HTMLFormElement).get('confirm')).trim();
    if (confirm !== this.repo) {
      this.actionError = new Error(this.t(repoSettingsMessages, 'deleteHint', { repo: this.repo }));
      return;
    }
    const id = this.repo;
    if (await this.act((c) => c.deleteRepo(this.repoRef!).then(() => true))) this.emit(new CsgRepoChangeEvent('deleted', id, this.type));
  };

  private done(change: 'updated' | 'moved', id: string): void {
    this.notice = this.t(repoSettingsMessages, 'saved');
    this.emit(new CsgRepoChangeEvent(change, id, this.type));
  }
}
