import { defineElement } from '../base/define.js';
import { CsgAccountSettings } from './account-settings.js';

defineElement('csg-account-settings', CsgAccountSettings);

declare global {
  interface HTMLElementTagNameMap {
    'csg-account-settings': CsgAccountSettings;
  }
}
