import { defineElement } from '../base/define.js';
import { CsgNewOrg } from './new-org.js';

defineElement('csg-new-org', CsgNewOrg);

declare global {
  interface HTMLElementTagNameMap {
    'csg-new-org': CsgNewOrg;
  }
}
