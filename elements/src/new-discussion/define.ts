import { defineElement } from '../base/define.js';
import { CsgNewDiscussion } from './new-discussion.js';

defineElement('csg-new-discussion', CsgNewDiscussion);

declare global {
  interface HTMLElementTagNameMap {
    'csg-new-discussion': CsgNewDiscussion;
  }
}
