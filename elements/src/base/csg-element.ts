import { consume } from '@lit/context';
import { TaskStatus, type Task } from '@lit/task';
import { HubClient } from '@csghub/client';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { hubClientContext } from '../context/hub-client.js';
import { CsgLoadErrorEvent } from '../events/load-error.js';
import { common } from '../i18n/common.js';
import { onLangChange, resolveLang, toLocale, translate, type Catalog, type Locale, type Vars } from '../i18n/i18n.js';
import { themeStyles } from '../styles/tokens.js';
import { errorMessage, isAbort } from './errors.js';

export type Theme = 'light' | 'dark' | 'auto';

const clients = new Map<string, HubClient>();

/** One client per endpoint + token, shared by every standalone element of the page. */
function clientFor(endpoint: string, token: string | undefined): HubClient {
  const key = `${endpoint}\n${token ?? ''}`;
  let client = clients.get(key);
  if (!client) clients.set(key, (client = new HubClient({ endpoint, ...(token ? { token } : {}) })));
  return client;
}

/**
 * Base of every `csg-*` element: finds the hub client (own `.client`, own `endpoint`, else the
 * closest `<csg-hub>`), resolves the language and theme, renders @lit/task states, emits events.
 */
export class CsgElement extends LitElement {
  static override styles = [themeStyles];

  /** Hub base URL when the element is used alone (without `<csg-hub>`). */
  @property() endpoint?: string;

  /** Access token for `endpoint` (prefer a `<csg-hub>` or `.client` with the host's own fetch). */
  @property() token?: string;

  /** A ready client; wins over `endpoint` and `<csg-hub>`. */
  @property({ attribute: false }) client?: HubClient;

  /** `light`, `dark` or `auto` (follows prefers-color-scheme). Inherited from the closest ancestor with `theme`. */
  @property({ reflect: true }) theme?: Theme;

  @consume({ context: hubClientContext, subscribe: true })
  @state()
  protected contextClient?: HubClient;

  /** The language in use, from `lang` on the element, an ancestor or the document. */
  @state() protected locale: Locale = 'en';

  private stopLangWatch?: () => void;

  /** The client this element talks through, if any. */
  get hubClient(): HubClient | undefined {
    if (this.client) return this.client;
    if (this.endpoint) return clientFor(this.endpoint, this.token);
    return this.contextClient;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = toLocale(resolveLang(this));
    this.stopLangWatch = onLangChange(() => {
      this.locale = toLocale(resolveLang(this));
    });
    if (this.theme === undefined) {
      const inherited = this.closestAttribute('theme');
      if (inherited === 'light' || inherited === 'dark' || inherited === 'auto') this.theme = inherited;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopLangWatch?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // `lang` set on the element itself (it is no Lit property): re-resolve on every update.
    const locale = toLocale(resolveLang(this));
    if (locale !== this.locale) this.locale = locale;
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.locale = toLocale(resolveLang(this));
  }

  /** Translates through a catalog in the element's language. */
  protected t<K extends string>(catalog: Catalog<K>, key: K, vars?: Vars): string {
    return translate(catalog, this.locale, key, vars);
  }

  /** Dispatches a typed event; false when a cancelable one was vetoed. */
  protected emit(event: Event): boolean {
    return this.dispatchEvent(event);
  }

  private closestAttribute(name: string): string | null {
    let node: Node | null = this.parentNode;
    while (node) {
      if (node instanceof Element && node.hasAttribute(name)) return node.getAttribute(name);
      node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
    }
    return null;
  }

  /** Shown while no client can be found. */
  protected renderNoClient(): TemplateResult {
    return html`<p part="status" role="status">${this.t(common, 'noClient')}</p>`;
  }

  protected renderPending(): TemplateResult {
    return html`<p part="status" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>${this.t(common, 'loading')}</p>`;
  }

  protected renderError(error: unknown, retry?: () => void): TemplateResult | typeof nothing {
    if (isAbort(error)) return nothing;
    return html`<div part="error" role="alert">
      <span>${errorMessage(error, this.locale)}</span>
      ${retry ? html`<button part="retry" @click=${retry}>${this.t(common, 'retry')}</button>` : nothing}
    </div>`;
  }

  /**
   * Renders a task's states: no client, pending, error (with retry), complete. Tasks return
   * `initialState` while the client is missing, so they re-run when one arrives.
   */
  protected renderTask<T>(task: Task<readonly unknown[], T>, complete: (value: T) => unknown, options: { pending?: () => unknown } = {}): unknown {
    if (!this.hubClient && task.status === TaskStatus.INITIAL) return this.renderNoClient();
    return task.render({
      initial: () => nothing,
      pending: () => (options.pending ? options.pending() : this.renderPending()),
      complete,
      error: (error) => this.renderError(error, () => void task.run()),
    });
  }

  /** For tasks: reports a failure to the host page (bubbling `csg-load-error`) and rethrows. */
  protected reportError(operation: string, error: unknown): never {
    if (!isAbort(error)) this.emit(new CsgLoadErrorEvent(operation, error));
    throw error;
  }
}
