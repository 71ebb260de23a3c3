/** The code-object inspector: constants, names, variables, flags, stack size, first line. */
import type { JsonCodeObject } from '@bytescope/core';
import { el } from '../ui/dom.js';

/** Entries of a table listed at first; the rest on demand. */
const TABLE_FIRST = 100;

/** How to list the rest of a table that shows only its first entries. */
const expanders = new WeakMap<Element, () => void>();

/** Renders the inspector for one code object into `parent`. */
export function renderInspector(parent: HTMLElement, co: JsonCodeObject | undefined): void {
  parent.replaceChildren();
  if (!co) return;
  parent.appendChild(el('h2', { text: `Code object ${co.co_qualname ?? co.co_name}` }));
  const facts = el('dl', { cls: 'facts' });
  const fact = (k: string, v: string) => { facts.appendChild(el('dt', { text: k })); facts.appendChild(el('dd', { text: v })); };
  fact('co_filename', co.co_filename);
  fact('co_firstlineno', String(co.co_firstlineno));
  fact('co_argcount', `${co.co_argcount} (posonly ${co.co_posonlyargcount}, kwonly ${co.co_kwonlyargcount})`);
  fact('co_nlocals', String(co.co_nlocals));
  fact('co_stacksize', String(co.co_stacksize));
  fact('co_flags', co.co_flags === 0 ? '0x0' : `0x${co.co_flags.toString(16)} (${co.pretty_flags})`);
  parent.appendChild(facts);
  const table = (name: string, items: readonly string[]) => {
    if (!items.length) return;
    const list = el('ol', { cls: 'co-table', attrs: { 'data-table': name, start: '0', 'data-size': String(items.length) } });
    const add = (from: number, to: number) => {
      for (let i = from; i < to; i++) list.appendChild(el('li', { text: items[i]!, attrs: { 'data-index': String(i), value: String(i) } }));
    };
    add(0, Math.min(items.length, TABLE_FIRST));
    parent.appendChild(el('h3', { text: name }));
    parent.appendChild(list);
    if (items.length > TABLE_FIRST) {
      // A module of a large file has hundreds of constants and names: list the rest when asked (or when an
      // argument points at one of them).
      const more = el('button', { cls: 'co-table-more', text: `show all ${items.length}` });
      more.addEventListener('click', () => { add(TABLE_FIRST, items.length); more.remove(); });
      expanders.set(list, () => { if (more.isConnected) more.click(); });
      parent.appendChild(more);
    }
  };
  table('co_consts', co.co_consts.map((c) => c.repr));
  table('co_names', co.co_names);
  table('co_varnames', co.co_varnames);
  table('co_cellvars', co.co_cellvars);
  table('co_freevars', co.co_freevars);
}

/** Marks entry `index` of table `name` (or every entry equal to `value`), scrolling it into view. */
export function highlightEntry(parent: HTMLElement, name: string | null, index: number | null, value?: string): void {
  for (const li of parent.querySelectorAll('li.hl')) li.classList.remove('hl');
  let first: Element | null = null;
  for (const list of parent.querySelectorAll<HTMLElement>('ol.co-table')) {
    if (name !== null && list.dataset.table !== name) continue;
    if (value !== undefined || (index !== null && index >= list.children.length)) expanders.get(list)?.();
    for (const li of list.querySelectorAll<HTMLElement>('li')) {
      if ((index !== null && li.dataset.index === String(index)) || (value !== undefined && li.textContent === value)) {
        li.classList.add('hl');
        first ??= li;
      }
    }
  }
  first?.scrollIntoView({ block: 'nearest' });
}
