import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-sign-in', (client, a) => html`<csg-sign-in .client=${client} theme=${a.theme}></csg-sign-in>`);

export default { title: 'Elements/csg-sign-in', component: 'csg-sign-in', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
