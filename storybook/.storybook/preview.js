import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from '../../elements/custom-elements.json';

// API docs (attributes, properties, events, slots, parts, custom properties) come from the manifest.
setCustomElementsManifest(manifest);

/** @type {import('@storybook/web-components-vite').Preview} */
export default {
  tags: ['autodocs'],
  parameters: { layout: 'padded', controls: { expanded: true } },
};
