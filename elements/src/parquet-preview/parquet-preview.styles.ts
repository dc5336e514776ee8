import { css } from 'lit';
import { color } from '../styles/tokens.js';

export const previewStyles = css`
  :host {
    display: block;
  }
  .pickers,
  .search,
  .filter-actions,
  .sql-actions,
  .condition {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_csg-space-m);
    align-items: center;
    margin: var(--_csg-space-m) 0;
  }
  .pickers label {
    display: inline-flex;
    gap: var(--_csg-space-s);
    align-items: center;
  }
  [part='views'] {
    display: flex;
    gap: var(--_csg-space-s);
    border-bottom: 1px solid ${color('border')};
    margin-bottom: var(--_csg-space-m);
  }
  [part='views'] [role='tab'] {
    border: none;
    border-bottom: 2px solid transparent;
    border-radius: 0;
    background: none;
  }
  [part='views'] [role='tab'][aria-selected='true'] {
    border-bottom-color: ${color('accent')};
    font-weight: 600;
  }
  .search input {
    flex: 1;
    min-width: 12em;
  }
  .filter {
    margin: var(--_csg-space-m) 0;
  }
  .filter fieldset {
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    margin: var(--_csg-space-s) 0;
  }
  .sub,
  .count {
    color: ${color('fg-muted')};
    margin: var(--_csg-space-s) 0;
  }
  code {
    font-family: var(--_csg-mono);
  }
  .scroller {
    position: relative;
    height: var(--csg-preview-height, 420px);
    overflow: auto;
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    contain: strict;
    outline-offset: -2px;
  }
  .head {
    position: sticky;
    top: 0;
    z-index: 2;
    background: ${color('bg-subtle')};
    border-bottom: 1px solid ${color('border')};
  }
  .spacer {
    position: relative;
    overflow: hidden;
  }
  .body {
    position: absolute;
    top: 0;
    left: 0;
    right: 0;
    will-change: transform;
  }
  .row {
    display: grid;
    height: ${28}px;
  }
  .head .row {
    height: auto;
    min-height: 28px;
  }
  .cell {
    padding: 0 var(--_csg-space-m);
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    line-height: 28px;
    border-inline-end: 1px solid ${color('border')};
    font-variant-numeric: tabular-nums;
  }
  .head .cell {
    line-height: 1.3;
    padding-block: var(--_csg-space-s);
    display: flex;
    flex-direction: column;
    font-weight: 600;
  }
  .sortable {
    cursor: pointer;
    position: relative;
  }
  .sort {
    position: absolute;
    inset-inline-end: var(--_csg-space-m);
    top: var(--_csg-space-s);
  }
  .type {
    font-weight: normal;
    font-family: var(--_csg-mono);
    font-size: 0.85em;
    color: ${color('fg-muted')};
  }
  .number {
    color: ${color('fg-muted')};
    text-align: end;
    position: sticky;
    left: 0;
    background: ${color('bg-subtle')};
  }
  .null .value,
  .loading {
    color: ${color('fg-muted')};
    font-style: italic;
  }
  .cell.active {
    outline: 2px solid ${color('focus')};
    outline-offset: -2px;
  }
  .truncated {
    margin-inline-start: var(--_csg-space-s);
    padding: 0 var(--_csg-space-s);
    font-size: 0.8em;
    border-radius: var(--_csg-radius);
    background: ${color('warning')};
    color: ${color('bg')};
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: var(--_csg-space-s) var(--_csg-space-m);
    border-bottom: 1px solid ${color('border')};
    vertical-align: middle;
  }
  .histogram {
    color: ${color('accent')};
    fill: currentColor;
    display: block;
  }
  .sql textarea {
    display: block;
    width: 100%;
    font-family: var(--_csg-mono);
    margin-top: var(--_csg-space-s);
  }
  .sql-scroll {
    max-height: var(--csg-preview-height, 420px);
    overflow: auto;
  }
`;
