/** Registers every `csg-*` tag. Importing any other module of the package registers nothing. */
import './hub/define.js';
import './file-tree/define.js';
import './file-view/define.js';
import './repo/define.js';
import './sign-in/define.js';
import './repo-list/define.js';
import './new-repo/define.js';
import './new-org/define.js';
import './admin-users/define.js';
import './account-settings/define.js';
import './org-members/define.js';
import './repo-settings/define.js';
import './parquet-preview/define.js';
import './upload/define.js';
import './discussion/define.js';
import './discussion-list/define.js';
import './new-discussion/define.js';
