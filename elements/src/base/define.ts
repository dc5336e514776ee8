/** Registers a tag once; a second registration of the same class (two script tags) is harmless. */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing) {
    if (existing !== ctor) console.warn(`<${tag}> is already defined by another copy of @csghub/elements; keeping the first`);
    return;
  }
  customElements.define(tag, ctor);
}
