import { createApp, h, ref } from 'vue';
import '../intranet/portal.css';
import { connect } from '../demo/connect.js';

// The same elements inside a Vue 3 app (render functions: no runtime template compiler, so the
// page runs under the hub's CSP without 'unsafe-eval'); properties set with Vue's `.prop` binding,
// `^dataset` forced to an attribute (`dataset` is also HTMLElement's read-only data-* map).
const demo = await connect();

createApp({
  setup() {
    const path = ref('');
    return () => h('main', { id: 'content' }, [
      h('h1', 'Elements in Vue'),
      h('p', { class: 'lead' }, `Open file: ${path.value || '(none)'}`),
      h('csg-hub', { '.fetch': demo.fetch, '.endpoint': demo.endpoint }, [
        h('section', { class: 'card', 'aria-label': 'Repository' }, [
          h('csg-repo', { repo: demo.repo, type: 'dataset', onCsgNavigate: (e: Event & { state: { path: string } }) => (path.value = e.state.path) }),
        ]),
        h('section', { class: 'card', 'aria-label': 'Preview' }, [h('csg-parquet-preview', { '^dataset': demo.dataset })]),
      ]),
    ]);
  },
}).mount('#app');
document.body.dataset.ready = 'true';
