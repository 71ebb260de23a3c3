/**
 * The source heat map of the performance lab: how many instructions ran on each line, as line backgrounds
 * (`cm-heat-1` … `cm-heat-5`) in a CodeMirror editor. It is its own decoration layer, added to an existing editor,
 * so the span highlights of the explorer (editor.ts `highlight`) neither replace it nor are replaced by it.
 */
import { StateEffect, StateField, type Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

/** One hot line: its 1-based number, heat level 1–5 and a tooltip. */
export interface HeatLine {
  line: number;
  level: number;
  title: string;
}

const setHeat = StateEffect.define<readonly HeatLine[]>();

const heatField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setHeat)) continue;
      const doc = tr.state.doc;
      const ranges: Range<Decoration>[] = [];
      for (const h of e.value) {
        if (h.line < 1 || h.line > doc.lines) continue;
        ranges.push(Decoration.line({ class: `cm-heat-${h.level}`, attributes: { title: h.title } }).range(doc.line(h.line).from));
      }
      deco = Decoration.set(ranges, true);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Levels 1–5 on a logarithmic scale of `count` against `max` (0 for no count). */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.min(5, Math.ceil((5 * Math.log1p(count)) / Math.log1p(max))));
}

/**
 * Adds the heat-map layer to `view` and a listener of document changes; returns the function that sets the hot
 * lines (an empty list clears them). `onDocChange` is called after each change, outside the editor's update.
 */
export function installHeatMap(view: EditorView, onDocChange: () => void): (lines: readonly HeatLine[]) => void {
  const listener = EditorView.updateListener.of((u) => { if (u.docChanged) queueMicrotask(onDocChange); });
  view.dispatch({ effects: StateEffect.appendConfig.of([heatField, listener]) });
  let shown = false;
  return (lines) => {
    if (!lines.length && !shown) return;
    shown = lines.length > 0;
    view.dispatch({ effects: setHeat.of(lines) });
  };
}
