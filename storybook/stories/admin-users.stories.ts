import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-admin-users', (client, a) => html`<csg-admin-users .client=${client} theme=${a.theme}></csg-admin-users>`);

export default { title: 'Elements/csg-admin-users', component: 'csg-admin-users', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
