import type { Locale } from '../i18n/i18n.js';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

// Intl formatters are costly to build; a virtualised list formats dozens of cells a frame.
const cache = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** 1536 → "1.5 KB" (powers of 1024, as file browsers show sizes). */
export function formatBytes(bytes: number, locale: Locale = 'en'): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${cached(`bytes:${locale}:${digits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: digits })).format(value)} ${UNITS[unit]}`;
}

/** 1234567 → "1.2M" / "123.5万". */
export function formatCount(n: number, locale: Locale = 'en'): string {
  return cached(`count:${locale}`, () => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 })).format(n);
}

export function formatNumber(n: number | bigint, locale: Locale = 'en'): string {
  return cached(`number:${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];

/** "3 days ago" / "3天前". */
export function formatRelative(date: string | Date, locale: Locale = 'en', now = Date.now()): string {
  const t = typeof date === 'string' ? Date.parse(date) : date.getTime();
  if (!Number.isFinite(t)) return '';
  const seconds = Math.round((t - now) / 1000);
  const rtf = cached(`relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, size] of STEPS) if (Math.abs(seconds) >= size || unit === 'second') return rtf.format(Math.trunc(seconds / size), unit);
  return '';
}

export function formatDate(date: string | Date, locale: Locale = 'en'): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  return Number.isFinite(d.getTime()) ? cached(`date:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(d) : '';
}
