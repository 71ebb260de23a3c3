/**
 * Static hints: rules over the decoded bytecode (`decodeModule` of @bytescope/core: typed instructions) that point at
 * likely costs. Loops are found by their backward jumps (loops.ts); each rule looks at the instructions inside a loop
 * body, by base opcode, typed argument values and source lines. Every rule links
 * to a preset whose comparison measures the effect on real CPython, and fires only in the versions where that
 * measurement shows it (for instance, globals in a loop cost little from 3.11, where LOAD_GLOBAL is specialized).
 * Nothing here runs code or needs a runtime.
 */
import {
  BytescopeError, CONST_LOADS, PAIR_LOADS, PYTHON_VERSIONS, isPythonVersion, pythonVersionRange, STRING_BUILDS, VARIABLE_LOADS, VARIABLE_WRITES, decodeModule, opcodesOf, readPyc, reprObject,
  type DecodedModule, type Instruction, type ModuleCode, type PycFile, type PyObject, type VersionInfo,
} from '@bytescope/core';
import { findLoops, type Loop } from './loops.js';
import type { LabPresetId } from './presets.js';

/** Identifier of a hint rule. */
export type LabHintRuleId =
  | 'module-level-loop' | 'global-in-loop' | 'attribute-in-loop' | 'append-in-loop' | 'string-concat-in-loop'
  | 'membership-in-list' | 'old-formatting-in-loop';

/** A rule: what it looks for, why it costs, its measured example, and the versions where it fires. */
export interface LabHintRule {
  readonly id: LabHintRuleId;
  readonly title: string;
  /** Why this pattern costs, in the version whose bytecode is read (its opcode table names the instructions). */
  readonly explanation: (v: VersionInfo) => string;
  /** The preset whose comparison shows the effect. */
  readonly preset: LabPresetId;
  /** CPython versions (`3.10` …) where the rule fires. */
  readonly versions: readonly string[];
}

/** A piece of a hint's text: prose, or code (a name, an expression, a repr) that a page shows as code. */
export interface HintSpan {
  readonly text: string;
  /** True for code. */
  readonly code?: true;
}

/** One finding. JSON-serializable. */
export interface LabHint {
  readonly rule: LabHintRuleId;
  readonly title: string;
  /** What was found where, with names and lines, as plain text (code between backquotes). */
  readonly message: string;
  /** The same text in pieces, code marked as code (names and reprs may hold any character, backquotes included). */
  readonly messageSpans: readonly HintSpan[];
  readonly explanation: string;
  readonly preset: LabPresetId;
  /** The code object's qualified name (`<module>`, `Job.run`) and first line. */
  readonly codeObject: string;
  readonly firstLineno: number;
  /** Source lines of the instructions involved (sorted, unique). */
  readonly lines: readonly number[];
  /** Byte offsets of the instructions involved, in the code object. */
  readonly offsets: readonly number[];
  /** The names involved (variables, globals, attributes), unique, in order of appearance. */
  readonly names: readonly string[];
}

/** Every rule. */
export const HINT_RULES: readonly LabHintRule[] = [
  {
    id: 'module-level-loop',
    title: 'Loop at module level',
    explanation: () =>
      'Module-level variables live in the globals dictionary: every read is LOAD_NAME and every write STORE_NAME, a ' +
      'hash and a dictionary probe. The same loop in a function uses LOAD_FAST/STORE_FAST, an array slot. Move the ' +
      'loop into a function (and call it).',
    preset: 'faster-in-function',
    versions: PYTHON_VERSIONS,
  },
  {
    id: 'global-in-loop',
    title: 'Globals or builtins looked up in a loop',
    explanation: () =>
      'In CPython 3.10 each LOAD_GLOBAL searches the module globals and then the builtins dictionary. Bind the ' +
      'value to a local before the loop (`pi = math.pi`, `_len = len`) to make it a LOAD_FAST. (From 3.11 the ' +
      'specializing interpreter caches global lookups and the gain is small.)',
    preset: 'local-alias',
    versions: ['3.10'],
  },
  {
    id: 'attribute-in-loop',
    title: 'Attribute looked up on every iteration',
    explanation: () =>
      'The loop reads the same attribute of an object that does not change in the loop: each read is a LOAD_ATTR, ' +
      'a dictionary lookup in 3.10, a cached but still checked lookup from 3.11, and a Python call when the ' +
      'attribute is a property. If the value cannot change during the loop, read it once into a local.',
    preset: 'hoist-attribute',
    versions: PYTHON_VERSIONS,
  },
  {
    id: 'append-in-loop',
    title: 'list.append in a loop',
    explanation: () =>
      'Each iteration looks up the append method (LOAD_METHOD) and calls it. A list comprehension appends with a ' +
      'single LIST_APPEND instruction and is about twice as fast in 3.10. (From 3.11 the specializing interpreter ' +
      'turns the call into a list-append fast path and the gap is small.)',
    preset: 'comprehension',
    versions: ['3.10'],
  },
  {
    id: 'string-concat-in-loop',
    title: 'String built with += in a loop',
    explanation: (v) =>
      'Each += creates a new string. CPython resizes a string in place when nothing else refers to it and the ' +
      `result goes back to a local variable of a function${hasOp(v, 'BINARY_OP_INPLACE_ADD_UNICODE') ? ' (BINARY_OP_INPLACE_ADD_UNICODE)' : ''}, ` +
      'but not to a module-level name, a global, an attribute or an item: there every += copies everything so far ' +
      "(quadratic; measured in 3.10 as in later versions). Collect the pieces in a list and ''.join them once.",
    preset: 'string-join',
    versions: PYTHON_VERSIONS,
  },
  {
    id: 'membership-in-list',
    title: '`in` on a list or tuple inside a loop',
    explanation: () =>
      'CONTAINS_OP on a list or tuple compares the item with each element in turn; on a set or dict it hashes ' +
      'once. When the container does not change in the loop, build a set before the loop (a literal `{...}` of ' +
      'constants becomes a frozenset constant).',
    preset: 'set-vs-list',
    versions: PYTHON_VERSIONS,
  },
  {
    id: 'old-formatting-in-loop',
    title: "'%' or str.format in a loop",
    explanation: (v) =>
      "'%' formatting parses the format string at run time, and str.format also looks up and calls a method; an " +
      `f-string compiles to ${hasOp(v, 'FORMAT_VALUE') ? 'FORMAT_VALUE' : 'FORMAT_SIMPLE/FORMAT_WITH_SPEC'} and ` +
      'BUILD_STRING instructions and is usually the fastest way to format.',
    preset: 'f-string',
    versions: PYTHON_VERSIONS,
  },
];

const RULES = new Map(HINT_RULES.map((r) => [r.id, r]));

/** True when the version's opcode table has the instruction `name`. */
function hasOp(v: VersionInfo, name: string): boolean {
  return v.table.op(name) >= 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Bytecode helpers

type Ins = Instruction;

const CO_OPTIMIZED = 0x1;

/** The opcode numbers (and operator arguments) the rules test, in one version; -1 when absent there. */
interface Ops {
  readonly v: VersionInfo;
  readonly variableLoads: ReadonlySet<number>;
  readonly pairLoads: ReadonlySet<number>;
  readonly constLoads: ReadonlySet<number>;
  readonly writes: ReadonlySet<number>;
  readonly stringBuilds: ReadonlySet<number>;
  readonly LOAD_CONST: number;
  readonly LOAD_GLOBAL: number;
  readonly LOAD_NAME: number;
  readonly STORE_NAME: number;
  readonly LOAD_ATTR: number;
  readonly LOAD_METHOD: number;
  readonly STORE_ATTR: number;
  readonly STORE_FAST: number;
  readonly STORE_GLOBAL: number;
  readonly STORE_DEREF: number;
  readonly DUP_TOP: number;
  readonly COPY: number;
  readonly CONTAINS_OP: number;
  readonly BUILD_LIST: number;
  readonly BUILD_TUPLE: number;
  readonly LIST_EXTEND: number;
  readonly LIST_APPEND: number;
  readonly BUILD_SET: number;
  readonly SET_ADD: number;
  readonly BUILD_MAP: number;
  readonly MAP_ADD: number;
  readonly SET_UPDATE: number;
  readonly INPLACE_ADD: number;
  readonly BINARY_MODULO: number;
  readonly INPLACE_MODULO: number;
  readonly BINARY_OP: number;
  /** BINARY_OP's arguments for `+=`, `%` and `%=` (3.11+). */
  readonly opInplaceAdd: number;
  readonly opModulo: number;
  readonly opInplaceModulo: number;
}

const opsCache = new WeakMap<VersionInfo, Ops>();

function opsOf(v: VersionInfo): Ops {
  let o = opsCache.get(v);
  if (o) return o;
  const t = v.table;
  const nb = (text: string) => t.data.nbOps.findIndex((p) => p[1] === text);
  o = {
    v, variableLoads: opcodesOf(VARIABLE_LOADS, v), pairLoads: opcodesOf(PAIR_LOADS, v), constLoads: opcodesOf(CONST_LOADS, v),
    writes: opcodesOf(VARIABLE_WRITES, v), stringBuilds: opcodesOf(STRING_BUILDS, v),
    LOAD_CONST: t.op('LOAD_CONST'), LOAD_GLOBAL: t.op('LOAD_GLOBAL'), LOAD_NAME: t.op('LOAD_NAME'), STORE_NAME: t.op('STORE_NAME'),
    LOAD_ATTR: t.op('LOAD_ATTR'), LOAD_METHOD: t.op('LOAD_METHOD'), STORE_ATTR: t.op('STORE_ATTR'), STORE_FAST: t.op('STORE_FAST'),
    STORE_GLOBAL: t.op('STORE_GLOBAL'), STORE_DEREF: t.op('STORE_DEREF'), DUP_TOP: t.op('DUP_TOP'), COPY: t.op('COPY'),
    CONTAINS_OP: t.op('CONTAINS_OP'), BUILD_LIST: t.op('BUILD_LIST'), BUILD_TUPLE: t.op('BUILD_TUPLE'), LIST_EXTEND: t.op('LIST_EXTEND'),
    LIST_APPEND: t.op('LIST_APPEND'), BUILD_SET: t.op('BUILD_SET'), SET_ADD: t.op('SET_ADD'), BUILD_MAP: t.op('BUILD_MAP'),
    MAP_ADD: t.op('MAP_ADD'), SET_UPDATE: t.op('SET_UPDATE'), INPLACE_ADD: t.op('INPLACE_ADD'), BINARY_MODULO: t.op('BINARY_MODULO'),
    INPLACE_MODULO: t.op('INPLACE_MODULO'), BINARY_OP: t.op('BINARY_OP'),
    opInplaceAdd: nb('+='), opModulo: nb('%'), opInplaceModulo: nb('%='),
  };
  opsCache.set(v, o);
  return o;
}

/** The names an instruction reads or writes (one, or two for 3.13+ superinstructions). */
function namesOf(i: Ins): string[] {
  const a = i.argval;
  if (a.kind === 'name') return [a.value];
  if (a.kind === 'names') return [...a.value];
  return [];
}

/** Names stored anywhere in a loop body. */
function storedIn(body: readonly Ins[], o: Ops): Set<string> {
  const s = new Set<string>();
  for (const x of body) if (o.writes.has(x.baseOpcode)) for (const n of namesOf(x)) s.add(n);
  return s;
}

/** A LOAD_GLOBAL that also pushes the NULL of a call (3.11+): it loads a callee, not an operand. */
function loadsCallee(x: Ins, o: Ops): boolean {
  return x.baseOpcode === o.LOAD_GLOBAL && o.v.features.loadGlobalNullBit && x.arg !== null && (x.arg & 1) !== 0;
}

/** The name a simple load before `insts[k]` pushed, i.e. the receiver of an attribute access at k. */
function receiverName(insts: readonly Ins[], k: number, o: Ops): string | null {
  const p = insts[k - 1];
  if (!p) return null;
  if (o.variableLoads.has(p.baseOpcode)) {
    if (loadsCallee(p, o)) return null;
    const n = namesOf(p);
    return n.length === 1 ? n[0]! : null;
  }
  if (o.pairLoads.has(p.baseOpcode)) {
    const n = namesOf(p);
    return n.length === 2 ? n[1]! : null;
  }
  return null;
}

/** For `obj.attr += v` at `insts[k]`: the name `obj` (the receiver of the LOAD_ATTR before, under its DUP_TOP/COPY). */
function attrReceiver(insts: readonly Ins[], k: number, attr: string, o: Ops): string | null {
  for (let j = k - 1; j >= 1 && k - j < 12; j--) {
    const y = insts[j]!;
    if (y.baseOpcode === o.LOAD_ATTR && namesOf(y)[0] === attr) {
      const d = insts[j - 1]!;
      return d.baseOpcode === o.DUP_TOP || d.baseOpcode === o.COPY ? receiverName(insts, j - 1, o) : receiverName(insts, j, o);
    }
  }
  return null;
}

/** True for a LOAD_ATTR that loads a method for a call (3.12+ flag), or LOAD_METHOD (3.10, 3.11). */
function isMethodLoad(x: Ins, o: Ops): boolean {
  if (x.baseOpcode === o.LOAD_METHOD) return true;
  return x.baseOpcode === o.LOAD_ATTR && o.v.features.loadAttrMethodBit && x.arg !== null && (x.arg & 1) !== 0;
}

function isAttrLoad(x: Ins, o: Ops): boolean {
  return x.baseOpcode === o.LOAD_ATTR || x.baseOpcode === o.LOAD_METHOD;
}

/** The string a constant load pushes (3.15 loads some constants, such as `''`, with LOAD_COMMON_CONSTANT), or null. */
function strConst(x: Ins | undefined, o: Ops): string | null {
  if (!x || !o.constLoads.has(x.baseOpcode)) return null;
  const a = x.argval;
  return a.kind === 'const' && a.value.type === 'str' ? a.value.value : null;
}

function makesStr(x: Ins | undefined, o: Ops): boolean {
  if (!x) return false;
  return strConst(x, o) !== null || o.stringBuilds.has(x.baseOpcode);
}

/** A BINARY_OP whose operator is `arg` (an index in the version's operator table; -1: none). */
function isBinaryOp(x: Ins, o: Ops, arg: number): boolean {
  return x.baseOpcode === o.BINARY_OP && arg >= 0 && x.arg === arg;
}

function isInplaceAdd(x: Ins, o: Ops): boolean {
  return x.baseOpcode === o.INPLACE_ADD || isBinaryOp(x, o, o.opInplaceAdd);
}

function isModulo(x: Ins, o: Ops): boolean {
  return x.baseOpcode === o.BINARY_MODULO || x.baseOpcode === o.INPLACE_MODULO || isBinaryOp(x, o, o.opModulo) || isBinaryOp(x, o, o.opInplaceModulo);
}

/** The constant tuple of three or more items that `x` loads (a literal `in (…)` or `xs = (…)`), or null. */
function constTuple(x: Ins, o: Ops): PyObject | null {
  if (x.baseOpcode !== o.LOAD_CONST) return null;
  const a = x.argval;
  return a.kind === 'const' && a.value.type === 'tuple' && a.value.items.length >= 3 ? a.value : null;
}

/**
 * The variable a name of instruction `x` in code object `codes[at]` refers to, as a key: the same name in two
 * functions is two variables. Fast locals belong to their code object; globals (`*_GLOBAL`, and `*_NAME` at module
 * level) to the module; a class body's `*_NAME` to the class namespace; a cell or free variable (`*_DEREF`) to the
 * code object that owns the cell (the nearest enclosing one, itself included, that lists it in `co_cellvars`).
 */
function scopeKey(codes: readonly ModuleCode[], at: number, x: Ins, name: string, o: Ops): string {
  const op = o.v.table.opname[x.baseOpcode] ?? '';
  if (op.endsWith('_GLOBAL')) return `global:${name}`;
  const code = codes[at]!;
  if (op.endsWith('_NAME')) return code.parent === null ? `global:${name}` : `${at}:${name}`;
  if (op.endsWith('DEREF')) {
    for (let c: number | null = at; c !== null; c = codes[c]!.parent) if (codes[c]!.code.cellvars.includes(name)) return `${c}:${name}`;
  }
  return `${at}:${name}`;
}

/** Variables (scope keys, see {@link scopeKey}) and attribute names assigned a string in the module: `s = ''`, `self.s = ''`. */
function stringTargets(codes: readonly ModuleCode[], o: Ops): { vars: Set<string>; attrs: Set<string> } {
  const vars = new Set<string>();
  const attrs = new Set<string>();
  codes.forEach((c, at) => {
    const ins = c.decoded.instructions;
    for (let k = 1; k < ins.length; k++) {
      const x = ins[k]!;
      if (o.writes.has(x.baseOpcode) && makesStr(ins[k - 1], o)) for (const n of namesOf(x).slice(0, 1)) vars.add(scopeKey(codes, at, x, n, o));
      if (x.baseOpcode === o.STORE_ATTR && k >= 2 && makesStr(ins[k - 2], o)) for (const n of namesOf(x)) attrs.add(n);
    }
  });
  return { vars, attrs };
}

/** Variables (scope keys) assigned a list or tuple in the module (`xs = [..]`, `xs = list(..)`, `xs = (1, 2, 3)`). */
function sequenceTargets(codes: readonly ModuleCode[], o: Ops): Set<string> {
  const out = new Set<string>();
  const loadsName = (x: Ins, names: readonly string[]) =>
    (x.baseOpcode === o.LOAD_GLOBAL || x.baseOpcode === o.LOAD_NAME) && names.includes(namesOf(x)[0] ?? '');
  const listish = (x: Ins): boolean => {
    const b = x.baseOpcode;
    if (b === o.BUILD_LIST || b === o.LIST_EXTEND || b === o.LIST_APPEND || b === o.BUILD_TUPLE) return true;
    if (constTuple(x, o)) return true;
    // A list comprehension's own code object (before 3.12, which inlines them).
    const a = x.argval;
    if (b === o.LOAD_CONST && a.kind === 'const' && a.value.type === 'code' && a.value.code.name === '<listcomp>') return true;
    return loadsName(x, ['list', 'sorted', 'tuple']);
  };
  const setish = (x: Ins): boolean => {
    const b = x.baseOpcode;
    if (b === o.BUILD_SET || b === o.SET_ADD || b === o.BUILD_MAP || b === o.MAP_ADD || b === o.SET_UPDATE) return true;
    return loadsName(x, ['set', 'frozenset', 'dict']);
  };
  codes.forEach((c, at) => {
    const ins = c.decoded.instructions;
    for (let k = 0; k < ins.length; k++) {
      const x = ins[k]!;
      const b = x.baseOpcode;
      if (!(b === o.STORE_FAST || b === o.STORE_NAME || b === o.STORE_GLOBAL || b === o.STORE_DEREF)) continue;
      let list = false;
      let set = false;
      for (let j = k - 1; j >= 0 && ins[j]!.line === x.line && !o.writes.has(ins[j]!.baseOpcode); j--) {
        if (listish(ins[j]!)) list = true;
        if (setish(ins[j]!)) set = true;
      }
      const name = namesOf(x)[0];
      if (list && !set && name !== undefined) out.add(scopeKey(codes, at, x, name, o));
    }
  });
  return out;
}

/**
 * Names the loop uses other than to read or set an attribute (`obj.a`, `obj.a = v`, `obj.a += v`): a method called on
 * it (`self.step()`), an argument (`f(self)`), an operand. Code the loop calls that way may change any of the
 * object's attributes, so none of them is the same on every iteration.
 */
function escapingNames(insts: readonly Ins[], index: ReadonlyMap<number, number>, loop: Loop, o: Ops): Set<string> {
  const out = new Set<string>();
  const plainAttr = (y: Ins | undefined) => y !== undefined && isAttrLoad(y, o) && !isMethodLoad(y, o);
  for (const x of loop.body) {
    const k = index.get(x.offset)!;
    let top: string | undefined;
    if (o.variableLoads.has(x.baseOpcode) && !loadsCallee(x, o)) top = namesOf(x)[0];
    else if (o.pairLoads.has(x.baseOpcode)) {
      const [under, over] = namesOf(x);
      if (under !== undefined) out.add(under); // beneath the top: an operand or argument, not a receiver
      top = over;
    }
    if (top === undefined) continue;
    const next = insts[k + 1];
    const receiver = plainAttr(next) || next?.baseOpcode === o.STORE_ATTR
      || ((next?.baseOpcode === o.DUP_TOP || next?.baseOpcode === o.COPY) && plainAttr(insts[k + 2]));
    if (!receiver) out.add(top);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

/** The membership "name" of a list display built inside the loop. */
const BUILT_IN_LOOP = 'a list built on each iteration';

interface Finding {
  readonly rule: LabHintRuleId;
  readonly ins: Ins[];
  readonly names: string[];
  readonly message: HintSpan[];
}

type SpanPart = string | HintSpan | readonly HintSpan[];

/** Code, as a span. */
const code = (text: string): HintSpan => ({ text, code: true });

/** Pieces joined into spans: strings are prose; neighbouring prose merges. */
function spans(...parts: SpanPart[]): HintSpan[] {
  const out: HintSpan[] = [];
  for (const p of parts.flatMap((x): readonly HintSpan[] => (typeof x === 'string' ? [{ text: x }] : 'text' in x ? [x as HintSpan] : (x as readonly HintSpan[])))) {
    if (!p.text) continue;
    const last = out[out.length - 1];
    if (last && !last.code && !p.code) out[out.length - 1] = { text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

/** Spans as plain text, code between backquotes. */
export function spansText(xs: readonly HintSpan[]): string {
  return xs.map((x) => (x.code ? '`' + x.text + '`' : x.text)).join('');
}

/**
 * The spans of a text Bytescope wrote itself with code between backquotes (the rules' titles and explanations,
 * the presets' titles). Not for text that holds names or values from a program: those are spans already.
 */
export function codeSpans(authored: string): HintSpan[] {
  return spans(...authored.split('`').map((t, k) => (k % 2 ? code(t) : t)));
}

function linesOf(ins: readonly Ins[]): number[] {
  return [...new Set(ins.map((x) => x.line).filter((l): l is number => l !== null))].sort((a, b) => a - b);
}

function list(names: readonly string[]): HintSpan[] {
  const q = names.map(code);
  return q.length <= 1 ? q : spans(...q.slice(0, -1).flatMap((x, k) => (k ? [', ', x] : [x])), ' and ', q[q.length - 1]!);
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function rulesFor(codes: readonly ModuleCode[], at: number, o: Ops, ctx: { strings: ReturnType<typeof stringTargets>; seqs: Set<string> }): Finding[] {
  const out: Finding[] = [];
  const here = codes[at]!;
  const insts = here.decoded.instructions;
  const loops = findLoops(here.decoded, o.v);
  if (!loops.length) return out;
  const isFunction = (here.code.flags & CO_OPTIMIZED) !== 0;
  const where = here.parent === null ? spans('at module level') : spans('in the body of class ', code(here.qualname));
  const index = new Map<number, number>();
  insts.forEach((x, k) => index.set(x.offset, k));

  for (const loop of loops) {
    const lineNote = loop.line !== null ? ` (line ${loop.line})` : '';
    // Module-level (or class-body) loop: *_NAME inside the loop.
    if (!isFunction) {
      const named = loop.body.filter((x) => x.baseOpcode === o.LOAD_NAME || x.baseOpcode === o.STORE_NAME);
      if (named.length) {
        const names = unique(named.flatMap(namesOf));
        out.push({
          rule: 'module-level-loop', ins: named, names,
          message: spans('Loop ', where, `${lineNote}: `, list(names), ` ${names.length === 1 ? 'is' : 'are'} read and written through ` +
            `the ${here.parent === null ? 'globals' : 'class namespace'} dictionary (${named.length} LOAD_NAME/STORE_NAME in ` +
            `the loop body). In a function ${names.length === 1 ? 'it' : 'they'} would be fast locals (LOAD_FAST/STORE_FAST).`),
        });
      }
    }
  }

  // The other rules look at each instruction once, in its innermost loop.
  const inner = new Map<number, Loop>();
  for (const loop of loops) for (const x of loop.body) {
    const prev = inner.get(x.offset);
    if (!prev || loop.end - loop.start < prev.end - prev.start) inner.set(x.offset, loop);
  }
  const globals: Ins[] = [];
  const attrs = new Map<string, Ins[]>();
  const appends: Ins[] = [];
  const concats: Ins[] = [];
  const concatNames: string[] = [];
  const members: Ins[] = [];
  const memberNames: string[] = [];
  const formats: Ins[] = [];
  const stored = new Map<Loop, Set<string>>();
  const storedAttrs = new Map<Loop, Set<string>>();
  const escapes = new Map<Loop, Set<string>>();
  const escapesOf = (l: Loop) => {
    let s = escapes.get(l);
    if (!s) { s = escapingNames(insts, index, l, o); escapes.set(l, s); }
    return s;
  };
  const storedOf = (l: Loop) => {
    let s = stored.get(l);
    if (!s) { s = storedIn(l.body, o); stored.set(l, s); }
    return s;
  };
  const storedAttrsOf = (l: Loop) => {
    let s = storedAttrs.get(l);
    if (!s) { s = new Set(l.body.filter((x) => x.baseOpcode === o.STORE_ATTR).flatMap(namesOf)); storedAttrs.set(l, s); }
    return s;
  };
  for (let k = 0; k < insts.length; k++) {
    const x = insts[k]!;
    const loop = inner.get(x.offset);
    if (!loop) continue;
    const b = x.baseOpcode;
    if (b === o.LOAD_GLOBAL && isFunction) globals.push(x);
    if (isAttrLoad(x, o)) {
      const recv = receiverName(insts, k, o);
      const attr = namesOf(x)[0];
      if (recv && attr && !storedOf(loop).has(recv)) {
        if (isMethodLoad(x, o)) {
          if (attr === 'append') appends.push(x);
        } else if (!storedAttrsOf(loop).has(attr) && !escapesOf(loop).has(recv)) {
          const key = `${recv}.${attr}`;
          attrs.set(key, [...(attrs.get(key) ?? []), x]);
        }
      }
      if (attr === 'format' && strConst(insts[k - 1], o) !== null) formats.push(x);
    }
    if (isInplaceAdd(x, o)) {
      const next = insts.slice(k + 1, k + 3);
      const st = next.find((y) => o.writes.has(y.baseOpcode) || y.baseOpcode === o.STORE_ATTR);
      if (st) {
        const name = namesOf(st)[0] ?? '';
        const isAttr = st.baseOpcode === o.STORE_ATTR;
        const strTarget = isAttr ? ctx.strings.attrs.has(name) : ctx.strings.vars.has(scopeKey(codes, at, st, name, o));
        if (strTarget || makesStr(insts[k - 1], o)) {
          concats.push(x);
          concatNames.push(isAttr ? `${attrReceiver(insts, k, name, o) ?? '?'}.${name}` : name);
        }
      }
    }
    if (b === o.CONTAINS_OP) {
      const p = insts[k - 1];
      if (p) {
        const pb = p.baseOpcode;
        const tuple = constTuple(p, o);
        if (tuple) {
          const repr = reprObject(tuple, o.v.printable);
          members.push(x);
          memberNames.push(repr.length > 30 ? repr.slice(0, 27) + '...' : repr);
        } else if (pb === o.BUILD_LIST || pb === o.BUILD_TUPLE || pb === o.LIST_EXTEND) {
          members.push(x);
          memberNames.push(BUILT_IN_LOOP);
        } else if (o.variableLoads.has(pb) || o.pairLoads.has(pb)) {
          const n = receiverName(insts, k, o);
          if (n && ctx.seqs.has(scopeKey(codes, at, p, n, o))) {
            members.push(x);
            memberNames.push(n);
          }
        }
      }
    }
    if (isModulo(x, o)) {
      for (let j = k - 1; j >= 0 && insts[j]!.line === x.line && !isModulo(insts[j]!, o); j--) {
        if (strConst(insts[j], o)?.includes('%')) { formats.push(x); break; }
      }
    }
  }
  const loopLine = (xs: readonly Ins[]) => {
    const ls = linesOf(xs);
    return ls.length ? ` (line${ls.length > 1 ? 's' : ''} ${ls.join(', ')})` : '';
  };
  if (globals.length) {
    const names = unique(globals.flatMap(namesOf));
    out.push({
      rule: 'global-in-loop', ins: globals, names,
      message: spans(list(names), ` ${names.length === 1 ? 'is a global or builtin' : 'are globals or builtins'} looked up on ` +
        `every iteration${loopLine(globals)}: LOAD_GLOBAL searches the globals and builtins dictionaries each time.`),
    });
  }
  for (const [key, xs] of attrs) {
    out.push({
      rule: 'attribute-in-loop', ins: xs, names: [key],
      message: spans(code(key), ` is looked up on every iteration${loopLine(xs)}` +
        `${xs.length > 1 ? ` (${xs.length} times per iteration)` : ''}, though `, code(key.split('.')[0]!), ' is not ' +
        'assigned, called on or passed anywhere in the loop.'),
    });
  }
  if (appends.length) {
    const names = unique(appends.map((x) => (receiverName(insts, index.get(x.offset)!, o) ?? '?') + '.append'));
    out.push({
      rule: 'append-in-loop', ins: appends, names,
      message: spans(list(names), ` is looked up and called on every iteration${loopLine(appends)}; a list comprehension ` +
        'would append with one LIST_APPEND instruction.'),
    });
  }
  if (concats.length) {
    const names = unique(concatNames);
    out.push({
      rule: 'string-concat-in-loop', ins: concats, names,
      message: spans(list(names), ` ${names.length === 1 ? 'is' : 'are'} extended with `, code('+='), ` on every iteration${loopLine(concats)} ` +
        `and ${names.length === 1 ? 'holds a string' : 'hold strings'}: collect the pieces in a list and `, code("''.join"), ' them.'),
    });
  }
  if (members.length) {
    const names = unique(memberNames);
    out.push({
      rule: 'membership-in-list', ins: members, names,
      message: spans(`Membership test on a list or tuple in a loop${loopLine(members)} (`,
        ...names.flatMap((n, k) => [k ? '; ' : '', n === BUILT_IN_LOOP ? n : code(n)]), '): each ', code('in'), ' scans the elements; a set would hash once.'),
    });
  }
  if (formats.length) {
    out.push({
      rule: 'old-formatting-in-loop', ins: formats, names: [],
      message: spans('String formatting with ', code('%'), ' or ', code('str.format'), ` in a loop${loopLine(formats)}; an f-string is usually faster.`),
    });
  }
  return out;
}

/**
 * The hints for a module's decoded bytecode ({@link decodeModule}), for the version it was compiled by. Rules fire
 * only in the versions listed in {@link HINT_RULES}.
 */
export function hintsFromModule(module: DecodedModule): LabHint[] {
  const version = module.version.version;
  // Every rule is measured on an embedded runtime (3.10 and newer); older bytecode gets no hints.
  if (!isPythonVersion(version)) {
    throw new BytescopeError('unsupported', `hints are for Python ${pythonVersionRange()}; this code is Python ${version}`);
  }
  const o = opsOf(module.version);
  const codes = module.codeObjects;
  const ctx = { strings: stringTargets(codes, o), seqs: sequenceTargets(codes, o) };
  const hints: LabHint[] = [];
  codes.forEach((here, at) => {
    for (const f of rulesFor(codes, at, o, ctx)) {
      const rule = RULES.get(f.rule)!;
      if (!rule.versions.includes(version)) continue;
      hints.push({
        rule: f.rule, title: rule.title, message: spansText(f.message), messageSpans: f.message, explanation: rule.explanation(module.version), preset: rule.preset,
        codeObject: here.qualname, firstLineno: here.code.firstlineno, lines: linesOf(f.ins), offsets: f.ins.map((x) => x.offset),
        names: f.names,
      });
    }
  });
  // In the order of the source: by first line (a hint without lines at its code object's first line); the sort is
  // stable, so hints of one line keep the rules' order.
  const lineOf = (h: LabHint) => h.lines[0] ?? h.firstLineno;
  return hints.sort((a, b) => lineOf(a) - lineOf(b));
}

/** The hints for a `.pyc` file (its bytes, or the file read by `readPyc`), any version 3.10–3.15; no runtime needed. */
export function hintsFromPyc(pyc: Uint8Array | PycFile): LabHint[] {
  return hintsFromModule(decodeModule(pyc instanceof Uint8Array ? readPyc(pyc) : pyc));
}
