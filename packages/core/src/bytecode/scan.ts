/**
 * Scanning a code object for the listing: its instructions as parallel arrays, line starts, jump marks and
 * labels, with no object per instruction (the text formatter's input, and the basis of `decodeCode`).
 */
import type { CodeObject } from '../pyc/code-object.js';
import type { PyObject } from '../pyc/objects.js';
import type { VersionInfo } from '../version/registry.js';
import { ArgResolver } from './arguments.js';
import { unpackInstructions, type UnpackArrays, type UnpackTarget } from './encoding.js';
import { parseExceptionTable, type ExceptionTableEntry } from './exception-table.js';
import { JumpKind, jumpTablesOf, jumpTarget } from './jumps.js';
import { location, nextLocation, startLocations, walkLines310, walkLnotab } from './line-table.js';
import { OpFlag } from './opcode-table.js';

/**
 * Internal: the instructions of one code object as parallel arrays (`dis._unpack_opargs`), plus line starts,
 * jump marks and labels: everything the text formatter needs, without an object per instruction. The arrays
 * are scratch space shared by every call (valid until the next {@link scanCode}); `count` entries are in use.
 */
export interface ScannedCode {
  readonly code: CodeObject;
  /** Number of instructions. */
  readonly count: number;
  /** By instruction: byte offset of the opcode. */
  readonly offset: Int32Array;
  /** By instruction: offset of its first EXTENDED_ARG prefix (= offset when none). */
  readonly start: Int32Array;
  /** By instruction: the opcode. */
  readonly op: Uint8Array;
  /** By instruction: the oparg with EXTENDED_ARG applied (meaningless when the opcode takes no argument). */
  readonly arg: Float64Array;
  /** Number of line starts (`dis.findlinestarts`, in offset order). */
  readonly lineStartCount: number;
  /** By line start: its byte offset. */
  readonly lineStartOffset: Float64Array;
  /** By line start: its line (NaN: a line-less block, 3.13+). */
  readonly lineStartLine: Float64Array;
  /**
   * By code unit (offset >> {@link markShift}, for offsets 0 … code length): 0, or the label number (3.13+), or 1
   * where the offset era marks a jump target (`>>`).
   */
  readonly mark: Int32Array;
  /** How far an offset is shifted to index {@link mark}: 1 for wordcode (two-byte units), 0 before 3.6 (bytes). */
  readonly markShift: number;
  readonly exceptionTable: readonly ExceptionTableEntry[];
  /** 3.13+: the number of labels (jump targets and exception-table bounds); 0 before. */
  readonly labelCount: number;
  /** 3.13+: the label number of an offset (inside the code or not), or undefined. */
  labelOf(offset: number): number | undefined;
  /** 3.13+ labels as a map, offset → label number, in offset order (empty before 3.13). */
  labelMap(): Map<number, number>;
  /** Resolves `argval`/`argrepr`. */
  readonly resolver: ArgResolver;
}

let sOffset = new Int32Array(1024);
let sStart = new Int32Array(1024);
let sOp = new Uint8Array(1024);
let sArg = new Float64Array(1024);
let sLsOffset = new Float64Array(256);
let sLsLine = new Float64Array(256);
let sMark = new Int32Array(1024);

/** The instruction scratch arrays, grown on demand (see {@link UnpackTarget}). */
const scratchTarget: UnpackTarget = {
  reserve(n: number): UnpackArrays {
    if (sOffset.length < n) growInstructionScratch(n);
    return { offset: sOffset, start: sStart, op: sOp, arg: sArg };
  },
};

function growInstructionScratch(n: number): void {
  const size = Math.max(n, sOffset.length * 2);
  const o = new Int32Array(size); o.set(sOffset); sOffset = o;
  const s = new Int32Array(size); s.set(sStart); sStart = s;
  const p = new Uint8Array(size); p.set(sOp); sOp = p;
  const a = new Float64Array(size); a.set(sArg); sArg = a;
}

/** Appends one line start to the scratch arrays. */
function pushLineStart(k: number, offset: number, line: number | null): void {
  if (k >= sLsOffset.length) {
    const o = new Float64Array(sLsOffset.length * 2); o.set(sLsOffset); sLsOffset = o;
    const l = new Float64Array(sLsLine.length * 2); l.set(sLsLine); sLsLine = l;
  }
  sLsOffset[k] = offset;
  sLsLine[k] = line === null ? NaN : line;
}

/**
 * `dis.findlinestarts(code)` into the scratch arrays; returns the count. From 3.10 the same as
 * `findLineStarts(codeLines(code, v), v)`, read with the line-table walkers without building the ranges.
 */
function lineStartsInto(code: CodeObject, v: VersionInfo): number {
  const f = v.features;
  const none = f.noneLineStarts;
  let k = 0;
  let last: number | null | undefined = none ? undefined : null;
  if (f.lineTable === 'locations') {
    // Merging equal-line ranges (3.12+) never changes where lines start, so it is not done here.
    let addr = 0;
    const t = code.linetable;
    const loc = location;
    startLocations(code.firstlineno);
    while (nextLocation(t)) {
      const line = loc.line;
      if (none ? line !== last : line !== null && line !== last) {
        last = line;
        pushLineStart(k++, addr, line);
      }
      addr += loc.units * 2;
    }
    return k;
  }
  if (f.lineTable === 'lines') {
    walkLines310(code.linetable, code.firstlineno, (start, _end, line) => {
      if (none ? line !== last : line !== null && line !== last) {
        last = line;
        pushLineStart(k++, start, line);
      }
    });
    return k;
  }
  // ≤ 3.9: every start `dis.findlinestarts` yields, those at or past the end of the code included (see walkLnotab).
  walkLnotab(code.linetable, code.firstlineno, code.code.length, f.signedLineDeltas, f.lineStartsStopAtCodeEnd,
    (offset, line) => pushLineStart(k++, offset, line));
  return k;
}

/**
 * Internal: decodes a code object into scratch arrays (see {@link ScannedCode}); the basis of {@link decodeCode}.
 * `reprs` may carry constant reprs from one code object to the next (marshal shares objects between them).
 */
export function scanCode(code: CodeObject, v: VersionInfo, reprs?: Map<PyObject, string>): ScannedCode {
  const f = v.features;
  const jt = jumpTablesOf(v);
  const flags = v.table.flags;
  const count = unpackInstructions(code.code, v, scratchTarget);
  const lineStartCount = lineStartsInto(code, v);
  const exceptionTable = f.hasExceptionTable ? parseExceptionTable(code.exceptiontable) : [];
  const offs = sOffset, ops = sOp, args = sArg;

  // Jump targets (dis.findlabels) and, from 3.13, exception-table bounds, marked by code unit; the few that fall
  // outside the code (bad input) are kept aside.
  const shift = f.wordcode ? 1 : 0;
  const odd = (1 << shift) - 1;
  const units = (code.code.length >> shift) + 1;
  if (sMark.length < units) sMark = new Int32Array(Math.max(units, sMark.length * 2));
  const mark = sMark;
  mark.fill(0, 0, units);
  const limit = units << shift;
  let outside: number[] | undefined;
  const markAt = (off: number) => {
    if (off >= 0 && off < limit && (off & odd) === 0) mark[off >> shift] = 1;
    else (outside ??= []).push(off);
  };
  // ≤ 3.4: dis.findlabels reads a jump's own 16-bit argument, without EXTENDED_ARG.
  const own = f.labelsSeeExtendedArg ? 0 : 65536;
  for (let k = 0; k < count; k++) {
    const op = ops[k]!;
    if (jt.kind[op] !== JumpKind.None && flags[op]! & OpFlag.Arg) markAt(jumpTarget(op, own ? args[k]! % own : args[k]!, offs[k]!, jt)!);
  }
  let labelCount = 0;
  let outsideLabels: Map<number, number> | undefined;
  if (f.labelsInListing) {
    for (const e of exceptionTable) { markAt(e.start); markAt(e.end); markAt(e.target); }
    // Labels number the marked offsets in increasing order, those outside the code included.
    const extra = outside ? [...new Set(outside)].sort((a, b) => a - b) : [];
    let x = 0;
    for (let u = 0; u < units; u++) {
      if (!mark[u]) continue;
      for (; x < extra.length && extra[x]! < u << shift; x++) (outsideLabels ??= new Map()).set(extra[x]!, ++labelCount);
      mark[u] = ++labelCount;
    }
    for (; x < extra.length; x++) (outsideLabels ??= new Map()).set(extra[x]!, ++labelCount);
  } else {
    for (const e of exceptionTable) if (e.start < e.end) markAt(e.target);
  }
  const labelOf = (off: number): number | undefined => {
    if (!f.labelsInListing) return undefined;
    if (off >= 0 && off < limit && (off & odd) === 0) return mark[off >> shift] || undefined;
    return outsideLabels?.get(off);
  };
  const labelMap = () => {
    const all: [number, number][] = outsideLabels ? [...outsideLabels] : [];
    if (f.labelsInListing) for (let u = 0; u < units; u++) if (mark[u]) all.push([u << shift, mark[u]!]);
    return new Map(all.sort((a, b) => a[0] - b[0]));
  };
  return {
    code, count, offset: offs, start: sStart, op: ops, arg: args,
    lineStartCount, lineStartOffset: sLsOffset, lineStartLine: sLsLine,
    mark, markShift: shift, exceptionTable, labelCount, labelOf, labelMap, resolver: new ArgResolver(code, v, labelOf, reprs),
  };
}

