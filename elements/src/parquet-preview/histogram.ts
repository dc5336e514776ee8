import { svg, type SVGTemplateResult } from 'lit';

/**
 * A small inline bar chart (an SVG of `width`×`height`, bars in currentColor): the hub's histogram
 * counts or label frequencies. Decorative on its own: callers give it an accessible label.
 */
export function bars(counts: number[], width = 120, height = 32): SVGTemplateResult {
  const max = Math.max(1, ...counts);
  const w = counts.length ? width / counts.length : width;
  return svg`<svg class="histogram" viewBox="0 0 ${width} ${height}" width=${width} height=${height} aria-hidden="true" focusable="false">
    ${counts.map((n, i) => {
      const h = n > 0 ? Math.max(1, (n / max) * height) : 0;
      return svg`<rect x=${(i * w + 0.5).toFixed(2)} y=${(height - h).toFixed(2)} width=${Math.max(0.5, w - 1).toFixed(2)} height=${h.toFixed(2)}></rect>`;
    })}
  </svg>`;
}
