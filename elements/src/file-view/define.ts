import { defineElement } from '../base/define.js';
import { CsgFileView } from './file-view.js';

defineElement('csg-file-view', CsgFileView);

declare global {
  interface HTMLElementTagNameMap {
    'csg-file-view': CsgFileView;
  }
}
