import type { AccessToken, SshKey, TokenScope, UserInfo, WhoAmI } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CsgActionElement } from '../base/action-element.js';
import { CsgElement } from '../base/csg-element.js';
import { formatDate } from '../format/format.js';
import { common } from '../i18n/common.js';
import { formStyles } from '../styles/forms.js';
import { accountMessages } from './account-settings.messages.js';

export type AccountSection = 'profile' | 'password' | 'tokens' | 'ssh-keys';
const SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

/**
 * The signed-in user's settings, one section at a time: profile, password, access tokens (with
 * scopes; a new token's secret is shown once) and SSH keys. These calls need a session or an
 * admin-scoped token.
 *
 * @tagname csg-account-settings
 * @summary Profile, password, access tokens and SSH keys of the signed-in user.
 * @csspart section - The section shown.
 * @csspart new-token - The just-created token's secret.
 * @csspart notice - A success message.
 * @csspart error - Why the hub refused (role alert).
 * @csspart status - Loading and empty messages.
 */
export class CsgAccountSettings extends CsgActionElement {
  static override styles = [...CsgElement.styles, formStyles];

  /** `profile` (default), `password`, `tokens` or `ssh-keys`. */
  @property({ reflect: true }) section: AccountSection = 'profile';

  @state() private notice = '';
  @state() private newToken = '';

  private readonly data = new Task(this, {
    args: () => [this.hubClient, this.section] as const,
    task: async ([client, section], { signal }): Promise<WhoAmI | AccessToken[] | SshKey[] | null | typeof initialState> => {
      if (!client) return initialState;
      try {
        if (section === 'tokens') return await client.listTokens({ signal });
        if (section === 'ssh-keys') return await client.listSshKeys({ signal });
        if (section === 'profile') return await client.whoami({ signal });
        return null;
      } catch (error) {
        this.reportError(section, error);
      }
    },
  });

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed as never);
    if (changed.has('section')) {
      this.notice = '';
      this.newToken = '';
      this.actionError = undefined;
    }
  }

  protected override render() {
    return this.renderTask(this.data, (value) => {
      switch (this.section) {
        case 'password':
          return this.renderPassword();
        case 'tokens':
          return this.renderTokens(value as AccessToken[]);
        case 'ssh-keys':
          return this.renderKeys(value as SshKey[]);
        default:
          return this.renderProfile(value as WhoAmI);
      }
    });
  }

  private renderNotice() {
    return this.notice ? html`<p part="notice" role="status">${this.notice}</p>` : nothing;
  }

  private renderProfile(me: WhoAmI) {
    return html`<form part="section" aria-labelledby="title" @submit=${this.saveProfile}>
      <h2 id="title">${this.t(accountMessages, 'profile')}</h2>
      <label>${this.t(accountMessages, 'fullname')}<input name="fullname" maxlength="200" .value=${me.fullname ?? ''} /></label>
      <label>${this.t(accountMessages, 'email')}<input name="email" type="email" maxlength="254" .value=${me.email ?? ''} /></label>
      ${this.renderActionError()}${this.renderNotice()}
      <button type="submit" ?disabled=${this.busy}>${this.t(accountMessages, 'save')}</button>
    </form>`;
  }

  private saveProfile = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.notice = '';
    const user: UserInfo | undefined = await this.act((c) => c.updateProfile({ fullname: String(data.get('fullname')), email: String(data.get('email')) }));
    if (user) this.notice = this.t(accountMessages, 'saved');
  };

  private renderPassword() {
    return html`<form part="section" aria-labelledby="title" @submit=${this.savePassword}>
      <h2 id="title">${this.t(accountMessages, 'password')}</h2>
      <label>${this.t(accountMessages, 'currentPassword')}<input name="current" type="password" autocomplete="current-password" required /></label>
      <label>${this.t(accountMessages, 'newPassword')}<input name="next" type="password" autocomplete="new-password" required minlength="8" /></label>
      <label>${this.t(accountMessages, 'confirmPassword')}<input name="again" type="password" autocomplete="new-password" required minlength="8" /></label>
      ${this.renderActionError()}${this.renderNotice()}
      <button type="submit" ?disabled=${this.busy}>${this.t(accountMessages, 'changePassword')}</button>
    </form>`;
  }

  private savePassword = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.notice = '';
    if (data.get('next') !== data.get('again')) {
      this.actionError = new Error(this.t(accountMessages, 'mismatch'));
      return;
    }
    const done = await this.act((c) => c.changePassword({ currentPassword: String(data.get('current')), newPassword: String(data.get('next')) }).then(() => true));
    if (done) {
      form.reset();
      this.notice = this.t(accountMessages, 'passwordChanged');
    }
  };

  private renderTokens(tokens: AccessToken[]) {
    return html`<section part="section" aria-labelledby="title">
        <h2 id="title">${this.t(accountMessages, 'tokens')}</h2>
        <p class="hint">${this.t(accountMessages, 'tokensHint')}</p>
        ${tokens.length ? html`<table>
          <thead><tr><th scope="col">${this.t(accountMessages, 'name')}</th><th scope="col">${this.t(accountMessages, 'scope')}</th><th scope="col">${this.t(accountMessages, 'hint')}</th><th scope="col">${this.t(accountMessages, 'lastUsed')}</th><th scope="col">${this.t(accountMessages, 'actions')}</th></tr></thead>
          <tbody>${tokens.map((t) => html`<tr>
            <td>${t.displayName}</td><td>${t.scope}</td><td><code>${t.hint}</code></td>
            <td>${t.lastUsedAt ? formatDate(t.lastUsedAt, this.locale) : this.t(accountMessages, 'never')}</td>
            <td><button class="danger" ?disabled=${this.busy} aria-label=${this.t(accountMessages, 'revokeNamed', { name: t.displayName })} @click=${() => void this.revoke(t.id)}>${this.t(accountMessages, 'revoke')}</button></td>
          </tr>`)}</tbody>
        </table>` : html`<p part="status">${this.t(accountMessages, 'noTokens')}</p>`}
      </section>
      <section aria-labelledby="create-title">
        ${this.newToken ? html`<div part="notice" role="status"><p>${this.t(accountMessages, 'newToken')}</p><code part="new-token">${this.newToken}</code>
          <button @click=${() => void navigator.clipboard?.writeText(this.newToken).catch(() => undefined)}>${this.t(common, 'copy')}</button></div>` : nothing}
        <form @submit=${this.createToken}>
          <h3 id="create-title">${this.t(accountMessages, 'createToken')}</h3>
          <label>${this.t(accountMessages, 'tokenName')}<input name="name" required maxlength="100" /></label>
          <fieldset><legend>${this.t(accountMessages, 'scope')}</legend>
            ${SCOPES.map((s) => html`<label><input type="radio" name="scope" value=${s} ?checked=${s === 'read'} />${this.t(accountMessages, s)}</label>`)}
          </fieldset>
          <label>${this.t(accountMessages, 'expires')}<input name="expires" type="date" /></label>
          ${this.renderActionError()}
          <button type="submit" ?disabled=${this.busy}>${this.t(accountMessages, 'createToken')}</button>
        </form>
      </section>`;
  }

  private createToken = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const expires = String(data.get('expires') ?? '');
    const created = await this.act((c) => c.createToken({
      name: String(data.get('name')).trim(), scope: String(data.get('scope')) as TokenScope, ...(expires ? { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
    }));
    if (created) {
      form.reset();
      this.newToken = created.token;
      void this.data.run();
    }
  };

  private async revoke(id: number): Promise<void> {
    if (await this.act((c) => c.revokeToken(id).then(() => true))) void this.data.run();
  }

  private renderKeys(keys: SshKey[]) {
    return html`<section part="section" aria-labelledby="title">
        <h2 id="title">${this.t(accountMessages, 'sshKeys')}</h2>
        <p class="hint">${this.t(accountMessages, 'sshHint')}</p>
        ${keys.length ? html`<table>
          <thead><tr><th scope="col">${this.t(accountMessages, 'title')}</th><th scope="col">${this.t(accountMessages, 'fingerprint')}</th><th scope="col">${this.t(accountMessages, 'created')}</th><th scope="col">${this.t(accountMessages, 'actions')}</th></tr></thead>
          <tbody>${keys.map((k) => html`<tr>
            <td>${k.title}</td><td><code>${k.fingerprint}</code></td><td>${k.createdAt ? formatDate(k.createdAt, this.locale) : ''}</td>
            <td><button class="danger" ?disabled=${this.busy} aria-label=${this.t(accountMessages, 'removeNamed', { name: k.title })} @click=${() => void this.removeKey(k.id)}>${this.t(accountMessages, 'remove')}</button></td>
          </tr>`)}</tbody>
        </table>` : html`<p part="status">${this.t(accountMessages, 'noKeys')}</p>`}
      </section>
      <section aria-labelledby="add-title">
        <form @submit=${this.addKey}>
          <h3 id="add-title">${this.t(accountMessages, 'addKey')}</h3>
          <label>${this.t(accountMessages, 'title')}<input name="title" maxlength="100" /></label>
          <label>${this.t(accountMessages, 'key')}<textarea name="key" required rows="3" placeholder="ssh-ed25519 AAAA…"></textarea></label>
          ${this.renderActionError()}
          <button type="submit" ?disabled=${this.busy}>${this.t(accountMessages, 'addKey')}</button>
        </form>
      </section>`;
  }

  private addKey = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const key = await this.act((c) => c.addSshKey({ key: String(data.get('key')).trim(), ...(title ? { title } : {}) }));
    if (key) {
      form.reset();
      void this.data.run();
    }
  };

  private async removeKey(id: number): Promise<void> {
    if (await this.act((c) => c.removeSshKey(id).then(() => true))) void this.data.run();
  }
}
