import type { RepoType, Visibility, WhoAmI } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { CsgActionElement } from '../base/action-element.js';
import { CsgElement } from '../base/csg-element.js';
import { CsgCreatedEvent } from '../events/account.js';
import { formStyles } from '../styles/forms.js';
import { newRepoMessages } from './new-repo.messages.js';

const TYPES: readonly RepoType[] = ['model', 'dataset', 'code', 'space'];
const VISIBILITIES: readonly Visibility[] = ['public', 'internal', 'private'];

/**
 * Creates a repository under the signed-in user or one of their organisations.
 *
 * @tagname csg-new-repo
 * @summary New repository form.
 * @csspart form - The form.
 * @csspart error - Why the hub refused (role alert).
 * @fires {CsgCreatedEvent} csg-created - The repository exists (`kind` repo, `id`, `repoType`).
 */
export class CsgNewRepo extends CsgActionElement {
  static override styles = [...CsgElement.styles, formStyles];

  /** Preselected type. */
  @property() type: RepoType = 'model';

  /** Preselected owner (user or organisation name). */
  @property() owner = '';

  private readonly me = new Task(this, {
    args: () => [this.hubClient] as const,
    task: async ([client], { signal }) => (client ? client.whoami({ signal }) : initialState),
  });

  protected override render() {
    return this.renderTask(this.me, (me: WhoAmI) => {
      const owners = [me.name, ...(me.orgs ?? []).filter((o) => o.roleInOrg !== 'read').map((o) => o.name)];
      return html`<form part="form" @submit=${this.onSubmit} aria-labelledby="title">
        <h2 id="title">${this.t(newRepoMessages, 'title')}</h2>
        <fieldset><legend>${this.t(newRepoMessages, 'type')}</legend>
          ${TYPES.map((t) => html`<label><input type="radio" name="type" value=${t} ?checked=${t === this.type} />${this.t(newRepoMessages, t)}</label>`)}
        </fieldset>
        <label>${this.t(newRepoMessages, 'owner')}
          <select name="owner">${owners.map((o) => html`<option ?selected=${o === this.owner}>${o}</option>`)}</select>
        </label>
        <label>${this.t(newRepoMessages, 'name')}
          <input name="name" required maxlength="96" pattern="[A-Za-z0-9][A-Za-z0-9._\\-]*" aria-describedby="name-hint" />
        </label>
        <p class="hint" id="name-hint">${this.t(newRepoMessages, 'nameHint')}</p>
        <fieldset><legend>${this.t(newRepoMessages, 'visibility')}</legend>
          ${VISIBILITIES.map((v) => html`<label><input type="radio" name="visibility" value=${v} ?checked=${v === 'public'} />${this.t(newRepoMessages, v)}</label>`)}
        </fieldset>
        <label>${this.t(newRepoMessages, 'license')}<input name="license" maxlength="100" placeholder="apache-2.0" /></label>
        <label>${this.t(newRepoMessages, 'description')}<textarea name="description" maxlength="1000" rows="2"></textarea></label>
        ${this.renderActionError()}
        <button type="submit" ?disabled=${this.busy}>${this.t(newRepoMessages, 'create')}</button>
      </form>`;
    });
  }

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const type = String(data.get('type')) as RepoType;
    const id = `${String(data.get('owner'))}/${String(data.get('name')).trim()}`;
    const license = String(data.get('license') ?? '').trim();
    const description = String(data.get('description') ?? '').trim();
    const created = await this.act((c) => c.createRepo(id, {
      type, visibility: String(data.get('visibility')) as Visibility, ...(license ? { license } : {}), ...(description ? { description } : {}),
    }));
    if (created) this.emit(new CsgCreatedEvent('repo', created.name ?? id, type));
  };
}
