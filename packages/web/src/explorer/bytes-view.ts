/**
 * The explorer's "Bytes" view (beside the listing): the `.pyc` shown — a dropped file, or the one CPython wrote for
 * the editor's source — as hex and ASCII, every byte coloured by what it encodes (the core's byte map). Hovering a
 * byte shows its path (`code <module> › co_consts › [2] › code f › co_code › payload`); clicking selects the object
 * it belongs to, and in `co_code` selects its instruction in the listing; selecting an instruction in the listing
 * marks its two bytes and its inline caches here. Rows are built only for what is in view (a 200 KB file has
 * 12,500 rows), and reused as the view scrolls. Nothing from the file is ever HTML: every text goes through
 * `textContent`.
 */
import {
  byteMap, childByLabel, formatRangePath, leafAt, rangeName, rangePath, resolveRef,
  type ByteMap, type ByteRange, type BytescopeJson, type JsonCodeObject,
} from '@bytescope/core';
import { el } from '../ui/dom.js';
import { download } from '../ui/download.js';
import { errorMessage } from '../ui/errors.js';
import './bytes.css';

/** What the view shows: a `.pyc`'s bytes, its name for downloads, and the JSON model of its code (if listed). */
export interface BytesInput {
  readonly data: Uint8Array;
  readonly name: string;
  readonly model: BytescopeJson | undefined;
}

/** What the view needs from the page. */
export interface BytesViewOptions {
  /** The view's element (`#bytes-view`). */
  readonly view: HTMLElement;
  /** The user picked a byte of an instruction: select that instruction in the listing. */
  selectInstruction(codeIndex: number, offset: number): void;
  /** The user picked bytes of a code object outside its `co_code`: show that code object (and an entry of a table). */
  inspect(codeIndex: number, table: string | null, index: number | null): void;
}

/** The view. */
export interface BytesView {
  /** Sets what is shown (undefined: nothing); the map is made when the view is visible. */
  setInput(input: BytesInput | undefined): void;
  /** Shows or hides the view. */
  setVisible(visible: boolean): void;
  /** Marks the bytes of an instruction (its opcode and argument, then its caches) and scrolls them into view. */
  markInstruction(codeIndex: number, offset: number): void;
}

/** Bytes a row. */
const PER_ROW = 16;
/** Rows built beyond the visible ones, above and below. */
const OVERSCAN = 8;
/** The kinds of leaf, in the legend's order, with what the legend says. */
const LEGEND: readonly [ByteRange['kind'], string][] = [
  ['header', 'header'], ['type', 'type code'], ['length', 'length'], ['number', 'number'], ['text', 'text'],
  ['bytes', 'bytes'], ['bytecode', 'co_code'], ['table', 'line/exception table'], ['ref', 'reference'], ['end', 'end'], ['trailing', 'trailing'],
];

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** The byte map of an input and what links it to the listing. */
interface Mapped {
  readonly input: BytesInput;
  readonly map: ByteMap;
  /** Per byte: the index in `map.leaves` of its leaf. */
  readonly leafOrd: Int32Array;
  /** Per code object of the model: the index of its range (-1 when it has none). */
  readonly codeRange: Int32Array;
  /** Code object ranges → index in the model. */
  readonly codeOfRange: ReadonlyMap<number, number>;
}

/** A range of bytes with a class, for marks. */
interface Mark { start: number; end: number }

/** Links each code object of the model to its range: the module's is the map's object, each other one an entry of its parent's co_consts. */
function linkCodeObjects(map: ByteMap, model: BytescopeJson | undefined): { codeRange: Int32Array; codeOfRange: Map<number, number> } {
  const cos = model?.code_objects ?? [];
  const codeRange = new Int32Array(cos.length).fill(-1);
  const codeOfRange = new Map<number, number>();
  for (const co of cos) {
    let r = -1;
    if (co.parent === null) r = resolveRef(map, childByLabel(map, -1, 'object'));
    else {
      const p = codeRange[co.parent] ?? -1;
      const consts = p >= 0 ? resolveRef(map, childByLabel(map, p, 'co_consts')) : -1;
      r = consts >= 0 ? resolveRef(map, childByLabel(map, consts, `[${co.const_index}]`)) : -1;
    }
    if (r >= 0 && map.ranges[r]?.objectType === 'code') {
      codeRange[co.index] = r;
      codeOfRange.set(r, co.index);
    }
  }
  return { codeRange, codeOfRange };
}

/** The payload range of a code object's `co_code`, or undefined. */
function bytecodeOf(map: ByteMap, codeRange: number): ByteRange | undefined {
  const code = resolveRef(map, childByLabel(map, codeRange, 'co_code'));
  return code >= 0 ? map.ranges[childByLabel(map, code, 'payload')] : undefined;
}

/** Sets up the view in `o.view` and returns it. */
export function createBytesView(o: BytesViewOptions): BytesView {
  const { view } = o;
  const summary = el('span', { cls: 'bx-summary' });
  const save = el('button', { text: 'Download .pyc', attrs: { id: 'bytes-download', title: 'Save these bytes as a .pyc file' } });
  const legend = el('div', { cls: 'bx-legend', attrs: { 'aria-label': 'colours' } }, LEGEND.map(([k, t]) => el('span', { cls: `bx-key bk-${k}`, text: t })));
  const path = el('div', { cls: 'bx-path', attrs: { role: 'status', 'aria-live': 'off' } });
  const selection = el('div', { cls: 'bx-sel' });
  const spacer = el('div', { cls: 'bx-spacer' });
  const scroller = el('div', { cls: 'bx-scroll', attrs: { tabindex: '0', 'aria-label': 'the bytes of the .pyc: arrow keys move, Enter selects' } }, [spacer]);
  const note = el('p', { cls: 'note bx-note' });
  view.replaceChildren(el('div', { cls: 'bx-bar' }, [summary, save]), legend, path, selection, note, scroller);

  let input: BytesInput | undefined;
  let mapped: Mapped | undefined;
  let failed = false;
  let visible = !view.hidden;
  let hover: Mark | undefined;
  let selected: Mark | undefined;
  let marked: { op: Mark; cache: Mark } | undefined;
  /** The byte the keyboard is on. */
  let cursor = -1;
  let rowHeight = 18;
  /** Rows built, by the row number they show (reused as the view scrolls). */
  const rows = new Map<number, HTMLElement>();
  const spare: HTMLElement[] = [];

  save.addEventListener('click', () => {
    if (input) download(input.name, input.data, 'application/x-python-code');
  });

  /** Makes the map of the input when needed; false when there is none. */
  function ensureMap(): boolean {
    if (mapped) return true;
    if (!input || failed) return false;
    let map: ByteMap;
    try {
      map = byteMap(input.data);
    } catch (e) {
      failed = true;
      note.textContent = `These bytes cannot be mapped: ${errorMessage(e)}`;
      note.hidden = false;
      return false;
    }
    const leafOrd = new Int32Array(map.size);
    map.leaves.forEach((li, ord) => { const r = map.ranges[li]!; leafOrd.fill(ord, r.start, r.end); });
    mapped = { input, map, leafOrd, ...linkCodeObjects(map, input.model) };
    return true;
  }

  function kindOf(m: Mapped, byte: number): { kind: string; ord: number; start: boolean } {
    const ord = m.leafOrd[byte]!;
    const r = m.map.ranges[m.map.leaves[ord]!]!;
    return { kind: r.kind, ord, start: r.start === byte };
  }

  function newRow(): HTMLElement {
    const hex = el('span', { cls: 'bx-hex' });
    const asc = el('span', { cls: 'bx-asc' });
    for (let i = 0; i < PER_ROW; i++) { hex.appendChild(el('span')); asc.appendChild(el('span')); }
    return el('div', { cls: 'bx-row', attrs: { 'aria-hidden': 'true' } }, [el('span', { cls: 'bx-off' }), hex, asc]);
  }

  const inMark = (m: Mark | undefined, i: number) => m !== undefined && i >= m.start && i < m.end;

  function fillRow(row: HTMLElement, n: number, m: Mapped): void {
    const data = m.input.data;
    row.style.transform = `translateY(${n * rowHeight}px)`;
    row.dataset.row = String(n);
    (row.children[0] as HTMLElement).textContent = (n * PER_ROW).toString(16).padStart(8, '0');
    const hex = row.children[1]!.children;
    const asc = row.children[2]!.children;
    for (let k = 0; k < PER_ROW; k++) {
      const i = n * PER_ROW + k;
      const h = hex[k] as HTMLElement;
      const a = asc[k] as HTMLElement;
      if (i >= data.length) {
        h.textContent = '  ';
        a.textContent = ' ';
        h.className = a.className = 'b none';
        delete h.dataset.i;
        delete a.dataset.i;
        continue;
      }
      const b = data[i]!;
      h.textContent = HEX[b]!;
      a.textContent = b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      const { kind, ord, start } = kindOf(m, i);
      let cls = `b bk-${kind}${ord & 1 ? ' alt' : ''}${start ? ' lb' : ''}`;
      if (inMark(hover, i)) cls += ' hv';
      if (inMark(selected, i)) cls += ' sel';
      if (marked && inMark(marked.op, i)) cls += ' mk';
      else if (marked && inMark(marked.cache, i)) cls += ' mc';
      if (i === cursor) cls += ' cur';
      h.className = a.className = cls;
      h.dataset.i = a.dataset.i = String(i);
    }
  }

  /** Builds the rows in view (reusing those that left it) and fills them. */
  function renderRows(): void {
    if (!visible || !mapped) return;
    const total = Math.ceil(mapped.map.size / PER_ROW);
    spacer.style.height = `${total * rowHeight}px`;
    const first = Math.max(0, Math.floor(scroller.scrollTop / rowHeight) - OVERSCAN);
    const last = Math.min(total, Math.ceil((scroller.scrollTop + scroller.clientHeight) / rowHeight) + OVERSCAN);
    for (const [n, row] of rows) {
      if (n < first || n >= last) { rows.delete(n); spare.push(row); }
    }
    for (let n = first; n < last; n++) {
      let row = rows.get(n);
      if (!row) {
        row = spare.pop() ?? newRow();
        if (!row.parentNode) spacer.appendChild(row);
        rows.set(n, row);
      }
      fillRow(row, n, mapped);
    }
    for (const row of spare) row.remove();
    spare.length = 0;
  }

  let frame = 0;
  let later: ReturnType<typeof setTimeout> | undefined;
  scroller.addEventListener('scroll', () => {
    if (frame) return;
    frame = requestAnimationFrame(() => { frame = 0; renderRows(); });
  });

  /** Scrolls byte `i` into view (if it is not). */
  function reveal(i: number): void {
    const top = Math.floor(i / PER_ROW) * rowHeight;
    if (top < scroller.scrollTop || top + rowHeight > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 3);
    }
  }

  function describeLeaf(m: Mapped, li: number): string {
    const r = m.map.ranges[li]!;
    return `${formatRangePath(m.map, li)}${r.detail ? ` — ${r.detail}` : ''} · byte${r.end - r.start > 1 ? `s ${r.start}–${r.end - 1}` : ` ${r.start}`}`;
  }

  function hoverByte(i: number | undefined): void {
    if (!mapped) return;
    if (i === undefined) {
      hover = undefined;
      path.textContent = '';
    } else {
      const li = leafAt(mapped.map, i);
      const r = mapped.map.ranges[li]!;
      hover = { start: r.start, end: r.end };
      path.textContent = describeLeaf(mapped, li);
      path.dataset.leaf = String(li);
    }
    renderRows();
  }

  /** Selects range `ri`: its bytes are outlined, and its path shown. */
  function selectRange(ri: number): void {
    if (!mapped) return;
    const r = mapped.map.ranges[ri]!;
    selected = { start: r.start, end: r.end };
    showPath(ri);
    renderRows();
  }

  /** Shows the path of range `ri` as buttons that select it and its ancestors, then what it says. */
  function showPath(ri: number): void {
    if (!mapped) return;
    const { map } = mapped;
    const r = map.ranges[ri]!;
    const crumbs: Node[] = [];
    for (const a of rangePath(map, ri)) {
      const x = map.ranges[a]!;
      if (crumbs.length) crumbs.push(document.createTextNode(' › '));
      const b = el('button', { cls: 'bx-crumb', text: rangeName(map, a), attrs: { 'data-range': String(a), title: `select ${x.label} (bytes ${x.start}–${x.end - 1})` } });
      crumbs.push(b);
    }
    selection.replaceChildren(...crumbs, el('span', { cls: 'bx-sel-detail', text: `${r.detail ? ` — ${r.detail}` : ''} · ${r.end - r.start} byte${r.end - r.start > 1 ? 's' : ''} at ${r.start}` }));
  }

  /** What a click on byte `i` selects: its instruction in co_code, else the object (or header field) it belongs to. */
  function pick(i: number): void {
    if (!mapped) return;
    const { map, codeOfRange } = mapped;
    const li = leafAt(map, i);
    if (li < 0) return;
    const chain = rangePath(map, li);
    // The innermost code object around the byte, and the field of it the byte is in.
    let codeAt = -1;
    for (let k = chain.length - 1; k >= 0; k--) {
      const r = map.ranges[chain[k]!]!;
      if (r.objectType === 'code' && r.kind === 'object') { codeAt = k; break; }
    }
    const leaf = map.ranges[li]!;
    const coIndex = codeAt >= 0 ? codeOfRange.get(chain[codeAt]!) : undefined;
    const co: JsonCodeObject | undefined = coIndex !== undefined ? mapped.input.model?.code_objects[coIndex] : undefined;
    if (co && leaf.kind === 'bytecode' && map.ranges[chain[codeAt + 1]!]?.label === 'co_code') {
      const rel = i - leaf.start;
      let found: number | undefined;
      for (const ins of co.instructions) { if (ins.offset <= rel) found = ins.offset; else break; }
      if (found !== undefined) { o.selectInstruction(co.index, found); return; }
    }
    // Otherwise what the byte belongs to: a header field, a code object's int field, or else the object whose part
    // (type code, length, payload…) it is; an object that is one byte (None…) is its own leaf.
    const parent = map.ranges[leaf.parent];
    const whole = leaf.objectType !== undefined || leaf.kind === 'header' || leaf.kind === 'trailing' || (leaf.kind === 'number' && parent?.objectType === 'code');
    selectRange(whole || !parent ? li : leaf.parent);
    if (co) {
      const field = map.ranges[chain[codeAt + 1] ?? -1];
      const entry = map.ranges[chain[codeAt + 2] ?? -1];
      const m = entry ? /^\[(\d+)\]$/.exec(entry.label) : null;
      const table = field && m && ['co_consts', 'co_names', 'co_varnames', 'co_cellvars', 'co_freevars'].includes(field.label) ? field.label : null;
      o.inspect(co.index, table, table ? Number(m![1]) : null);
    }
  }

  function byteOf(t: EventTarget | null): number | undefined {
    const d = (t as HTMLElement | null)?.dataset?.i;
    return d === undefined ? undefined : Number(d);
  }

  scroller.addEventListener('mouseover', (e) => {
    const i = byteOf(e.target);
    if (i !== undefined && !inMark(hover, i)) hoverByte(i);
  });
  scroller.addEventListener('mouseleave', () => hoverByte(undefined));
  scroller.addEventListener('click', (e) => {
    const i = byteOf(e.target);
    if (i !== undefined) { cursor = i; pick(i); }
  });
  selection.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('.bx-crumb');
    if (!b || !mapped) return;
    const ri = Number(b.dataset.range);
    selectRange(ri);
    reveal(mapped.map.ranges[ri]!.start);
  });
  scroller.addEventListener('keydown', (e) => {
    if (!mapped) return;
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowDown' ? PER_ROW : e.key === 'ArrowUp' ? -PER_ROW : 0;
    if (step) {
      cursor = Math.min(mapped.map.size - 1, Math.max(0, (cursor < 0 ? 0 : cursor + step)));
      reveal(cursor);
      hoverByte(cursor);
      e.preventDefault();
    } else if (e.key === 'Enter' && cursor >= 0) {
      pick(cursor);
      e.preventDefault();
    }
  });

  /** Shows the current input (when visible): summary, legend, rows. */
  function refresh(): void {
    if (!visible) return;
    note.hidden = true;
    if (!input) {
      summary.textContent = '';
      save.disabled = true;
      spacer.style.height = '0';
      spacer.replaceChildren();
      rows.clear();
      return;
    }
    save.disabled = false;
    if (!ensureMap() || !mapped) {
      summary.textContent = `${input.name}: ${input.data.length} bytes`;
      return;
    }
    const { map } = mapped;
    summary.textContent = `${input.name}: ${map.size} bytes, CPython ${map.version}, ${map.ranges.length} ranges`;
    const h = parseFloat(getComputedStyle(scroller).getPropertyValue('--bx-row'));
    if (h > 0) rowHeight = h;
    renderRows();
  }

  return {
    setInput(next) {
      input = next;
      mapped = undefined;
      failed = false;
      hover = selected = undefined;
      marked = undefined;
      cursor = -1;
      path.textContent = '';
      selection.replaceChildren();
      // After the listing has rendered and painted (a 200 KB file takes tens of milliseconds to map).
      clearTimeout(later);
      later = setTimeout(refresh, 0);
    },
    setVisible(v) {
      visible = v;
      view.hidden = !v;
      refresh();
    },
    markInstruction(codeIndex, offset) {
      if (!visible || !ensureMap() || !mapped) return;
      const r = mapped.codeRange[codeIndex] ?? -1;
      const payload = r >= 0 ? bytecodeOf(mapped.map, r) : undefined;
      const co = mapped.input.model?.code_objects[codeIndex];
      if (!payload || !co) return;
      const list = co.instructions;
      const k = list.findIndex((x) => x.offset === offset);
      if (k < 0) return;
      const end = k + 1 < list.length ? list[k + 1]!.offset : co.code_size;
      const start = payload.start + offset;
      marked = { op: { start, end: start + 2 }, cache: { start: start + 2, end: payload.start + end } };
      selected = undefined;
      showPath(mapped.map.leaves[mapped.leafOrd[start]!]!);
      selection.appendChild(el('span', { cls: 'bx-sel-ins', text: ` · ${list[k]!.opname} at offset ${offset}: bytes ${start}–${start + 1}${end - offset > 2 ? `, caches ${start + 2}–${payload.start + end - 1}` : ''}` }));
      reveal(start);
      renderRows();
    },
  };
}
