import { css } from 'lit';
import { color } from '../styles/tokens.js';

export const uploadStyles = css`
  :host {
    display: block;
  }
  .dropzone {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_csg-space-m);
    align-items: center;
    justify-content: center;
    padding: calc(var(--_csg-space-l) * 2) var(--_csg-space-l);
    border: 2px dashed ${color('border')};
    border-radius: var(--_csg-radius);
    background: var(--csg-upload-drop-bg, ${color('bg-subtle')});
  }
  .dropzone.dragging {
    border-color: ${color('accent')};
  }
  .pick {
    position: relative;
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    padding: var(--_csg-space-s) var(--_csg-space-m);
    background: ${color('bg')};
    cursor: pointer;
  }
  .pick input {
    position: absolute;
    inset: 0;
    opacity: 0;
    width: 100%;
    cursor: pointer;
  }
  .pick:focus-within {
    outline: 2px solid ${color('focus')};
  }
  ul {
    list-style: none;
    padding: 0;
    margin: var(--_csg-space-m) 0;
  }
  li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto 8em 8em auto;
    gap: var(--_csg-space-m);
    align-items: center;
    padding: var(--_csg-space-s) 0;
    border-bottom: 1px solid ${color('border')};
  }
  .path {
    overflow-wrap: anywhere;
    font-family: var(--_csg-mono);
  }
  .size,
  .state,
  .sub {
    color: ${color('fg-muted')};
  }
  .commit label {
    display: flex;
    flex-direction: column;
    gap: var(--_csg-space-xs);
    margin: var(--_csg-space-m) 0;
  }
  .total {
    display: flex;
    gap: var(--_csg-space-m);
    align-items: center;
    flex-wrap: wrap;
  }
  .total progress {
    flex: 1;
  }
  .actions {
    display: flex;
    gap: var(--_csg-space-m);
    margin: var(--_csg-space-m) 0;
  }
  .primary {
    background: ${color('accent')};
    color: ${color('accent-fg')};
    border-color: ${color('accent')};
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
`;
