/**
 * The listing layout of 2.7 and 3.0–3.3, whose `dis.disassemble` prints each instruction field by field: the line
 * number (`%3d`, wider when it has more digits), the current-instruction column (always blank here), `>>` on jump
 * targets, the offset (`rjust(4)`), the opname (`ljust(20)`), then for an opcode with an argument the oparg
 * (`rjust(5)`) and, when the opcode is in one of the argument sets, `(text)`, even when the text is empty. Fields are
 * separated by one space: 2.7's `print x,` puts it before the next field (so a line ends with its last field),
 * 3.0–3.3's `print(x, end=' ')` after every field (so every line ends with a space). A new source line is preceded
 * by an empty line, except at offset 0. In 2.7 an argument taken through EXTENDED_ARG is a `long` and prints with
 * an `L`, and so does a relative jump's target computed from it.
 */
import { OpFlag } from '../bytecode/opcode-table.js';
import type { ScannedCode } from '../bytecode/scan.js';
import type { VersionInfo } from '../version/registry.js';
import { opnamesOf, putChunks } from './instruction-line.js';
import type { DisOptions } from './dis-options.js';
import { columnAfter, columnBefore } from './listing-column.js';
import { putNum, putNumPad, putSpaces, type TextWriter } from './writer.js';

/** The argument sets whose opcodes print `(text)` after the oparg, in 2.7 and 3.0–3.3's chain. */
const SHOWN = OpFlag.Const | OpFlag.Name | OpFlag.JRel | OpFlag.Local | OpFlag.Compare | OpFlag.Free | OpFlag.NArgs;

/** 2.7, 3.0–3.3: `dis.disassemble(co)` (with the caller's extra column, `DisOptions.column`, when there is one). */
export function formatPrintEra(d: ScannedCode, v: VersionInfo, w: TextWriter, o?: DisOptions): void {
  const col = o?.column;
  const colWidth = col ? col.width(d.code) : 0;
  const f = v.features;
  const t = v.table;
  const flags = t.flags;
  const names = opnamesOf(v);
  const extended = t.data.extendedArg;
  const endSpace = f.printEndSpace;
  const resolver = d.resolver;
  const nls = d.lineStartCount;
  let ls = 0;
  // 2.7: the last instruction with an argument was EXTENDED_ARG, so the next argument is a long.
  let longArg = false;
  for (let k = 0; k < d.count; k++) {
    const offset = d.offset[k]!;
    const op = d.op[k]!;
    while (ls < nls && d.lineStartOffset[ls]! < offset) ls++;
    const starts = ls < nls && d.lineStartOffset[ls] === offset;
    if (starts && offset > 0) w.newline();
    w.room();
    if (col) columnBefore(w, col, colWidth, d.code, offset);
    const b = w.buf;
    const bv = w.view;
    let p = w.pos;
    p = starts ? putNumPad(b, bv, p, d.lineStartLine[ls]!, 3) : putSpaces(b, bv, p, 3);
    p = putSpaces(b, bv, p, 5); // ' ' + '   ' (no current instruction) + ' '
    if (d.mark[offset >> d.markShift]) { b[p++] = 62; b[p++] = 62; } else { b[p++] = 32; b[p++] = 32; } // '>>'
    b[p++] = 32;
    p = putNumPad(b, bv, p, offset, 4);
    b[p++] = 32;
    const fl = flags[op]!;
    if (fl & OpFlag.Arg) {
      const arg = d.arg[k]!;
      const long = f.longExtendedArg && longArg;
      longArg = op === extended;
      p = putChunks(bv, p, names.paddedChunks[op]!, names.padded[op]!.length); // the opname, ljust(20), and the space before the oparg
      if (long) {
        p = putSpaces(b, bv, p, 4 - String(arg).length);
        p = putNum(b, p, arg);
        b[p++] = 76; // 'L'
      } else p = putNumPad(b, bv, p, arg, 5);
      if (fl & SHOWN) {
        b[p++] = 32; b[p++] = 40; // ' ('
        w.pos = p;
        w.str(resolver.argrepr(op, arg, offset));
        p = w.pos;
        if (long && fl & OpFlag.JRel) b[p++] = 76; // 'to 70003L'
        b[p++] = 41; // ')'
      }
      if (endSpace) b[p++] = 32;
    } else {
      // (Without the end space, the padding's last space lands past the line's end, where the newline goes.)
      p = putChunks(bv, p, names.paddedChunks[op]!, names.padded[op]!.length - (endSpace ? 0 : 1));
    }
    if (col) { w.pos = p; columnAfter(w, col, d.code, offset); p = w.pos; }
    b[p++] = 10;
    w.pos = p;
  }
}
