/**
 * The bytecode listing: one collapsible section per code object, rendered from the core's JSON model (never
 * from `dis` text). Rows carry their code object and offset so that linking, jumps and help can find them.
 */
import type { BytescopeJson, JsonCodeObject, JsonInstruction } from '@bytescope/core';
import { referenceHref } from '../reference/link.js';
import { el } from '../ui/dom.js';
import { instructionSpan } from './positions.js';
import { exceptionNesting, maxNestingLevel, type ExceptionNesting } from './exception-nesting.js';

/** What the listing shows. */
export interface ListingOptions {
  showCaches: boolean;
  showOffsets: boolean;
  showPositions: boolean;
  bands: boolean;
}

/**
 * The kinds of {@link instructionKind}, in the legend's order: an opname that shows the colour, and what the kind
 * means (the legend, legend.ts, is made from this list; the colours are the `.kind-*` rules of style.css).
 */
export const INSTRUCTION_KINDS: readonly { readonly kind: string; readonly sample: string; readonly meaning: string }[] = [
  { kind: 'fast-load', sample: 'LOAD_FAST', meaning: 'reads a local variable of a function (a fast slot)' },
  { kind: 'fast-store', sample: 'STORE_FAST', meaning: 'writes or deletes a local variable' },
  { kind: 'name-load', sample: 'LOAD_NAME', meaning: 'reads a name by lookup (module or class body)' },
  { kind: 'name-store', sample: 'STORE_NAME', meaning: 'binds or deletes a name (module or class body)' },
  { kind: 'global-load', sample: 'LOAD_GLOBAL', meaning: 'reads a global or builtin' },
  { kind: 'global-store', sample: 'STORE_GLOBAL', meaning: 'writes or deletes a global' },
  { kind: 'deref-load', sample: 'LOAD_DEREF', meaning: 'a cell or free variable (closures): reads, makes, copies' },
  { kind: 'deref-store', sample: 'STORE_DEREF', meaning: 'writes a cell or free variable' },
  { kind: 'const', sample: 'LOAD_CONST', meaning: 'loads a constant' },
  { kind: 'attr', sample: 'LOAD_ATTR', meaning: 'an attribute or method' },
  { kind: 'call', sample: 'CALL', meaning: 'calls something' },
  { kind: 'jump', sample: 'JUMP_FORWARD', meaning: 'jumps (its target is a link: Enter follows it)' },
  { kind: 'return', sample: 'RETURN_VALUE', meaning: 'leaves the frame: returns or yields' },
  { kind: 'other', sample: 'BINARY_OP', meaning: 'everything else (stack and operators)' },
];

/** The kind of an instruction, for colour: by what it touches or does (one of {@link INSTRUCTION_KINDS}). */
export function instructionKind(ins: JsonInstruction): string {
  const n = ins.base_opname;
  if (/^(LOAD|STORE|DELETE)_FAST/.test(n)) return n.startsWith('LOAD') ? 'fast-load' : 'fast-store';
  if (/^(LOAD|STORE|DELETE)_NAME$/.test(n)) return n.startsWith('LOAD') ? 'name-load' : 'name-store';
  if (/^(LOAD|STORE|DELETE)_GLOBAL$/.test(n)) return n.startsWith('LOAD') ? 'global-load' : 'global-store';
  if (/DEREF|CLOSURE|^MAKE_CELL|^COPY_FREE_VARS/.test(n)) return n.startsWith('STORE') ? 'deref-store' : 'deref-load';
  if (/^(LOAD_CONST|LOAD_SMALL_INT|LOAD_COMMON_CONSTANT|RETURN_CONST)/.test(n) && !n.startsWith('RETURN')) return 'const';
  if (/^(CALL|PRECALL)/.test(n)) return 'call';
  if (/^(RETURN|YIELD_VALUE)/.test(n)) return 'return';
  if (ins.jump_target !== null) return 'jump';
  if (/_ATTR$|_METHOD$/.test(n)) return 'attr';
  return 'other';
}

/** One rendered listing with lookups into it. */
export interface RenderedListing {
  root: HTMLElement;
  /** Row key: `${codeIndex}:${offset}`. */
  key(codeIndex: number, offset: number): string;
  /** The row of an instruction (rendering its part of the listing first if it was not yet), or undefined. */
  row(key: string): HTMLElement | undefined;
  /** Row keys in listing order, without those of collapsed code objects. */
  keys(collapsed: ReadonlySet<number>): string[];
  /** Stops rendering parts as they scroll into view. */
  dispose(): void;
  /** The code objects' sections by index, for the next render to reuse those that did not change. */
  readonly sections: readonly SectionState[];
}

/** A part of a code object's rows: rendered (`rows`) or a placeholder waiting to be. */
interface Chunk { readonly el: HTMLElement; readonly from: number; readonly to: number; rows: HTMLElement[] | null }

/**
 * A code object's section: built (header, body of chunks, exception table) or an empty placeholder of about its
 * height, with what it was rendered from.
 */
export interface SectionState {
  readonly el: HTMLElement;
  readonly co: JsonCodeObject;
  /** Empty until the section is built. */
  readonly chunks: Chunk[];
  built: boolean;
  /** The code object's index, title and instruction count: sections differing here are never compared further. */
  readonly shape: string;
  /** {@link sectionParts} of what it renders, computed when first compared. */
  parts(): readonly string[];
  /** The parts joined: equal strings render the same DOM. */
  sig(): string;
}

/**
 * Rows built at once. The rest of the listing waits as placeholders (code objects, and chunks of {@link CHUNK}
 * rows within them) until it comes near the view: a 200 KB `.pyc` has 14,000 instructions, and building and
 * laying out all of them took seconds.
 */
const EAGER_ROWS = 120;
const CHUNK = 120;

const rowKey = (c: number, o: number) => `${c}:${o}`;

function positionsText(ins: JsonInstruction): string {
  const p = ins.positions;
  if (!p || p.every((x) => x === null)) return '--';
  const s = (x: number | null) => (x === null ? '?' : String(x));
  return `${s(p[0])}:${s(p[2])}-${s(p[1])}:${s(p[3])}`;
}

function labelText(co: JsonCodeObject, ins: JsonInstruction): string {
  if (ins.label !== undefined) return ins.label !== null ? `L${ins.label}:` : '';
  return ins.is_jump_target ? '>>' : '';
}

function startsLine(ins: JsonInstruction): number | null | undefined {
  // 3.10–3.12: starts_line is the number; 3.13+: a bool and line_number separately. undefined: no start.
  if (typeof ins.starts_line === 'number') return ins.starts_line;
  if (ins.starts_line === true) return ins.line_number ?? null;
  return undefined;
}

/**
 * The colour band (0–5) of each source line that has instructions, numbered in line order, so that a line has
 * the same band in the listing and in the editor.
 */
export function lineBands(model: BytescopeJson): Map<number, number> {
  const lines = new Set<number>();
  for (const co of model.code_objects) {
    for (const ins of co.instructions) {
      const s = instructionSpan(ins);
      if (s && s.line >= 1) lines.add(s.line);
    }
  }
  return new Map([...lines].sort((a, b) => a - b).map((l, i) => [l, (i + 1) % 6]));
}

/**
 * The opname of a row: a link to its entry in the instruction reference for the listing's version, opened in a new
 * tab (the explorer keeps its state) by Ctrl/⌘-click, the middle button or the `r` key; a plain click selects the row
 * (listing-view.ts). Out of the tab order: the listing's own keys move between rows.
 */
export function opnameLink(opname: string, version: string): HTMLAnchorElement {
  return el('a', {
    text: opname, title: `Ctrl-click (⌘-click) or r: ${opname} in the CPython ${version} instruction reference`,
    attrs: { href: referenceHref(version, opname), target: '_blank', rel: 'noopener', tabindex: '-1' },
  });
}

/**
 * Everything a code object's section shows, as strings: the header and options, the exception table, then one per
 * instruction (its row, and its cache rows when shown). Equal parts render the same DOM.
 */
function sectionParts(co: JsonCodeObject, o: ListingOptions, collapsed: boolean, bands: ReadonlyMap<number, number>, version: string): string[] {
  const opts = `${version}|${co.index}|${co.co_qualname}|${co.co_name}|${co.co_firstlineno}|${co.co_stacksize}|${co.pretty_flags}|${collapsed}|${o.showCaches}|${o.showOffsets}|${o.showPositions}|${o.bands}`;
  const parts = [opts, JSON.stringify(co.exception_table)];
  // A row's bars depend on the whole chain of its handlers: its entry, and the table (which carries the chains).
  for (const ins of co.instructions) {
    const span = o.bands ? instructionSpan(ins) : null;
    const h = ins.exception_handler;
    parts.push(`${ins.offset}|${ins.opname}|${ins.base_opname}|${ins.arg}|${ins.argrepr}|${typeof ins.argval === 'string' ? ins.argval : ''}|${ins.jump_target}|`
      + `${ins.starts_line}|${ins.line_number}|${ins.line}|${ins.label}|${ins.is_jump_target}|${ins.positions ?? ''}|`
      + `${h ? `${h.entry},${h.target},${h.target_label},${h.depth},${h.lasti}` : ''}|${o.showCaches && ins.cache ? JSON.stringify(ins.cache) : ''}|${span ? bands.get(span.line) ?? '' : ''}`);
  }
  return parts;
}

/** Instructions of a code object plus, when shown, its cache rows: what its rendered height depends on. */
function rowCount(co: JsonCodeObject, from: number, to: number, caches: boolean): number {
  let n = to - from;
  if (caches) for (let i = from; i < to; i++) for (const f of co.instructions[i]!.cache?.fields ?? []) n += f.size;
  return n;
}

/**
 * Renders the code objects of a JSON model, reusing the sections of `previous` whose code objects render the same
 * (typing in one function re-renders that function only). Only the first {@link EAGER_ROWS} rows are built at once;
 * placeholders (`.pending`) are built when they come within a screen of the view inside `scrollRoot`, or when
 * {@link RenderedListing.row} asks for one of their rows.
 */
export function renderListing(model: BytescopeJson, o: ListingOptions, collapsed: ReadonlySet<number>, scrollRoot?: HTMLElement | null, previous?: RenderedListing): RenderedListing {
  const rows = new Map<string, HTMLElement>();
  const rootClass = 'listing-inner' + (o.showPositions ? ' with-pos' : '') + (o.showOffsets ? ' with-off' : '');
  // The previous root stays when it can: sections that did not change are then left where they are, not moved into a
  // new root (moving them would make the browser restyle and lay out every row again).
  const root = previous && previous.root.className === rootClass ? previous.root : el('div', { cls: rootClass });
  const bands = o.bands ? lineBands(model) : new Map<number, number>();
  // Widths of the optional columns, shared by every row (each row is its own grid): the longest offset and positions.
  let offWidth = 0;
  let posWidth = 0;
  for (const co of o.showOffsets || o.showPositions ? model.code_objects : []) {
    for (const ins of co.instructions) {
      if (o.showOffsets) offWidth = Math.max(offWidth, String(ins.offset + 2 * (ins.cache?.fields.reduce((n, f) => n + f.size, 0) ?? 0)).length);
      if (o.showPositions) posWidth = Math.max(posWidth, positionsText(ins).length);
    }
  }
  root.style.setProperty('--off-w', `${offWidth}ch`);
  root.style.setProperty('--pos-w', `${posWidth}ch`);

  const sections: SectionState[] = [];
  /** Exception nesting of the code objects whose rows were built, by index. */
  const nestings = new Map<number, Map<number, ExceptionNesting>>();
  const nestingOf = (co: JsonCodeObject) => {
    let n = nestings.get(co.index);
    if (!n) nestings.set(co.index, n = exceptionNesting(co));
    return n;
  };
  /** Chunks of the built sections by row key. */
  const chunkOf = new Map<string, Chunk>();
  /** Placeholders (sections and chunks) watched by the observer. */
  const pending = new Map<Element, () => void>();
  const observer = typeof IntersectionObserver === 'function' ? new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) pending.get(e.target)?.();
  }, { root: scrollRoot ?? null, rootMargin: '1200px 0px' }) : undefined;
  const wait = (target: Element, then: () => void) => {
    if (!observer) { then(); return; }
    pending.set(target, () => { pending.delete(target); observer.unobserve(target); then(); });
    observer.observe(target);
  };

  function appendRows(parent: Node, co: JsonCodeObject, ins: JsonInstruction): HTMLElement {
    const start = startsLine(ins);
    const span = instructionSpan(ins);
    const band = span ? bands.get(span.line) : undefined;
    const argrepr = el('span', { cls: 'c-argrepr', text: ins.argrepr ? `(${ins.argrepr})` : '' });
    if (ins.jump_target !== null) {
      // Up to 3.9 `dis` gives absolute jumps no argrepr (the argument is the target): the link then reads `→ target`.
      if (!ins.argrepr) {
        argrepr.textContent = `→ ${ins.jump_target}`;
        argrepr.classList.add('jump-bare');
      }
      argrepr.classList.add('jump-link');
      argrepr.setAttribute('data-target', String(ins.jump_target));
      argrepr.setAttribute('title', `go to offset ${ins.jump_target} (Enter)`);
    } else if (ins.arg !== null && ins.argrepr && /^(LOAD_CONST|RETURN_CONST|KW_NAMES)/.test(ins.base_opname)) {
      argrepr.classList.add('arg-link');
      argrepr.setAttribute('data-table', 'co_consts');
      argrepr.setAttribute('data-index', String(ins.arg));
    } else if (ins.argrepr && typeof ins.argval === 'string') {
      argrepr.classList.add('arg-link');
      argrepr.setAttribute('data-name', ins.argval);
    }
    const exc = el('span', { cls: 'c-exc' });
    const nest = ins.exception_handler ? nestingOf(co).get(ins.offset) : undefined;
    if (nest) excBars(exc, nest);
    const row = el('div', {
      cls: `ins kind-${instructionKind(ins)}` + (o.bands && band !== undefined ? ` band-${band}` : '') + (start !== undefined ? ' line-start' : ''),
      attrs: { role: 'option', tabindex: '-1', 'data-co': String(co.index), 'data-offset': String(ins.offset), 'aria-selected': 'false' },
    }, [
      el('span', { cls: 'c-line', text: start === undefined ? '' : start === null ? '--' : String(start) }),
      o.showPositions ? el('span', { cls: 'c-pos', text: positionsText(ins) }) : null,
      o.showOffsets ? el('span', { cls: 'c-offset', text: String(ins.offset) }) : null,
      el('span', { cls: 'c-label', text: labelText(co, ins) }),
      exc,
      el('span', { cls: 'c-op' }, [opnameLink(ins.opname, model.python_version)]),
      el('span', { cls: 'c-arg', text: ins.arg === null ? '' : String(ins.arg) }),
      argrepr,
    ]);
    if (span) row.dataset.span = `${span.line},${span.endLine},${span.col ?? ''},${span.endCol ?? ''}`;
    rows.set(rowKey(co.index, ins.offset), row);
    parent.appendChild(row);
    if (o.showCaches && ins.cache) {
      for (const f of ins.cache.fields) {
        for (let u = 0; u < f.size; u++) {
          const value = u === 0 ? `(${f.name}: ${littleEndianValue(f.data)})` : '';
          parent.appendChild(el('div', { cls: 'ins cache', attrs: { 'aria-hidden': 'true' } }, [
            el('span', { cls: 'c-line' }),
            o.showPositions ? el('span', { cls: 'c-pos', text: positionsText(ins) }) : null,
            o.showOffsets ? el('span', { cls: 'c-offset', text: String(f.offset + u * 2) }) : null,
            el('span', { cls: 'c-label' }),
            el('span', { cls: 'c-exc' }),
            el('span', { cls: 'c-op', text: 'CACHE' }),
            el('span', { cls: 'c-arg', text: '0' }),
            el('span', { cls: 'c-argrepr', text: value }),
          ]));
        }
      }
    }
    return row;
  }

  const fill = (sec: SectionState, c: Chunk) => {
    if (c.rows) return;
    pending.delete(c.el);
    observer?.unobserve(c.el);
    const frag = document.createDocumentFragment();
    c.rows = [];
    for (let i = c.from; i < c.to; i++) c.rows.push(appendRows(frag, sec.co, sec.co.instructions[i]!));
    c.el.replaceChildren(frag);
    c.el.classList.remove('pending');
    c.el.style.removeProperty('--rows');
  };

  /** Builds a section's header, chunks and exception table; fills the chunks listed in `now` (or waits for them). */
  const build = (sec: SectionState, now: (i: number) => boolean) => {
    if (sec.built) return;
    sec.built = true;
    pending.delete(sec.el);
    observer?.unobserve(sec.el);
    const { co, el: section } = sec;
    const title = co.co_qualname ?? co.co_name;
    const shut = collapsed.has(co.index);
    const toggle = el('button', { cls: 'co-toggle', text: shut ? '▸' : '▾', attrs: { 'aria-expanded': String(!shut), 'aria-label': `collapse ${title}` } });
    const header = el('div', { cls: 'co-header' }, [
      toggle,
      el('span', { cls: 'co-title', text: title }),
      el('span', { cls: 'co-meta', text: `line ${co.co_firstlineno} · ${co.instructions.length} instructions · stack ${co.co_stacksize} · ${co.pretty_flags}` }),
      el('button', { cls: 'co-inspect', text: 'inspect', attrs: { 'data-co': String(co.index) } }),
    ]);
    const body = el('div', { cls: 'co-body', attrs: { role: 'listbox', 'aria-label': `instructions of ${title}` } });
    const n = co.instructions.length;
    for (let from = 0, k = 0; from < n; from += CHUNK, k++) {
      const to = Math.min(n, from + CHUNK);
      const chunk: Chunk = { el: el('div', { cls: 'co-chunk', attrs: { role: 'presentation' } }), from, to, rows: null };
      for (let i = from; i < to; i++) chunkOf.set(rowKey(co.index, co.instructions[i]!.offset), chunk);
      sec.chunks.push(chunk);
      body.appendChild(chunk.el);
      if (!shut && now(k)) fill(sec, chunk);
      else {
        chunk.el.classList.add('pending');
        chunk.el.style.setProperty('--rows', String(rowCount(co, from, to, o.showCaches)));
        wait(chunk.el, () => fill(sec, chunk));
      }
    }
    section.classList.remove('pending');
    section.style.setProperty('--exc-levels', String(Math.max(1, maxNestingLevel(nestingOf(co)))));
    section.replaceChildren(header, body);
    if (co.exception_table.length) {
      const exc = el('div', { cls: 'exc-table' }, [el('div', { cls: 'exc-title', text: 'Exception table' })]);
      for (const e of co.exception_table) {
        const lbl = (l: number | null, off: number) => (l !== null ? `L${l}` : String(off));
        exc.appendChild(el('div', { cls: 'exc-row', text: `${lbl(e.start_label, e.start)} to ${lbl(e.end_label, e.end)} → ${lbl(e.target_label, e.target)}  [depth ${e.depth}]${e.lasti ? ' lasti' : ''}`, attrs: { 'data-target': String(e.target), 'data-co': String(co.index) } }));
      }
      section.appendChild(exc);
    }
  };

  /**
   * Takes over a section of the previous listing (its element and chunks; `sec.co`: what its rows now show):
   * rows for which `changed` holds are built again, the others kept, cleared of highlights.
   */
  const adopt = (sec: SectionState, changed: (i: number) => boolean) => {
    for (const r of sec.el.querySelectorAll('.ins.selected, .ins.hl, .ins.hl-primary')) { r.classList.remove('selected', 'hl', 'hl-primary'); r.setAttribute('aria-selected', 'false'); }
    if (!sec.built) wait(sec.el, () => build(sec, () => false));
    const co = sec.co;
    for (const c of sec.chunks) {
      for (let i = c.from; i < c.to; i++) chunkOf.set(rowKey(co.index, co.instructions[i]!.offset), c);
      if (!c.rows) { wait(c.el, () => fill(sec, c)); continue; }
      for (let i = c.from; i < c.to; i++) {
        const ins = co.instructions[i]!;
        const r = c.rows[i - c.from]!;
        if (!changed(i)) { rows.set(rowKey(co.index, ins.offset), r); continue; }
        const frag = document.createDocumentFragment();
        c.rows[i - c.from] = appendRows(frag, co, ins);
        r.replaceWith(frag);
      }
    }
    sections.push(sec);
  };

  let budget = EAGER_ROWS;
  for (const co of model.code_objects) {
    const n = co.instruction_count; // without building the instructions of a lazy model
    const shape = `${co.index}|${co.co_qualname ?? co.co_name}|${n}`;
    let partsMemo: string[] | undefined;
    let sigMemo: string | undefined;
    const parts = () => (partsMemo ??= sectionParts(co, o, collapsed.has(co.index), bands, model.python_version));
    const sig = () => (sigMemo ??= parts().join('\n'));
    const old = previous?.sections[co.index];
    if (old && old.shape === shape && old.sig() === sig()) {
      // Unchanged: the old section as it is, with its rows and placeholders.
      adopt(old, () => false);
      budget -= n;
      continue;
    }
    if (old?.built && old.shape === shape && !o.showCaches && !collapsed.has(co.index)) {
      const was = old.parts();
      const now = parts();
      if (was[0] === now[0] && was[1] === now[1]) {
        // Same header and exception table, as many instructions: replace only the rows that changed (typing in a
        // constant changes one row of a long module), leaving the others where they are.
        adopt({ el: old.el, co, chunks: old.chunks, built: true, shape, parts, sig }, (i) => was[2 + i] !== now[2 + i]);
        budget -= n;
        continue;
      }
    }
    const shut = collapsed.has(co.index);
    const section = el('section', { cls: 'code-object' + (shut ? ' collapsed' : ''), attrs: { 'data-co': String(co.index) } });
    section.style.setProperty('--co-rows', String(shut ? 0 : rowCount(co, 0, n, o.showCaches) + co.exception_table.length + (co.exception_table.length ? 1 : 0)));
    const sec: SectionState = { el: section, co, chunks: [], built: false, shape, parts, sig };
    sections.push(sec);
    // Changed: build at once within the budget, and whatever was built of it before (what the user looks at).
    const before = old?.built ? old.chunks : undefined;
    if (budget > 0 || before?.some((c) => c.rows)) {
      const start = budget;
      build(sec, (k) => (start - k * CHUNK > 0) || !!before?.[k]?.rows);
    } else {
      section.classList.add('pending');
      wait(section, () => build(sec, () => false));
    }
    budget -= n;
  }
  placeSections(root, sections.map((x) => x.el));
  return {
    root,
    key: rowKey,
    row(key) {
      const sec = sections[Number(key.slice(0, key.indexOf(':')))];
      if (!sec) return undefined;
      build(sec, () => false);
      const c = chunkOf.get(key);
      if (c) fill(sec, c);
      return rows.get(key);
    },
    keys(hidden) {
      const out: string[] = [];
      for (const co of model.code_objects) {
        if (hidden.has(co.index)) continue;
        for (const ins of co.instructions) out.push(rowKey(co.index, ins.offset));
      }
      return out;
    },
    dispose() { observer?.disconnect(); pending.clear(); },
    sections,
  };
}

/**
 * Makes `els` the children of `root`, in order, moving none that is already there: those not in `els` go first, then
 * the missing ones are inserted where they belong.
 */
function placeSections(root: HTMLElement, els: readonly HTMLElement[]): void {
  const keep = new Set<Element>(els);
  for (const child of [...root.children]) if (!keep.has(child)) child.remove();
  let at = root.firstElementChild;
  for (const e of els) {
    if (at === e) at = at.nextElementSibling;
    else root.insertBefore(e, at);
  }
}

/**
 * Draws an instruction's exception nesting into its `.c-exc` cell: one bar per `try`/`with` block around it, outermost
 * first (so that the bars of one block line up down the rows it covers), or one dashed bar when only cleanup code's
 * handler covers it; the title follows the chain of handlers an exception raised here would go through.
 */
function excBars(cell: HTMLElement, nest: ExceptionNesting): void {
  cell.classList.add('in-try');
  cell.dataset.level = String(nest.level);
  for (let k = 1; k <= nest.level; k++) cell.appendChild(el('span', { cls: `exc-bar lvl-${(k - 1) % 4}` }));
  if (nest.level === 0) cell.appendChild(el('span', { cls: 'exc-bar cleanup' }));
  const where = (e: ExceptionNesting['chain'][number]['entry']) => (e.target_label !== null ? `L${e.target_label}` : `offset ${e.target}`);
  const steps = nest.chain.map((h) => `${where(h.entry)} (${h.block ? 'handler' : 'cleanup'}, stack depth ${h.entry.depth}${h.entry.lasti ? ', pushes lasti' : ''})`);
  const inside = nest.level === 0 ? 'covered by cleanup code only' : nest.level === 1 ? 'inside a try/with block' : `inside ${nest.level} nested try/with blocks`;
  cell.title = `${inside}: an exception here goes to ${steps.join(' → ')}` + (steps.length > 1 ? ', each in turn when the one before raises it again' : '');
}

function littleEndianValue(hex: string): string {
  let v = 0n;
  for (let i = hex.length - 2; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(hex.slice(i, i + 2), 16));
  return v.toString();
}
