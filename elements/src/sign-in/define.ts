import { defineElement } from '../base/define.js';
import { CsgSignIn } from './sign-in.js';

defineElement('csg-sign-in', CsgSignIn);

declare global {
  interface HTMLElementTagNameMap {
    'csg-sign-in': CsgSignIn;
  }
}
