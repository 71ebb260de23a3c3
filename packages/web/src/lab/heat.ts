/**
 * The source heat map of the performance lab: how many instructions ran on each line, as line backgrounds
 * (`cm-heat-1` … `cm-heat-5`) in a CodeMirror editor. It is its own decoration layer, added to an existing editor,
 * so the span highlights of the explorer (editor.ts `highlight`) neither replace it nor are replaced by it.
 */
import { StateEffect, type Range } from '@codemirror/state';
import { Decoration, EditorView } from '@codemirror/view';
import { decorationLayer } from '../explorer/editor.js';

/** One hot line: its 1-based number, heat level 1–5 and a tooltip. */
export interface HeatLine {
  line: number;
  level: number;
  title: string;
}

const heat = decorationLayer<HeatLine>((state, items) => {
  const ranges: Range<Decoration>[] = [];
  for (const h of items) {
    if (h.line < 1 || h.line > state.doc.lines) continue;
    ranges.push(Decoration.line({ class: `cm-heat-${h.level}`, attributes: { title: h.title } }).range(state.doc.line(h.line).from));
  }
  return ranges;
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
  view.dispatch({ effects: StateEffect.appendConfig.of([heat.field, listener]) });
  let shown = false;
  return (lines) => {
    if (!lines.length && !shown) return;
    shown = lines.length > 0;
    view.dispatch({ effects: heat.set.of(lines) });
  };
}
