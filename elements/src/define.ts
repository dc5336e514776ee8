/** Registers every `csg-*` tag. Importing any other module of the package registers nothing. */
import './hub/define.js';
import './file-tree/define.js';
import './file-view/define.js';
import './repo/define.js';
import './parquet-preview/define.js';
import './upload/define.js';
import './discussion/define.js';
import './discussion-list/define.js';
