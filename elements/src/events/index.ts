export { CsgDirToggleEvent } from './dir-toggle.js';
export { CsgFileSelectEvent } from './file-select.js';
export { CsgLoadErrorEvent } from './load-error.js';
export { CsgNavigateEvent } from './navigate.js';
export type { NavigationState, RepoTab } from './navigate.js';
export { CsgSignedInEvent, CsgCreatedEvent, CsgRepoChangeEvent, CsgListChangeEvent } from './account.js';
export { CsgUploadStartEvent, CsgUploadProgressEvent, CsgUploadCompleteEvent, CsgUploadErrorEvent } from './upload.js';
export type { UploadItem } from './upload.js';
