import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-new-org', (client, a) => html`<csg-new-org .client=${client} theme=${a.theme}></csg-new-org>`);

export default { title: 'Elements/csg-new-org', component: 'csg-new-org', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
