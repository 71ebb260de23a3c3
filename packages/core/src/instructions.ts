/**
 * Decoding a code object's bytecode into instructions, as `dis.get_instructions` / `dis.dis` of the matching
 * CPython see them: EXTENDED_ARG accumulation, inline caches, argument resolution (`argval`/`argrepr`), jump
 * targets and labels, line starts and positions. Driven by the version's tables and switches only.
 */
import type { CodeObject } from './code-object.js';
import { BytescopeError } from './errors.js';
import { parseExceptionTable, type ExceptionTableEntry } from './exception-table.js';
import { linesFrom310, linesFrom311, linesFromLnotab, positionsFrom311, type LineRange, type Position } from './line-table.js';
import { OpFlag } from './opcode-table.js';
import { PY_FALSE, PY_NONE, PY_TRUE, type PyObject } from './objects.js';
import { reprObject } from './repr.js';
import type { VersionInfo } from './versions.js';

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
  if (f.locationTable) return linesFrom311(code.linetable, code.firstlineno, f.mergeLineRanges);
  if (code.layout === '3.10') return linesFrom310(code.linetable, code.firstlineno);
  const minor = Number(v.version.split('.')[1]);
  return linesFromLnotab(code.linetable, code.firstlineno, code.code.length, v.version.startsWith('3.') && minor >= 6);
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

/** One step of `dis._unpack_opargs`. */
interface RawInstruction { offset: number; startOffset: number; op: number; arg: number | null }

function unpack(code: Uint8Array, v: VersionInfo): RawInstruction[] {
  const t = v.table;
  const extended = t.data.extendedArg;
  const wrap = v.features.wrapExtendedArg;
  const out: RawInstruction[] = [];
  let ext = 0;
  let extCount = 0;
  let caches = 0;
  const n = code.length & ~1;
  for (let i = 0; i < n; i += 2) {
    if (caches) { caches--; continue; }
    const op = code[i]!;
    const deop = t.deopt[op]!;
    caches = t.cacheUnits[op]!;
    let arg: number | null;
    if (t.flags[op]! & OpFlag.Arg) {
      arg = code[i + 1]! + ext;
      if (deop === extended) {
        ext = arg * 256;
        if (wrap && ext >= 2 ** 31) ext -= 2 ** 32;
        if (!wrap && ext > Number.MAX_SAFE_INTEGER / 512) throw new BytescopeError('limit', 'EXTENDED_ARG chain too long', i);
      } else ext = 0;
    } else {
      arg = null;
      ext = 0;
    }
    if (deop === extended) {
      extCount++;
      out.push({ offset: i, startOffset: i, op, arg });
    } else {
      out.push({ offset: i, startOffset: i - extCount * 2, op, arg });
      extCount = 0;
    }
  }
  return out;
}

function isBackwardJump(name: string, v: VersionInfo): boolean {
  if (!v.features.jumpsSkipCaches) return name.includes('JUMP_BACKWARD');
  return name === 'JUMP_BACKWARD' || name === 'JUMP_BACKWARD_NO_INTERRUPT' || name === 'END_ASYNC_FOR';
}

/** `dis._get_jump_target`: the byte offset a jump lands on, or null when `op` is not a jump. */
function jumpTarget(op: number, arg: number, offset: number, v: VersionInfo): number | null {
  const t = v.table;
  const deop = t.deopt[op]!;
  const fl = t.flags[op]!;
  if (fl & OpFlag.JRel) {
    const signed = isBackwardJump(t.opname[deop]!, v) ? -arg : arg;
    let target = offset + 2 + signed * 2;
    if (v.features.jumpsSkipCaches) target += 2 * t.cacheUnits[op]!;
    return target;
  }
  if (fl & OpFlag.JAbs) return arg * 2;
  return null;
}

/** Decodes one code object (not its nested code objects). */
export function decodeCode(code: CodeObject, v: VersionInfo): DecodedCode {
  const f = v.features;
  const t = v.table;
  const raw = unpack(code.code, v);
  const lines = codeLines(code, v);
  const lineStarts = findLineStarts(lines, v);
  const exceptionTable = f.hasExceptionTable ? parseExceptionTable(code.exceptiontable) : [];
  const positions = f.locationTable ? positionsFrom311(code.linetable, code.firstlineno, code.code.length >> 1) : [];

  // Jump targets, in first-seen order (dis.findlabels).
  const targets = new Set<number>();
  for (const r of raw) {
    if (r.arg === null) continue;
    const tg = jumpTarget(r.op, r.arg, r.offset, v);
    if (tg !== null) targets.add(tg);
  }
  const labels = new Map<number, number>();
  const marked = new Set<number>(targets);
  if (f.labelsInListing) {
    const all = new Set<number>(targets);
    for (const e of exceptionTable) { all.add(e.start); all.add(e.end); all.add(e.target); }
    [...all].sort((a, b) => a - b).forEach((off, i) => labels.set(off, i + 1));
  } else {
    for (const e of exceptionTable) if (e.start < e.end) marked.add(e.target);
  }

  const resolver = new ArgResolver(code, v, labels);
  const out: Instruction[] = new Array(raw.length);
  let lineNumber: number | null = null;
  for (let k = 0; k < raw.length; k++) {
    const r = raw[k]!;
    const startsLine = lineStarts.has(r.offset);
    if (startsLine) lineNumber = lineStarts.get(r.offset)!;
    const deop = t.deopt[r.op]!;
    const { argval, argrepr } = r.arg === null ? NO_ARG : resolver.resolve(r.op, r.arg, r.offset);
    out[k] = {
      offset: r.offset,
      startOffset: r.startOffset,
      opcode: r.op,
      opname: t.opname[r.op]!,
      baseOpcode: deop,
      arg: r.arg,
      argval,
      argrepr,
      startsLine,
      lineNumber,
      isJumpTarget: f.labelsInListing ? labels.has(r.offset) : marked.has(r.offset),
      label: f.labelsInListing ? labels.get(r.offset) ?? null : null,
      positions: f.locationTable ? positions[r.offset >> 1] ?? null : null,
      cacheUnits: t.cacheUnits[r.op]!,
      jumpTarget: r.arg === null ? null : jumpTarget(r.op, r.arg, r.offset, v),
    };
  }
  return { code, instructions: out, exceptionTable, lines, positions, lineStarts, labels };
}

const NO_ARG = { argval: { kind: 'none' } as ArgValue, argrepr: '' };

/** Resolves opargs to `argval`/`argrepr` the way the version's `dis` does (its `if … elif` chain). */
class ArgResolver {
  private readonly constReprs: (string | undefined)[] = [];
  private readonly ops: Record<string, number>;

  constructor(private readonly code: CodeObject, private readonly v: VersionInfo, private readonly labels: ReadonlyMap<number, number>) {
    const t = v.table;
    const names = ['LOAD_CONST', 'LOAD_GLOBAL', 'LOAD_ATTR', 'LOAD_SUPER_ATTR', 'IMPORT_NAME', 'END_ASYNC_FOR',
      'LOAD_FAST_LOAD_FAST', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'STORE_FAST_LOAD_FAST', 'STORE_FAST_STORE_FAST',
      'FORMAT_VALUE', 'MAKE_FUNCTION', 'CONVERT_VALUE', 'SET_FUNCTION_ATTRIBUTE', 'BINARY_OP', 'CALL_INTRINSIC_1',
      'CALL_INTRINSIC_2', 'LOAD_COMMON_CONSTANT', 'LOAD_SPECIAL', 'IS_OP', 'CONTAINS_OP'];
    this.ops = Object.fromEntries(names.map((n) => [n, t.op(n)]));
  }

  private constRepr(i: number): string {
    let s = this.constReprs[i];
    if (s === undefined) {
      s = reprObject(this.code.consts[i]!, this.v.printable);
      this.constReprs[i] = s;
    }
    return s;
  }

  private name(i: number): { argval: ArgValue; argrepr: string } {
    const s = this.code.names[i];
    if (s === undefined) return bad(`name index ${i}`, this.code.names.length);
    return { argval: { kind: 'name', value: s }, argrepr: s };
  }

  private local(i: number): { argval: ArgValue; argrepr: string } {
    const v = this.v;
    let s: string | undefined;
    if (v.features.hasCaches) s = this.code.localsplusnames[i];
    else {
      // 3.10: LOAD_FAST & co. index co_varnames; the *_DEREF family indexes cellvars + freevars.
      s = this.code.varnames[i];
    }
    if (s === undefined) return bad(`local index ${i}`, this.code.localsplusnames.length);
    return { argval: { kind: 'name', value: s }, argrepr: s };
  }

  private cell310(i: number): { argval: ArgValue; argrepr: string } {
    const c = this.code;
    const s = i < c.cellvars.length ? c.cellvars[i] : c.freevars[i - c.cellvars.length];
    if (s === undefined) return bad(`cell index ${i}`, c.cellvars.length + c.freevars.length);
    return { argval: { kind: 'name', value: s }, argrepr: s };
  }

  resolve(op: number, arg: number, offset: number): { argval: ArgValue; argrepr: string } {
    const v = this.v;
    const f = v.features;
    const t = v.table;
    const d = t.data;
    const o = this.ops;
    const deop = t.deopt[op]!;
    const fl = t.flags[op]!;
    if (fl & OpFlag.Const) {
      if (f.onlyLoadConstResolves && deop !== o.LOAD_CONST) return { argval: { kind: 'unknown' }, argrepr: '' };
      const c = this.code.consts[arg];
      if (c === undefined) return bad(`constant index ${arg}`, this.code.consts.length);
      return { argval: { kind: 'const', value: c }, argrepr: this.constRepr(arg) };
    }
    if (fl & OpFlag.Name) {
      if (deop === o.LOAD_GLOBAL && f.loadGlobalNullBit) return this.decorated(arg >> 1, arg & 1, 'NULL');
      if (deop === o.LOAD_ATTR && f.loadAttrMethodBit) return this.decorated(arg >> 1, arg & 1, 'NULL|self');
      if (deop === o.LOAD_SUPER_ATTR) return this.decorated(arg >> 2, arg & 1, 'NULL|self');
      if (deop === o.IMPORT_NAME && f.importNameFlags) {
        const r = this.name(arg >> 2);
        if (r.argrepr) {
          if (arg & 1) return { argval: r.argval, argrepr: `${r.argrepr} + lazy` };
          if (arg & 2) return { argval: r.argval, argrepr: `${r.argrepr} + eager` };
        }
        return r;
      }
      return this.name(arg);
    }
    if (f.labelsInListing) {
      if (fl & (OpFlag.Jump | OpFlag.Exc)) {
        const target = jumpTarget(op, arg, offset, v) ?? -1;
        const label = this.labels.get(target);
        const prep = deop === o.END_ASYNC_FOR ? 'from' : 'to';
        return { argval: { kind: 'offset', value: target }, argrepr: label === undefined ? `${prep} ?` : `${prep} L${label}` };
      }
      if (deop === o.LOAD_FAST_LOAD_FAST || deop === o.LOAD_FAST_BORROW_LOAD_FAST_BORROW ||
          deop === o.STORE_FAST_LOAD_FAST || deop === o.STORE_FAST_STORE_FAST) {
        const a = this.local(arg >> 4);
        const b = this.local(arg & 15);
        const an = a.argval.kind === 'name' ? a.argval.value : a.argrepr;
        const bn = b.argval.kind === 'name' ? b.argval.value : b.argrepr;
        return { argval: { kind: 'names', value: [an, bn] }, argrepr: `${a.argrepr}, ${b.argrepr}` };
      }
    } else if (fl & (OpFlag.JAbs | OpFlag.JRel)) {
      const target = jumpTarget(op, arg, offset, v)!;
      return { argval: { kind: 'offset', value: target }, argrepr: `to ${target}` };
    }
    if (fl & OpFlag.Local) return this.local(arg);
    if (fl & OpFlag.Free) return f.hasCaches ? this.local(arg) : this.cell310(arg);
    if (fl & OpFlag.Compare) {
      const s = d.cmpOp[arg >> f.compareShift];
      if (s === undefined) return bad(`comparison ${arg >> f.compareShift}`, d.cmpOp.length);
      return { argval: { kind: 'compare', value: s }, argrepr: f.compareBoolBit && arg & 16 ? `bool(${s})` : s };
    }
    if (deop === o.FORMAT_VALUE) {
      const conv = d.formatValueConverters[arg & 3] ?? '';
      const withSpec = (arg & 4) !== 0;
      const argrepr = withSpec ? (conv ? `${conv}, with format` : 'with format') : conv;
      return { argval: { kind: 'format', converter: conv || null, withSpec }, argrepr };
    }
    if (deop === o.CONVERT_VALUE) {
      const names = ['', 'str', 'repr', 'ascii'];
      const s = names[arg];
      if (s === undefined) return bad(`conversion ${arg}`, 4);
      return { argval: { kind: 'converter', value: s || null }, argrepr: s };
    }
    if (deop === o.MAKE_FUNCTION || deop === o.SET_FUNCTION_ATTRIBUTE) {
      const parts: string[] = [];
      d.functionFlags.forEach((s, i) => { if (arg & (1 << i)) parts.push(s); });
      return { argval: { kind: 'int', value: arg }, argrepr: parts.join(', ') };
    }
    const table = deop === o.BINARY_OP ? d.nbOps.map((p) => p[1]!) : deop === o.CALL_INTRINSIC_1 ? d.intrinsic1
      : deop === o.CALL_INTRINSIC_2 ? d.intrinsic2 : deop === o.LOAD_SPECIAL ? d.specialMethods : undefined;
    if (table) {
      const s = table[arg];
      if (s === undefined) return bad(`${t.opname[deop]} argument ${arg}`, table.length);
      return { argval: { kind: 'int', value: arg }, argrepr: s };
    }
    if (deop === o.LOAD_COMMON_CONSTANT) {
      const c = d.commonConstants[arg];
      if (c === undefined) return bad(`common constant ${arg}`, d.commonConstants.length);
      return { argval: f.commonConstantArgval ? commonConstantValue(c) : { kind: 'int', value: arg }, argrepr: c.repr };
    }
    if (f.isContainsArgrepr && deop === o.IS_OP) return { argval: { kind: 'int', value: arg }, argrepr: arg ? 'is not' : 'is' };
    if (f.isContainsArgrepr && deop === o.CONTAINS_OP) return { argval: { kind: 'int', value: arg }, argrepr: arg ? 'not in' : 'in' };
    return { argval: { kind: 'int', value: arg }, argrepr: '' };
  }

  private decorated(index: number, bit: number, marker: string): { argval: ArgValue; argrepr: string } {
    const r = this.name(index);
    if (!bit || !r.argrepr) return r;
    return { argval: r.argval, argrepr: this.v.features.nullAfterName ? `${r.argrepr} + ${marker}` : `${marker} + ${r.argrepr}` };
  }
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

/** An argument that points outside its table: CPython's `dis` would raise; we show the problem instead. */
function bad(what: string, size: number): { argval: ArgValue; argrepr: string } {
  return { argval: { kind: 'unknown' }, argrepr: `<invalid ${what}: table has ${size}>` };
}
