import { css } from 'lit';
import { color } from '../styles/tokens.js';

export const fileTreeStyles = css`
  :host {
    display: block;
    --_indent: var(--csg-file-tree-indent, 16px);
    --_row: var(--csg-file-tree-row-height, 28px);
  }
  [part~='base'] {
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    background: ${color('bg')};
    overflow: hidden;
  }
  [role='tree'] {
    height: var(--csg-file-tree-height, 420px);
    overflow: auto;
    outline: none;
    position: relative;
  }
  [role='tree']:focus-visible {
    box-shadow: inset 0 0 0 2px ${color('focus')};
  }
  .sizer {
    position: relative;
    contain: strict;
    width: 100%;
  }
  .window {
    will-change: transform;
  }
  [part~='row'] {
    display: grid;
    grid-template-columns: minmax(8em, 1fr) minmax(0, 2fr) auto auto;
    align-items: center;
    gap: var(--_csg-space-m);
    width: 100%;
    height: var(--_row);
    padding-inline: var(--_csg-space-m);
    padding-inline-start: calc(var(--_csg-space-m) + var(--level) * var(--_indent));
    cursor: pointer;
    white-space: nowrap;
    border-bottom: 1px solid ${color('bg-subtle')};
  }
  [part~='row']:hover {
    background: ${color('bg-hover')};
  }
  [part~='row'].active {
    background: ${color('bg-hover')};
  }
  [role='tree']:focus-visible [part~='row'].active {
    outline: 2px solid ${color('focus')};
    outline-offset: -2px;
  }
  [part~='row'][aria-selected='true'] {
    background: color-mix(in srgb, ${color('accent')} 14%, transparent);
  }
  .name {
    display: flex;
    align-items: center;
    gap: var(--_csg-space-s);
    min-width: 0;
  }
  [part~='label'] {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .toggle {
    display: inline-flex;
    width: 16px;
    flex: none;
    color: ${color('fg-muted')};
  }
  [part~='icon'] {
    display: inline-flex;
    flex: none;
    color: ${color('fg-muted')};
  }
  .dir [part~='icon'] {
    color: var(--csg-file-tree-folder-color, ${color('accent')});
  }
  [part~='commit'] {
    overflow: hidden;
    text-overflow: ellipsis;
    color: ${color('fg-muted')};
    font-size: 0.92em;
  }
  [part~='size'] {
    color: ${color('fg-muted')};
    font-variant-numeric: tabular-nums;
    text-align: end;
    min-width: 5em;
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
  .date {
    color: ${color('fg-muted')};
    font-size: 0.92em;
    min-width: 6em;
    text-align: end;
  }
  .spinner {
    width: 0.8em;
    height: 0.8em;
    margin: 0;
  }
  [part~='empty'] {
    padding: var(--_csg-space-l);
    color: ${color('fg-muted')};
  }
  .more {
    padding: var(--_csg-space-s) var(--_csg-space-m);
    color: ${color('fg-muted')};
    font-size: 0.92em;
    border-top: 1px solid ${color('border')};
  }
  @media (max-width: 600px) {
    [part~='row'] {
      grid-template-columns: minmax(0, 1fr) auto;
    }
    [part~='commit'],
    .date {
      display: none;
    }
  }
`;
