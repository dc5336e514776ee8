import { expect } from '@open-wc/testing';
import { highlight, highlightBlocks, languageForPath } from './highlight.js';
import { renderMarkdown, splitFrontMatter } from './markdown.js';

describe('lazy markdown and highlighting', () => {
  it('renders markdown and removes scripts, handlers, iframes and javascript: links', async () => {
    const html = await renderMarkdown('# Title\n\n<script>alert(1)</script><img src="x.png" onerror="alert(2)"><iframe src="https://evil"></iframe>\n\n[bad](javascript:alert(3)) [ok](docs/a.md) [anchor](#usage)');
    const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
    expect(doc.querySelector('h1')!.textContent).to.equal('Title');
    expect(doc.querySelector('script')).to.equal(null);
    expect(doc.querySelector('iframe')).to.equal(null);
    expect(doc.querySelector('img')!.hasAttribute('onerror')).to.equal(false);
    const links = [...doc.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).to.deep.equal([['bad', null], ['ok', 'docs/a.md'], ['anchor', '#usage']]);
  });

  it('resolves relative links and images against a base URL and opens links safely', async () => {
    const html = await renderMarkdown('![logo](./img/logo.png) [doc](docs/a.md) [abs](https://example.com/)', { baseUrl: 'http://hub.test/a/b/resolve/main' });
    const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
    expect(doc.querySelector('img')!.getAttribute('src')).to.equal('http://hub.test/a/b/resolve/main/img/logo.png');
    const [doc1, abs] = [...doc.querySelectorAll('a')];
    expect(doc1!.getAttribute('href')).to.equal('http://hub.test/a/b/resolve/main/docs/a.md');
    expect(abs!.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(abs!.getAttribute('target')).to.equal('_blank');
  });

  it('renders an image whose file name is not valid percent-encoding (it threw, and the whole README failed)', async () => {
    const html = await renderMarkdown('<img src="img/a%E0%A4%A.png"> <img src="b%20c.png">', { baseUrl: 'http://hub.test/a/b/resolve/main' });
    const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
    expect([...doc.querySelectorAll('img')].map((i) => i.getAttribute('alt'))).to.deep.equal(['a%E0%A4%A.png', 'b c.png']);
  });

  it('splits YAML front matter from a README', () => {
    expect(splitFrontMatter('---\nlicense: mit\ntags: [a]\n---\n# Hi\n')).to.deep.equal({ yaml: 'license: mit\ntags: [a]', body: '# Hi\n' });
    expect(splitFrontMatter('# No front matter')).to.deep.equal({ yaml: null, body: '# No front matter' });
  });

  it('highlights code by file name and escapes what it cannot parse', async () => {
    expect(languageForPath('src/model.py')).to.equal('python');
    expect(languageForPath('Dockerfile')).to.equal('dockerfile');
    expect(languageForPath('weights.bin')).to.equal(undefined);
    const html = await highlight('def f(x):\n    return "<b>"', 'python');
    expect(html).to.contain('<span class="hljs-keyword">def</span>');
    expect(html).to.contain('&lt;b&gt;');
    const root = document.createElement('div');
    root.innerHTML = '<pre><code class="language-json">{"a": 1}</code></pre>';
    await highlightBlocks(root);
    expect(root.querySelector('.hljs-attr')!.textContent).to.equal('"a"');
  });
});
