/**
 * The one i18n layer: every user-facing string goes through a catalog with English and Simplified
 * Chinese. Each element declares its own catalog (so elements add strings without touching others);
 * the language comes from the element's `lang`, else the closest ancestor's, else the document's.
 */

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export type Vars = Record<string, string | number>;
/** A message: a template with `{name}` placeholders, or a function for plurals and the like. */
export type Message = string | ((vars: Vars, locale: Locale) => string);

export interface Catalog<K extends string> {
  readonly en: Readonly<Record<K, Message>>;
  readonly 'zh-CN': Readonly<Record<K, Message>>;
}

/** Declares a catalog; TypeScript checks both languages have every key. */
export function defineMessages<K extends string>(catalog: { en: Record<K, Message>; 'zh-CN': Record<K, Message> }): Catalog<K> {
  return catalog;
}

/** Maps any BCP 47 tag to a supported locale: zh, zh-Hans, zh-CN, zh-SG → zh-CN; everything else → en. */
export function toLocale(lang: string | null | undefined): Locale {
  if (!lang) return 'en';
  const l = lang.toLowerCase();
  if (l === 'zh' || l.startsWith('zh-cn') || l.startsWith('zh-hans') || l.startsWith('zh-sg')) return 'zh-CN';
  return 'en';
}

export function translate<K extends string>(catalog: Catalog<K>, locale: Locale, key: K, vars: Vars = {}): string {
  const message = catalog[locale][key] ?? catalog.en[key];
  if (typeof message === 'function') return message(vars, locale);
  return message.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The `lang` that applies to a node: its own, the closest ancestor's (across shadow roots), the document's. */
export function resolveLang(node: Element): string {
  let current: Node | null = node;
  while (current) {
    if (current instanceof Element && current.hasAttribute('lang')) return current.getAttribute('lang') ?? '';
    current = current.parentNode ?? (current instanceof ShadowRoot ? current.host : null);
  }
  return document.documentElement.lang || navigator.language || 'en';
}

type Listener = () => void;
const listeners = new Set<Listener>();
let observer: MutationObserver | undefined;

/** Calls `listener` whenever a `lang` attribute changes anywhere in the document (light DOM). */
export function onLangChange(listener: Listener): () => void {
  listeners.add(listener);
  if (!observer) {
    observer = new MutationObserver(() => listeners.forEach((l) => l()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}
