/**
 * The listing layout of 3.4–3.12 (`Instruction._disassemble`, before labels): line numbers, `>>` marks on jump
 * targets, byte offsets, then opname and argument; the exception table (3.11+) with byte offsets.
 * `Instruction._disassemble` and `_disassemble_bytes` of those versions. Up to 3.6 the line-number and offset
 * columns have fixed widths (3 and 4; a longer number just pushes the line right); from 3.7 they widen to fit.
 */
import { OpFlag } from '../bytecode/opcode-table.js';
import type { ScannedCode } from '../bytecode/scan.js';
import type { VersionInfo } from '../version/registry.js';
import type { DisOptions } from './dis-options.js';
import { columnAfter, columnBefore } from './listing-column.js';
import { CACHE_OPNAME, OPARG_WIDTH, cacheValue, forEachCacheUnit, opnamesOf, putArgrepr, putChunks, writeOp } from './instruction-line.js';
import { numLength, putNumPad, putSpaces, type TextWriter } from './writer.js';

/** Width of the line-number column when every line number has at most three digits. */
const LINENO_WIDTH = 3;
/** Width of the offset column when every offset has at most four digits. */
const OFFSET_WIDTH = 4;
/** The jump-target mark column: `    >> ` or as many spaces. */
const MARK_WIDTH = 7;

/** 3.4–3.12: `Instruction._disassemble` and `_disassemble_bytes`. */
export function formatOffsetEra(d: ScannedCode, v: VersionInfo, o: DisOptions, w: TextWriter): void {
  const f = v.features;
  const t = v.table;
  const flags = t.flags;
  const names = opnamesOf(v);
  let linenoWidth = 0;
  if (d.lineStartCount) {
    let max = -Infinity;
    for (let k = 0; k < d.lineStartCount; k++) {
      const l = d.lineStartLine[k]!;
      if (!Number.isNaN(l) && l > max) max = l;
    }
    linenoWidth = f.widenColumns && max >= 0 ? Math.max(LINENO_WIDTH, numLength(max)) : LINENO_WIDTH;
  }
  // numLength for every code object (not only for the rare ones this wide): a call no code object reaches until a
  // large one comes makes V8 throw the optimized loop away when it does.
  const offsetWidth = f.widenColumns ? Math.max(OFFSET_WIDTH, numLength(d.code.code.length - 2)) : OFFSET_WIDTH;
  const resolver = d.resolver;
  const nls = d.lineStartCount;
  let ls = 0;
  const col = o.column;
  const colWidth = col ? col.width(d.code) : 0;
  const lineStarts = d.lineStartOffset;
  const offsets = d.offset, ops = d.op, args = d.arg, mark = d.mark, markShift = d.markShift, count = d.count;
  // The offset of the next line start (offsets increase: the others compare with this alone).
  let nextStart = nls ? lineStarts[0]! : Infinity;
  for (let k = 0; k < count; k++) {
    const offset = offsets[k]!;
    const op = ops[k]!;
    let lineno = NaN;
    if (offset >= nextStart) {
      while (ls < nls && lineStarts[ls]! < offset) ls++;
      if (ls < nls && lineStarts[ls] === offset) lineno = d.lineStartLine[ls]!;
      nextStart = ls < nls ? lineStarts[ls]! : Infinity;
    }
    const starts = !Number.isNaN(lineno);
    if (linenoWidth && starts && offset > 0) w.newline();
    w.room();
    if (col) columnBefore(w, col, colWidth, d.code, offset);
    const b = w.buf;
    const bv = w.view;
    let p = w.pos;
    if (linenoWidth) {
      p = starts ? putNumPad(b, bv, p, lineno, linenoWidth) : putSpaces(b, bv, p, linenoWidth);
      b[p++] = 32;
    }
    if (mark[offset >> markShift]) {
      p = putSpaces(b, bv, p, MARK_WIDTH - 3);
      b[p++] = 62; b[p++] = 62; b[p++] = 32; // '>> '
    } else p = putSpaces(b, bv, p, MARK_WIDTH);
    p = putNumPad(b, bv, p, offset, offsetWidth);
    b[p++] = 32;
    if (flags[op]! & OpFlag.Arg) {
      const arg = args[k]!;
      p = putNumPad(b, bv, putChunks(bv, p, names.paddedChunks[op]!, names.padded[op]!.length), arg, OPARG_WIDTH);
      p = putArgrepr(w, p, resolver.argrepr(op, arg, offset));
    } else p = putChunks(bv, p, names.bareChunks[op]!, names.bare[op]!.length);
    if (col) { w.pos = p; columnAfter(w, col, d.code, offset); p = w.pos; }
    b[p++] = 10;
    w.pos = p;
    if (o.showCaches && t.cacheUnits[op]) {
      // 3.11/3.12 show a field's value only for a specialized instruction (unless cacheValuesAlways).
      const values = f.cacheValuesAlways || op !== t.deopt[op];
      forEachCacheUnit(t, op, offset, (cacheOffset, first, name, size) => {
        w.room();
        if (col) columnBefore(w, col, colWidth, d.code, -1);
        if (linenoWidth) w.spaces(linenoWidth + 1);
        w.spaces(MARK_WIDTH);
        w.numPad(cacheOffset, offsetWidth);
        w.byte(0x20);
        const argrepr = first && values ? `${name}: ${cacheValue(d.code.code, cacheOffset, size)}` : '';
        writeOp(w, CACHE_OPNAME.bare, CACHE_OPNAME.padded, 0, argrepr, OPARG_WIDTH);
        w.newline();
      });
    }
  }
  writeExceptionTable(d, w);
}

/**
 * The exception table (3.11, 3.12) with byte offsets. A function of its own, called for every code object: the listing
 * loop above then has no call sites that only code with a `try` reaches (V8 optimized the loop before the first such
 * code object and threw the optimized code away when it came: "insufficient type feedback for call").
 */
function writeExceptionTable(d: ScannedCode, w: TextWriter): void {
  if (!d.exceptionTable.length) return;
  w.str('ExceptionTable:');
  w.newline();
  for (const e of d.exceptionTable) {
    w.room();
    w.spaces(2);
    w.num(e.start);
    w.str(' to ');
    w.num(e.end - 2);
    w.str(' -> ');
    w.num(e.target);
    w.str(' [');
    w.num(e.depth);
    w.str(e.lasti ? '] lasti' : ']');
    w.newline();
  }
}

