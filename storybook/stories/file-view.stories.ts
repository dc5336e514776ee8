import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-file-view', (client, a) => html`<csg-file-view repo="acme/llama-7b" path="README.md" .client=${client} theme=${a.theme}></csg-file-view>`);

export default { title: 'Elements/csg-file-view', component: 'csg-file-view', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
