import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-hub', (client, a) => html`<csg-hub .client=${client} theme=${a.theme}><csg-repo repo="acme/llama-7b"></csg-repo></csg-hub>`);

export default { title: 'Elements/csg-hub', component: 'csg-hub', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
