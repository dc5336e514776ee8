import './portal.css';
import { connect } from '../demo/connect.js';

// The portal's own few lines: where the hub is, and which repository to show.
const demo = await connect();
const hub = document.getElementById('hub') as HTMLElement & { endpoint?: string; fetch?: typeof fetch };
hub.fetch = demo.fetch;
hub.endpoint = demo.endpoint;
document.getElementById('repo')!.setAttribute('repo', demo.repo);
document.getElementById('upload')!.setAttribute('repo', demo.repo);
document.getElementById('preview')!.setAttribute('dataset', demo.dataset);
document.body.dataset.ready = 'true';
