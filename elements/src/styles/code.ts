import { css } from 'lit';
import { color } from './tokens.js';

/** highlight.js token colours and rendered-markdown typography, light and dark through the tokens. */
export const codeStyles = css`
  :host {
    --_csg-code-keyword: #cf222e;
    --_csg-code-string: #0a3069;
    --_csg-code-number: #0550ae;
    --_csg-code-comment: #59636e;
    --_csg-code-title: #8250df;
    --_csg-code-attr: #953800;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_csg-code-keyword: #ff7b72;
      --_csg-code-string: #a5d6ff;
      --_csg-code-number: #79c0ff;
      --_csg-code-comment: #9198a1;
      --_csg-code-title: #d2a8ff;
      --_csg-code-attr: #ffa657;
    }
  }
  :host([theme='dark']) {
    --_csg-code-keyword: #ff7b72;
    --_csg-code-string: #a5d6ff;
    --_csg-code-number: #79c0ff;
    --_csg-code-comment: #9198a1;
    --_csg-code-title: #d2a8ff;
    --_csg-code-attr: #ffa657;
  }
  pre,
  code {
    font-family: var(--_csg-mono);
    font-size: 0.92em;
  }
  pre {
    background: ${color('bg-subtle')};
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    padding: var(--_csg-space-m) var(--_csg-space-l);
    overflow: auto;
  }
  .hljs-keyword, .hljs-selector-tag, .hljs-meta .hljs-keyword, .hljs-doctag, .hljs-type { color: var(--csg-code-keyword, var(--_csg-code-keyword)); }
  .hljs-string, .hljs-regexp, .hljs-meta .hljs-string { color: var(--csg-code-string, var(--_csg-code-string)); }
  .hljs-number, .hljs-literal, .hljs-built_in, .hljs-symbol, .hljs-variable, .hljs-template-variable { color: var(--csg-code-number, var(--_csg-code-number)); }
  .hljs-comment, .hljs-quote { color: var(--csg-code-comment, var(--_csg-code-comment)); font-style: italic; }
  .hljs-title, .hljs-section, .hljs-name, .hljs-function .hljs-title { color: var(--csg-code-title, var(--_csg-code-title)); }
  .hljs-attr, .hljs-attribute, .hljs-property, .hljs-params, .hljs-selector-class { color: var(--csg-code-attr, var(--_csg-code-attr)); }
  .hljs-addition { color: ${color('success')}; background: ${color('added-bg')}; }
  .hljs-deletion { color: ${color('danger')}; background: ${color('removed-bg')}; }
  .markdown {
    overflow-wrap: anywhere;
  }
  .markdown img {
    max-width: 100%;
  }
  .markdown a {
    color: ${color('accent')};
  }
  .markdown table {
    border-collapse: collapse;
  }
  .markdown th,
  .markdown td {
    border: 1px solid ${color('border')};
    padding: var(--_csg-space-s) var(--_csg-space-m);
  }
  .markdown h1,
  .markdown h2 {
    border-bottom: 1px solid ${color('border')};
    padding-bottom: 0.3em;
  }
  .markdown blockquote {
    margin-inline: 0;
    padding-inline-start: var(--_csg-space-l);
    border-inline-start: 3px solid ${color('border')};
    color: ${color('fg-muted')};
  }
`;
