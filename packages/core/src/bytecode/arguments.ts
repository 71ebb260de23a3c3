/**
 * Argument resolution: an oparg to `argval` and `argrepr` exactly as the version's `dis` makes them (its
 * `_get_instructions_bytes` chain of `if … elif`), driven by the opcode table's `has*` sets and the feature
 * switches.
 */
import type { CodeObject } from '../pyc/code-object.js';
import { PY_FALSE, PY_NONE, PY_TRUE, type PyObject } from '../pyc/objects.js';
import { reprObject } from '../text/repr.js';
import type { VersionInfo } from '../version/registry.js';
import { jumpTablesOf, jumpTarget, type JumpTables } from './jumps.js';
import { OpFlag } from './opcode-table.js';

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

const RESOLVER_OPS = ['LOAD_CONST', 'LOAD_GLOBAL', 'LOAD_ATTR', 'LOAD_SUPER_ATTR', 'IMPORT_NAME', 'END_ASYNC_FOR',
  'LOAD_FAST_LOAD_FAST', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'STORE_FAST_LOAD_FAST', 'STORE_FAST_STORE_FAST',
  'FORMAT_VALUE', 'MAKE_FUNCTION', 'CONVERT_VALUE', 'SET_FUNCTION_ATTRIBUTE', 'BINARY_OP', 'CALL_INTRINSIC_1',
  'CALL_INTRINSIC_2', 'LOAD_COMMON_CONSTANT', 'LOAD_SPECIAL', 'IS_OP', 'CONTAINS_OP'] as const;

/** Opcode numbers (-1: not in this version) of the opcodes whose arguments the resolver treats specially. */
type ResolverOps = Readonly<Record<(typeof RESOLVER_OPS)[number], number>>;

/** Per-version data of the resolver, derived once from the opcode table. */
interface ResolverTables {
  readonly ops: ResolverOps;
  /** BINARY_OP's operator texts by oparg. */
  readonly binaryOps: readonly string[];
}

const resolverTables = new WeakMap<VersionInfo, ResolverTables>();

function resolverTablesOf(v: VersionInfo): ResolverTables {
  let r = resolverTables.get(v);
  if (!r) {
    const t = v.table;
    const ops = Object.fromEntries(RESOLVER_OPS.map((n) => [n, t.op(n)])) as Record<(typeof RESOLVER_OPS)[number], number>;
    r = { ops, binaryOps: t.data.nbOps.map((p) => p[1]!) };
    resolverTables.set(v, r);
  }
  return r;
}

/** The resolution of an instruction without argument. */
export const NO_ARG: { readonly argval: ArgValue; readonly argrepr: string } = { argval: { kind: 'none' }, argrepr: '' };
const UNKNOWN: ArgValue = { kind: 'unknown' };
const CONVERSIONS = ['', 'str', 'repr', 'ascii'];

/**
 * Internal: resolves opargs to `argval`/`argrepr` the way the version's `dis` does (its `if … elif` chain), for
 * one code object. {@link argrepr} gives the text alone and allocates nothing in the common cases (the text
 * listing calls it once per instruction); {@link resolve} gives both, through the same chain: while it runs,
 * every branch also records its `argval`.
 */
export class ArgResolver {
  /** Reprs of the constants by index, made on first use (sized up front: a read past the end deoptimized the listing). */
  private readonly constReprs: (string | undefined)[];
  private readonly ops: ResolverOps;
  /** Texts made once per code object: decorated names, label references, superinstruction pairs… */
  private memo: Map<number, string> | undefined;
  /** Set by {@link resolve}: the branches record their `argval` in {@link value}. */
  private wantValue = false;
  private value: ArgValue = UNKNOWN;

  private readonly jumps: JumpTables;
  private readonly binaryOps: readonly string[];

  constructor(private readonly code: CodeObject, private readonly v: VersionInfo, private readonly labelOf: (offset: number) => number | undefined,
    private readonly reprs?: Map<PyObject, string>) {
    this.constReprs = new Array<string | undefined>(code.consts.length);
    const r = resolverTablesOf(v);
    this.ops = r.ops;
    this.binaryOps = r.binaryOps;
    this.jumps = jumpTablesOf(v);
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
        const target = jumpTarget(op, arg, offset, this.jumps) ?? -1;
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
    } else if (fl & (f.absoluteJumpArgrepr ? OpFlag.JAbs | OpFlag.JRel : OpFlag.JRel)) {
      // Up to 3.9 an absolute jump shows no target: its argument is the offset (argval = arg, below).
      const target = jumpTarget(op, arg, offset, this.jumps)!;
      if (want) this.val({ kind: 'offset', value: target });
      return this.recall(8, target) ?? this.remember(8, target, `to ${target}`);
    }
    if (fl & OpFlag.Local) return this.local(arg);
    if (fl & OpFlag.Free) return f.hasCaches ? this.local(arg) : this.cell310(arg);
    if (fl & OpFlag.NArgs) {
      // 3.3–3.5 CALL_FUNCTION & co.: 3.3/3.4 print the two argument bytes, 3.5 `arg % 256, arg // 256`.
      if (want) this.val({ kind: 'int', value: arg });
      const keyword = f.nargsFromWholeArg ? Math.floor(arg / 256) : (arg >> 8) & 255;
      return this.recall(10, arg) ?? this.remember(10, arg, `${arg % 256} positional, ${keyword} keyword pair`);
    }
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
    const table = deop === o.BINARY_OP ? this.binaryOps : deop === o.CALL_INTRINSIC_1 ? d.intrinsic1
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
