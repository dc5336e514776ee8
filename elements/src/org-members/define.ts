import { defineElement } from '../base/define.js';
import { CsgOrgMembers } from './org-members.js';

defineElement('csg-org-members', CsgOrgMembers);

declare global {
  interface HTMLElementTagNameMap {
    'csg-org-members': CsgOrgMembers;
  }
}
