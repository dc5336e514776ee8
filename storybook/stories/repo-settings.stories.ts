import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-repo-settings', (client, a) => html`<csg-repo-settings repo="acme/llama-7b" .client=${client} theme=${a.theme}></csg-repo-settings>`);

export default { title: 'Elements/csg-repo-settings', component: 'csg-repo-settings', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
