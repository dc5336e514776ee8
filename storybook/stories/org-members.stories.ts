import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-org-members', (client, a) => html`<csg-org-members org="acme" editable .client=${client} theme=${a.theme}></csg-org-members>`);

export default { title: 'Elements/csg-org-members', component: 'csg-org-members', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
