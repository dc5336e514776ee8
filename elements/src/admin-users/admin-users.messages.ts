import { defineMessages } from '../i18n/i18n.js';

export const adminUsersMessages = defineMessages({
  en: {
    title: 'Create a user',
    intro: 'Site administrators create accounts; the new user signs in with this password and can change it under Settings.',
    name: 'User name',
    email: 'Email',
    password: 'Initial password',
    isAdmin: 'Site administrator',
    create: 'Create user',
    created: 'User {name} created. They can sign in now.',
  },
  'zh-CN': {
    title: '创建用户',
    intro: '由站点管理员创建账号；新用户用此密码登录，之后可在“设置”中修改。',
    name: '用户名',
    email: '邮箱',
    password: '初始密码',
    isAdmin: '站点管理员',
    create: '创建用户',
    created: '已创建用户 {name}，现在即可登录。',
  },
});
