import { css } from 'lit';

/** The admin checkbox sits beside its label, not above it as the text fields do. */
export const adminUsersStyles = css`
  label.check {
    display: flex;
    align-items: center;
    gap: var(--_csg-space-s);
  }
  .intro {
    margin: 0;
  }
`;
