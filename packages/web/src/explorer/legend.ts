/**
 * The legend of the listing's colours: one entry per instruction kind (listing.ts's INSTRUCTION_KINDS, coloured by the
 * same `.kind-*` rules as the rows), then the other marks of a row: exception-range bars, labels, line bands, stale.
 */
import { el } from '../ui/dom.js';
import { INSTRUCTION_KINDS } from './listing.js';

/** Fills `box` (the legend's panel) with the entries. */
export function renderLegend(box: HTMLElement): void {
  const kinds = INSTRUCTION_KINDS.map((k) => el('div', { cls: `legend-item kind-${k.kind}`, attrs: { 'data-kind': k.kind } }, [
    el('span', { cls: 'c-op legend-op', text: k.sample }),
    el('span', { cls: 'legend-text', text: k.meaning }),
  ]));
  const mark = (sample: HTMLElement, text: string) => el('div', { cls: 'legend-item' }, [sample, el('span', { cls: 'legend-text', text })]);
  const bars = (n: number, cleanup = false) => el('span', { cls: 'c-exc legend-exc' },
    cleanup ? [el('span', { cls: 'exc-bar cleanup' })] : Array.from({ length: n }, (_, k) => el('span', { cls: `exc-bar lvl-${k}` })));
  box.replaceChildren(
    el('h3', { text: 'Instructions: the opname\'s colour (and the left edge, for variables, calls and returns)' }),
    ...kinds,
    el('h3', { text: 'Marks' }),
    mark(bars(1), 'inside a try or with block: an exception goes to its handler (hover the bar for the chain)'),
    mark(bars(2), 'one bar per nested try/with block, outermost first'),
    mark(bars(0, true), 'covered by cleanup code only (an except clause\'s end, a generator\'s guard)'),
    mark(el('span', { cls: 'c-label legend-op', text: 'L3:' }), 'a jump target (">>" before 3.13)'),
    mark(el('span', { cls: 'legend-bands' }, [1, 2, 3].map((b) => el('span', { cls: `band-${b}`, text: '\u2003' }))), 'line bands (toggle): one tint per source line, the same in the editor'),
    mark(el('span', { cls: 'legend-op legend-stale', text: 'stale' }), 'faded: the listing is not of what is shown now (a syntax error, a file that failed)'),
  );
}
