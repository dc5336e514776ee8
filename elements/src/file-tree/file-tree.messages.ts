import { defineMessages } from '../i18n/i18n.js';

export const treeMessages = defineMessages({
  en: {
    label: 'Files of {repo}',
    empty: 'This repository has no files yet.',
    emptyDir: 'Empty directory',
    loadingDir: 'Loading {path}…',
    dirError: 'Could not load {path}: {message}',
    lfs: 'Stored with Git LFS',
    loadingMore: 'Loading more entries ({count} so far)…',
  },
  'zh-CN': {
    label: '{repo} 的文件',
    empty: '此仓库还没有文件。',
    emptyDir: '空目录',
    loadingDir: '正在加载 {path}…',
    dirError: '无法加载 {path}：{message}',
    lfs: '使用 Git LFS 存储',
    loadingMore: '正在加载更多条目（已加载 {count} 个）…',
  },
});
