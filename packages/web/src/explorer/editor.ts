/**
 * The source editor: CodeMirror 6 with Python mode, 4-space indentation, Tab to indent (Escape then Tab leaves),
 * span highlights and syntax-error diagnostics.
 */
import { EditorView, basicSetup } from 'codemirror';
import { python } from '@codemirror/lang-python';
import { Compartment, EditorState, StateEffect, StateField, type Range, type StateEffectType } from '@codemirror/state';
import { Decoration, keymap, type DecorationSet } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { oneDarkHighlightStyle, lightHighlight } from './editor-colours.js';
import { indentUnit, syntaxHighlighting } from '@codemirror/language';
import { indexToUtf8Column, utf8ColumnToIndex, type SourceSpan } from './positions.js';

/** A highlight in the source: a span and a CSS class. */
export interface SourceMark { span: SourceSpan; cls: string }

function spanToRange(state: EditorState, s: SourceSpan): { from: number; to: number } | null {
  const doc = state.doc;
  if (s.line < 1 || s.line > doc.lines) return null;
  const first = doc.line(s.line);
  const last = doc.line(Math.min(Math.max(s.endLine, s.line), doc.lines));
  if (s.col === null || s.endCol === null) return { from: first.from, to: last.to };
  const from = first.from + utf8ColumnToIndex(first.text, s.col);
  const to = last.from + utf8ColumnToIndex(last.text, s.endCol);
  return to >= from ? { from, to } : { from, to: from };
}

/**
 * A layer of decorations that an effect replaces as a whole: `build` turns the effect's items into ranges of the
 * state they apply to; between effects the decorations follow the document's changes. The explorer's span marks
 * and the lab's heat map are two such layers, each left alone by the other.
 */
export function decorationLayer<T>(
  build: (state: EditorState, items: readonly T[]) => Range<Decoration>[],
): { set: StateEffectType<readonly T[]>; field: StateField<DecorationSet> } {
  const set = StateEffect.define<readonly T[]>();
  const field = StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(deco, tr) {
      deco = deco.map(tr.changes);
      for (const e of tr.effects) if (e.is(set)) deco = Decoration.set(build(tr.state, e.value), true);
      return deco;
    },
    provide: (f) => EditorView.decorations.from(f),
  });
  return { set, field };
}

/** The span marks: each a mark on its span and a line class (`cls-line`) on its first line. */
const marks = decorationLayer<SourceMark>((state, items) => {
  const ranges: Range<Decoration>[] = [];
  for (const m of items) {
    const r = spanToRange(state, m.span);
    if (!r) continue;
    if (r.to > r.from) ranges.push(Decoration.mark({ class: m.cls }).range(r.from, r.to));
    ranges.push(Decoration.line({ class: m.cls + '-line' }).range(state.doc.lineAt(r.from).from));
  }
  return ranges;
});

/** Options of {@link createEditor}. */
export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  dark: boolean;
  onChange(text: string): void;
  /** The cursor or the mouse points at (1-based line, UTF-8 byte column), or at nothing (null). */
  onPoint(point: { line: number; col: number } | null, source: 'cursor' | 'hover'): void;
}

/** The editor and what the app does with it. */
export interface SourceEditor {
  view: EditorView;
  setText(text: string): void;
  highlight(marks: SourceMark[]): void;
  showError(err: { line: number; col: number | null; endLine: number | null; endCol: number | null; message: string } | null): void;
  setDark(dark: boolean): void;
}

/** Creates the source editor. */
export function createEditor(o: EditorOptions): SourceEditor {
  const theme = new Compartment();
  const themeFor = (dark: boolean) => [syntaxHighlighting(dark ? oneDarkHighlightStyle : lightHighlight), EditorView.theme({}, { dark })];
  const pointOf = (view: EditorView, pos: number) => {
    const line = view.state.doc.lineAt(pos);
    return { line: line.number, col: indexToUtf8Column(line.text, pos - line.from) };
  };
  const view = new EditorView({
    parent: o.parent,
    state: EditorState.create({
      doc: o.doc,
      extensions: [
        basicSetup,
        python(),
        // Python's indentation is 4 spaces (PEP 8). Tab indents (Shift-Tab dedents) as in any code editor; CodeMirror's
        // way out for the keyboard stays: Escape then Tab moves the focus on (Ctrl-M toggles Tab's focus mode).
        indentUnit.of('    '),
        keymap.of([indentWithTab]),
        lintGutter(),
        marks.field,
        theme.of(themeFor(o.dark)),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) o.onChange(u.state.doc.toString());
          if (u.selectionSet && u.view.hasFocus) o.onPoint(pointOf(u.view, u.state.selection.main.head), 'cursor');
        }),
        EditorView.domEventHandlers({
          mousemove(e, v) {
            const pos = v.posAtCoords({ x: e.clientX, y: e.clientY }, false);
            o.onPoint(pos === null ? null : pointOf(v, pos), 'hover');
          },
          mouseleave() { o.onPoint(null, 'hover'); },
        }),
      ],
    }),
  });
  let shown: readonly SourceMark[] = [];
  let errorShown = false;
  return {
    view,
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    highlight(next) {
      // Every dispatch updates the editor's DOM and reads the selection, which makes the browser lay the page out
      // at once: skip the ones that change nothing (a compile that leaves the marks as they were).
      if (sameMarks(next, shown)) return;
      shown = next;
      view.dispatch({ effects: marks.set.of(next) });
    },
    showError(err) {
      if (!err && !errorShown) return;
      errorShown = !!err;
      if (!err) { view.dispatch(setDiagnostics(view.state, [])); return; }
      const doc = view.state.doc;
      const line = doc.line(Math.min(Math.max(err.line, 1), doc.lines));
      // SyntaxError offsets are 1-based character columns (in CPython, of the decoded line).
      const from = line.from + Math.min(Math.max((err.col ?? 1) - 1, 0), line.length);
      let to = from;
      if (err.endLine !== null && err.endCol !== null && err.endLine >= 1 && err.endLine <= doc.lines) {
        const end = doc.line(err.endLine);
        to = Math.max(from, end.from + Math.min(Math.max(err.endCol - 1, 0), end.length));
      }
      if (to === from) to = Math.min(from + 1, line.to);
      view.dispatch(setDiagnostics(view.state, [{ from, to: Math.max(from, to), severity: 'error', message: err.message, source: 'CPython' }]));
    },
    setDark(dark) {
      view.dispatch({ effects: theme.reconfigure(themeFor(dark)) });
    },
  };
}

function sameMarks(a: readonly SourceMark[], b: readonly SourceMark[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.cls !== y.cls || x.span.line !== y.span.line || x.span.endLine !== y.span.endLine || x.span.col !== y.span.col || x.span.endCol !== y.span.endCol) return false;
  }
  return true;
}
