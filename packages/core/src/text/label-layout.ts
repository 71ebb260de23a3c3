/**
 * The listing layout of 3.13+ (`dis` with labels): a location column (line numbers, or positions with `-P`),
 * `L1:` labels on jump targets and exception-table bounds, offsets only with `-O`, then opname and argument; the
 * exception table in labels. `Formatter.print_instruction` and friends of those versions.
 */
import { positionsFrom311 } from '../bytecode/line-table.js';
import { OpFlag } from '../bytecode/opcode-table.js';
import type { ScannedCode } from '../bytecode/scan.js';
import type { VersionInfo } from '../version/registry.js';
import type { DisOptions } from './dis-options.js';
import { columnAfter, columnBefore } from './listing-column.js';
import { BLANK, CACHE_OPNAME, OPARG_WIDTH, cacheValue, forEachCacheUnit, opnamesOf, padEnd, positionText, putArgrepr, putChunks, writeOp } from './instruction-line.js';
import { numLength, putNum, putNumPad, putSpaces, type TextWriter } from './writer.js';

/** Spaces between the label/offset columns and the opname. */
const OPNAME_INDENT = 5;

/** 3.13+: `Formatter.print_instruction` and friends. */
export function formatLabelEra(d: ScannedCode, v: VersionInfo, o: DisOptions, w: TextWriter): void {
  const f = v.features;
  const t = v.table;
  const flags = t.flags;
  const names = opnamesOf(v);
  const code = d.code;
  const positions = o.showPositions ? positionsFrom311(code.linetable, code.firstlineno, code.code.length >> 1) : [];
  let locWidth = 0;
  if (o.showPositions) {
    let hasValue = false;
    let widest = 0;
    for (const p of positions) {
      let wd = 0;
      for (const x of p) {
        if (x === null) wd += 1;
        else { hasValue = true; wd += String(x).length; }
      }
      if (wd > widest) widest = wd;
    }
    locWidth = hasValue ? 1 + Math.max(4, 3 + widest) : 0;
  } else {
    let max = -1;
    let hasNone = false;
    for (let k = 0; k < d.lineStartCount; k++) {
      const l = d.lineStartLine[k]!;
      if (Number.isNaN(l)) hasNone = true;
      else if (l && l > max) max = l;
    }
    if (max !== -1) {
      locWidth = Math.max(3, String(max).length);
      if (locWidth < 4 && hasNone) locWidth = 4;
    }
  }
  const labelWidth = 4 + String(d.labelCount).length;
  const offsetWidth = o.showOffsets ? String(Math.max(code.code.length - 2, 9999)).length : 0;
  const resolver = d.resolver;
  const nls = d.lineStartCount;
  let ls = 0;
  const col = o.column;
  const colWidth = col ? col.width(code) : 0;
  /**
   * Everything before the opname: the location (`text` with positions; else `line`: a line number, NaN for
   * `--`, BLANK for none), the label (0: none) and the offset.
   */
  const prefix = (text: string | undefined, line: number, label: number, offset: number, cache: boolean) => {
    w.room();
    if (col) columnBefore(w, col, colWidth, code, cache ? -1 : offset);
    const b = w.buf;
    const bv = w.view;
    let p = w.pos;
    if (locWidth) {
      if (text !== undefined) {
        w.str(text);
        p = w.pos;
      } else if (line === BLANK) p = putSpaces(b, bv, p, locWidth);
      else if (Number.isNaN(line)) {
        p = putSpaces(b, bv, p, locWidth - 4);
        b[p++] = 32; b[p++] = 32; b[p++] = 45; b[p++] = 45; // '  --'
      } else p = putNumPad(b, bv, p, line, locWidth);
      b[p++] = 32;
    }
    if (label) {
      p = putSpaces(b, bv, p, labelWidth - 2 - numLength(label));
      b[p++] = 76; // 'L'
      p = putNum(b, p, label);
      b[p++] = 58; // ':'
    } else p = putSpaces(b, bv, p, labelWidth);
    if (offsetWidth) {
      b[p++] = 32;
      p = putSpaces(b, bv, putNumPad(b, bv, p, offset, offsetWidth), 2);
    }
    w.pos = putSpaces(b, bv, p, OPNAME_INDENT);
  };
  const lineStarts = d.lineStartOffset;
  const offsets = d.offset, ops = d.op, args = d.arg, mark = d.mark, count = d.count;
  // The offset of the next line start (offsets increase: the others compare with this alone).
  let nextStart = nls ? lineStarts[0]! : Infinity;
  for (let k = 0; k < count; k++) {
    const offset = offsets[k]!;
    const op = ops[k]!;
    let startsLine = false;
    if (offset >= nextStart) {
      while (ls < nls && lineStarts[ls]! < offset) ls++;
      startsLine = ls < nls && lineStarts[ls] === offset;
      nextStart = ls < nls ? lineStarts[ls]! : Infinity;
    }
    if (locWidth && startsLine && offset > 0) w.newline();
    const text = o.showPositions && locWidth ? padEnd(positionText(positions[offset >> 1] ?? null), locWidth) : undefined;
    const line = startsLine ? d.lineStartLine[ls]! : BLANK;
    prefix(text, line, mark[offset >> 1]!, offset, false);
    const b = w.buf;
    const bv = w.view;
    let p = w.pos;
    if (flags[op]! & OpFlag.Arg) {
      const arg = args[k]!;
      p = putNumPad(b, bv, putChunks(bv, p, names.paddedChunks[op]!, names.padded[op]!.length), arg, names.argWidth[op]!);
      p = putArgrepr(w, p, resolver.argrepr(op, arg, offset));
    } else p = putChunks(bv, p, names.bareChunks[op]!, names.bare[op]!.length);
    if (col) { w.pos = p; columnAfter(w, col, code, offset); p = w.pos; }
    b[p++] = 10;
    w.pos = p;
    if (o.showCaches && t.cacheUnits[op]) {
      forEachCacheUnit(t, op, offset, (cacheOffset, first, name, size) => {
        // Cache lines repeat the instruction's positions (with -P), else leave the location blank.
        prefix(text, BLANK, 0, cacheOffset, true);
        // Some versions read every field's value from the first cache unit (cacheValueFromFirstUnit).
        const value = first ? `${name}: ${cacheValue(code.code, f.cacheValueFromFirstUnit ? offset + 2 : cacheOffset, size)}` : '';
        writeOp(w, CACHE_OPNAME.bare, CACHE_OPNAME.padded, 0, value, OPARG_WIDTH);
        w.newline();
      });
    }
  }
  if (d.exceptionTable.length) {
    w.str('ExceptionTable:');
    w.newline();
    for (const e of d.exceptionTable) {
      w.room();
      w.str(`  L${d.labelOf(e.start)} to L${d.labelOf(e.end)} -> L${d.labelOf(e.target)} [${e.depth}]${e.lasti ? ' lasti' : ''}`);
      w.newline();
    }
  }
}

