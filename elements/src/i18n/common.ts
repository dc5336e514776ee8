import { defineMessages } from './i18n.js';

/** Strings every element shares (loading and error states, units). */
export const common = defineMessages({
  en: {
    loading: 'Loading…',
    retry: 'Retry',
    noClient: 'No hub to talk to: set the endpoint attribute or place this element inside <csg-hub>.',
    notFound: 'Not found, or you do not have access.',
    unauthorized: 'Sign in to see this.',
    forbidden: 'You do not have permission to do this.',
    network: 'The hub could not be reached.',
    error: 'Something went wrong: {message}',
    empty: 'Nothing here yet.',
    bytes: (v) => `${v.value} ${v.unit}`,
    lfs: 'LFS',
    close: 'Close',
    copy: 'Copy',
    copied: 'Copied',
  },
  'zh-CN': {
    loading: '加载中…',
    retry: '重试',
    noClient: '没有可连接的 Hub：请设置 endpoint 属性，或将此元素放在 <csg-hub> 中。',
    notFound: '未找到，或您没有访问权限。',
    unauthorized: '请登录后查看。',
    forbidden: '您没有执行此操作的权限。',
    network: '无法连接到 Hub。',
    error: '出错了：{message}',
    empty: '这里还没有内容。',
    bytes: (v) => `${v.value} ${v.unit}`,
    lfs: 'LFS',
    close: '关闭',
    copy: '复制',
    copied: '已复制',
  },
});
