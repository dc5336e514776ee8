import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { HubError } from '@csghub/client';
import { CsgActionElement } from '../base/action-element.js';
import { CsgElement } from '../base/csg-element.js';
import { errorMessage } from '../base/errors.js';
import { CsgUserCreateEvent, type NewUser } from '../events/account.js';
import { formStyles } from '../styles/forms.js';
import { adminUsersStyles } from './admin-users.styles.js';
import { adminUsersMessages } from './admin-users.messages.js';

/**
 * Site administrators create users (name, email, initial password, admin or not) through
 * `POST /api/users`. The hub decides: anyone else's attempt is refused and its message shown. The
 * hub has no listing of users, so there is none here.
 *
 * @tagname csg-admin-users
 * @summary Admin page: create a user.
 * @csspart form - The form.
 * @csspart notice - The user was created (role status).
 * @csspart error - Why the hub refused (role alert).
 * @fires {CsgUserCreateEvent} csg-user-create - Before the request (`user`: name, email, isAdmin; never the password). Cancelable: a host can veto.
 */
export class CsgAdminUsers extends CsgActionElement {
  static override styles = [...CsgElement.styles, formStyles, adminUsersStyles];

  @state() private created = '';

  protected override render() {
    if (!this.hubClient) return this.renderNoClient();
    const m = adminUsersMessages;
    return html`<form part="form" @submit=${this.onSubmit} aria-labelledby="title">
      <h2 id="title">${this.t(m, 'title')}</h2>
      <p class="intro hint">${this.t(m, 'intro')}</p>
      <label>${this.t(m, 'name')}<input name="name" required maxlength="96" autocomplete="off" /></label>
      <label>${this.t(m, 'email')}<input name="email" type="email" required maxlength="254" autocomplete="off" /></label>
      <label>${this.t(m, 'password')}<input name="password" type="password" required maxlength="1024" autocomplete="new-password" /></label>
      <label class="check"><input name="isAdmin" type="checkbox" />${this.t(m, 'isAdmin')}</label>
      ${this.renderActionError()}
      ${this.created ? html`<p part="notice" role="status">${this.t(m, 'created', { name: this.created })}</p>` : nothing}
      <button type="submit" ?disabled=${this.busy}>${this.t(m, 'create')}</button>
    </form>`;
  }

  /** The hub's own words too: "not allowed" alone would not say that only site admins may do this. */
  protected override renderActionError() {
    const error = this.actionError;
    if (error === undefined) return nothing;
    const shown = errorMessage(error, this.locale);
    const hub = error instanceof HubError && error.message && !shown.includes(error.message) ? ` ${error.message}` : '';
    return html`<p part="error" role="alert">${shown}${hub}</p>`;
  }

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const user: NewUser = { name: String(data.get('name') ?? '').trim(), email: String(data.get('email') ?? '').trim(), isAdmin: data.get('isAdmin') !== null };
    this.created = '';
    if (!this.emit(new CsgUserCreateEvent(user))) return;
    const made = await this.act((c) => c.createUser({ ...user, password: String(data.get('password') ?? '') }));
    if (!made) return;
    this.created = made.name;
    form.reset();
  };
}
