/**
 * Decoding a code object's bytecode into instructions, as `dis.get_instructions` / `dis.dis` of the matching
 * CPython see them: EXTENDED_ARG accumulation, inline caches, argument resolution (`argval`/`argrepr`), jump
 * targets and labels, line starts and positions. Driven by the version's tables and switches only.
 */
import type { CodeObject } from '../pyc/code-object.js';
import { BytescopeError } from '../errors.js';
import { parseExceptionTable, type ExceptionTableEntry } from './exception-table.js';
import { linesFrom310, linesFrom311, linesFromLnotab, positionsFrom311, type LineRange, type Position } from './line-table.js';
import { OpFlag } from './opcode-table.js';
import { PY_FALSE, PY_NONE, PY_TRUE, type PyObject } from '../pyc/objects.js';
import { reprObject } from '../text/repr.js';
import type { VersionInfo } from '../version/registry.js';

/** The value an argument resolves to (`Instruction.argval` of `dis`). */
export type ArgValue =
  | { readonly kind: 'none' }                                       // no argument
  | { readonly kind: 'int'; readonly value: number }                // the oparg itself, or a computed int
  | { readonly kind: 'const'; readonly value: PyObject }            // a constant (co_consts or a common constant)
  | { readonly kind: 'name'; readonly value: string }               // a name, local, cell or free variable
  | { readonly kind: 'names'; readonly value: readonly [string, string] } // superinstruction operands
  | { readonly kind: 'offset'; readonly value: number }             // a jump target (byte offset)
  | { readonly kind: 'compare'; readonly value: string }            // a comparison operator
  | { readonly kind: 'format'; readonly converter: string | null; readonly withSpec: boolean } // FORMAT_VALUE
  | { readonly kind: 'converter'; readonly value: string | null }   // CONVERT_VALUE
  | { readonly kind: 'object'; readonly repr: string }              // a builtin class or function (3.15 LOAD_COMMON_CONSTANT)
  | { readonly kind: 'unknown' };                                   // dis.UNKNOWN

/** One decoded instruction (`dis.Instruction`), plus what the listing needs. */
export interface Instruction {
  /** Byte offset of the opcode. */
  readonly offset: number;
  /** Offset of the first EXTENDED_ARG prefix of this instruction (= offset when none). */
  readonly startOffset: number;
  readonly opcode: number;
  readonly opname: string;
  /** The de-specialized opcode (equal to `opcode` in any `.pyc`). */
  readonly baseOpcode: number;
  /** The oparg with EXTENDED_ARG prefixes applied, or null for opcodes without an argument. */
  readonly arg: number | null;
  readonly argval: ArgValue;
  /** Human-readable description of the argument, exactly as `dis` prints it inside parentheses. */
  readonly argrepr: string;
  /** True when a new source line starts here (3.13+: also a start of a line-less block). */
  readonly startsLine: boolean;
  /** The source line this instruction belongs to (null: none). */
  readonly lineNumber: number | null;
  /** True when `dis` marks this offset as a jump target (`>>` or a label). */
  readonly isJumpTarget: boolean;
  /** 3.13+ label number (L1, L2, …), or null. */
  readonly label: number | null;
  /** Source positions (3.11+), or null. */
  readonly positions: Position | null;
  /** Number of inline CACHE code units after the instruction. */
  readonly cacheUnits: number;
  /** The jump target's byte offset for jump instructions, else null. */
  readonly jumpTarget: number | null;
}

/** A code object decoded: its instructions and the per-code tables the listing needs. */
export interface DecodedCode {
  readonly code: CodeObject;
  readonly instructions: readonly Instruction[];
  readonly exceptionTable: readonly ExceptionTableEntry[];
  /** `co_lines()`. */
  readonly lines: readonly LineRange[];
  /** `co_positions()` per code unit (3.11+), else empty. */
  readonly positions: readonly Position[];
  /** Line starts: offset → line (null: a line-less block, 3.13+). */
  readonly lineStarts: ReadonlyMap<number, number | null>;
  /** 3.13+ labels: offset → label number (jump targets and exception-table bounds). Empty before 3.13. */
  readonly labels: ReadonlyMap<number, number>;
}

/** `co_lines()` of a code object in `version`. */
export function codeLines(code: CodeObject, v: VersionInfo): LineRange[] {
  const f = v.features;
  if (f.lineTable === 'locations') return linesFrom311(code.linetable, code.firstlineno, f.mergeLineRanges);
  if (f.lineTable === 'lines') return linesFrom310(code.linetable, code.firstlineno);
  return linesFromLnotab(code.linetable, code.firstlineno, code.code.length, f.signedLineDeltas);
}

/** `dis.findlinestarts` of the version. */
export function findLineStarts(lines: readonly LineRange[], v: VersionInfo): Map<number, number | null> {
  const starts = new Map<number, number | null>();
  if (v.features.noneLineStarts) {
    let last: number | null | undefined = undefined;
    for (const r of lines) {
      if (r.line !== last) {
        last = r.line;
        starts.set(r.start, r.line);
      }
    }
  } else {
    let last: number | null = null;
    for (const r of lines) {
      if (r.line !== null && r.line !== last) {
        last = r.line;
        starts.set(r.start, r.line);
      }
    }
  }
  return starts;
}

/**
 * Per-version data derived once from the opcode table for decoding: the opcode numbers the argument resolver
 * tests, and how each opcode jumps.
 */
interface DecodeTables {
  readonly ops: ResolverOps;
  /** By opcode: 0 not a jump, 1 relative forward, 2 relative backward, 3 absolute. */
  readonly jumpKind: Uint8Array;
  /** By opcode: bytes added to a relative jump's target (its inline caches, from 3.12). */
  readonly jumpSkip: Uint8Array;
  /** BINARY_OP's operator texts by oparg. */
  readonly binaryOps: readonly string[];
}

const RESOLVER_OPS = ['LOAD_CONST', 'LOAD_GLOBAL', 'LOAD_ATTR', 'LOAD_SUPER_ATTR', 'IMPORT_NAME', 'END_ASYNC_FOR',
  'LOAD_FAST_LOAD_FAST', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'STORE_FAST_LOAD_FAST', 'STORE_FAST_STORE_FAST',
  'FORMAT_VALUE', 'MAKE_FUNCTION', 'CONVERT_VALUE', 'SET_FUNCTION_ATTRIBUTE', 'BINARY_OP', 'CALL_INTRINSIC_1',
  'CALL_INTRINSIC_2', 'LOAD_COMMON_CONSTANT', 'LOAD_SPECIAL', 'IS_OP', 'CONTAINS_OP'] as const;

/** Opcode numbers (-1: not in this version) of the opcodes whose arguments the resolver treats specially. */
type ResolverOps = Readonly<Record<(typeof RESOLVER_OPS)[number], number>>;

const decodeTables = new WeakMap<VersionInfo, DecodeTables>();

function tablesOf(v: VersionInfo): DecodeTables {
  let d = decodeTables.get(v);
  if (d) return d;
  const t = v.table;
  const ops = Object.fromEntries(RESOLVER_OPS.map((n) => [n, t.op(n)])) as Record<(typeof RESOLVER_OPS)[number], number>;
  const jumpKind = new Uint8Array(256);
  const jumpSkip = new Uint8Array(256);
  for (let op = 0; op < 256; op++) {
    const fl = t.flags[op]!;
    if (fl & OpFlag.JRel) {
      jumpKind[op] = isBackwardJump(t.opname[t.deopt[op]!]!, v) ? 2 : 1;
      if (v.features.jumpsSkipCaches) jumpSkip[op] = 2 * t.cacheUnits[op]!;
    } else if (fl & OpFlag.JAbs) jumpKind[op] = 3;
  }
  d = { ops, jumpKind, jumpSkip, binaryOps: t.data.nbOps.map((p) => p[1]!) };
  decodeTables.set(v, d);
  return d;
}

function isBackwardJump(name: string, v: VersionInfo): boolean {
  if (!v.features.jumpsSkipCaches) return name.includes('JUMP_BACKWARD');
  return name === 'JUMP_BACKWARD' || name === 'JUMP_BACKWARD_NO_INTERRUPT' || name === 'END_ASYNC_FOR';
}

/** `dis._get_jump_target`: the byte offset a jump lands on, or null when `op` is not a jump. */
function jumpTarget(op: number, arg: number, offset: number, d: DecodeTables): number | null {
  const k = d.jumpKind[op]!;
  if (k === 0) return null;
  if (k === 3) return arg * 2;
  return offset + 2 + (k === 2 ? -arg : arg) * 2 + d.jumpSkip[op]!;
}

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
   * By code unit (offset >> 1, for offsets 0 … code length): 0, or the label number (3.13+), or 1 where the
   * offset era marks a jump target (`>>`).
   */
  readonly mark: Int32Array;
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

/** Unpacks `code` into the scratch arrays; returns the instruction count. */
function unpackInto(code: Uint8Array, v: VersionInfo): number {
  const t = v.table;
  const extended = t.data.extendedArg;
  const wrap = v.features.wrapExtendedArg;
  const deopt = t.deopt;
  const cacheUnits = t.cacheUnits;
  const flags = t.flags;
  const n = code.length & ~1;
  if (sOffset.length < n >> 1) growInstructionScratch(n >> 1);
  const offs = sOffset, starts = sStart, ops = sOp, args = sArg;
  let count = 0;
  let ext = 0;
  let extCount = 0;
  for (let i = 0; i < n; i += 2) {
    const op = code[i]!;
    const deop = deopt[op]!;
    let arg = 0;
    if (flags[op]! & OpFlag.Arg) {
      arg = code[i + 1]! + ext;
      if (deop === extended) {
        ext = arg * 256;
        if (wrap && ext >= 2 ** 31) ext -= 2 ** 32;
        if (!wrap && ext > Number.MAX_SAFE_INTEGER / 512) throw new BytescopeError('limit', 'EXTENDED_ARG chain too long', i);
      } else ext = 0;
    } else ext = 0;
    offs[count] = i;
    ops[count] = op;
    args[count] = arg;
    if (deop === extended) {
      extCount++;
      starts[count] = i;
    } else {
      starts[count] = i - extCount * 2;
      extCount = 0;
    }
    count++;
    i += 2 * cacheUnits[op]!;
  }
  return count;
}

/** The read position of {@link varint} in a location table (module state: no closure per table). */
let at = 0;

/** An unsigned varint of a 3.11+ location table at {@link at} (line-table.ts: locationEntries). */
function varint(tb: Uint8Array): number {
  const len = tb.length;
  let b = at < len ? tb[at++]! : 0;
  let v = b & 63;
  let shift = 0;
  while (b & 64 && at < len && shift < 30) {
    b = at < len ? tb[at++]! : 0;
    shift += 6;
    v |= (b & 63) << shift;
  }
  return v >>> 0;
}

/** A signed varint at {@link at}. */
function svarint(tb: Uint8Array): number {
  const v = varint(tb);
  return v & 1 ? -(v >>> 1) : v >>> 1;
}

/**
 * `dis.findlinestarts(code)` into the scratch arrays; returns the count. The same as
 * `findLineStarts(codeLines(code, v), v)`, read straight from the table without building the ranges.
 */
function lineStartsInto(code: CodeObject, v: VersionInfo): number {
  const f = v.features;
  const none = f.noneLineStarts;
  let k = 0;
  if (f.locationTable) {
    // The 3.11+ location table (line-table.ts: locationEntries, linesFrom311). Merging equal-line ranges (3.12+)
    // never changes where lines start, so it is not done here.
    const tb = code.linetable;
    const len = tb.length;
    let line = code.firstlineno;
    let addr = 0;
    let last: number | null | undefined = none ? undefined : null;
    at = 0;
    while (at < len) {
      const first = tb[at++]!;
      const kind = (first >> 3) & 15;
      const units = (first & 7) + 1;
      let l: number | null = line;
      if (kind === 15) l = null;
      else if (kind === 14) {
        line += svarint(tb);
        l = line;
        varint(tb); varint(tb); varint(tb);
      } else if (kind === 13) {
        line += svarint(tb);
        l = line;
      } else if (kind >= 10) {
        line += kind - 10;
        l = line;
        at += 2; // the two column bytes (past the end of the table, the loop ends either way)
      } else at += 1; // the column byte
      if (none ? l !== last : l !== null && l !== last) {
        last = l;
        pushLineStart(k++, addr, l);
      }
      addr += units * 2;
    }
    return k;
  }
  if (code.layout === '3.10') {
    // line-table.ts: linesFrom310.
    const tb = code.linetable;
    let line = code.firstlineno;
    let addr = 0;
    let last: number | null | undefined = none ? undefined : null;
    for (let i = 0; i + 1 < tb.length; i += 2) {
      const bdelta = tb[i]!;
      const raw = tb[i + 1]!;
      const ldelta = raw >= 128 ? raw - 256 : raw;
      let l: number | null = null;
      if (ldelta !== -128) {
        line += ldelta;
        l = line;
      }
      if (bdelta && (none ? l !== last : l !== null && l !== last)) {
        last = l;
        pushLineStart(k++, addr, l);
      }
      addr += bdelta;
    }
    return k;
  }
  for (const [offset, line] of findLineStarts(codeLines(code, v), v)) pushLineStart(k++, offset, line);
  return k;
}

/**
 * Internal: decodes a code object into scratch arrays (see {@link ScannedCode}); the basis of {@link decodeCode}.
 * `reprs` may carry constant reprs from one code object to the next (marshal shares objects between them).
 */
export function scanCode(code: CodeObject, v: VersionInfo, reprs?: Map<PyObject, string>): ScannedCode {
  const f = v.features;
  const dt = tablesOf(v);
  const flags = v.table.flags;
  const count = unpackInto(code.code, v);
  const lineStartCount = lineStartsInto(code, v);
  const exceptionTable = f.hasExceptionTable ? parseExceptionTable(code.exceptiontable) : [];
  const offs = sOffset, ops = sOp, args = sArg;

  // Jump targets (dis.findlabels) and, from 3.13, exception-table bounds, marked by code unit; the few that fall
  // outside the code (bad input) are kept aside.
  const units = (code.code.length >> 1) + 1;
  if (sMark.length < units) sMark = new Int32Array(Math.max(units, sMark.length * 2));
  const mark = sMark;
  mark.fill(0, 0, units);
  const limit = units * 2;
  let outside: number[] | undefined;
  const markAt = (off: number) => {
    if (off >= 0 && off < limit && off % 2 === 0) mark[off >> 1] = 1;
    else (outside ??= []).push(off);
  };
  for (let k = 0; k < count; k++) {
    const op = ops[k]!;
    if (dt.jumpKind[op] !== 0 && flags[op]! & OpFlag.Arg) markAt(jumpTarget(op, args[k]!, offs[k]!, dt)!);
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
      for (; x < extra.length && extra[x]! < u * 2; x++) (outsideLabels ??= new Map()).set(extra[x]!, ++labelCount);
      mark[u] = ++labelCount;
    }
    for (; x < extra.length; x++) (outsideLabels ??= new Map()).set(extra[x]!, ++labelCount);
  } else {
    for (const e of exceptionTable) if (e.start < e.end) markAt(e.target);
  }
  const labelOf = (off: number): number | undefined => {
    if (!f.labelsInListing) return undefined;
    if (off >= 0 && off < limit && off % 2 === 0) return mark[off >> 1] || undefined;
    return outsideLabels?.get(off);
  };
  const labelMap = () => {
    const all: [number, number][] = outsideLabels ? [...outsideLabels] : [];
    if (f.labelsInListing) for (let u = 0; u < units; u++) if (mark[u]) all.push([u * 2, mark[u]!]);
    return new Map(all.sort((a, b) => a[0] - b[0]));
  };
  return {
    code, count, offset: offs, start: sStart, op: ops, arg: args,
    lineStartCount, lineStartOffset: sLsOffset, lineStartLine: sLsLine,
    mark, exceptionTable, labelCount, labelOf, labelMap, resolver: new ArgResolver(code, v, labelOf, dt, reprs),
  };
}

/** Decodes one code object (not its nested code objects). */
export function decodeCode(code: CodeObject, v: VersionInfo): DecodedCode {
  const f = v.features;
  const t = v.table;
  const s = scanCode(code, v);
  const dt = tablesOf(v);
  const lines = codeLines(code, v);
  const lineStarts = new Map<number, number | null>();
  for (let k = 0; k < s.lineStartCount; k++) {
    const l = s.lineStartLine[k]!;
    lineStarts.set(s.lineStartOffset[k]!, Number.isNaN(l) ? null : l);
  }
  const positions = f.locationTable ? positionsFrom311(code.linetable, code.firstlineno, code.code.length >> 1) : [];
  const out: Instruction[] = new Array(s.count);
  let lineNumber: number | null = null;
  for (let k = 0; k < s.count; k++) {
    const offset = s.offset[k]!;
    const op = s.op[k]!;
    const arg = t.flags[op]! & OpFlag.Arg ? s.arg[k]! : null;
    const startsLine = lineStarts.has(offset);
    if (startsLine) lineNumber = lineStarts.get(offset)!;
    const { argval, argrepr } = arg === null ? NO_ARG : s.resolver.resolve(op, arg, offset);
    const mark = s.mark[offset >> 1]!;
    out[k] = {
      offset,
      startOffset: s.start[k]!,
      opcode: op,
      opname: t.opname[op]!,
      baseOpcode: t.deopt[op]!,
      arg,
      argval,
      argrepr,
      startsLine,
      lineNumber,
      isJumpTarget: mark !== 0,
      label: f.labelsInListing && mark !== 0 ? mark : null,
      positions: f.locationTable ? positions[offset >> 1] ?? null : null,
      cacheUnits: t.cacheUnits[op]!,
      jumpTarget: arg === null ? null : jumpTarget(op, arg, offset, dt),
    };
  }
  return { code, instructions: out, exceptionTable: s.exceptionTable, lines, positions, lineStarts, labels: s.labelMap() };
}

const NO_ARG = { argval: { kind: 'none' } as ArgValue, argrepr: '' };
const UNKNOWN: ArgValue = { kind: 'unknown' };
const CONVERSIONS = ['', 'str', 'repr', 'ascii'];

/**
 * Internal: resolves opargs to `argval`/`argrepr` the way the version's `dis` does (its `if … elif` chain), for
 * one code object. {@link argrepr} gives the text alone and allocates nothing in the common cases (the text
 * listing calls it once per instruction); {@link resolve} gives both, through the same chain: while it runs,
 * every branch also records its `argval`.
 */
export class ArgResolver {
  private readonly constReprs: (string | undefined)[] = [];
  private readonly ops: ResolverOps;
  /** Texts made once per code object: decorated names, label references, superinstruction pairs… */
  private memo: Map<number, string> | undefined;
  /** Set by {@link resolve}: the branches record their `argval` in {@link value}. */
  private wantValue = false;
  private value: ArgValue = UNKNOWN;

  constructor(private readonly code: CodeObject, private readonly v: VersionInfo, private readonly labelOf: (offset: number) => number | undefined,
    private readonly dt: DecodeTables, private readonly reprs?: Map<PyObject, string>) {
    this.ops = dt.ops;
  }

  /** `argval` and `argrepr` of the instruction `op` with argument `arg` at `offset`. */
  resolve(op: number, arg: number, offset: number): { argval: ArgValue; argrepr: string } {
    this.wantValue = true;
    this.value = UNKNOWN;
    try {
      const argrepr = this.argrepr(op, arg, offset);
      return { argval: this.value, argrepr };
    } finally {
      this.wantValue = false;
    }
  }

  private constRepr(i: number): string {
    let s = this.constReprs[i];
    if (s === undefined) {
      const c = this.code.consts[i]!;
      s = this.reprs?.get(c);
      if (s === undefined) {
        s = reprObject(c, this.v.printable);
        this.reprs?.set(c, s);
      }
      this.constReprs[i] = s;
    }
    return s;
  }

  /** A text made before for `kind` (0 … 15) and `arg` in this code object, or undefined. */
  private recall(kind: number, arg: number): string | undefined {
    // Keys stay small integers (no number is allocated to look one up).
    return arg >= 0 && arg < 2 ** 25 ? this.memo?.get(arg * 16 + kind) : undefined;
  }

  /** Keeps a text for {@link recall} (only for 0 <= arg < 2**25, so that keys never collide) and returns it. */
  private remember(kind: number, arg: number, text: string): string {
    if (arg >= 0 && arg < 2 ** 25) (this.memo ??= new Map()).set(arg * 16 + kind, text);
    return text;
  }

  /** Records an `argval` (when {@link resolve} asked for one). */
  private val(v: ArgValue): void {
    this.value = v;
  }

  private bad(what: string, size: number): string {
    if (this.wantValue) this.val(UNKNOWN);
    return `<invalid ${what}: table has ${size}>`;
  }

  /** A name looked up in a table; `what` names the index when it is out of range. */
  private nameAt(s: string | undefined, what: string, i: number, size: number): string {
    if (s === undefined) return this.bad(`${what} ${i}`, size);
    if (this.wantValue) this.val({ kind: 'name', value: s });
    return s;
  }

  private name(i: number): string {
    return this.nameAt(this.code.names[i], 'name index', i, this.code.names.length);
  }

  private local(i: number): string {
    const c = this.code;
    // 3.10: LOAD_FAST & co. index co_varnames; from 3.11 co_localsplusnames.
    return this.nameAt(this.v.features.hasCaches ? c.localsplusnames[i] : c.varnames[i], 'local index', i, c.localsplusnames.length);
  }

  private cell310(i: number): string {
    const c = this.code;
    const s = i < c.cellvars.length ? c.cellvars[i] : c.freevars[i - c.cellvars.length];
    return this.nameAt(s, 'cell index', i, c.cellvars.length + c.freevars.length);
  }

  /** A name with a marker for a flag bit of the oparg (`NULL + x` / `x + NULL`). */
  private decorated(kind: number, index: number, bit: number, marker: string): string {
    const r = this.name(index);
    if (!bit || !r) return r;
    return this.recall(kind, index) ?? this.remember(kind, index, this.v.features.nullAfterName ? `${r} + ${marker}` : `${marker} + ${r}`);
  }

  /** `argrepr` of the instruction `op` with argument `arg` at `offset` (see {@link resolve} for `argval`). */
  argrepr(op: number, arg: number, offset: number): string {
    const v = this.v;
    const f = v.features;
    const t = v.table;
    const d = t.data;
    const o = this.ops;
    const want = this.wantValue;
    const deop = t.deopt[op]!;
    const fl = t.flags[op]!;
    if (fl & OpFlag.Const) {
      if (f.onlyLoadConstResolves && deop !== o.LOAD_CONST) {
        if (want) this.val(UNKNOWN);
        return '';
      }
      const c = this.code.consts[arg];
      if (c === undefined) return this.bad(`constant index ${arg}`, this.code.consts.length);
      if (want) this.val({ kind: 'const', value: c });
      return this.constRepr(arg);
    }
    if (fl & OpFlag.Name) {
      if (deop === o.LOAD_GLOBAL && f.loadGlobalNullBit) return this.decorated(1, arg >> 1, arg & 1, 'NULL');
      if (deop === o.LOAD_ATTR && f.loadAttrMethodBit) return this.decorated(2, arg >> 1, arg & 1, 'NULL|self');
      if (deop === o.LOAD_SUPER_ATTR) return this.decorated(3, arg >> 2, arg & 1, 'NULL|self');
      if (deop === o.IMPORT_NAME && f.importNameFlags) {
        const r = this.name(arg >> 2);
        if (r) {
          if (arg & 1) return `${r} + lazy`;
          if (arg & 2) return `${r} + eager`;
        }
        return r;
      }
      return this.name(arg);
    }
    if (f.labelsInListing) {
      if (fl & (OpFlag.Jump | OpFlag.Exc)) {
        const target = jumpTarget(op, arg, offset, this.dt) ?? -1;
        if (want) this.val({ kind: 'offset', value: target });
        const label = this.labelOf(target);
        const from = deop === o.END_ASYNC_FOR;
        if (label === undefined) return from ? 'from ?' : 'to ?';
        return this.recall(from ? 4 : 5, label) ?? this.remember(from ? 4 : 5, label, `${from ? 'from' : 'to'} L${label}`);
      }
      if (deop === o.LOAD_FAST_LOAD_FAST || deop === o.LOAD_FAST_BORROW_LOAD_FAST_BORROW ||
          deop === o.STORE_FAST_LOAD_FAST || deop === o.STORE_FAST_STORE_FAST) {
        // (When a name is missing, its argval part is its argrepr, the problem.)
        const a = this.local(arg >> 4);
        const b = this.local(arg & 15);
        if (want) this.val({ kind: 'names', value: [a, b] });
        return this.recall(6, arg) ?? this.remember(6, arg, `${a}, ${b}`);
      }
    } else if (fl & (OpFlag.JAbs | OpFlag.JRel)) {
      const target = jumpTarget(op, arg, offset, this.dt)!;
      if (want) this.val({ kind: 'offset', value: target });
      return this.recall(8, target) ?? this.remember(8, target, `to ${target}`);
    }
    if (fl & OpFlag.Local) return this.local(arg);
    if (fl & OpFlag.Free) return f.hasCaches ? this.local(arg) : this.cell310(arg);
    if (fl & OpFlag.Compare) {
      const s = d.cmpOp[arg >> f.compareShift];
      if (s === undefined) return this.bad(`comparison ${arg >> f.compareShift}`, d.cmpOp.length);
      if (want) this.val({ kind: 'compare', value: s });
      return f.compareBoolBit && arg & 16 ? this.recall(9, arg) ?? this.remember(9, arg, `bool(${s})`) : s;
    }
    if (deop === o.FORMAT_VALUE) {
      const conv = d.formatValueConverters[arg & 3] ?? '';
      const withSpec = (arg & 4) !== 0;
      if (want) this.val({ kind: 'format', converter: conv || null, withSpec });
      return withSpec ? (conv ? `${conv}, with format` : 'with format') : conv;
    }
    if (deop === o.CONVERT_VALUE) {
      const s = CONVERSIONS[arg];
      if (s === undefined) return this.bad(`conversion ${arg}`, 4);
      if (want) this.val({ kind: 'converter', value: s || null });
      return s;
    }
    if (want) this.val({ kind: 'int', value: arg });
    if (deop === o.MAKE_FUNCTION || deop === o.SET_FUNCTION_ATTRIBUTE) {
      return this.recall(7, arg) ?? this.remember(7, arg, flagNames(d.functionFlags, arg));
    }
    const table = deop === o.BINARY_OP ? this.dt.binaryOps : deop === o.CALL_INTRINSIC_1 ? d.intrinsic1
      : deop === o.CALL_INTRINSIC_2 ? d.intrinsic2 : deop === o.LOAD_SPECIAL ? d.specialMethods : undefined;
    if (table) {
      const s = table[arg];
      if (s === undefined) return this.bad(`${t.opname[deop]} argument ${arg}`, table.length);
      return s;
    }
    if (deop === o.LOAD_COMMON_CONSTANT) {
      const c = d.commonConstants[arg];
      if (c === undefined) return this.bad(`common constant ${arg}`, d.commonConstants.length);
      if (want && f.commonConstantArgval) this.val(commonConstantValue(c));
      return c.repr;
    }
    if (f.isContainsArgrepr && deop === o.IS_OP) return arg ? 'is not' : 'is';
    if (f.isContainsArgrepr && deop === o.CONTAINS_OP) return arg ? 'not in' : 'in';
    return '';
  }
}

/** The names of the bits set in `arg` (MAKE_FUNCTION's flags), joined by commas. */
function flagNames(names: readonly string[], arg: number): string {
  // (Not a closure inside ArgResolver.argrepr: capturing its argument would cost an allocation per call.)
  return names.filter((_, i) => arg & (1 << i)).join(', ');
}

/** 3.15+: `argval` of LOAD_COMMON_CONSTANT is the constant itself (a literal, a class or a builtin). */
function commonConstantValue(c: { repr: string; isType: boolean }): ArgValue {
  if (c.isType) return { kind: 'object', repr: `<class '${c.repr}'>` };
  const literal: Record<string, PyObject> = {
    None: PY_NONE, True: PY_TRUE, False: PY_FALSE, "''": { type: 'str', value: '' },
  };
  const lit = literal[c.repr];
  if (lit) return { kind: 'const', value: lit };
  if (/^-?\d+$/.test(c.repr)) return { kind: 'const', value: { type: 'int', value: BigInt(c.repr) } };
  return { kind: 'object', repr: c.repr };
}
