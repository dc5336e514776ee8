import { provide } from '@lit/context';
import { HubClient, type FetchLike } from '@csghub/client';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { hubClientContext } from '../context/hub-client.js';

/**
 * Provides one hub client to every nested `csg-*` element (through @lit/context).
 *
 * @tagname csg-hub
 * @summary The hub connection for the elements inside it.
 * @slot - Any content; `csg-*` elements inside use this hub.
 */
export class CsgHub extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** The hub's base URL. */
  @property() endpoint?: string;

  /** An access token sent as a Bearer header to the hub. */
  @property() token?: string;

  /** A fetch to use instead of the global one (to carry the host page's SSO session). */
  @property({ attribute: false }) fetch?: FetchLike;

  /** A ready client; wins over `endpoint`, `token` and `fetch`. */
  @property({ attribute: false }) client?: HubClient;

  @provide({ context: hubClientContext })
  @state()
  protected provided?: HubClient;

  /** The client handed to nested elements. */
  get hubClient(): HubClient | undefined {
    return this.provided;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client') || changed.has('endpoint') || changed.has('token') || changed.has('fetch')) {
      this.provided = this.client ?? (this.endpoint ? new HubClient({ endpoint: this.endpoint, ...(this.token ? { token: this.token } : {}), ...(this.fetch ? { fetch: this.fetch } : {}) }) : undefined);
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
