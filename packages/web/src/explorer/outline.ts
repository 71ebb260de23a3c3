/**
 * The outline: a menu of every code object of the listing, nested as in the file (a 200 KB module has hundreds),
 * to jump to one. Picking one selects its first instruction, which builds its rows if they were not yet.
 */
import type { BytescopeJson } from '@bytescope/core';
import { el } from '../ui/dom.js';

/** What the outline does when a code object is picked. */
export interface OutlineOptions {
  readonly select: HTMLSelectElement;
  /** The model listed now. */
  model(): BytescopeJson | undefined;
  /** Shows code object `index` (its first instruction selected). */
  jump(index: number): void;
}

/** The outline: `update` fills the menu for the model shown (only when its code objects changed). */
export interface Outline {
  update(): void;
}

/** Sets up the outline menu. */
export function createOutline(o: OutlineOptions): Outline {
  const { select } = o;
  let shown = '';
  select.addEventListener('change', () => {
    const i = Number(select.value);
    if (select.value !== '' && Number.isInteger(i)) o.jump(i);
  });
  return {
    update() {
      const model = o.model();
      const items = (model?.code_objects ?? []).map((co) => `${'\u00a0\u00a0'.repeat(co.depth)}${co.co_qualname ?? co.co_name} · line ${co.co_firstlineno}`);
      const sig = items.join('\n');
      if (sig === shown) return;
      shown = sig;
      const keep = select.value;
      select.replaceChildren(
        el('option', { text: `Jump to… (${items.length})`, title: `${items.length} code object${items.length === 1 ? '' : 's'}`, attrs: { value: '' } }),
        ...items.map((text, i) => el('option', { text, attrs: { value: String(i) } })),
      );
      select.value = keep !== '' && Number(keep) < items.length ? keep : '';
    },
  };
}
