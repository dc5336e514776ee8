import { css } from 'lit';
import { color } from '../styles/tokens.js';

export const repoStyles = css`
  :host {
    display: block;
  }
  [part~='header'] {
    display: grid;
    gap: var(--_csg-space-m);
    padding-bottom: var(--_csg-space-l);
  }
  .title {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_csg-space-m);
  }
  [part~='name'] {
    margin: 0;
    font-size: 1.35em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  [part~='name'] .ns {
    font-weight: 400;
    color: ${color('fg-muted')};
  }
  [part~='visibility'],
  [part~='tag'],
  [part~='license'] {
    display: inline-flex;
    align-items: center;
    gap: var(--_csg-space-xs);
    font-size: 0.8em;
    padding: 0 var(--_csg-space-m);
    border: 1px solid ${color('border')};
    border-radius: 999px;
    color: ${color('fg-muted')};
    white-space: nowrap;
  }
  .stats {
    display: flex;
    gap: var(--_csg-space-l);
    color: ${color('fg-muted')};
    font-size: 0.92em;
    align-items: center;
  }
  .stats span {
    display: inline-flex;
    align-items: center;
    gap: var(--_csg-space-s);
  }
  [part~='tags'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_csg-space-s);
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='tag'] {
    background: ${color('bg-subtle')};
  }
  [part~='clone'] summary {
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: var(--_csg-space-s);
    padding: var(--_csg-space-xs) var(--_csg-space-m);
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    background: ${color('bg-subtle')};
  }
  .clone-body {
    display: grid;
    gap: var(--_csg-space-s);
    margin-top: var(--_csg-space-m);
    padding: var(--_csg-space-m);
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
  }
  .clone-line {
    display: grid;
    grid-template-columns: 9em minmax(0, 1fr) auto;
    align-items: center;
    gap: var(--_csg-space-m);
  }
  .clone-line code {
    font-family: var(--_csg-mono);
    font-size: 0.88em;
    overflow-x: auto;
    white-space: nowrap;
    background: ${color('bg-subtle')};
    padding: var(--_csg-space-xs) var(--_csg-space-m);
    border-radius: var(--_csg-radius);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: var(--_csg-space-m);
    border-bottom: 1px solid ${color('border')};
    margin-bottom: var(--_csg-space-l);
  }
  [part~='tabs'] {
    display: flex;
    gap: var(--_csg-space-xs);
  }
  [part~='tab'] {
    border: 0;
    border-bottom: 2px solid transparent;
    border-radius: 0;
    background: none;
    padding: var(--_csg-space-m) var(--_csg-space-l);
    color: ${color('fg-muted')};
  }
  [part~='tab'][aria-selected='true'] {
    color: ${color('fg')};
    border-bottom-color: var(--csg-repo-tab-accent, ${color('accent')});
    font-weight: 600;
  }
  select {
    font: inherit;
    color: inherit;
    background: ${color('bg')};
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    padding: var(--_csg-space-xs) var(--_csg-space-m);
    margin-bottom: var(--_csg-space-s);
  }
  .files {
    display: grid;
    grid-template-columns: minmax(16em, var(--csg-repo-tree-width, 38%)) minmax(0, 1fr);
    gap: var(--_csg-space-l);
    align-items: start;
  }
  @media (max-width: 800px) {
    .files {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  [part~='card'] {
    max-width: 60em;
  }
  .metadata {
    margin-bottom: var(--_csg-space-l);
  }
  .metadata h3 {
    font-size: 0.92em;
    color: ${color('fg-muted')};
    margin: 0 0 var(--_csg-space-s);
  }
  ol.commits {
    list-style: none;
    padding: 0;
    margin: 0;
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
  }
  ol.commits li {
    border-bottom: 1px solid ${color('border')};
  }
  ol.commits li:last-child {
    border-bottom: 0;
  }
  [part~='commit'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: var(--_csg-space-m);
    width: 100%;
    text-align: start;
    border: 0;
    border-radius: 0;
    background: none;
    padding: var(--_csg-space-m) var(--_csg-space-l);
  }
  .sha {
    font-family: var(--_csg-mono);
    font-size: 0.88em;
    color: ${color('fg-muted')};
  }
  .sub {
    color: ${color('fg-muted')};
    font-size: 0.88em;
  }
  h3.section {
    font-size: 1em;
    margin: 0 0 var(--_csg-space-m);
  }
  .changed {
    list-style: none;
    padding: 0;
    margin: 0 0 var(--_csg-space-l);
  }
  .changed li {
    display: flex;
    gap: var(--_csg-space-m);
    font-family: var(--_csg-mono);
    font-size: 0.9em;
  }
  .add {
    color: ${color('success')};
  }
  .del {
    color: ${color('danger')};
  }
  [part~='placeholder'] {
    padding: var(--_csg-space-l);
    color: ${color('fg-muted')};
    border: 1px dashed ${color('border')};
    border-radius: var(--_csg-radius);
  }
`;
