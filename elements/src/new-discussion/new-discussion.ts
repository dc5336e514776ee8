import { html } from 'lit';
import { CsgActionElement } from '../base/action-element.js';
import { CsgElement } from '../base/csg-element.js';
import { CsgCreatedEvent } from '../events/account.js';
import { formStyles } from '../styles/forms.js';
import type { RepoType } from '@csghub/client';
import { property } from 'lit/decorators.js';
import { newDiscussionMessages } from './new-discussion.messages.js';

/**
 * Opens a discussion on a repository (any signed-in reader may).
 *
 * @tagname csg-new-discussion
 * @summary New discussion form.
 * @csspart form - The form.
 * @csspart error - Why the hub refused (role alert).
 * @fires {CsgCreatedEvent} csg-created - The discussion exists (`kind` discussion, `id` its number).
 */
export class CsgNewDiscussion extends CsgActionElement {
  static override styles = [...CsgElement.styles, formStyles];

  /** `namespace/name` of the repository. */
  @property({ reflect: true }) repo = '';

  /** `model` (default), `dataset`, `space` or `code`. */
  @property({ reflect: true }) type: RepoType = 'model';

  protected override render() {
    if (!this.hubClient) return this.renderNoClient();
    return html`<form part="form" @submit=${this.onSubmit} aria-labelledby="title">
      <h2 id="title">${this.t(newDiscussionMessages, 'title')}</h2>
      <label>${this.t(newDiscussionMessages, 'discussionTitle')}<input name="title" required maxlength="200" /></label>
      <label>${this.t(newDiscussionMessages, 'description')}<textarea name="description" rows="6" maxlength="65536"></textarea></label>
      ${this.renderActionError()}
      <button type="submit" ?disabled=${this.busy}>${this.t(newDiscussionMessages, 'create')}</button>
    </form>`;
  }

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const description = String(data.get('description') ?? '').trim();
    const created = await this.act((c) => c.createDiscussion({ type: this.type, name: this.repo }, { title: String(data.get('title')).trim(), ...(description ? { description } : {}) }));
    if (created) this.emit(new CsgCreatedEvent('discussion', String(created.num), this.type));
  };
}
