import { html } from 'lit';
import { CsgActionElement } from '../base/action-element.js';
import { CsgElement } from '../base/csg-element.js';
import { CsgCreatedEvent } from '../events/account.js';
import { formStyles } from '../styles/forms.js';
import { newOrgMessages } from './new-org.messages.js';

/**
 * Creates an organisation; the signed-in user becomes its admin.
 *
 * @tagname csg-new-org
 * @summary New organisation form.
 * @csspart form - The form.
 * @csspart error - Why the hub refused (role alert).
 * @fires {CsgCreatedEvent} csg-created - The organisation exists (`kind` org, `id` its name).
 */
export class CsgNewOrg extends CsgActionElement {
  static override styles = [...CsgElement.styles, formStyles];

  protected override render() {
    if (!this.hubClient) return this.renderNoClient();
    return html`<form part="form" @submit=${this.onSubmit} aria-labelledby="title">
      <h2 id="title">${this.t(newOrgMessages, 'title')}</h2>
      <label>${this.t(newOrgMessages, 'name')}<input name="name" required maxlength="96" /></label>
      <label>${this.t(newOrgMessages, 'fullname')}<input name="fullname" maxlength="200" /></label>
      <label>${this.t(newOrgMessages, 'description')}<textarea name="description" maxlength="1000" rows="2"></textarea></label>
      ${this.renderActionError()}
      <button type="submit" ?disabled=${this.busy}>${this.t(newOrgMessages, 'create')}</button>
    </form>`;
  }

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const fullname = String(data.get('fullname') ?? '').trim();
    const description = String(data.get('description') ?? '').trim();
    const org = await this.act((c) => c.createOrg({ name: String(data.get('name')).trim(), ...(fullname ? { fullname } : {}), ...(description ? { description } : {}) }));
    if (org) this.emit(new CsgCreatedEvent('org', org.name));
  };
}
