import { defineElement } from '../base/define.js';
import { CsgRepo } from './repo.js';

defineElement('csg-repo', CsgRepo);

declare global {
  interface HTMLElementTagNameMap {
    'csg-repo': CsgRepo;
  }
}
