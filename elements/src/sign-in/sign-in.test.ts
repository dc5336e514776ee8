import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgSignedInEvent } from '../events/account.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgSignIn } from './sign-in.js';

const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel)!;

async function signIn(lang = 'en') {
  const { client, net } = fakeHub();
  net.on('POST', /^\/api\/auth\/login$/, (call) => {
    const body = JSON.parse(String(call.body)) as { username: string; password: string };
    return body.password === 'right-password' ? jsonResponse({ user: { type: 'user', id: '1', name: body.username }, csrfToken: 'csrf-1' }) : errorResponse(401, 'Invalid username or password');
  });
  const el = await fixture<CsgSignIn>(html`<csg-sign-in lang=${lang} .client=${client}></csg-sign-in>`);
  const fill = (user: string, password: string) => {
    ($(el, 'input[name=username]') as HTMLInputElement).value = user;
    ($(el, 'input[name=password]') as HTMLInputElement).value = password;
    $(el, 'button[type=submit]').click();
  };
  return { el, net, fill };
}

describe('<csg-sign-in>', () => {
  it('signs in and announces the session with its CSRF token', async () => {
    const { el, net, fill } = await signIn();
    await expect(el).to.be.accessible();
    const event = oneEvent(el, 'csg-signed-in') as Promise<CsgSignedInEvent>;
    fill('alice', 'right-password');
    const { session } = await event;
    expect(session.user.name).to.equal('alice');
    expect(session.csrfToken).to.equal('csrf-1');
    expect(JSON.parse(String(net.calls.at(-1)!.body))).to.deep.equal({ username: 'alice', password: 'right-password' });
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
  });

  it('says the credentials are wrong, and emits nothing', async () => {
    const { el, fill } = await signIn();
    let fired = false;
    el.addEventListener('csg-signed-in', () => (fired = true));
    fill('alice', 'wrong');
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'alert');
    expect($(el, '[role=alert]').textContent).to.equal('Invalid username or password.');
    expect(fired).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('speaks Chinese', async () => {
    const { el } = await signIn('zh-CN');
    expect($(el, 'h2').textContent).to.equal('登录');
    expect($(el, 'button[type=submit]').textContent).to.equal('登录');
  });
});
