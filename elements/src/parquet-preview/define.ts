import { defineElement } from '../base/define.js';
import { CsgParquetPreview } from './parquet-preview.js';

defineElement('csg-parquet-preview', CsgParquetPreview);

declare global {
  interface HTMLElementTagNameMap {
    'csg-parquet-preview': CsgParquetPreview;
  }
}
