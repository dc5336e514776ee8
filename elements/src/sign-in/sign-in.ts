import { UnauthorizedError } from '@csghub/client';
import { html, nothing } from 'lit';
import { CsgActionElement } from '../base/action-element.js';
import { CsgElement } from '../base/csg-element.js';
import { CsgSignedInEvent } from '../events/account.js';
import { formStyles } from '../styles/forms.js';
import { signInMessages } from './sign-in.messages.js';

/**
 * Signs in with name (or email) and password: the hub answers with an HttpOnly session cookie,
 * so this works only on the hub's own origin (the standalone UI). Sign-up is off: admins create users.
 *
 * @tagname csg-sign-in
 * @summary Sign-in form for the hub's own pages.
 * @csspart form - The form.
 * @csspart error - The failure message (role alert).
 * @fires {CsgSignedInEvent} csg-signed-in - Signed in; carries the session (user and CSRF token).
 */
export class CsgSignIn extends CsgActionElement {
  static override styles = [...CsgElement.styles, formStyles];

  protected override render() {
    if (!this.hubClient) return this.renderNoClient();
    return html`<form part="form" @submit=${this.onSubmit} aria-labelledby="title">
      <h2 id="title">${this.t(signInMessages, 'title')}</h2>
      <label>${this.t(signInMessages, 'username')}<input name="username" autocomplete="username" required /></label>
      <label>${this.t(signInMessages, 'password')}<input name="password" type="password" autocomplete="current-password" required /></label>
      ${this.actionError instanceof UnauthorizedError ? html`<p part="error" role="alert">${this.t(signInMessages, 'failed')}</p>` : this.renderActionError()}
      <button type="submit" ?disabled=${this.busy}>${this.t(signInMessages, 'submit')}</button>
      ${this.busy ? this.renderBusy() : nothing}
      <p class="hint">${this.t(signInMessages, 'noSignUp')}</p>
    </form>`;
  }

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const session = await this.act((c) => c.signIn(String(data.get('username')), String(data.get('password'))));
    if (session) this.emit(new CsgSignedInEvent(session));
  };
}
