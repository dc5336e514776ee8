// Classes and helpers only: nothing here registers a tag (import '@csghub/elements/define' for that).
export { CsgElement, type Theme } from './base/csg-element.js';
export { defineElement } from './base/define.js';
export { errorMessage } from './base/errors.js';
export { hubClientContext } from './context/hub-client.js';
export * from './events/index.js';
export { CsgHub } from './hub/hub.js';
export { defineMessages, toLocale, translate, resolveLang, LOCALES, type Catalog, type Locale, type Message, type Vars } from './i18n/i18n.js';
export { common } from './i18n/common.js';
export { formatBytes, formatCount, formatDate, formatNumber, formatRelative } from './format/format.js';
export { renderMarkdown, splitFrontMatter } from './lazy/markdown.js';
export { highlight, highlightBlocks, languageForPath } from './lazy/highlight.js';
export { themeStyles, color } from './styles/tokens.js';
export { codeStyles } from './styles/code.js';
export { CsgRepoElement } from './base/repo-element.js';
export { icons } from './base/icons.js';
export { CsgFileTree } from './file-tree/file-tree.js';
export { CsgFileView } from './file-view/file-view.js';
export { readSafetensorsHeader, readGgufHeader, HeaderError, type ModelHeader, type TensorInfo } from './file-view/model-header.js';
