import { defineElement } from '../base/define.js';
import { CsgFileTree } from './file-tree.js';

defineElement('csg-file-tree', CsgFileTree);

declare global {
  interface HTMLElementTagNameMap {
    'csg-file-tree': CsgFileTree;
  }
}
