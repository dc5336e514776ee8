// Storybook for the elements, offline: no telemetry, no update check, stories against a fake hub.
/** @type {import('@storybook/web-components-vite').StorybookConfig} */
export default {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  docs: { defaultName: 'API' },
};
