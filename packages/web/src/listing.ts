/**
 * The bytecode listing: one collapsible section per code object, rendered from the core's JSON model (never
 * from `dis` text). Rows carry their code object and offset so that linking, jumps and help can find them.
 */
import type { BytescopeJson, JsonCodeObject, JsonInstruction } from '@bytescope/core';
import { el } from './dom.js';
import { instructionSpan } from './positions.js';

/** What the listing shows. */
export interface ListingOptions {
  showCaches: boolean;
  showOffsets: boolean;
  showPositions: boolean;
  bands: boolean;
}

/** The kind of an instruction, for colour: by what it touches or does. */
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
  rows: Map<string, HTMLElement>;
  /** Row key: `${codeIndex}:${offset}`. */
  key(codeIndex: number, offset: number): string;
}

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

/** Renders the code objects of a JSON model. */
export function renderListing(model: BytescopeJson, o: ListingOptions, collapsed: ReadonlySet<number>): RenderedListing {
  const rows = new Map<string, HTMLElement>();
  const root = el('div', { cls: 'listing-inner' + (o.showPositions ? ' with-pos' : '') + (o.showOffsets ? ' with-off' : '') });
  const bands = lineBands(model);
  // Widths of the optional columns, shared by every row (each row is its own grid): the longest offset and positions.
  let offWidth = 0;
  let posWidth = 0;
  for (const co of model.code_objects) {
    for (const ins of co.instructions) {
      if (o.showOffsets) offWidth = Math.max(offWidth, String(ins.offset + 2 * (ins.cache?.fields.reduce((n, f) => n + f.size, 0) ?? 0)).length);
      if (o.showPositions) posWidth = Math.max(posWidth, positionsText(ins).length);
    }
  }
  root.style.setProperty('--off-w', `${offWidth}ch`);
  root.style.setProperty('--pos-w', `${posWidth}ch`);
  for (const co of model.code_objects) {
    const title = co.co_qualname ?? co.co_name;
    const toggle = el('button', { cls: 'co-toggle', text: collapsed.has(co.index) ? '▸' : '▾', attrs: { 'aria-expanded': String(!collapsed.has(co.index)), 'aria-label': `collapse ${title}` } });
    const header = el('div', { cls: 'co-header' }, [
      toggle,
      el('span', { cls: 'co-title', text: title }),
      el('span', { cls: 'co-meta', text: `line ${co.co_firstlineno} · ${co.instructions.length} instructions · stack ${co.co_stacksize} · ${co.pretty_flags}` }),
      el('button', { cls: 'co-inspect', text: 'inspect', attrs: { 'data-co': String(co.index) } }),
    ]);
    const body = el('div', { cls: 'co-body', attrs: { role: 'listbox', 'aria-label': `instructions of ${title}` } });
    for (const ins of co.instructions) {
      const start = startsLine(ins);
      const span = instructionSpan(ins);
      const band = span ? bands.get(span.line) : undefined;
      const argrepr = el('span', { cls: 'c-argrepr', text: ins.argrepr ? `(${ins.argrepr})` : '' });
      if (ins.jump_target !== null) {
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
      if (ins.exception_handler) {
        exc.classList.add('in-try');
        const h = ins.exception_handler;
        exc.title = `inside a try block: an exception here goes to ${h.target_label !== null ? 'L' + h.target_label : 'offset ' + h.target} (stack depth ${h.depth}${h.lasti ? ', pushes lasti' : ''})`;
        exc.textContent = '┃';
      }
      const row = el('div', {
        cls: `ins kind-${instructionKind(ins)}` + (o.bands && band !== undefined ? ` band-${band}` : '') + (start !== undefined ? ' line-start' : ''),
        attrs: { role: 'option', tabindex: '-1', 'data-co': String(co.index), 'data-offset': String(ins.offset), 'aria-selected': 'false' },
      }, [
        el('span', { cls: 'c-line', text: start === undefined ? '' : start === null ? '--' : String(start) }),
        o.showPositions ? el('span', { cls: 'c-pos', text: positionsText(ins) }) : null,
        o.showOffsets ? el('span', { cls: 'c-offset', text: String(ins.offset) }) : null,
        el('span', { cls: 'c-label', text: labelText(co, ins) }),
        exc,
        el('span', { cls: 'c-op', text: ins.opname }),
        el('span', { cls: 'c-arg', text: ins.arg === null ? '' : String(ins.arg) }),
        argrepr,
      ]);
      if (span) row.dataset.span = `${span.line},${span.endLine},${span.col ?? ''},${span.endCol ?? ''}`;
      rows.set(rowKey(co.index, ins.offset), row);
      body.appendChild(row);
      if (o.showCaches && ins.cache) {
        for (const f of ins.cache.fields) {
          for (let u = 0; u < f.size; u++) {
            const value = u === 0 ? `(${f.name}: ${littleEndianValue(f.data)})` : '';
            body.appendChild(el('div', { cls: 'ins cache', attrs: { 'aria-hidden': 'true' } }, [
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
    }
    const sectionChildren: HTMLElement[] = [header, body];
    if (co.exception_table.length) {
      const exc = el('div', { cls: 'exc-table' }, [el('div', { cls: 'exc-title', text: 'Exception table' })]);
      for (const e of co.exception_table) {
        const lbl = (l: number | null, off: number) => (l !== null ? `L${l}` : String(off));
        exc.appendChild(el('div', { cls: 'exc-row', text: `${lbl(e.start_label, e.start)} to ${lbl(e.end_label, e.end)} → ${lbl(e.target_label, e.target)}  [depth ${e.depth}]${e.lasti ? ' lasti' : ''}`, attrs: { 'data-target': String(e.target), 'data-co': String(co.index) } }));
      }
      sectionChildren.push(exc);
    }
    const section = el('section', { cls: 'code-object' + (collapsed.has(co.index) ? ' collapsed' : ''), attrs: { 'data-co': String(co.index) } }, sectionChildren);
    root.appendChild(section);
  }
  return { root, rows, key: rowKey };
}

function littleEndianValue(hex: string): string {
  let v = 0n;
  for (let i = hex.length - 2; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(hex.slice(i, i + 2), 16));
  return v.toString();
}
