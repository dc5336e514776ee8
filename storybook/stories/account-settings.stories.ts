import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-account-settings', (client, a) => html`${(['profile', 'password', 'tokens', 'ssh-keys'] as const).map((s) => html`<csg-account-settings section=${s} .client=${client} theme=${a.theme}></csg-account-settings>`)}`);

export default { title: 'Elements/csg-account-settings', component: 'csg-account-settings', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
