import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-discussion', (client, a) => html`<csg-discussion repo="acme/llama-7b" num=${a.state === 'huge' ? 400 : a.state === 'empty' ? 1 : 4} .client=${client} theme=${a.theme}></csg-discussion>`);

export default { title: 'Elements/csg-discussion', component: 'csg-discussion', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
