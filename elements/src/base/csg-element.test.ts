import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { collect, type TreeEntry } from '@csghub/client';
import { initialState, Task } from '@lit/task';
import { customElement } from 'lit/decorators.js';
import '../define.js';
import { CsgLoadErrorEvent } from '../events/load-error.js';
import { defineMessages } from '../i18n/i18n.js';
import { errorResponse } from '../test-support/fake-fetch.js';
import { ENDPOINT, fakeHub } from '../test-support/fake-hub.js';
import { CsgElement } from './csg-element.js';

const messages = defineMessages({
  en: { files: (v) => `${v.n} ${v.n === 1 ? 'file' : 'files'}` },
  'zh-CN': { files: '{n} 个文件' },
});

/** The smallest element on the base: lists the root of a repository. */
@customElement('base-test-probe')
class Probe extends CsgElement {
  readonly entries = new Task(this, {
    args: () => [this.hubClient] as const,
    task: async ([client], { signal }) => {
      if (!client) return initialState;
      try {
        return await collect(client.listTree('a/b', { signal }));
      } catch (error) {
        this.reportError('tree', error);
      }
    },
  });

  protected override render() {
    return this.renderTask(this.entries, (entries: TreeEntry[]) => html`<p part="count">${this.t(messages, 'files', { n: entries.length })}</p>`);
  }
}

describe('CsgElement (shared base)', () => {
  it('asks for a hub when it has no client', async () => {
    const el = await fixture<Probe>(html`<base-test-probe></base-test-probe>`);
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.equal('No hub to talk to: set the endpoint attribute or place this element inside <csg-hub>.');
    await expect(el).to.be.accessible();
  });

  it('loads through the client from <csg-hub>, showing a pending state first', async () => {
    const { client, net } = fakeHub([{ id: 'a/b', files: { 'x.txt': 'x', 'y.txt': 'y' } }]);
    const release = net.hold();
    const hub = await fixture(html`<csg-hub .client=${client}><base-test-probe></base-test-probe></csg-hub>`);
    const el = hub.querySelector<Probe>('base-test-probe')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim()).to.equal('Loading…');
    await expect(el).to.be.accessible();
    release();
    await el.entries.taskComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('2 files');
    expect(net.calls[0]!.signal).to.be.instanceOf(AbortSignal);
  });

  it('works alone with its own endpoint attribute', async () => {
    const el = await fixture<Probe>(html`<base-test-probe endpoint="http://standalone.test"></base-test-probe>`);
    expect(el.hubClient!.endpoint).to.equal('http://standalone.test');
  });

  it('shows typed errors with a retry, and reports them with csg-load-error', async () => {
    const { client, net } = fakeHub([]);
    net.on('GET', /tree/, () => errorResponse(404, 'Repository not found: a/b', 'RepoNotFound'));
    const el = await fixture<Probe>(html`<base-test-probe></base-test-probe>`);
    const reported = oneEvent(el, 'csg-load-error');
    el.client = client;
    const event = (await reported) as CsgLoadErrorEvent;
    expect(event).to.be.instanceOf(CsgLoadErrorEvent);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.operation).to.equal('tree');
    await el.entries.taskComplete.catch(() => undefined);
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.querySelector('span')!.textContent).to.equal('Not found, or you do not have access.');
    await expect(el).to.be.accessible();
    net.on('GET', /tree/, () => new Response('[]', { headers: { 'content-type': 'application/json' } }));
    alert.querySelector('button')!.click();
    await el.entries.taskComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('0 files');
  });

  it('speaks the language of the element, an ancestor or the document, and follows changes', async () => {
    const { client } = fakeHub([{ id: 'a/b', files: { 'x.txt': 'x' } }]);
    const wrapper = await fixture(html`<div lang="zh-Hans"><base-test-probe .client=${client}></base-test-probe></div>`);
    const el = wrapper.querySelector<Probe>('base-test-probe')!;
    await el.entries.taskComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('1 个文件');
    wrapper.setAttribute('lang', 'en-GB');
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('1 file');
    el.setAttribute('lang', 'zh');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('1 个文件');
  });

  it('themes through the theme attribute (inherited from an ancestor) and --csg-* properties', async () => {
    const wrapper = await fixture(html`<div theme="dark"><base-test-probe endpoint=${ENDPOINT}></base-test-probe></div>`);
    const el = wrapper.querySelector<Probe>('base-test-probe')!;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(getComputedStyle(el).color).to.equal('rgb(230, 237, 243)');
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(el).color).to.equal('rgb(31, 35, 40)');
    el.style.setProperty('--csg-color-fg', 'rgb(1, 2, 3)');
    expect(getComputedStyle(el).color).to.equal('rgb(1, 2, 3)');
  });
});
