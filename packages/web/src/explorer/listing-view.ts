/**
 * What the explorer does with its listing (listing.ts builds the rows): renders it again after each update, reusing
 * what did not change; keeps the selected row (the help panel and the inspector follow it) across updates; follows
 * jumps and goes back; moves with the keyboard; and links the listing to the editor both ways — the rows whose
 * positions cover the point of the source are highlighted, and the span of the row under the mouse (or selected) is
 * marked in the source.
 */
import type { BytescopeJson, JsonCodeObject, JsonInstruction } from '@bytescope/core';
import { getVersion } from '@bytescope/core';
import type { SourceEditor, SourceMark } from './editor.js';
import { helpElements } from './help.js';
import { highlightEntry, renderInspector } from './inspector.js';
import { renderListing, type ListingOptions, type RenderedListing } from './listing.js';
import { instructionSpan, spanCovers, spanSize, type SourceSpan } from './positions.js';

/** What the listing view works with. */
export interface ListingViewOptions {
  /** The listing element (`#listing`). */
  readonly listing: HTMLElement;
  /** The help panel and the inspector, which follow the selected (or hovered) instruction. */
  readonly helpPanel: HTMLElement;
  readonly inspector: HTMLElement;
  /** The source editor, whose spans the rows mark. */
  readonly editor: SourceEditor;
  /** The model the listing shows now, if any. */
  model(): BytescopeJson | undefined;
  /** True when the listing comes from the editor's source (not from a `.pyc`): only then are the two linked. */
  linked(): boolean;
  /** The marks the editor always shows (line bands); a row's span is added to them. */
  baseMarks(): SourceMark[];
  /** Called when a row is selected (by the user, or restored after an update): its code object index and offset. */
  onSelect?(codeIndex: number, offset: number): void;
}

/** The explorer's listing. */
export interface ListingView {
  /** The selected row's key (`codeIndex:offset`), if any. It survives updates, and goes into share links. */
  selection: string | undefined;
  /** Renders `model` (reusing the rows of the previous render that did not change) and restores the selection. */
  render(model: BytescopeJson, opts: ListingOptions): void;
  /**
   * Highlights the rows whose positions cover a point of the source (1-based line, UTF-8 byte column), innermost
   * first, scrolling the innermost into view when `scroll`; null clears the highlights.
   */
  highlightAt(point: { line: number; col: number } | null, scroll: boolean): void;
  /**
   * Selects the rows of several instructions of code object `co` (a block of the graph): the first takes the selection
   * (help, inspector), all are marked selected, and the source spans of all are marked in the editor.
   */
  selectRows(co: number, offsets: readonly number[]): void;
  /** Forgets the way back from jumps (the rows it leads to are gone). */
  clearHistory(): void;
  /** Selects the row of `key` (`codeIndex:offset`) and scrolls it into view, as a click would. */
  select(key: string): void;
}

/** Sets up the listing's events and returns the view. */
export function createListingView(o: ListingViewOptions): ListingView {
  const { listing, helpPanel, inspector, editor } = o;
  /** Code objects collapsed by the user, by index. */
  const collapsed = new Set<number>();
  let rendered: RenderedListing | undefined;
  let spans: { key: string; span: SourceSpan; size: number }[] = [];
  /** Rows that jumps were followed from, for the way back. */
  const backStack: string[] = [];
  let selection: string | undefined;

  function clearRowHighlights(): void {
    for (const r of listing.querySelectorAll('.ins.hl, .ins.hl-primary')) r.classList.remove('hl', 'hl-primary');
  }

  function highlightRowsAt(line: number, col: number, scroll: boolean): void {
    clearRowHighlights();
    if (!rendered || !o.linked()) return;
    const hits = spans.filter((s) => spanCovers(s.span, line, col)).sort((a, b) => a.size - b.size);
    if (!hits.length) return;
    const best = hits[0]!.size;
    for (const h of hits) rendered.row(h.key)?.classList.add(h.size === best ? 'hl-primary' : 'hl');
    if (scroll) rendered.row(hits[0]!.key)?.scrollIntoView({ block: 'nearest' });
  }

  function rowInstruction(row: HTMLElement): { co: JsonCodeObject; ins: JsonInstruction } | undefined {
    const model = o.model();
    if (!model) return undefined;
    const co = model.code_objects[Number(row.dataset.co)];
    const off = Number(row.dataset.offset);
    const ins = co?.instructions.find((i) => i.offset === off);
    return co && ins ? { co, ins } : undefined;
  }

  function spanOfRow(row: HTMLElement): SourceSpan | null {
    const d = row.dataset.span;
    if (!d) return null;
    const [a, b, c, e] = d.split(',');
    return { line: Number(a), endLine: Number(b), col: c === '' ? null : Number(c), endCol: e === '' ? null : Number(e) };
  }

  function showRowSpan(row: HTMLElement | null): void {
    const marks = o.baseMarks();
    const span = row ? spanOfRow(row) : null;
    if (span && o.linked()) marks.push({ span, cls: 'cm-bs-span' });
    editor.highlight(marks);
  }

  function showHelp(ins: JsonInstruction): void {
    const model = o.model();
    const v = model ? getVersion(model.python_version) : undefined;
    if (!v) return;
    helpPanel.replaceChildren(...helpElements(v, ins.opcode, ins.opname, ins.arg));
  }

  /** Selects a row; it takes the keyboard focus unless `focus` is false (an update restoring the selection). */
  function select(key: string, scroll = true, focus = true): void {
    if (!rendered) return;
    const row = rendered.row(key);
    if (!row) return;
    for (const r of listing.querySelectorAll('.ins.selected')) { r.classList.remove('selected'); r.setAttribute('aria-selected', 'false'); }
    row.classList.add('selected');
    row.setAttribute('aria-selected', 'true');
    selection = key;
    if (scroll) row.scrollIntoView({ block: 'nearest' });
    if (focus) row.focus({ preventScroll: !scroll });
    const hit = rowInstruction(row);
    if (hit) {
      showHelp(hit.ins);
      renderInspector(inspector, hit.co);
      o.onSelect?.(hit.co.index, hit.ins.offset);
    }
    showRowSpan(row);
  }

  function followJump(row: HTMLElement): boolean {
    const hit = rowInstruction(row);
    if (!hit || hit.ins.jump_target === null || !rendered) return false;
    const key = rendered.key(hit.co.index, hit.ins.jump_target);
    if (!rendered.row(key)) return false;
    backStack.push(rendered.key(hit.co.index, hit.ins.offset));
    select(key);
    return true;
  }

  function goBack(): void {
    const k = backStack.pop();
    if (k) select(k);
  }

  listing.addEventListener('mouseover', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.ins[data-offset]');
    if (row) {
      showRowSpan(row);
      const hit = rowInstruction(row);
      if (hit) showHelp(hit.ins);
    }
  });
  // Leaving the listing brings back what hovering replaced: the selected row's span and its help.
  listing.addEventListener('mouseleave', () => {
    const row = selection ? rendered?.row(selection) ?? null : null;
    showRowSpan(row);
    const hit = row ? rowInstruction(row) : undefined;
    if (hit) showHelp(hit.ins);
  });

  listing.addEventListener('click', (e) => {
    const t = e.target as HTMLElement;
    // An opname is a link to its reference entry: a plain click selects the row (as elsewhere in it); Ctrl/⌘-click,
    // Shift-click or the middle button open the entry, as links do.
    if (t.closest('.c-op a') && !(e.ctrlKey || e.metaKey || e.shiftKey)) e.preventDefault();
    const toggle = t.closest('.co-toggle');
    if (toggle) {
      const section = toggle.closest<HTMLElement>('section.code-object')!;
      const idx = Number(section.dataset.co);
      if (collapsed.has(idx)) collapsed.delete(idx); else collapsed.add(idx);
      section.classList.toggle('collapsed');
      toggle.textContent = section.classList.contains('collapsed') ? '▸' : '▾';
      toggle.setAttribute('aria-expanded', String(!section.classList.contains('collapsed')));
      return;
    }
    const inspect = t.closest<HTMLElement>('.co-inspect');
    const model = o.model();
    if (inspect && model) { renderInspector(inspector, model.code_objects[Number(inspect.dataset.co)]); return; }
    const row = t.closest<HTMLElement>('.ins[data-offset]');
    if (!row || !rendered) return;
    if (t.classList.contains('jump-link')) { select(rendered.key(Number(row.dataset.co), Number(row.dataset.offset)), false); followJump(row); return; }
    select(rendered.key(Number(row.dataset.co), Number(row.dataset.offset)), false);
    if (t.classList.contains('arg-link')) {
      if (t.dataset.table) highlightEntry(inspector, t.dataset.table, Number(t.dataset.index));
      else if (t.dataset.name !== undefined) highlightEntry(inspector, null, null, t.dataset.name);
    }
  });

  listing.addEventListener('keydown', (e) => {
    if (!rendered || (e.target as HTMLElement).closest('button')) return; // Enter on a button presses it
    // Keys in model order: rows of parts not yet rendered are rendered by select().
    const cur = selection ? rendered.row(selection) : undefined;
    const moveBy = (d: number) => {
      const keys = rendered!.keys(collapsed);
      const i = cur && selection ? keys.indexOf(selection) : -1;
      const k = keys[Math.min(Math.max(i < 0 && d < 0 ? 0 : i + d, 0), keys.length - 1)];
      if (k) select(k);
      e.preventDefault();
    };
    if (e.key === 'ArrowDown' || e.key === 'j') moveBy(1);
    else if (e.key === 'ArrowUp' || e.key === 'k') moveBy(-1);
    else if (e.key === 'Enter' && cur) { followJump(cur); e.preventDefault(); }
    else if (e.key === 'Backspace' || (e.key === 'ArrowLeft' && e.altKey)) { goBack(); e.preventDefault(); }
    else if (e.key === 'h' && cur) { const hit = rowInstruction(cur); if (hit) showHelp(hit.ins); helpPanel.focus(); }
    else if (e.key === 'r' && cur) { const a = cur.querySelector<HTMLAnchorElement>('.c-op a'); if (a) window.open(a.href, '_blank', 'noopener'); }
  });

  return {
    get selection() { return selection; },
    set selection(key) { selection = key; },
    render(model, opts) {
      const listingHadFocus = listing.contains(document.activeElement);
      const previous = rendered;
      rendered = renderListing(model, { ...opts }, collapsed, listing, previous);
      previous?.dispose();
      if (listing.firstChild !== rendered.root || listing.childNodes.length !== 1) listing.replaceChildren(rendered.root);
      listing.dataset.version = model.python_version;
      spans = [];
      for (const co of o.linked() ? model.code_objects : []) {
        for (const ins of co.instructions) {
          const s = instructionSpan(ins);
          if (s) spans.push({ key: rendered.key(co.index, ins.offset), span: s, size: spanSize(s) });
        }
      }
      // The selection survives an update; the focus stays where it was (in the editor while typing).
      if (selection && rendered.row(selection)) select(selection, false, listingHadFocus);
      else renderInspector(inspector, model.code_objects[0]);
      editor.highlight(o.baseMarks());
    },
    highlightAt(point, scroll) {
      if (!point) { clearRowHighlights(); return; }
      highlightRowsAt(point.line, point.col, scroll);
    },
    selectRows(co, offsets) {
      if (!rendered || !offsets.length) return;
      select(rendered.key(co, offsets[0]!), true, false);
      const marks = o.baseMarks();
      for (const off of offsets) {
        const row = rendered.row(rendered.key(co, off));
        if (!row) continue;
        row.classList.add('selected');
        const span = spanOfRow(row);
        if (span && o.linked()) marks.push({ span, cls: 'cm-bs-span' });
      }
      editor.highlight(marks);
    },
    clearHistory() {
      backStack.length = 0;
    },
    select(key) {
      select(key, true, false);
    },
  };
}
