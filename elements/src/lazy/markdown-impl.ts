import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import type { MarkdownOptions } from './markdown.js';

const marked = new Marked({ gfm: true, breaks: false, async: false });

const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/** marked → DOMPurify (no scripts, handlers, forms, iframes); relative URLs made absolute; links open safely. */
export function render(source: string, options: MarkdownOptions): string {
  const raw = marked.parse(source) as string;
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    for (const attr of ['href', 'src'] as const) {
      const value = node.getAttribute(attr);
      if (value && options.baseUrl && !ABSOLUTE.test(value)) {
        try {
          node.setAttribute(attr, new URL(value.replace(/^\.\//, ''), options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`).toString());
        } catch {
          node.removeAttribute(attr);
        }
      }
    }
    // Images in READMEs often lack alt text: name them after their file rather than leave them unnamed.
    if (node.tagName === 'IMG' && !node.hasAttribute('alt')) {
      const src = node.getAttribute('src') ?? '';
      const file = src.split(/[?#]/)[0]!.split('/').pop() ?? '';
      // A name that is not valid percent-encoding stays as written (decoding it threw, failing the whole render).
      let name = file;
      try {
        name = decodeURIComponent(file);
      } catch {
        // kept as written
      }
      node.setAttribute('alt', name || 'image');
    }
    if (node.tagName === 'A' && node.getAttribute('href') && !node.getAttribute('href')!.startsWith('#')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return purify.sanitize(raw, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe'], FORBID_ATTR: ['style'] });
}
