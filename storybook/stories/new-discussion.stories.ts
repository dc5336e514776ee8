import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-new-discussion', (client, a) => html`<csg-new-discussion repo="acme/llama-7b" .client=${client} theme=${a.theme}></csg-new-discussion>`);

export default { title: 'Elements/csg-new-discussion', component: 'csg-new-discussion', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
