/** Tiny DOM helpers. Text always goes through `textContent`: nothing from a `.pyc` or the user is HTML. */

/** Creates an element with classes, attributes and text or children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { cls?: string; text?: string; attrs?: Record<string, string>; title?: string } = {},
  children: (Node | null | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.cls) e.className = props.cls;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title !== undefined) e.title = props.title;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) e.setAttribute(k, v);
  for (const c of children) if (c) e.appendChild(c);
  return e;
}

/** The element with this id (throws when the page lacks it). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing #${id}`);
  return e as T;
}

/** `<option>`s of a version menu: value `3.14`, text `Python 3.14` (or `text(version)`). */
export function versionOptions(versions: readonly string[], text = (v: string) => `Python ${v}`): HTMLOptionElement[] {
  return versions.map((v) => el('option', { text: text(v), attrs: { value: v } }));
}
