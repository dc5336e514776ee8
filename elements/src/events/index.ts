export { CsgDirToggleEvent } from './dir-toggle.js';
export { CsgFileSelectEvent } from './file-select.js';
export { CsgLoadErrorEvent } from './load-error.js';
export { CsgNavigateEvent } from './navigate.js';
export type { NavigationState, RepoTab } from './navigate.js';
export { CsgUploadStartEvent, CsgUploadProgressEvent, CsgUploadCompleteEvent, CsgUploadErrorEvent } from './upload.js';
export type { UploadItem } from './upload.js';
export { CsgDiscussionSelectEvent, CsgDiscussionChangeEvent } from './discussion.js';
export type { DiscussionAction } from './discussion.js';
