import { defineElement } from '../base/define.js';
import { CsgNewRepo } from './new-repo.js';

defineElement('csg-new-repo', CsgNewRepo);

declare global {
  interface HTMLElementTagNameMap {
    'csg-new-repo': CsgNewRepo;
  }
}
