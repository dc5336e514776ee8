import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { HubClient } from '@csghub/client';
import { common } from '../i18n/common.js';
import { CsgElement } from './csg-element.js';
import { errorMessage, isAbort } from './errors.js';

/** Base of elements that change things on the hub: one action at a time, its error shown as an alert. */
export class CsgActionElement extends CsgElement {
  /** True while an action runs (its buttons are disabled). */
  @state() protected busy = false;
  @state() protected actionError: unknown = undefined;

  /** Runs `op` with the client; shows its error and resolves to undefined when it fails. */
  protected async act<T>(op: (client: HubClient) => Promise<T>): Promise<T | undefined> {
    const client = this.hubClient;
    if (!client) return undefined;
    this.busy = true;
    this.actionError = undefined;
    try {
      return await op(client);
    } catch (error) {
      if (!isAbort(error)) this.actionError = error;
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  protected renderActionError() {
    return this.actionError === undefined ? nothing : html`<p part="error" role="alert">${errorMessage(this.actionError, this.locale)}</p>`;
  }

  protected renderBusy() {
    return this.busy ? html`<span role="status">${this.t(common, 'loading')}</span>` : nothing;
  }
}
