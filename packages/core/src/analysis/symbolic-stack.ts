/**
 * The symbolic stack: for every instruction, what each slot of the value stack holds, as a short expression of
 * the source (`n`, `range`, `NULL`, `total + i`, `iter(range(n))`, `x[i]`, `x.attr`), so that a reader can follow
 * how `a + b * c` is evaluated.
 *
 * Each instruction takes and leaves the items its stack signature names (the instruction reference's
 * `inputs -- outputs`, per version); outputs named like an input pass that input through (`COPY`, `SWAP`,
 * `LIST_APPEND`'s list), outputs named `null` are `NULL`, and the common instructions build an expression from
 * their inputs and argument (loads, attributes, subscripts, operators, calls, iterators, containers, f-strings).
 * Anything else shows the name of the signature's output in angle brackets (`<res>`).
 *
 * The values flow along the control-flow graph; where paths meet with different values in a slot, the slot
 * shows {@link MERGED_SLOT}. A handler starts with the slots below its depth (as the covered code left them), then
 * what the interpreter pushes (`lasti`, `exc`; 3.10: the previous and the new exception). Slot counts always equal
 * the depths of {@link computeStackDepths}; texts are cut at `maxLength` characters.
 */
import { BytescopeError } from '../errors.js';
import type { Instruction } from '../bytecode/decode.js';
import { OP_DOCS } from '../reference/descriptions.js';
import { itemCount, parseSignature, type StackItem, type StackSignature } from '../reference/stack.js';
import { pick } from '../reference/versioned.js';
import type { VersionInfo } from '../version/registry.js';
import { reprObject } from '../text/repr.js';
import type { ControlFlowGraph } from './cfg.js';
import type { StackDepths } from './stack-depth.js';
import { instructionEffect } from './stack-effect.js';

/** What a slot shows where paths meet with different values. */
export const MERGED_SLOT = 'φ';
/** What a slot shows when nothing is known of it (dead code entered at a depth the compiler recorded). */
export const UNKNOWN_SLOT = '?';
/** Default longest slot text. */
export const SYMBOLIC_MAX_LENGTH = 40;

/** Options of {@link symbolicStack}. */
export interface SymbolicStackOptions {
  /** Longest text of one slot (longer ones end with `…`); default {@link SYMBOLIC_MAX_LENGTH}, at least 8. */
  readonly maxLength?: number;
}

/** The symbolic stack of one code object, per instruction (indexes as in `DecodedCode.instructions`). */
export interface SymbolicStack {
  /** The slots before the instruction, bottom first; null where the depth is unknown. */
  before(index: number): string[] | null;
  /** The slots after it when it continues with the next instruction (an unconditional jump: at its target). */
  after(index: number): string[] | null;
  /** The slots at the target when its jump is taken; null for instructions that do not jump. */
  afterJump(index: number): string[] | null;
}

/** A slot value: its text and the binding strength of its outermost operator (for parentheses). */
interface Sym { readonly text: string; readonly prec: number }

/** One slot of a persistent stack; `below` is shared between the stacks of successive instructions. */
interface Slot { readonly value: Sym; readonly below: Slot | null; readonly size: number }

// Binding strengths, weakest first (Python's operator precedence).
const PREC_STMT = 0, PREC_IF = 2, PREC_OR = 3, PREC_AND = 4, PREC_NOT = 5, PREC_CMP = 6, PREC_BOR = 7, PREC_BXOR = 8,
  PREC_BAND = 9, PREC_SHIFT = 10, PREC_ARITH = 11, PREC_TERM = 12, PREC_UNARY = 13, PREC_POW = 14, PREC_AWAIT = 15,
  PREC_ATOM = 16;
/** An f-string piece (`f'{x}'`), joined by BUILD_STRING. */
const PREC_FSTRING = -1;
/** A conversion (`x!r`) waiting for FORMAT_SIMPLE / FORMAT_WITH_SPEC (3.13+). */
const PREC_CONVERSION = -2;

const BINARY_PREC: Readonly<Record<string, number>> = {
  '+': PREC_ARITH, '-': PREC_ARITH, '*': PREC_TERM, '@': PREC_TERM, '/': PREC_TERM, '//': PREC_TERM, '%': PREC_TERM,
  '**': PREC_POW, '<<': PREC_SHIFT, '>>': PREC_SHIFT, '&': PREC_BAND, '^': PREC_BXOR, '|': PREC_BOR,
};

/** 3.10 operator opcodes: opname → operator. */
const OPERATORS_310: Readonly<Record<string, string>> = {
  ADD: '+', SUBTRACT: '-', MULTIPLY: '*', MATRIX_MULTIPLY: '@', TRUE_DIVIDE: '/', FLOOR_DIVIDE: '//', MODULO: '%',
  POWER: '**', LSHIFT: '<<', RSHIFT: '>>', AND: '&', XOR: '^', OR: '|',
};

const atom = (text: string): Sym => ({ text, prec: PREC_ATOM });
const NULL_SYM = atom('NULL');
const UNKNOWN_SYM = atom(UNKNOWN_SLOT);
const MERGED_SYM = atom(MERGED_SLOT);
const placeholder = (name: string): Sym => atom(`<${name}>`);

interface Ctx {
  readonly ins: Instruction;
  readonly v: VersionInfo;
  /** Every popped value, bottom first. */
  readonly pops: readonly Sym[];
  /** The popped values of the input named `name` (bottom first); empty when there is none. */
  readonly input: (name: string) => readonly Sym[];
  readonly clip: (text: string, prec: number) => Sym;
  /** 3.11–3.12: the names of a call's keyword arguments, from the KW_NAMES just before it. */
  readonly kwNames: Sym | undefined;
}

/** An instruction's outputs by output name (arrays for `name[count]` items); missing names fall back. */
type Outputs = Record<string, Sym | readonly Sym[]>;
type Rule = (c: Ctx) => Outputs;

const paren = (s: Sym, min: number): string => (s.prec < min ? `(${s.text})` : s.text);
/** The name an instruction's argument names, without the `NULL + ` / `+ NULL|self` marks `dis` adds. */
const argName = (i: Instruction): string => i.argrepr.replace(/^NULL(\|self)? \+ /, '').replace(/ \+ NULL(\|self)?$/, '');
const first = (xs: readonly Sym[]): Sym => xs[0] ?? UNKNOWN_SYM;
const isNull = (s: Sym | undefined): boolean => s === NULL_SYM || s?.text === 'NULL';

function binary(c: Ctx, l: Sym, op: string, r: Sym): Sym {
  if (op.endsWith('=') && op !== '==' && BINARY_PREC[op.slice(0, -1)] !== undefined) return c.clip(`${l.text} ${op} ${r.text}`, PREC_STMT);
  if (op === '[]') return subscript(c, l, r);
  const p = BINARY_PREC[op] ?? PREC_CMP;
  const right = op === '**';
  return c.clip(`${paren(l, right ? p + 1 : p)} ${op} ${paren(r, right ? p : p + 1)}`, p);
}

const subscript = (c: Ctx, x: Sym, i: Sym): Sym => c.clip(`${paren(x, PREC_ATOM)}[${i.text}]`, PREC_ATOM);
const attribute = (c: Ctx, x: Sym, name: string): Sym => c.clip(`${paren(x, PREC_ATOM)}.${name}`, PREC_ATOM);
const applied = (c: Ctx, fn: string, args: readonly Sym[]): Sym => c.clip(`${fn}(${args.map((a) => a.text).join(', ')})`, PREC_ATOM);
const sliceText = (parts: readonly Sym[]): string => parts.map((p) => (p.text === 'None' ? '' : p.text)).join(':');

/**
 * `f(a, b, k=v)`. Below the arguments lie one slot (3.10 CALL_FUNCTION) or two: the callable and NULL (either
 * order), a method and its `self` (`x.m`, `x`), or a callable and a first argument.
 */
function call(c: Ctx, a: Sym | undefined, b: Sym | undefined, args: readonly Sym[], kwnames?: Sym): Sym {
  let fn = a;
  if (a === undefined || isNull(a)) fn = b;
  else if (b !== undefined && !isNull(b) && !a.text.startsWith(b.text + '.')) args = [b, ...args];
  const names = kwnames ? [...kwnames.text.matchAll(/'([^']*)'/g)].map((m) => m[1]!) : [];
  const k = args.length - names.length;
  const parts = args.map((x, j) => (j >= k && names[j - k] !== undefined ? `${names[j - k]}=${x.text}` : x.text));
  return c.clip(`${paren(fn ?? UNKNOWN_SYM, PREC_ATOM)}(${parts.join(', ')})`, PREC_ATOM);
}

/** A container that more items are added to: `[]` → `[…]`, `[a]` → `[a, …]`. */
function grown(c: Ctx, x: Sym): Sym {
  const t = x.text;
  const open = t[0], close = t[t.length - 1];
  if (t === 'set()') return c.clip('{…}', PREC_ATOM);
  if ((open === '[' && close === ']') || (open === '{' && close === '}')) {
    if (t.length === 2) return c.clip(`${open}…${close}`, PREC_ATOM);
    if (!t.endsWith('…' + close)) return c.clip(`${t.slice(0, -1)}, …${close}`, PREC_ATOM);
  }
  return x;
}

/** The text of one piece of an f-string: a literal's characters, or `{expr}`. */
function fPiece(s: Sym): string {
  if (s.prec === PREC_FSTRING) return s.text.slice(2, -1);
  const m = /^'(.*)'$/.exec(s.text);
  return m ? m[1]! : `{${s.text}}`;
}

function formatted(c: Ctx, value: Sym, conv: string, spec: Sym | undefined): Sym {
  const inner = value.prec === PREC_CONVERSION ? value.text : `${value.text}${conv}`;
  return c.clip(`f'{${inner}${spec ? ':' + fPiece(spec) : ''}}'`, PREC_FSTRING);
}

const CONVERSIONS = ['', '!s', '!r', '!a'];

function loadName(c: Ctx): Outputs {
  const s = c.clip(argName(c.ins), PREC_ATOM);
  return { value: s, res: s, cell: s, locals: s, bc: s, attr: s };
}

function twoNames(c: Ctx): Outputs {
  const [a = '?', b = '?'] = c.ins.argrepr.split(', ');
  return { value1: c.clip(a, PREC_ATOM), value2: c.clip(b, PREC_ATOM) };
}

function constText(i: Instruction): string {
  const code = /^<code object (\S+)/.exec(i.argrepr);
  return code ? `<code ${code[1]}>` : i.argrepr;
}

function callRule(c: Ctx): Outputs {
  const args = c.input('args');
  const kw = c.input('kwnames')[0] ?? c.kwNames;
  const heads = c.pops.slice(0, c.pops.length - args.length - (kw ? 1 : 0));
  return { res: call(c, heads[0], heads[1], args, kw) };
}

function attrRule(c: Ctx): Outputs {
  const owner = first(c.input('owner'));
  const a = attribute(c, owner, argName(c.ins));
  const method = (c.ins.arg ?? 0) & 1;
  // 3.12: method_or_null attr_or_self; 3.13+: attr self_or_null; before: attr.
  return method ? { attr: a, method_or_null: a, attr_or_self: owner, self_or_null: owner } : { attr: a, attr_or_self: a, self_or_null: NULL_SYM };
}

function superRule(c: Ctx): Outputs {
  const self = c.input('self');
  const a = c.clip(`super().${argName(c.ins)}`, PREC_ATOM);
  const method = (c.ins.arg ?? 0) & 1;
  return method ? { attr: a, method_or_null: a, attr_or_self: first(self) } : { attr: a, attr_or_self: a };
}

function unpack(c: Ctx, seq: Sym, n: number, from: (j: number) => string): Sym[] {
  const out: Sym[] = [];
  for (let j = n - 1; j >= 0; j--) out.push(c.clip(`${paren(seq, PREC_ATOM)}[${from(j)}]`, PREC_ATOM));
  return out;
}

function unary(op: string, p: number): Rule {
  return (c) => ({ res: c.clip(`${op}${paren(first(c.pops), p)}`, p) });
}

function builder(open: string, close: string, empty: string): Rule {
  return (c) => {
    const vs = c.pops;
    if (vs.length === 0) return { list: atom(empty), tup: atom(empty), set: atom(empty) };
    const body = vs.map((x) => x.text).join(', ') + (open === '(' && vs.length === 1 ? ',' : '');
    const s = c.clip(`${open}${body}${close}`, PREC_ATOM);
    return { list: s, tup: s, set: s };
  };
}

/** Rules by base opname. */
const RULES: Readonly<Record<string, Rule>> = {
  LOAD_CONST: (c) => ({ value: c.clip(constText(c.ins), PREC_ATOM) }),
  LOAD_SMALL_INT: (c) => ({ value: atom(String(c.ins.arg ?? 0)) }),
  LOAD_FAST_LOAD_FAST: twoNames,
  LOAD_FAST_BORROW_LOAD_FAST_BORROW: twoNames,
  STORE_FAST_LOAD_FAST: (c) => ({ value2: c.clip(c.ins.argrepr.split(', ')[1] ?? '?', PREC_ATOM) }),
  LOAD_ASSERTION_ERROR: () => ({ value: atom('AssertionError') }),
  LOAD_BUILD_CLASS: () => ({ bc: atom('__build_class__') }),
  LOAD_LOCALS: () => ({ locals: atom('locals()') }),
  LOAD_ATTR: attrRule,
  LOAD_METHOD: (c) => {
    const owner = first(c.input('owner'));
    return { meth_or_null: attribute(c, owner, argName(c.ins)), self_or_attr: owner };
  },
  LOAD_SUPER_ATTR: superRule,
  LOAD_SPECIAL: (c) => {
    const owner = first(c.input('owner'));
    return { attr: attribute(c, owner, c.ins.argrepr), self_or_null: owner };
  },
  BEFORE_WITH: (c) => {
    const m = first(c.input('mgr'));
    return { exit: attribute(c, m, '__exit__'), res: c.clip(`${paren(m, PREC_ATOM)}.__enter__()`, PREC_ATOM) };
  },
  BEFORE_ASYNC_WITH: (c) => {
    const m = first(c.input('mgr'));
    return { exit: attribute(c, m, '__aexit__'), awaitable: c.clip(`${paren(m, PREC_ATOM)}.__aenter__()`, PREC_ATOM) };
  },
  SETUP_WITH: (c) => {
    const m = first(c.input('mgr'));
    return { exit: attribute(c, m, '__exit__'), res: c.clip(`${paren(m, PREC_ATOM)}.__enter__()`, PREC_ATOM) };
  },
  BINARY_OP: (c) => ({ res: binary(c, c.pops[0] ?? UNKNOWN_SYM, c.ins.argrepr, c.pops[1] ?? UNKNOWN_SYM) }),
  BINARY_SUBSCR: (c) => ({ res: subscript(c, c.pops[0] ?? UNKNOWN_SYM, c.pops[1] ?? UNKNOWN_SYM) }),
  BINARY_SLICE: (c) => ({ res: subscript(c, c.pops[0] ?? UNKNOWN_SYM, atom(sliceText(c.pops.slice(1)))) }),
  BUILD_SLICE: (c) => ({ slice: c.clip(sliceText(c.pops), PREC_ATOM) }),
  COMPARE_OP: (c) => ({ res: binary(c, c.pops[0] ?? UNKNOWN_SYM, c.ins.argrepr.replace(/^bool\((.*)\)$/, '$1'), c.pops[1] ?? UNKNOWN_SYM) }),
  IS_OP: (c) => ({ b: binary(c, c.pops[0] ?? UNKNOWN_SYM, c.ins.arg ? 'is not' : 'is', c.pops[1] ?? UNKNOWN_SYM) }),
  CONTAINS_OP: (c) => ({ b: binary(c, c.pops[0] ?? UNKNOWN_SYM, c.ins.arg ? 'not in' : 'in', c.pops[1] ?? UNKNOWN_SYM) }),
  UNARY_NEGATIVE: unary('-', PREC_UNARY),
  UNARY_POSITIVE: unary('+', PREC_UNARY),
  UNARY_INVERT: unary('~', PREC_UNARY),
  UNARY_NOT: unary('not ', PREC_NOT),
  TO_BOOL: (c) => ({ res: applied(c, 'bool', c.pops) }),
  GET_ITER: (c) => ({ iter: applied(c, 'iter', c.pops), index_or_null: atom('index|NULL') }),
  GET_YIELD_FROM_ITER: (c) => ({ iter: applied(c, 'iter', c.pops) }),
  GET_AITER: (c) => ({ iter: applied(c, 'aiter', c.pops) }),
  GET_ANEXT: (c) => ({ awaitable: applied(c, 'anext', c.input('aiter')) }),
  GET_AWAITABLE: (c) => ({ iter: c.clip(`await ${paren(first(c.pops), PREC_AWAIT)}`, PREC_AWAIT) }),
  SEND: (c) => ({ retval: first(c.input('receiver')) }),
  YIELD_VALUE: (c) => ({ value: c.clip(`(yield ${first(c.pops).text})`, PREC_ATOM) }),
  RETURN_GENERATOR: () => ({ res: atom('None') }),
  RETURN_VALUE: (c) => ({ result: first(c.pops) }),
  END_SEND: (c) => ({ val: first(c.input('value')) }),
  YIELD_FROM: (c) => {
    const r = first(c.pops);
    return { res: r.prec === PREC_AWAIT ? r : c.clip(`(yield from ${r.text})`, PREC_ATOM) };
  },
  FOR_ITER: (c) => ({ next: applied(c, 'next', c.input('iter')) }),
  GET_LEN: (c) => ({ len: applied(c, 'len', c.input('obj')) }),
  UNPACK_SEQUENCE: (c) => ({ unused: unpack(c, first(c.pops), c.ins.arg ?? 0, String) }),
  UNPACK_EX: (c) => {
    const seq = first(c.pops);
    const lo = (c.ins.arg ?? 0) & 255, hi = (c.ins.arg ?? 0) >> 8;
    return { before: unpack(c, seq, lo, String), list: c.clip(`*${paren(seq, PREC_ATOM)}`, PREC_ATOM), after: unpack(c, seq, hi, (j) => String(j - hi)) };
  },
  BUILD_TUPLE: builder('(', ')', '()'),
  BUILD_LIST: builder('[', ']', '[]'),
  BUILD_SET: builder('{', '}', 'set()'),
  BUILD_MAP: (c) => {
    const parts: string[] = [];
    for (let j = 0; j + 1 < c.pops.length; j += 2) parts.push(`${c.pops[j]!.text}: ${c.pops[j + 1]!.text}`);
    return { map: c.clip(`{${parts.join(', ')}}`, PREC_ATOM) };
  },
  BUILD_CONST_KEY_MAP: (c) => {
    const values = c.input('values');
    const keys = [...first(c.input('keys')).text.matchAll(/('[^']*')/g)].map((m) => m[1]!);
    const text = keys.length === values.length ? values.map((x, j) => `${keys[j]}: ${x.text}`).join(', ') : '…';
    return { map: c.clip(`{${text}}`, PREC_ATOM) };
  },
  LIST_APPEND: (c) => ({ list: grown(c, first(c.input('list'))) }),
  LIST_EXTEND: (c) => ({ list: grown(c, first(c.input('list'))) }),
  SET_ADD: (c) => ({ set: grown(c, first(c.input('set'))) }),
  SET_UPDATE: (c) => ({ set: grown(c, first(c.input('set'))) }),
  MAP_ADD: (c) => ({ dict: grown(c, first(c.input('dict'))) }),
  DICT_UPDATE: (c) => ({ dict: grown(c, first(c.input('dict'))) }),
  DICT_MERGE: (c) => ({ dict: grown(c, first(c.input('dict'))) }),
  LIST_TO_TUPLE: (c) => ({ tuple: applied(c, 'tuple', c.pops) }),
  FORMAT_VALUE: (c) => {
    const arg = c.ins.arg ?? 0;
    return { result: formatted(c, first(c.pops), CONVERSIONS[arg & 3] ?? '', arg & 4 ? c.pops[1] : undefined) };
  },
  CONVERT_VALUE: (c) => ({ result: c.clip(`${first(c.pops).text}${CONVERSIONS[c.ins.arg ?? 0] ?? ''}`, PREC_CONVERSION) }),
  FORMAT_SIMPLE: (c) => ({ res: formatted(c, first(c.pops), '', undefined) }),
  FORMAT_WITH_SPEC: (c) => ({ res: formatted(c, first(c.pops), '', c.pops[1]) }),
  BUILD_STRING: (c) => ({ str: c.clip(`f'${c.pops.map(fPiece).join('')}'`, PREC_FSTRING) }),
  MAKE_FUNCTION: (c) => ({ func: c.clip(first(c.input('code')).text.replace(/^<code /, '<function '), PREC_ATOM) }),
  IMPORT_NAME: (c) => ({ res: c.clip(argName(c.ins), PREC_ATOM) }),
  IMPORT_FROM: (c) => ({ res: attribute(c, first(c.input('from')), argName(c.ins)) }),
  CALL: callRule,
  CALL_KW: callRule,
  CALL_FUNCTION: callRule,
  CALL_FUNCTION_KW: callRule,
  CALL_METHOD: callRule,
  CALL_FUNCTION_EX: (c) => {
    const fn = first(c.input('func'));
    const args = first(c.input('callargs'));
    const kw = c.input('kwargs')[0] ?? c.input('kwargs_or_null')[0];
    const parts = [`*${paren(args, PREC_ATOM)}`];
    if (kw && !isNull(kw)) parts.push(`**${paren(kw, PREC_ATOM)}`);
    return { result: c.clip(`${paren(fn, PREC_ATOM)}(${parts.join(', ')})`, PREC_ATOM) };
  },
  CALL_INTRINSIC_1: (c) => {
    const name = c.ins.argrepr.replace(/^INTRINSIC_/, '');
    if (name === 'UNARY_POSITIVE') return { res: c.clip(`+${paren(first(c.pops), PREC_UNARY)}`, PREC_UNARY) };
    if (name === 'LIST_TO_TUPLE') return { res: applied(c, 'tuple', c.pops) };
    return { res: applied(c, name.toLowerCase(), c.pops) };
  },
  CALL_INTRINSIC_2: (c) => ({ res: applied(c, c.ins.argrepr.replace(/^INTRINSIC_/, '').toLowerCase(), c.pops) }),
  CHECK_EXC_MATCH: (c) => ({ b: applied(c, 'isinstance', c.pops) }),
  WITH_EXCEPT_START: (c) => ({ res: c.clip(`${paren(first(c.input('exit_func')), PREC_ATOM)}(…)`, PREC_ATOM) }),
  ROT_N: (c) => ({ items: c.pops.length ? [c.pops[c.pops.length - 1]!, ...c.pops.slice(0, -1)] : [] }),
};

for (const [name, op] of Object.entries(OPERATORS_310)) {
  (RULES as Record<string, Rule>)[`BINARY_${name}`] = (c) => ({ res: binary(c, c.pops[0] ?? UNKNOWN_SYM, op, c.pops[1] ?? UNKNOWN_SYM) });
  (RULES as Record<string, Rule>)[`INPLACE_${name}`] = (c) => ({ res: binary(c, c.pops[0] ?? UNKNOWN_SYM, `${op}=`, c.pops[1] ?? UNKNOWN_SYM) });
}

/**
 * Signatures used in place of the reference's where that one disagrees with the depths, which follow the
 * interpreter rather than `dis.stack_effect` there (stack-depth.ts): 3.11's PRECALL/CALL and 3.11–3.12's
 * RETURN_GENERATOR.
 */
const OVERRIDES: Readonly<Record<string, string>> = {
  PRECALL: '--',
  CALL: 'method_or_null callable args[oparg] -- res',
  RETURN_GENERATOR: '-- res',
};

interface Sigs { readonly main: StackSignature | null; readonly jump: StackSignature | null; readonly override: StackSignature | null }
const sigCache = new WeakMap<VersionInfo, Map<number, Sigs>>();

function signaturesOf(op: number, v: VersionInfo): Sigs {
  let m = sigCache.get(v);
  if (!m) sigCache.set(v, (m = new Map()));
  let s = m.get(op);
  if (s) return s;
  const name = v.table.opname[v.table.deopt[op]!]!;
  const doc = OP_DOCS[name];
  const parse = (text: string | null | undefined) => {
    if (!text) return null;
    try { return parseSignature(text); } catch { return null; }
  };
  const main = parse(pick(doc?.stack, v.version));
  const jump = parse(pick(doc?.stackJump, v.version)) ?? main;
  s = { main, jump, override: parse(OVERRIDES[name]) };
  m.set(op, s);
  return s;
}

/**
 * The stack slots `items` take for `arg`, or -1 when an item's count is negative: a hostile oparg can make
 * `args[oparg-1]` count -1, and no such instruction runs.
 */
function slotsFor(items: readonly StackItem[], arg: number): number {
  let n = 0;
  for (const item of items) {
    const c = item.count === null ? 1 : itemCount([item], arg);
    if (c < 0) return -1;
    n += c;
  }
  return n;
}

/**
 * The signature `i` is read by: the reference's (its jump form after a jump), else the override, whichever gives its
 * stack effect `net` within the depth `depth` with no count negative; null when neither does.
 */
function fittingSignature(i: Instruction, v: VersionInfo, jump: boolean, net: number, depth: number): StackSignature | null {
  const sigs = signaturesOf(i.opcode, v);
  const arg = i.arg ?? 0;
  const fits = (x: StackSignature | null): x is StackSignature => {
    if (x === null) return false;
    const pops = slotsFor(x.inputs, arg), outs = slotsFor(x.outputs, arg);
    return pops >= 0 && outs >= 0 && outs - pops === net && pops <= depth;
  };
  const own = jump ? sigs.jump : sigs.main;
  return fits(own) ? own : fits(sigs.override) ? sigs.override : null;
}

/**
 * How one instruction moves the stack, by its signature (the one the symbolic stack uses: the reference's, or the
 * override where that disagrees with the depths): it takes `inputs` slots and leaves `outputs`, of which the first
 * `kept` are inputs passed through in place (`LIST_APPEND`'s list, `FOR_ITER`'s iterator, `COPY`'s copied items);
 * the others are new. Null when no signature fits the instruction's stack effect at depth `depth`.
 */
export function slotFlow(i: Instruction, v: VersionInfo, jump: boolean, depth: number): { inputs: number; outputs: number; kept: number } | null {
  const sig = fittingSignature(i, v, jump, instructionEffect(i, v, jump), depth);
  if (!sig) return null;
  const arg = i.arg ?? 0;
  let kept = 0;
  for (let j = 0; j < sig.inputs.length && j < sig.outputs.length; j++) {
    const a = sig.inputs[j]!, b = sig.outputs[j]!;
    if (a.name !== b.name || a.count !== b.count) break;
    kept += itemCount([a], arg);
  }
  return { inputs: itemCount(sig.inputs, arg), outputs: itemCount(sig.outputs, arg), kept };
}

/** Computes the symbolic stack of every instruction of the graph's code object. */
export function symbolicStack(cfg: ControlFlowGraph, depths: StackDepths, v: VersionInfo, options: SymbolicStackOptions = {}): SymbolicStack {
  const maxLength = Math.max(8, Math.floor(options.maxLength ?? SYMBOLIC_MAX_LENGTH));
  const clip = (text: string, prec: number): Sym => ({ text: text.length > maxLength ? text.slice(0, maxLength - 1) + '…' : text, prec });
  const ins = cfg.decoded.instructions;
  const n = ins.length;
  const blocks = cfg.blocks;
  const edges = cfg.edges;
  const nb = blocks.length;
  const before: (Slot | null)[] = new Array<Slot | null>(n).fill(null);
  const after: (Slot | null)[] = new Array<Slot | null>(n).fill(null);
  const afterJump: (Slot | null)[] = new Array<Slot | null>(n).fill(null);
  const entry: (Slot | null)[] = new Array<Slot | null>(nb).fill(null);
  const hasEntry = new Uint8Array(nb);
  // Work is bounded: every slot of a block's entry changes at most twice (value → grown container → merged).
  let budget = 4_000_000 + 200 * n;
  const spend = (k: number) => {
    budget -= k;
    if (budget < 0) throw new BytescopeError('limit', 'symbolic stack: the stack is too deep for this code to follow');
  };

  const push = (s: Slot | null, value: Sym): Slot => ({ value, below: s, size: (s?.size ?? 0) + 1 });
  const take = (s: Slot | null, k: number): { values: Sym[]; rest: Slot | null } => {
    const values: Sym[] = new Array<Sym>(k);
    for (let j = k - 1; j >= 0; j--) {
      values[j] = s ? s.value : UNKNOWN_SYM;
      s = s ? s.below : null;
    }
    return { values, rest: s };
  };
  const withDepth = (s: Slot | null, depth: number): Slot | null => {
    const size = s?.size ?? 0;
    if (size > depth) return take(s, size - depth).rest;
    spend(depth - size);
    for (let j = size; j < depth; j++) s = push(s, UNKNOWN_SYM);
    return s;
  };

  const kwNamesBefore = (k: number): Sym | undefined => {
    for (let j = k - 1; j >= Math.max(0, k - 2); j--) {
      const kw = ins[j]!;
      if (v.table.opname[kw.baseOpcode] !== 'KW_NAMES') continue;
      // 3.11's `dis` shows no constant for KW_NAMES: read the tuple itself.
      const tuple = kw.argrepr === '' && kw.arg !== null ? cfg.decoded.code.consts[kw.arg] : undefined;
      return atom(tuple ? reprObject(tuple, v.printable) : kw.argrepr);
    }
    return undefined;
  };
  const step = (s: Slot | null, k: number, jump: boolean, d: number): Slot | null => {
    const i = ins[k]!;
    const net = instructionEffect(i, v, jump);
    const arg = i.arg ?? 0;
    const sig = fittingSignature(i, v, jump, net, d);
    if (sig) {
      const pops = itemCount(sig.inputs, arg), outs = itemCount(sig.outputs, arg);
      spend(pops + outs + 1);
      const { values, rest } = take(s, pops);
      const inputs = new Map<string, Sym[]>();
      let at = 0;
      for (const item of sig.inputs) {
        const cnt = itemCount([item], arg);
        inputs.set(item.name, values.slice(at, at + cnt));
        at += cnt;
      }
      const ctx: Ctx = { ins: i, v, pops: values, input: (name) => inputs.get(name) ?? [], clip, kwNames: kwNamesBefore(k) };
      const rule = RULES[v.table.opname[i.baseOpcode]!];
      const made: Outputs = rule ? rule(ctx) : v.table.opname[i.baseOpcode]!.startsWith('LOAD_') ? loadName(ctx) : {};
      let r = rest;
      for (const item of sig.outputs) {
        const cnt = itemCount([item], arg);
        const given = made[item.name];
        const passed = inputs.get(item.name);
        for (let j = 0; j < cnt; j++) {
          let val: Sym;
          if (Array.isArray(given)) val = given[j] ?? UNKNOWN_SYM;
          else if (given !== undefined) val = given as Sym;
          else if (passed && passed.length === cnt) val = passed[j]!;
          else if (item.name === 'null') val = NULL_SYM;
          else val = placeholder(item.name);
          r = push(r, val);
        }
      }
      return r;
    }
    // No usable signature: keep what stays, and show what comes as the opname's result.
    spend(Math.abs(net) + 1);
    if (net <= 0) return take(s, -net).rest;
    let r = s;
    for (let j = 0; j < net; j++) r = push(r, placeholder(v.table.opname[i.baseOpcode]!.toLowerCase()));
    return r;
  };

  /** Whether `grown` is the container `empty` after items were added (`[]` and `[…]`, `{}` or `set()` and `{…}`). */
  const grownFrom = (empty: string, grown: string): boolean =>
    (empty === '[]' && /^\[.*…\]$/.test(grown)) || ((empty === '{}' || empty === 'set()') && /^\{.*…\}$/.test(grown));
  const mergeSym = (a: Sym, b: Sym): Sym => {
    if (a.text === b.text) return a;
    if (a === MERGED_SYM || b === MERGED_SYM) return MERGED_SYM;
    // A container on a loop's entry and the same container after items were added: the grown one.
    if (grownFrom(a.text, b.text)) return b;
    if (grownFrom(b.text, a.text)) return a;
    return MERGED_SYM;
  };
  /** The merge of the stacks `old` and `s` (same size), or `old` itself when nothing changes. */
  const merge = (old: Slot | null, s: Slot | null): Slot | null => {
    const olds: Slot[] = [];
    const news: Slot[] = [];
    let a = old, b = s;
    while (a && b && a !== b) { olds.push(a); news.push(b); a = a.below; b = b.below; }
    spend(olds.length + 1);
    let changed = false;
    const vals: Sym[] = [];
    for (let j = 0; j < olds.length; j++) {
      const m = mergeSym(olds[j]!.value, news[j]!.value);
      if (m.text !== olds[j]!.value.text) changed = true;
      vals.push(m);
    }
    if (!changed) return old;
    let r = a;
    for (let j = vals.length - 1; j >= 0; j--) r = push(r, vals[j]!);
    return r;
  };

  const work: number[] = [];
  const queued = new Uint8Array(nb);
  const enter = (b: number, s: Slot | null) => {
    const depth = depths.blockEntry[b]!;
    if (depth < 0) return;
    s = withDepth(s, depth);
    if (!hasEntry[b]) {
      hasEntry[b] = 1;
      entry[b] = s;
    } else {
      const m = merge(entry[b]!, s);
      if (m === entry[b]) return;
      entry[b] = m;
    }
    if (!queued[b]) { queued[b] = 1; work.push(b); }
  };

  const hasTable = v.features.hasExceptionTable;
  const handlerTop = (lasti: boolean): Sym[] =>
    hasTable ? [...(lasti ? [atom('lasti')] : []), atom('exc')]
      : [atom('<prev tb>'), atom('<prev exc>'), atom('<prev type>'), atom('<tb>'), atom('exc'), atom('type(exc)')];

  // The entry; on 3.10 a generator starts with the value of its first `send`, always None (see initialStackDepth).
  if (nb > 0) {
    let s: Slot | null = null;
    for (let j = 0; j < depths.blockEntry[0]!; j++) s = push(s, atom('None'));
    enter(0, s);
  }
  const run = () => {
    while (work.length) {
      const b = work.pop()!;
      queued[b] = 0;
      const block = blocks[b]!;
      let s: Slot | null = entry[b] ?? null;
      for (let k = block.first; k < block.end; k++) {
        const i = ins[k]!;
        const d = depths.before[k]!;
        s = withDepth(s, d);
        before[k] = s;
        if (depths.afterJump[k]! >= 0) afterJump[k] = withDepth(step(s, k, true, d), depths.afterJump[k]!);
        const a = withDepth(step(s, k, false, d), Math.max(0, d + instructionEffect(i, v, false)));
        after[k] = a;
        s = a;
      }
      const lastIndex = block.end - 1;
      for (const ei of block.successors) {
        const e = edges[ei]!;
        if (e.kind === 'exception') {
          let h = withDepth(entry[b] ?? null, Math.min(e.handler!.depth, depths.blockEntry[b]!));
          h = withDepth(h, e.handler!.depth);
          for (const x of handlerTop(e.handler!.lasti)) h = push(h, x);
          enter(e.to, h);
        } else enter(e.to, e.kind === 'jump' || e.taken === true ? afterJump[lastIndex]! : after[lastIndex]!);
      }
    }
  };
  run();
  // Dead blocks reached by nothing the search followed: start them unknown.
  for (let b = 0; b < nb; b++) if (!hasEntry[b] && depths.blockEntry[b]! >= 0) { enter(b, null); run(); }
  // An unconditional jump's "after" is the stack at its target.
  for (const block of blocks) {
    const s = block.successors;
    const k = block.end - 1;
    if (s.length > 0 && edges[s[0]!]!.kind === 'jump' && afterJump[k]) after[k] = afterJump[k]!;
  }

  const list = (s: Slot | null | undefined, known: boolean): string[] | null => {
    if (!known) return null;
    const out: string[] = [];
    for (let x = s ?? null; x; x = x.below) out.push(x.value.text);
    return out.reverse();
  };
  return {
    before: (k) => list(before[k], depths.before[k]! >= 0),
    after: (k) => list(after[k], depths.after[k]! >= 0),
    afterJump: (k) => list(afterJump[k], depths.afterJump[k]! >= 0 && depths.before[k]! >= 0),
  };
}
