import { defineElement } from '../base/define.js';
import { CsgRepoSettings } from './repo-settings.js';

defineElement('csg-repo-settings', CsgRepoSettings);

declare global {
  interface HTMLElementTagNameMap {
    'csg-repo-settings': CsgRepoSettings;
  }
}
