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
