import { defineElement } from '../base/define.js';
import { CsgHub } from './hub.js';

defineElement('csg-hub', CsgHub);

declare global {
  interface HTMLElementTagNameMap {
    'csg-hub': CsgHub;
  }
}
