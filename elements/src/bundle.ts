// Entry of /elements.js: every class, and every tag registered.
export * from './index.js';
import './define.js';
