import { defineElement } from '../base/define.js';
import { CsgRepoList } from './repo-list.js';

defineElement('csg-repo-list', CsgRepoList);

declare global {
  interface HTMLElementTagNameMap {
    'csg-repo-list': CsgRepoList;
  }
}
