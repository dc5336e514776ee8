import { css } from 'lit';
import { color } from '../styles/tokens.js';

/** Shared by `<csg-discussion-list>` and `<csg-discussion>`. */
export const discussionStyles = css`
  :host {
    display: block;
  }
  .filters,
  .pager,
  .actions,
  .meta-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_csg-space-m);
    align-items: center;
    margin: var(--_csg-space-m) 0;
  }
  textarea {
    width: 100%;
    display: block;
  }
  ul,
  ol {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  [part='item'] {
    display: flex;
    width: 100%;
    text-align: start;
    gap: var(--_csg-space-m);
    align-items: baseline;
    background: none;
    border: none;
    border-bottom: 1px solid ${color('border')};
    border-radius: 0;
    padding: var(--_csg-space-m);
  }
  [part='item']:hover {
    background: ${color('bg-hover')};
  }
  .num,
  .sub {
    color: ${color('fg-muted')};
  }
  .grow {
    flex: 1;
  }
  [part~='badge'] {
    display: inline-block;
    border-radius: 999px;
    padding: 0 var(--_csg-space-m);
    font-size: 0.85em;
    border: 1px solid ${color('border')};
    white-space: nowrap;
  }
  [part~='badge'].open {
    color: ${color('success')};
    border-color: ${color('success')};
  }
  [part~='badge'].merged {
    color: ${color('accent')};
    border-color: ${color('accent')};
  }
  [part~='badge'].closed {
    color: ${color('danger')};
    border-color: ${color('danger')};
  }
  [part='comment'] {
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    margin: var(--_csg-space-m) 0;
  }
  [part='comment'] header {
    display: flex;
    gap: var(--_csg-space-m);
    align-items: center;
    background: ${color('bg-subtle')};
    padding: var(--_csg-space-s) var(--_csg-space-m);
    border-bottom: 1px solid ${color('border')};
  }
  .body {
    padding: var(--_csg-space-m) var(--_csg-space-l);
  }
  .event {
    color: ${color('fg-muted')};
    padding: var(--_csg-space-s) var(--_csg-space-m);
  }
  [role='tablist'] {
    display: flex;
    gap: var(--_csg-space-s);
    margin-bottom: var(--_csg-space-s);
  }
  [role='tab'][aria-selected='true'] {
    border-color: ${color('accent')};
    font-weight: 600;
  }
  .primary {
    background: ${color('accent')};
    color: ${color('accent-fg')};
    border-color: ${color('accent')};
  }
  .merge {
    background: ${color('success')};
    color: ${color('accent-fg')};
    border-color: ${color('success')};
  }
  h2 {
    margin: var(--_csg-space-m) 0;
    font-size: 1.4em;
  }
  pre[part='diff'] {
    max-height: 32em;
  }
  .warning {
    color: ${color('warning')};
  }
`;
