import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-file-tree', (client, a) => html`<csg-file-tree repo="acme/llama-7b" .client=${client} theme=${a.theme}></csg-file-tree>`);

export default { title: 'Elements/csg-file-tree', component: 'csg-file-tree', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
