import { defineElement } from '../base/define.js';
import { CsgAdminUsers } from './admin-users.js';

defineElement('csg-admin-users', CsgAdminUsers);

declare global {
  interface HTMLElementTagNameMap {
    'csg-admin-users': CsgAdminUsers;
  }
}
