/**
 * The lab's Hints panel: static rules over the listing's bytecode (`hintsFromPyc`, nothing runs) that point at
 * likely costs, each with its explanation and a link to the preset that measures the effect.
 */
import { PRESETS, codeSpans, hintsFromPyc, type HintSpan, type LabHint } from '@bytescope/python/lab/portable';
import { el } from '../ui/dom.js';
import { errorMessage } from '../ui/errors.js';
import type { LabContext, LabPanel } from './context.js';

/** Text in pieces as nodes: code in `<code>` elements, everything set as text (never parsed as HTML). */
function spanNodes(spans: readonly HintSpan[]): Node[] {
  return spans.map((s) => (s.code ? el('code', { text: s.text }) : document.createTextNode(s.text)));
}

function linesText(h: LabHint): string {
  const ls = h.lines;
  if (!ls.length) return `in ${h.codeObject}`;
  const first = ls[0]!;
  const last = ls[ls.length - 1]!;
  return `${first === last ? `line ${first}` : `lines ${first}–${last}`} in ${h.codeObject}`;
}

/** Creates the Hints panel. */
export function createHintsPanel(ctx: LabContext): LabPanel {
  const list = el('div', { cls: 'lab-hints', attrs: { id: 'lab-hints-list' } });
  const panel = el('section', { cls: 'lab-panel', attrs: { id: 'lab-hints', 'aria-label': 'Hints' } }, [
    el('p', { cls: 'lab-intro', text: 'Patterns in the bytecode that usually cost time, found without running anything. Each links to a '
      + 'comparison that measures the effect on real CPython. A rule fires only in the versions where that effect was measured.' }),
    list,
  ]);

  let shownFor: unknown = null;
  function refresh(): void {
    const pyc = ctx.host.getModel() ? ctx.host.getPyc() : undefined;
    if (pyc === shownFor) return;
    shownFor = pyc;
    if (!pyc) { list.replaceChildren(el('p', { cls: 'lab-muted', text: 'No bytecode yet.' })); return; }
    let hints: LabHint[];
    try {
      hints = hintsFromPyc(pyc);
    } catch (e) {
      list.replaceChildren(el('p', { cls: 'lab-error', text: `The hints failed: ${errorMessage(e)}` }));
      return;
    }
    if (!hints.length) {
      list.replaceChildren(el('p', { cls: 'lab-muted', text: `No hints for this code in CPython ${pyc.version}.` }));
      return;
    }
    list.replaceChildren(...hints.map((h) => {
      const preset = PRESETS[h.preset];
      const link = el('button', { cls: 'lab-link', attrs: { 'data-preset': h.preset } },
        spanNodes([{ text: 'Measure it: ' }, ...codeSpans(preset.title), { text: ' →' }]));
      link.addEventListener('click', () => ctx.openPreset(h.preset));
      return el('article', { cls: 'lab-hint', attrs: { 'data-rule': h.rule } }, [
        el('h4', {}, spanNodes(codeSpans(h.title))),
        el('p', { cls: 'lab-hint-where', text: linesText(h) }),
        el('p', { cls: 'lab-hint-what' }, spanNodes(h.messageSpans)),
        el('p', { cls: 'lab-hint-why' }, spanNodes(codeSpans(h.explanation))),
        link,
      ]);
    }));
  }

  return { id: 'hints', title: 'Hints', el: panel, refresh };
}
