import { css } from 'lit';
import { color } from './tokens.js';

/** Text fields and pickers as every element draws them. */
export const fieldStyles = css`
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
    background: ${color('bg')};
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    padding: var(--_csg-space-s) var(--_csg-space-m);
  }
`;

/** Forms, tables and lists shared by the account and settings elements (fields included). */
export const formStyles = css`
  ${fieldStyles}
  :host {
    display: block;
  }
  form,
  section {
    display: grid;
    gap: var(--_csg-space-m);
    max-width: var(--csg-form-width, 40rem);
  }
  section + section {
    margin-top: var(--_csg-space-l);
    padding-top: var(--_csg-space-l);
    border-top: 1px solid ${color('border')};
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1.1em;
  }
  label {
    display: grid;
    gap: var(--_csg-space-xs);
    font-weight: 600;
  }
  .hint {
    font-weight: normal;
    color: ${color('fg-muted')};
    font-size: 0.9em;
    margin: 0;
  }
  input,
  select,
  textarea {
    font-weight: normal;
  }
  fieldset {
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    display: flex;
    flex-wrap: wrap;
    gap: var(--_csg-space-l);
  }
  fieldset label {
    display: flex;
    gap: var(--_csg-space-s);
    align-items: center;
    font-weight: normal;
  }
  /* The page background as text on the accent: readable in both themes. */
  button[type='submit'],
  button.primary {
    background: ${color('accent')};
    color: ${color('bg')};
    border-color: ${color('accent')};
    justify-self: start;
  }
  button.danger {
    color: ${color('danger')};
    background: ${color('bg')};
    border-color: ${color('danger')};
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
  }
  code {
    font-family: var(--_csg-mono);
    word-break: break-all;
  }
  [part~='notice'] {
    padding: var(--_csg-space-m);
    border: 1px solid ${color('success')};
    border-radius: var(--_csg-radius);
    color: ${color('fg')};
  }
  [part~='error'] {
    margin: 0;
  }
`;
