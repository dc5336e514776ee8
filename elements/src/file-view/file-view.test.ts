import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../define.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgFileView } from './file-view.js';
import { HeaderError, readGgufHeader, readSafetensorsHeader } from './model-header.js';

const enc = new TextEncoder();

function safetensors(header: Record<string, unknown>, dataBytes: number): Uint8Array {
  const json = enc.encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

/** A GGUF v3 file: metadata, two tensors, then padding standing in for the weights. */
function gguf(dataBytes: number): Uint8Array {
  const parts: number[] = [];
  const u32 = (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); parts.push(...b); };
  const u64 = (v: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(v), true); parts.push(...b); };
  const str = (s: string) => { const b = enc.encode(s); u64(b.length); parts.push(...b); };
  parts.push(...enc.encode('GGUF'));
  u32(3); u64(2); u64(3);
  str('general.architecture'); u32(8); str('llama');
  str('llama.context_length'); u32(4); u32(4096);
  str('tokenizer.ggml.tokens'); u32(9); u32(8); u64(4); str('<s>'); str('</s>'); str('a'); str('b');
  str('token_embd.weight'); u32(2); u64(4096); u64(32000); u32(1); u64(0);
  str('blk.0.attn_q.weight'); u32(2); u64(4096); u64(4096); u32(12); u64(262144000);
  const out = new Uint8Array(parts.length + dataBytes);
  out.set(parts);
  return out;
}

const ST = safetensors({ __metadata__: { format: 'pt' }, 'model.embed.weight': { dtype: 'BF16', shape: [32000, 4096], data_offsets: [0, 10] }, 'lm_head.bias': { dtype: 'F32', shape: [32000], data_offsets: [10, 20] } }, 1024 * 1024);
const GG = gguf(1024 * 1024);

function hub() {
  return fakeHub([{
    id: 'acme/llama',
    files: {
      'src/train.py': 'import torch\n\ndef main():\n    return "<b>"\n',
      'README.md': '---\nlicense: mit\n---\n# Llama\n\n<script>window.pwned = 1</script>\n\n![logo](img/logo.png)\n\n```python\ndef f(): pass\n```\n',
      'config.json': '{"hidden_size":4096,"layers":[1,2]}',
      'img/pixel.png': { content: Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0)) },
      'weights.bin': { content: new Uint8Array([1, 0, 2, 3]) },
      'huge.bin': { size: 7 * 1024 ** 3, lfs: true },
      'model.safetensors': { content: ST, lfs: true },
      'model.gguf': { content: GG, lfs: true },
      'bad.safetensors': { content: new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 1]) },
      'empty.txt': '',
    },
  }]);
}

async function view(path: string, h = hub(), lang?: string) {
  const el = await fixture<CsgFileView>(html`<csg-file-view repo="acme/llama" path=${path} lang=${lang ?? 'en'} .client=${h.client}></csg-file-view>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part~=base], [role=alert], [part=status]:not([role=status])'), `view of ${path}`);
  return el;
}
const $ = (el: CsgFileView, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);

describe('<csg-file-view>', () => {
  it('highlights code and shows path, size, lines, raw and download links', async () => {
    const el = await view('src/train.py');
    expect($(el, '[part=path]')!.textContent).to.equal('src/train.py');
    expect($(el, '.meta')!.textContent).to.equal('43 B · 4 lines');
    expect($(el, '[part=code] .hljs-keyword')!.textContent).to.equal('import');
    expect($(el, '[part=code]')!.textContent).to.contain('return "<b>"');
    const [raw, download] = [...el.shadowRoot!.querySelectorAll('a[part=action]')];
    expect(raw!.getAttribute('href')).to.equal('http://hub.test/acme/llama/raw/main/src/train.py');
    expect(download!.getAttribute('href')).to.equal('http://hub.test/acme/llama/resolve/main/src/train.py');
    await expect(el).to.be.accessible();
  });

  it('renders markdown sanitised, without front matter, with code highlighted and relative images resolved', async () => {
    const el = await view('README.md');
    const md = $(el, '[part=markdown]')!;
    expect(md.querySelector('h1')!.textContent).to.equal('Llama');
    expect(md.textContent).not.to.contain('license: mit');
    expect(md.querySelector('script')).to.equal(null);
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
    expect(md.querySelector('img')!.getAttribute('src')).to.equal('http://hub.test/acme/llama/resolve/main/img/logo.png');
    expect(md.querySelector('pre code .hljs-keyword')!.textContent).to.equal('def');
    await expect(el).to.be.accessible();
  });

  it('shows no file and no error for a directory path (the tree beside shows it)', async () => {
    const h = hub();
    const el = await view('src', h);
    expect($(el, '[part=status]')!.textContent).to.equal('Choose a file to see it.');
    expect($(el, '[role=alert]')).to.equal(null);
    expect(h.net.calls.filter((c) => c.url.pathname.includes('/resolve/'))).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('pretty-prints JSON', async () => {
    const el = await view('config.json');
    expect($(el, '[part=code]')!.textContent).to.equal('{\n  "hidden_size": 4096,\n  "layers": [\n    1,\n    2\n  ]\n}');
    expect($(el, '[part=code] .hljs-attr')!.textContent).to.equal('"hidden_size"');
  });

  it('shows images', async () => {
    const el = await view('img/pixel.png');
    const img = $(el, 'img[part=image]') as HTMLImageElement;
    expect(img.src).to.match(/^blob:/);
    await waitUntil(() => img.complete && img.naturalWidth === 1, 'image decoded');
    expect(img.alt).to.equal('Image img/pixel.png');
    await expect(el).to.be.accessible();
  });

  it('offers binaries and large LFS files as a download card', async () => {
    const el = await view('weights.bin');
    expect($(el, '[part=card] p')!.textContent).to.equal('This file is binary and is not shown here.');
    const { client, net } = hub();
    const big = await view('huge.bin', { client, net });
    expect($(big, '[part=card] p')!.textContent).to.equal('This file is too large to show here (7 GB).');
    expect($(big, '[part=card] .oid')!.textContent).to.match(/^SHA-256: [0-9a-f]{64}$/);
    expect($(big, '[part=badge]')!.textContent).to.equal('LFS');
    expect(net.calls.some((c) => c.url.pathname.includes('/resolve/'))).to.equal(false);
    await expect(big).to.be.accessible();
  });

  it('lists a safetensors header read with Range requests only', async () => {
    const { client, net } = hub();
    const el = await view('model.safetensors', { client, net });
    expect($(el, '[part=parameters]')!.textContent).to.equal('131,104,000');
    const rows = [...el.shadowRoot!.querySelectorAll('[part=tensors] tbody tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).to.deep.equal([['model.embed.weight', 'BF16', '[32000, 4096]'], ['lm_head.bias', 'F32', '[32000]']]);
    const reads = net.calls.filter((c) => c.url.pathname.includes('/resolve/'));
    expect(reads.map((c) => c.headers.get('range'))).to.deep.equal(['bytes=0-7', `bytes=8-${8 + (ST.length - 1024 * 1024 - 8) - 1}`]);
    await expect(el).to.be.accessible();
  });

  it('lists a GGUF header: metadata, tensor types and shapes', async () => {
    const el = await view('model.gguf');
    expect($(el, '[part=parameters]')!.textContent).to.equal(String((4096 * 32000 + 4096 * 4096).toLocaleString('en')));
    const rows = [...el.shadowRoot!.querySelectorAll('[part=tensors] tbody tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).to.deep.equal([['token_embd.weight', 'F16', '[32000, 4096]'], ['blk.0.attn_q.weight', 'Q4_K', '[4096, 4096]']]);
    const meta = Object.fromEntries([...el.shadowRoot!.querySelectorAll('[part=metadata] tr')].map((r) => [r.querySelector('th')!.textContent, r.querySelector('td')!.textContent]));
    expect(meta).to.deep.equal({ 'gguf.version': '3', 'general.architecture': 'llama', 'llama.context_length': '4096', 'tokenizer.ggml.tokens': '[4 strings: "<s>", "</s>", "a", …]' });
  });

  it('explains an unreadable model header', async () => {
    const el = await view('bad.safetensors');
    expect($(el, '[part=card] p')!.textContent).to.equal('Could not read the model header: Something went wrong: Implausible safetensors header length 18446744073709552000');
  });

  it('reads a GGUF header in growing ranges and refuses other files', async () => {
    const reads: Array<[number, number]> = [];
    const header = await readGgufHeader(async (offset, length) => {
      reads.push([offset, length]);
      return GG.slice(offset, offset + length);
    }, 16);
    expect(header.tensors.length).to.equal(2);
    expect(reads.slice(0, 3)).to.deep.equal([[0, 16], [16, 16], [32, 32]]);
    const st = new Uint8Array(64);
    let error: unknown;
    await readGgufHeader(async (o, l) => st.slice(o, o + l)).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(HeaderError);
    expect((error as Error).message).to.equal('Not a GGUF file (bad magic)');
    error = undefined;
    await readSafetensorsHeader(async () => new Uint8Array(3)).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal('The file is too short to be safetensors');
  });

  it('shows empty files, missing files, and speaks Chinese', async () => {
    expect($(await view('empty.txt'), '.note')!.textContent).to.equal('This file is empty.');
    const missing = await view('nope.txt');
    expect($(missing, '[role=alert] span')!.textContent).to.equal('Not found, or you do not have access.');
    await expect(missing).to.be.accessible();
    const zh = await view('weights.bin', hub(), 'zh-CN');
    expect($(zh, '[part=card] p')!.textContent).to.equal('这是二进制文件，无法在此显示。');
  });
});
