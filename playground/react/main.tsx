import { createElement as h, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import '../intranet/portal.css';
import { connect } from '../demo/connect.js';

// The same elements inside a React 19 app: custom elements are plain tags, properties (.fetch)
// are set through a ref callback, events are listened to the same way.
const demo = await connect();

function App(): ReactNode {
  const [path, setPath] = useState('');
  const hubRef = (node: (HTMLElement & { fetch?: typeof fetch; endpoint?: string }) | null) => {
    if (node) {
      node.fetch = demo.fetch;
      node.endpoint = demo.endpoint;
    }
  };
  const repoRef = (node: HTMLElement | null) => {
    node?.addEventListener('csg-navigate', (e) => setPath((e as Event & { state: { path: string } }).state.path));
  };
  return h('main', { id: 'content' },
    h('h1', null, 'Elements in React'),
    h('p', { className: 'lead', 'data-testid': 'react-path' }, `Open file: ${path || '(none)'}`),
    h('csg-hub', { ref: hubRef },
      h('section', { className: 'card', 'aria-label': 'Repository' }, h('csg-repo', { ref: repoRef, repo: demo.repo, type: 'dataset' })),
      // `dataset` is also HTMLElement's read-only data-* map, which React 19 would try to assign: set the attribute.
      h('section', { className: 'card', 'aria-label': 'Preview' }, h('csg-parquet-preview', { ref: (node: HTMLElement | null) => node?.setAttribute('dataset', demo.dataset) }))));
}

createRoot(document.getElementById('root')!).render(h(App));
document.body.dataset.ready = 'true';
