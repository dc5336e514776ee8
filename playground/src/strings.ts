/** The shell's own few words (everything else is inside the elements, which translate themselves). */
const STRINGS = {
  en: {
    models: 'Models', datasets: 'Datasets', codes: 'Code', spaces: 'Spaces', search: 'Search repositories', searchPlaceholder: 'Search…',
    language: 'Language', dark: 'Dark', signIn: 'Sign in', signOut: 'Sign out', settings: 'Settings', newRepo: 'New repository',
    newOrg: 'New organization', home: 'Repositories', notFound: 'Page not found', notFoundText: 'There is nothing at this address.',
    profile: 'Profile', password: 'Password', tokens: 'Access tokens', keys: 'SSH keys', settingsNav: 'Settings sections',
    repos: 'Repositories of {name}', members: 'Members', signInFirst: 'Sign in to continue.', userPage: '{name}', orgPage: '{name}',
    skip: 'Skip to content', repoSettings: 'Settings', backToRepo: 'Back to {id}', discussion: 'Discussion #{n}', upload: 'Upload files', repoTypes: 'Repositories', accountNav: 'Account', newDiscussion: 'New discussion',
    adminUsers: 'Manage users', notAllowed: 'Not allowed', notAllowedText: 'Only site administrators can open this page.',
  },
  'zh-CN': {
    models: '模型', datasets: '数据集', codes: '代码', spaces: '应用空间', search: '搜索仓库', searchPlaceholder: '搜索…',
    language: '语言', dark: '深色', signIn: '登录', signOut: '退出', settings: '设置', newRepo: '新建仓库',
    newOrg: '新建组织', home: '仓库', notFound: '页面不存在', notFoundText: '此地址没有内容。',
    profile: '个人资料', password: '密码', tokens: '访问令牌', keys: 'SSH 密钥', settingsNav: '设置栏目',
    repos: '{name} 的仓库', members: '成员', signInFirst: '请先登录。', userPage: '{name}', orgPage: '{name}',
    skip: '跳到正文', repoSettings: '设置', backToRepo: '返回 {id}', discussion: '讨论 #{n}', upload: '上传文件', repoTypes: '仓库类型', accountNav: '账号', newDiscussion: '新建讨论',
    adminUsers: '用户管理', notAllowed: '无权访问', notAllowedText: '只有站点管理员可以打开此页面。',
  },
} as const;

export type Key = keyof (typeof STRINGS)['en'];
export type Lang = keyof typeof STRINGS;

export function tr(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return STRINGS[lang][key].replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));
}
