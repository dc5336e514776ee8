import { defineElement } from '../base/define.js';
import { CsgDiscussion } from './discussion.js';

defineElement('csg-discussion', CsgDiscussion);

declare global {
  interface HTMLElementTagNameMap {
    'csg-discussion': CsgDiscussion;
  }
}
