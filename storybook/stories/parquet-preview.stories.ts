import { html } from 'lit';
import { argTypes, states } from './states.js';

const s = states('csg-parquet-preview', (client, a) => html`<csg-parquet-preview dataset="acme/corpus" .client=${client} theme=${a.theme}></csg-parquet-preview>`);

export default { title: 'Elements/csg-parquet-preview', component: 'csg-parquet-preview', argTypes };
export const Default = s.Default;
export const Loading = s.Loading;
export const Empty = s.Empty;
export const Failed = s.Failed;
export const Huge = s.Huge;
export const Dark = s.Dark;
export const Chinese = s.Chinese;
