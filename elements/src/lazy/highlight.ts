/** Syntax highlighting, loaded on first use (highlight.js core + common languages in their own chunk). */

const EXT: Record<string, string> = {
  py: 'python', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'typescript', tsx: 'typescript',
  json: 'json', jsonl: 'json', yaml: 'yaml', yml: 'yaml', sh: 'bash', bash: 'bash', zsh: 'bash', md: 'markdown', markdown: 'markdown',
  html: 'xml', xml: 'xml', svg: 'xml', css: 'css', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', hpp: 'cpp', cu: 'cpp', java: 'java', go: 'go',
  rs: 'rust', sql: 'sql', ini: 'ini', toml: 'ini', cfg: 'ini', dockerfile: 'dockerfile', txt: 'plaintext', rb: 'ruby', kt: 'kotlin',
  swift: 'swift', r: 'r', lua: 'lua', php: 'php', scala: 'scala', diff: 'diff', patch: 'diff', makefile: 'makefile', mk: 'makefile',
};

/** The highlight.js language for a file name, if known. */
export function languageForPath(path: string): string | undefined {
  const name = path.split('/').pop()!.toLowerCase();
  if (name === 'dockerfile') return 'dockerfile';
  if (name === 'makefile') return 'makefile';
  const ext = name.includes('.') ? name.split('.').pop()! : '';
  return EXT[ext];
}

/** Highlighted HTML (escaped, with hljs classes) for code in a language. */
export async function highlight(code: string, language?: string): Promise<string> {
  const { highlightCode } = await import('./highlight-impl.js');
  return highlightCode(code, language);
}

/** Highlights every `pre code[class*=language-]` under a root (rendered markdown). */
export async function highlightBlocks(root: ParentNode): Promise<void> {
  const blocks = [...root.querySelectorAll<HTMLElement>('pre code[class*="language-"]')];
  if (!blocks.length) return;
  const { highlightCode } = await import('./highlight-impl.js');
  for (const block of blocks) {
    const language = /language-([\w+-]+)/.exec(block.className)?.[1];
    block.innerHTML = highlightCode(block.textContent ?? '', language);
    block.classList.add('hljs');
  }
}
