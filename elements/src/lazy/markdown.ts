/**
 * Markdown rendering, loaded on first use (marked + DOMPurify live in their own chunk, so pages
 * that never show markdown never download them). The result is sanitised HTML.
 */
export interface MarkdownOptions {
  /** Relative links and images resolve against this URL (a repository's resolve URL). */
  baseUrl?: string;
}

export async function renderMarkdown(source: string, options: MarkdownOptions = {}): Promise<string> {
  const { render } = await import('./markdown-impl.js');
  return render(source, options);
}

/** Splits a README's YAML front matter from its body. */
export function splitFrontMatter(source: string): { yaml: string | null; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  return match ? { yaml: match[1] ?? '', body: source.slice(match[0].length) } : { yaml: null, body: source };
}

/** Sanitised markdown with its fenced code blocks highlighted (both libraries load on first use). */
export async function renderMarkdownHighlighted(source: string, options: MarkdownOptions = {}): Promise<string> {
  const [{ highlightBlocks }, html] = await Promise.all([import('./highlight.js'), renderMarkdown(source, options)]);
  const template = document.createElement('template');
  template.innerHTML = html;
  await highlightBlocks(template.content);
  return template.innerHTML;
}
