import { css } from 'lit';
import { color } from '../styles/tokens.js';

export const fileViewStyles = css`
  :host {
    display: block;
  }
  [part~='base'] {
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    background: ${color('bg')};
    overflow: hidden;
  }
  [part~='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_csg-space-m);
    padding: var(--_csg-space-m) var(--_csg-space-l);
    background: ${color('bg-subtle')};
    border-bottom: 1px solid ${color('border')};
  }
  [part~='path'] {
    font-family: var(--_csg-mono);
    font-weight: 600;
    overflow-wrap: anywhere;
    margin: 0;
    font-size: 1em;
  }
  .meta {
    color: ${color('fg-muted')};
    font-size: 0.92em;
  }
  .spacer {
    flex: 1;
  }
  a {
    color: ${color('accent')};
  }
  [part~='action'] {
    display: inline-flex;
    align-items: center;
    gap: var(--_csg-space-s);
    padding: var(--_csg-space-xs) var(--_csg-space-m);
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    text-decoration: none;
    color: inherit;
    background: ${color('bg')};
    font-size: 0.92em;
  }
  [part~='badge'] {
    font-size: 0.75em;
    font-weight: 600;
    padding: 0 var(--_csg-space-s);
    border: 1px solid ${color('border')};
    border-radius: 999px;
    color: ${color('fg-muted')};
  }
  [part~='content'] {
    padding: var(--_csg-space-l);
    overflow: auto;
    max-height: var(--csg-file-view-max-height, none);
  }
  [part~='code'] {
    margin: 0;
    border: 0;
    border-radius: 0;
    padding: var(--_csg-space-m) var(--_csg-space-l);
    background: transparent;
    line-height: 1.45;
    tab-size: 4;
  }
  [part~='image'] {
    max-width: 100%;
    display: block;
    margin: 0 auto;
    background: repeating-conic-gradient(${color('bg-subtle')} 0 25%, transparent 0 50%) 0 0 / 16px 16px;
  }
  [part~='card'] {
    display: grid;
    gap: var(--_csg-space-m);
    justify-items: start;
    padding: var(--_csg-space-l);
  }
  .oid {
    font-family: var(--_csg-mono);
    font-size: 0.85em;
    overflow-wrap: anywhere;
    color: ${color('fg-muted')};
  }
  dl.summary {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--_csg-space-s) var(--_csg-space-l);
    margin: 0 0 var(--_csg-space-l);
  }
  dl.summary dt {
    color: ${color('fg-muted')};
  }
  dl.summary dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.92em;
  }
  th,
  td {
    text-align: start;
    padding: var(--_csg-space-xs) var(--_csg-space-m);
    border-bottom: 1px solid ${color('border')};
  }
  td.mono {
    font-family: var(--_csg-mono);
    overflow-wrap: anywhere;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: var(--_csg-space-m) 0;
  }
  .note {
    color: ${color('fg-muted')};
    font-size: 0.92em;
  }
`;
