import type { OrgMember, OrgRole } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { CsgActionElement } from '../base/action-element.js';
import { CsgElement } from '../base/csg-element.js';
import { formStyles } from '../styles/forms.js';
import { orgMembersMessages } from './org-members.messages.js';

const ROLES: readonly OrgRole[] = ['read', 'write', 'admin'];

/**
 * An organisation's members and their roles. With `editable`, organisation admins change roles,
 * add and remove members (the hub refuses anyone else, and the element shows why).
 *
 * @tagname csg-org-members
 * @summary Organisation members and roles.
 * @csspart table - The member table.
 * @csspart error - Why the hub refused (role alert).
 * @csspart status - Loading and empty messages.
 */
export class CsgOrgMembers extends CsgActionElement {
  static override styles = [...CsgElement.styles, formStyles];

  /** The organisation's name. */
  @property({ reflect: true }) org = '';

  /** Show the controls that change membership. */
  @property({ type: Boolean }) editable = false;

  private readonly members = new Task(this, {
    args: () => [this.hubClient, this.org] as const,
    task: async ([client, org], { signal }) => {
      if (!client || !org) return initialState;
      try {
        return await client.orgMembers(org, { signal });
      } catch (error) {
        this.reportError('members', error);
      }
    },
  });

  protected override render() {
    return this.renderTask(this.members, (members: OrgMember[]) => html`<section aria-labelledby="title">
      <h2 id="title">${this.t(orgMembersMessages, 'title', { org: this.org })}</h2>
      ${members.length ? html`<table part="table">
        <thead><tr><th scope="col">${this.t(orgMembersMessages, 'user')}</th><th scope="col">${this.t(orgMembersMessages, 'role')}</th>${this.editable ? html`<th scope="col">${this.t(orgMembersMessages, 'actions')}</th>` : nothing}</tr></thead>
        <tbody>${members.map((m) => html`<tr>
          <td>${m.name}${m.fullname ? html` <span class="hint">(${m.fullname})</span>` : nothing}</td>
          <td>${this.editable
            ? html`<select aria-label=${this.t(orgMembersMessages, 'roleOf', { name: m.name })} ?disabled=${this.busy} @change=${(e: Event) => void this.setRole(m.name, (e.target as HTMLSelectElement).value as OrgRole)}>
                ${ROLES.map((r) => html`<option value=${r} ?selected=${r === m.role}>${this.t(orgMembersMessages, r)}</option>`)}
              </select>`
            : this.t(orgMembersMessages, m.role)}</td>
          ${this.editable ? html`<td><button class="danger" ?disabled=${this.busy} aria-label=${this.t(orgMembersMessages, 'removeNamed', { name: m.name })} @click=${() => void this.removeMember(m.name)}>${this.t(orgMembersMessages, 'remove')}</button></td>` : nothing}
        </tr>`)}</tbody>
      </table>` : html`<p part="status">${this.t(orgMembersMessages, 'none')}</p>`}
      <p class="hint">${this.t(orgMembersMessages, 'roles')}</p>
      ${this.editable ? html`<form @submit=${this.add} aria-labelledby="add-title">
        <h3 id="add-title">${this.t(orgMembersMessages, 'add')}</h3>
        <label>${this.t(orgMembersMessages, 'username')}<input name="user" required maxlength="96" /></label>
        <label>${this.t(orgMembersMessages, 'role')}<select name="role">${ROLES.map((r) => html`<option value=${r}>${this.t(orgMembersMessages, r)}</option>`)}</select></label>
        ${this.renderActionError()}
        <button type="submit" ?disabled=${this.busy}>${this.t(orgMembersMessages, 'addButton')}</button>
      </form>` : nothing}
    </section>`);
  }

  private async setRole(user: string, role: OrgRole): Promise<void> {
    await this.act((c) => c.setOrgMember(this.org, user, role));
    void this.members.run();
  }

  private async removeMember(user: string): Promise<void> {
    if (await this.act((c) => c.removeOrgMember(this.org, user).then(() => true))) void this.members.run();
  }

  private add = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const ok = await this.act((c) => c.setOrgMember(this.org, String(data.get('user')).trim(), String(data.get('role')) as OrgRole).then(() => true));
    if (ok) {
      form.reset();
      void this.members.run();
    }
  };
}
