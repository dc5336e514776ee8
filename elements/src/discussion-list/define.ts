import { defineElement } from '../base/define.js';
import { CsgDiscussionList } from './discussion-list.js';

defineElement('csg-discussion-list', CsgDiscussionList);

declare global {
  interface HTMLElementTagNameMap {
    'csg-discussion-list': CsgDiscussionList;
  }
}
