import { defineElement } from '../base/define.js';
import { CsgUpload } from './upload.js';

defineElement('csg-upload', CsgUpload);

declare global {
  interface HTMLElementTagNameMap {
    'csg-upload': CsgUpload;
  }
}
