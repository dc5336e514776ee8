import { connectToRealHub, type RealHub } from '../test-support/real-hub.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { CsgFileTree } from '../file-tree/file-tree.js';
import type { CsgFileView } from '../file-view/file-view.js';
import type { CsgRepo } from '../repo/repo.js';

// Against a real hub on another origin: the page loads the elements with one import of the hub's
// /elements.js, uploads a folder with an LFS file through the bundled client (CORS preflights,
// XMLHttpRequest progress, signed storage URLs), then browses it with <csg-repo>.

const enc = new TextEncoder();

function safetensors(): Uint8Array {
  const header = enc.encode(JSON.stringify({ 'w.weight': { dtype: 'F16', shape: [64, 32], data_offsets: [0, 4096] } }));
  const out = new Uint8Array(8 + header.length + 4096);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  return out;
}

describe('elements against a real hub on another origin', () => {
  let hub: RealHub;
  let bundle: RealHub['bundle'];

  before(async () => {
    hub = await connectToRealHub();
    bundle = hub.bundle;
  });

  it('registers every tag from the hub-served bundle', () => {
    for (const tag of ['csg-hub', 'csg-repo', 'csg-file-tree', 'csg-file-view']) expect(customElements.get(tag), tag).to.not.equal(undefined);
  });

  it('uploads a folder with an LFS file, then shows it in the tree, the viewer and the card', async () => {
    const client = new bundle.HubClient({ endpoint: hub.url, token: hub.token });
    await client.createRepo('alice/demo');
    const progress: Array<{ phase: string; loaded: number; total: number }> = [];
    const files = [
      { path: 'README.md', content: '---\nlicense: apache-2.0\n---\n# Demo model\n\nUploaded from a browser.\n' },
      { path: 'config.json', content: '{"dim": 64}' },
      { path: 'weights/model.safetensors', content: new Blob([safetensors()]) },
    ];
    const result = await client.uploadFiles('alice/demo', files, { summary: 'Upload from the browser', onProgress: (p) => progress.push(p) });
    expect(result.success).to.equal(true);
    const total = files.reduce((n, f) => n + new Blob([f.content]).size, 0);
    expect(progress.at(-1)).to.deep.equal({ phase: 'done', loaded: total, total });
    expect(progress.some((p) => p.phase === 'uploading')).to.equal(true);

    const page = await fixture<HTMLElement>(html`<csg-hub endpoint=${hub.url} token=${hub.token}><csg-repo repo="alice/demo" tab="files"></csg-repo></csg-hub>`);
    const repo = page.querySelector<CsgRepo>('csg-repo')!;
    await waitUntil(() => repo.shadowRoot!.querySelector('csg-file-tree'), 'files tab');
    const tree = repo.shadowRoot!.querySelector<CsgFileTree>('csg-file-tree')!;
    const labels = () => [...tree.shadowRoot!.querySelectorAll('[role=treeitem] [part=label]')].map((l) => l.textContent);
    await waitUntil(() => labels().includes('weights'), 'tree rows', { timeout: 5000 });
    expect(labels()).to.include.members(['weights', 'README.md', 'config.json']);
    [...tree.shadowRoot!.querySelectorAll<HTMLElement>('[role=treeitem]')].find((r) => r.textContent!.includes('weights'))!.click();
    await waitUntil(() => labels().includes('model.safetensors'), 'directory loaded');
    const model = [...tree.shadowRoot!.querySelectorAll<HTMLElement>('[role=treeitem]')].find((r) => r.textContent!.includes('model.safetensors'))!;
    expect(model.querySelector('[part=badge]')!.textContent).to.equal('LFS');
    model.click();

    const view = repo.shadowRoot!.querySelector<CsgFileView>('csg-file-view')!;
    await waitUntil(() => view.shadowRoot!.querySelector('[part=parameters], [role=alert], [part=card]'), 'model header', { timeout: 5000 });
    expect(view.shadowRoot!.querySelector('[part=parameters]')!.textContent).to.equal('2,048');
    expect([...view.shadowRoot!.querySelectorAll('[part=tensors] td')].map((td) => td.textContent)).to.deep.equal(['w.weight', 'F16', '[64, 32]']);
    await expect(repo).to.be.accessible();

    repo.navigate({ tab: 'card' });
    await waitUntil(() => repo.shadowRoot!.querySelector('[part=card] h1'), 'card', { timeout: 5000 });
    expect(repo.shadowRoot!.querySelector('[part=card] h1')!.textContent).to.equal('Demo model');
    expect(repo.shadowRoot!.querySelector('[part=license]')!.textContent).to.equal('License: apache-2.0');
  });
});
