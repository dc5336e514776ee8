import { defineMessages } from '../i18n/i18n.js';

export const signInMessages = defineMessages({
  en: {
    title: 'Sign in',
    username: 'Username or email',
    password: 'Password',
    submit: 'Sign in',
    noSignUp: 'Accounts are created by the hub’s administrators.',
    failed: 'Invalid username or password.',
  },
  'zh-CN': {
    title: '登录',
    username: '用户名或邮箱',
    password: '密码',
    submit: '登录',
    noSignUp: '账号由 Hub 管理员创建。',
    failed: '用户名或密码错误。',
  },
});
