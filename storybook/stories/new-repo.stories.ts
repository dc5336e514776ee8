import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-new-repo', (client, a) => html`<csg-new-repo .client=${client} theme=${a.theme}></csg-new-repo>`);

export default { title: 'Elements/csg-new-repo', component: 'csg-new-repo', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
