import { css, unsafeCSS } from 'lit';

/**
 * Theme tokens. Every colour is `var(--csg-color-X, var(--_csg-X))`: a page sets `--csg-color-X`
 * anywhere above an element (or on it) and wins in both themes; the private `--_csg-X` defaults
 * switch between light and dark by `prefers-color-scheme` or the `theme` attribute.
 */
const COLORS = {
  fg: ['#1f2328', '#e6edf3'],
  'fg-muted': ['#59636e', '#9198a1'],
  bg: ['#ffffff', '#0d1117'],
  'bg-subtle': ['#f6f8fa', '#151b23'],
  'bg-hover': ['#eef1f4', '#1f2630'],
  border: ['#d1d9e0', '#3d444d'],
  accent: ['#0969da', '#4493f8'],
  'accent-fg': ['#ffffff', '#ffffff'],
  danger: ['#cf222e', '#f85149'],
  success: ['#1a7f37', '#3fb950'],
  warning: ['#9a6700', '#d29922'],
  focus: ['#0969da', '#4493f8'],
  'added-bg': ['#dafbe1', '#12261e'],
  'removed-bg': ['#ffebe9', '#25171c'],
} as const;

type ColorName = keyof typeof COLORS;

const decl = (i: 0 | 1) => Object.entries(COLORS).map(([name, v]) => `--_csg-${name}: ${v[i]};`).join('\n');

/** `color(name)` → `var(--csg-color-name, var(--_csg-name))` for use inside `css`. */
export const color = (name: ColorName) => unsafeCSS(`var(--csg-color-${name}, var(--_csg-${name}))`);

export const themeStyles = css`
  :host {
    ${unsafeCSS(decl(0))}
    color-scheme: light;
    --_csg-font: var(--csg-font-family, system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', sans-serif);
    --_csg-mono: var(--csg-font-mono, ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, monospace);
    --_csg-size: var(--csg-font-size, 14px);
    --_csg-radius: var(--csg-radius, 6px);
    --_csg-space-xs: var(--csg-space-xs, 2px);
    --_csg-space-s: var(--csg-space-s, 4px);
    --_csg-space-m: var(--csg-space-m, 8px);
    --_csg-space-l: var(--csg-space-l, 16px);
    font-family: var(--_csg-font);
    font-size: var(--_csg-size);
    line-height: 1.5;
    color: ${color('fg')};
    /* Painted, so light text never lands on a light page (set --csg-color-bg: transparent to blend in). */
    background: ${color('bg')};
    box-sizing: border-box;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${unsafeCSS(decl(1))}
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    ${unsafeCSS(decl(1))}
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid ${color('focus')};
    outline-offset: 1px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  [part~='status'] {
    padding: var(--_csg-space-l);
    color: ${color('fg-muted')};
  }
  [part~='error'] {
    padding: var(--_csg-space-m) var(--_csg-space-l);
    color: ${color('danger')};
    border: 1px solid ${color('danger')};
    border-radius: var(--_csg-radius);
    margin: var(--_csg-space-m);
    display: flex;
    gap: var(--_csg-space-m);
    align-items: center;
    justify-content: space-between;
  }
  button {
    font: inherit;
    color: inherit;
    background: ${color('bg-subtle')};
    border: 1px solid ${color('border')};
    border-radius: var(--_csg-radius);
    padding: var(--_csg-space-s) var(--_csg-space-m);
    cursor: pointer;
  }
  button:hover {
    background: ${color('bg-hover')};
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    border: 2px solid ${color('border')};
    border-top-color: ${color('accent')};
    border-radius: 50%;
    animation: csg-spin 0.8s linear infinite;
    vertical-align: -0.15em;
    margin-inline-end: var(--_csg-space-m);
  }
  @keyframes csg-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
