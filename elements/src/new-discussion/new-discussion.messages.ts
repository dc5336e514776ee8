import { defineMessages } from '../i18n/i18n.js';

export const newDiscussionMessages = defineMessages({
  en: {
    title: 'New discussion',
    discussionTitle: 'Title',
    description: 'Description (Markdown)',
    create: 'Start discussion',
  },
  'zh-CN': {
    title: '新建讨论',
    discussionTitle: '标题',
    description: '描述（Markdown）',
    create: '发起讨论',
  },
});
