// Entry of /elements.js: every class, and every tag registered.
export * from './index.js';
import './define.js';
// The client too, so a page loading only /elements.js can script the hub.
export * from '@csghub/client';
