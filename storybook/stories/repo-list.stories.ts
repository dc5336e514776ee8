import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-repo-list', (client, a) => html`<csg-repo-list types="model,dataset,code,space" .client=${client} theme=${a.theme}></csg-repo-list>`);

export default { title: 'Elements/csg-repo-list', component: 'csg-repo-list', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
