import { defineMessages } from '../i18n/i18n.js';

export const newOrgMessages = defineMessages({
  en: {
    title: 'New organization',
    name: 'Name',
    fullname: 'Display name (optional)',
    description: 'Description (optional)',
    create: 'Create organization',
  },
  'zh-CN': {
    title: '新建组织',
    name: '名称',
    fullname: '显示名称（可选）',
    description: '描述（可选）',
    create: '创建组织',
  },
});
