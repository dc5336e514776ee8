import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-discussion-list', (client, a) => html`<csg-discussion-list repo="acme/llama-7b" .client=${client} theme=${a.theme}></csg-discussion-list>`);

export default { title: 'Elements/csg-discussion-list', component: 'csg-discussion-list', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
