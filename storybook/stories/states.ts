import { html, type TemplateResult } from 'lit';
import { world, type State } from './world.js';
import '@csghub/elements/define';

/** The controls every story has (its state, language and theme). */
export const argTypes = {
  state: { control: 'select', options: ['default', 'empty', 'huge', 'loading', 'error'] },
  lang: { control: 'inline-radio', options: ['en', 'zh-CN'] },
  theme: { control: 'inline-radio', options: ['light', 'dark'] },
};

export interface StoryArgs {
  state: State;
  lang: 'en' | 'zh-CN';
  theme: 'light' | 'dark';
}

type Render = (client: ReturnType<typeof world>, args: StoryArgs) => TemplateResult;
type Story = { name: string; args: StoryArgs; render: (args: StoryArgs) => TemplateResult };

/**
 * Every element in every state: Default, Loading, Empty, Error, Huge, Dark (theme) and Chinese
 * (lang zh-CN). Each story gets a fresh fake hub, so stories never share state.
 */
export function states(_tag: string, render: Render) {
  const story = (name: string, args: Partial<StoryArgs>): Story => ({
    name,
    args: { state: 'default', lang: 'en', theme: 'light', ...args },
    render: (a) => html`<div lang=${a.lang} style=${a.theme === 'dark' ? 'background:#0d1117;padding:16px' : 'padding:0'}>${render(world(a.state), a)}</div>`,
  });
  return {
    Default: story('Default', {}),
    Loading: story('Loading', { state: 'loading' }),
    Empty: story('Empty', { state: 'empty' }),
    Failed: story('Error', { state: 'error' }),
    Huge: story('Huge', { state: 'huge' }),
    Dark: story('Dark theme', { theme: 'dark' }),
    Chinese: story('Chinese', { lang: 'zh-CN' }),
  };
}
