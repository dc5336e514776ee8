import { expect } from '@open-wc/testing';

// The built /elements.js (scripts/bundle.mjs runs before the browser tests): one import registers
// every tag, and markdown/highlighting stay out until first used.
const loaded = (name: string) => performance.getEntriesByType('resource').some((e) => e.name.includes(name));

describe('dist/elements.js bundle', () => {
  it('registers the tags and loads the markdown chunk only on first use (Arrow not at all)', async () => {
    const bundle = (await import(new URL('../dist/elements.js', import.meta.url).href)) as typeof import('./index.js');
    expect(customElements.get('csg-hub')).to.equal(bundle.CsgHub);
    expect(loaded('markdown-impl')).to.equal(false);
    expect(loaded('highlight-impl')).to.equal(false);
    expect(loaded('arrow-impl')).to.equal(false);
    for (const tag of ['csg-upload', 'csg-parquet-preview', 'csg-discussion-list', 'csg-discussion']) expect(customElements.get(tag), tag).to.not.equal(undefined);
    const html = await bundle.renderMarkdown('**bold**');
    expect(html).to.contain('<strong>bold</strong>');
    expect(loaded('markdown-impl')).to.equal(true);
    expect(loaded('highlight-impl')).to.equal(false);
    expect(loaded('arrow-impl')).to.equal(false);
  });
});
