/**
 * Static hints: rules over the decoded bytecode (the JSON model of @bytescope/core) that point at likely costs.
 * Loops are found by their backward jumps; each rule looks at the instructions inside a loop body. Every rule links
 * to a preset whose comparison measures the effect on real CPython, and fires only in the versions where that
 * measurement shows it (for instance, globals in a loop cost little from 3.11, where LOAD_GLOBAL is specialized).
 * Nothing here runs code or needs a runtime.
 */
import { PYTHON_VERSIONS, readPyc, toJsonModel, type BytescopeJson, type JsonCodeObject, type JsonInstruction } from '@bytescope/core';
import type { LabPresetId } from './presets.js';

/** Identifier of a hint rule. */
export type LabHintRuleId =
  | 'module-level-loop' | 'global-in-loop' | 'attribute-in-loop' | 'append-in-loop' | 'string-concat-in-loop'
  | 'membership-in-list' | 'old-formatting-in-loop';

/** A rule: what it looks for, why it costs, its measured example, and the versions where it fires. */
export interface LabHintRule {
  readonly id: LabHintRuleId;
  readonly title: string;
  /** Why this pattern costs, in general. */
  readonly explanation: string;
  /** The preset whose comparison shows the effect. */
  readonly preset: LabPresetId;
  /** CPython versions (`3.10` …) where the rule fires. */
  readonly versions: readonly string[];
}

/** One finding. JSON-serializable. */
export interface LabHint {
  readonly rule: LabHintRuleId;
  readonly title: string;
  /** What was found where, with names and lines. */
  readonly message: string;
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
    explanation:
      'Module-level variables live in the globals dictionary: every read is LOAD_NAME and every write STORE_NAME, a ' +
      'hash and a dictionary probe. The same loop in a function uses LOAD_FAST/STORE_FAST, an array slot. Move the ' +
      'loop into a function (and call it).',
    preset: 'faster-in-function',
    versions: PYTHON_VERSIONS,
  },
  {
    id: 'global-in-loop',
    title: 'Globals or builtins looked up in a loop',
    explanation:
      'In CPython 3.10 each LOAD_GLOBAL searches the module globals and then the builtins dictionary. Bind the ' +
      'value to a local before the loop (`pi = math.pi`, `_len = len`) to make it a LOAD_FAST. (From 3.11 the ' +
      'specializing interpreter caches global lookups and the gain is small.)',
    preset: 'local-alias',
    versions: ['3.10'],
  },
  {
    id: 'attribute-in-loop',
    title: 'Attribute looked up on every iteration',
    explanation:
      'The loop reads the same attribute of an object that does not change in the loop: each read is a LOAD_ATTR, ' +
      'a dictionary lookup in 3.10, a cached but still checked lookup from 3.11, and a Python call when the ' +
      'attribute is a property. If the value cannot change during the loop, read it once into a local.',
    preset: 'hoist-attribute',
    versions: PYTHON_VERSIONS,
  },
  {
    id: 'append-in-loop',
    title: 'list.append in a loop',
    explanation:
      'Each iteration looks up the append method (LOAD_METHOD) and calls it. A list comprehension appends with a ' +
      'single LIST_APPEND instruction and is about twice as fast in 3.10. (3.12+ specializes the call, ' +
      'CALL_LIST_APPEND, and the gap is small.)',
    preset: 'comprehension',
    versions: ['3.10'],
  },
  {
    id: 'string-concat-in-loop',
    title: 'String built with += in a loop',
    explanation:
      'Each += creates a new string. CPython resizes a local string in place when nothing else refers to it, but ' +
      'not a global, an attribute or an item: there every += copies everything so far (quadratic). Collect the ' +
      "pieces in a list and ''.join them once.",
    preset: 'string-join',
    versions: PYTHON_VERSIONS,
  },
  {
    id: 'membership-in-list',
    title: '`in` on a list or tuple inside a loop',
    explanation:
      'CONTAINS_OP on a list or tuple compares the item with each element in turn; on a set or dict it hashes ' +
      'once. When the container does not change in the loop, build a set before the loop (a literal `{...}` of ' +
      'constants becomes a frozenset constant).',
    preset: 'set-vs-list',
    versions: PYTHON_VERSIONS,
  },
  {
    id: 'old-formatting-in-loop',
    title: "'%' or str.format in a loop",
    explanation:
      "'%' formatting parses the format string at run time, and str.format also looks up and calls a method; an " +
      'f-string compiles to FORMAT_VALUE/BUILD_STRING instructions and is usually the fastest way to format.',
    preset: 'f-string',
    versions: PYTHON_VERSIONS,
  },
];

const RULES = new Map(HINT_RULES.map((r) => [r.id, r]));

// ---------------------------------------------------------------------------------------------------------------
// Bytecode helpers

type Ins = JsonInstruction;

const CO_OPTIMIZED = 0x1;

/** Opnames after which execution does not continue with the next instruction. */
const NO_FALLTHROUGH = new Set([
  'JUMP_FORWARD', 'JUMP_BACKWARD', 'JUMP_ABSOLUTE', 'JUMP', 'JUMP_NO_INTERRUPT', 'JUMP_BACKWARD_NO_INTERRUPT',
  'RETURN_VALUE', 'RETURN_CONST', 'RAISE_VARARGS', 'RERAISE',
]);

/** Jumps whose target is an exception handler (3.10), not normal flow. */
const HANDLER_SETUP = new Set(['SETUP_FINALLY', 'SETUP_WITH', 'SETUP_ASYNC_WITH', 'SETUP_CLEANUP']);

const SIMPLE_LOADS = new Set([
  'LOAD_FAST', 'LOAD_FAST_CHECK', 'LOAD_FAST_BORROW', 'LOAD_NAME', 'LOAD_GLOBAL', 'LOAD_DEREF', 'LOAD_CLASSDEREF',
]);
const PAIR_LOADS = new Set(['LOAD_FAST_LOAD_FAST', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW']);
const STORES = new Set(['STORE_FAST', 'STORE_NAME', 'STORE_GLOBAL', 'STORE_DEREF', 'DELETE_FAST', 'DELETE_NAME',
  'DELETE_GLOBAL', 'DELETE_DEREF', 'STORE_FAST_LOAD_FAST', 'STORE_FAST_STORE_FAST', 'STORE_FAST_MAYBE_NULL']);

function op(i: Ins): string {
  return i.base_opname;
}

/** The names an instruction reads or writes (one, or two for 3.13+ superinstructions). */
function namesOf(i: Ins): string[] {
  const v = i.argval;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** The instructions reachable from the start through normal control flow (not exception handlers). */
function reachable(insts: readonly Ins[]): Set<number> {
  const index = new Map<number, number>();
  insts.forEach((x, k) => index.set(x.offset, k));
  const seen = new Set<number>();
  const work = [0];
  while (work.length) {
    const k = work.pop()!;
    if (k >= insts.length || seen.has(insts[k]!.offset)) continue;
    const x = insts[k]!;
    seen.add(x.offset);
    if (x.jump_target !== null && !HANDLER_SETUP.has(op(x))) {
      const t = index.get(x.jump_target);
      if (t !== undefined) work.push(t);
    }
    if (!NO_FALLTHROUGH.has(op(x))) work.push(k + 1);
  }
  return seen;
}

/** A loop: the instructions from its backward jump's target to the jump. */
interface Loop {
  readonly start: number;
  readonly end: number;
  readonly line: number | null;
  readonly body: readonly Ins[];
}

function findLoops(insts: readonly Ins[]): Loop[] {
  const live = reachable(insts);
  const loops: Loop[] = [];
  for (const x of insts) {
    if (x.jump_target === null || x.jump_target > x.offset || !live.has(x.offset)) continue;
    if (op(x) === 'JUMP_BACKWARD_NO_INTERRUPT' || HANDLER_SETUP.has(op(x))) continue; // await / yield from
    const start = x.jump_target;
    const body = insts.filter((y) => y.offset >= start && y.offset <= x.offset);
    const head = body.find((y) => y.line !== null);
    loops.push({ start, end: x.offset, line: head?.line ?? null, body });
  }
  // Several back edges to one header (continue) are one loop: keep the widest.
  const byStart = new Map<number, Loop>();
  for (const l of loops) {
    const prev = byStart.get(l.start);
    if (!prev || l.end > prev.end) byStart.set(l.start, l);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** Names stored anywhere in a loop body. */
function storedIn(body: readonly Ins[]): Set<string> {
  const s = new Set<string>();
  for (const x of body) if (STORES.has(op(x))) for (const n of namesOf(x)) s.add(n);
  return s;
}

/** The name a simple load before `insts[k]` pushed, i.e. the receiver of an attribute access at k. */
function receiverName(insts: readonly Ins[], k: number): string | null {
  const p = insts[k - 1];
  if (!p) return null;
  if (SIMPLE_LOADS.has(op(p))) {
    if (op(p) === 'LOAD_GLOBAL' && p.argrepr.includes('NULL')) return null; // a callee (3.11+: `NULL + f`)
    const n = namesOf(p);
    return n.length === 1 ? n[0]! : null;
  }
  if (PAIR_LOADS.has(op(p))) {
    const n = namesOf(p);
    return n.length === 2 ? n[1]! : null;
  }
  return null;
}

/** For `obj.attr += v` at `insts[k]`: the name `obj` (the receiver of the LOAD_ATTR before, under its DUP_TOP/COPY). */
function attrReceiver(insts: readonly Ins[], k: number, attr: string): string | null {
  for (let j = k - 1; j >= 1 && k - j < 12; j--) {
    const y = insts[j]!;
    if (op(y) === 'LOAD_ATTR' && namesOf(y)[0] === attr) {
      const d = insts[j - 1]!;
      return op(d) === 'DUP_TOP' || op(d) === 'COPY' ? receiverName(insts, j - 1) : receiverName(insts, j);
    }
  }
  return null;
}

/** True for a LOAD_ATTR that loads a method for a call (3.12+ flag), or LOAD_METHOD (3.10, 3.11). */
function isMethodLoad(x: Ins): boolean {
  if (op(x) === 'LOAD_METHOD') return true;
  return op(x) === 'LOAD_ATTR' && x.argrepr.includes('NULL|self');
}

function isAttrLoad(x: Ins): boolean {
  return op(x) === 'LOAD_ATTR' || op(x) === 'LOAD_METHOD';
}

/** A constant load (3.15 loads some constants, such as `''` and `None`, with LOAD_COMMON_CONSTANT). */
function isConstLoad(x: Ins): boolean {
  return op(x) === 'LOAD_CONST' || op(x) === 'LOAD_COMMON_CONSTANT';
}

function isStrConst(x: Ins | undefined): boolean {
  return !!x && isConstLoad(x) && typeof x.argval === 'string';
}

function makesStr(x: Ins | undefined): boolean {
  if (!x) return false;
  return isStrConst(x) || ['BUILD_STRING', 'FORMAT_VALUE', 'FORMAT_SIMPLE', 'FORMAT_WITH_SPEC'].includes(op(x));
}

function isInplaceAdd(x: Ins): boolean {
  return op(x) === 'INPLACE_ADD' || (op(x) === 'BINARY_OP' && x.argrepr === '+=');
}

function isModulo(x: Ins): boolean {
  return op(x) === 'BINARY_MODULO' || op(x) === 'INPLACE_MODULO' || (op(x) === 'BINARY_OP' && (x.argrepr === '%' || x.argrepr === '%='));
}

/** Names (of variables and attributes) assigned a string somewhere in the module: `s = ''`, `self.s = ''`. */
function stringTargets(codes: readonly JsonCodeObject[]): { vars: Set<string>; attrs: Set<string> } {
  const vars = new Set<string>();
  const attrs = new Set<string>();
  for (const c of codes) {
    const ins = c.instructions;
    for (let k = 1; k < ins.length; k++) {
      const x = ins[k]!;
      if (STORES.has(op(x)) && makesStr(ins[k - 1])) for (const n of namesOf(x).slice(0, 1)) vars.add(n);
      if (op(x) === 'STORE_ATTR' && k >= 2 && makesStr(ins[k - 2])) for (const n of namesOf(x)) attrs.add(n);
    }
  }
  return { vars, attrs };
}

/** Names assigned a list or tuple somewhere in the module (`xs = [..]`, `xs = list(..)`, `xs = (1, 2, 3)`). */
function sequenceTargets(codes: readonly JsonCodeObject[]): Set<string> {
  const out = new Set<string>();
  const listish = (x: Ins): boolean => {
    const o = op(x);
    if (o === 'BUILD_LIST' || o === 'LIST_EXTEND' || o === 'LIST_APPEND' || o === 'BUILD_TUPLE') return true;
    if (o === 'LOAD_CONST' && Array.isArray(x.argval) && x.argval.length >= 3) return true;
    if (o === 'LOAD_CONST' && typeof x.argval === 'object' && x.argval !== null && !Array.isArray(x.argval) &&
      'type' in x.argval && x.argval.type === 'code' && /^<listcomp>/.test(x.argval.repr.replace(/^<code object /, '<'))) return true;
    return (o === 'LOAD_GLOBAL' || o === 'LOAD_NAME') && ['list', 'sorted', 'tuple'].includes(namesOf(x)[0] ?? '');
  };
  const setish = (x: Ins): boolean => {
    const o = op(x);
    if (o === 'BUILD_SET' || o === 'SET_ADD' || o === 'BUILD_MAP' || o === 'MAP_ADD' || o === 'SET_UPDATE') return true;
    return (o === 'LOAD_GLOBAL' || o === 'LOAD_NAME') && ['set', 'frozenset', 'dict'].includes(namesOf(x)[0] ?? '');
  };
  for (const c of codes) {
    const ins = c.instructions;
    for (let k = 0; k < ins.length; k++) {
      const x = ins[k]!;
      if (!(op(x) === 'STORE_FAST' || op(x) === 'STORE_NAME' || op(x) === 'STORE_GLOBAL' || op(x) === 'STORE_DEREF')) continue;
      let list = false;
      let set = false;
      for (let j = k - 1; j >= 0 && ins[j]!.line === x.line && !STORES.has(op(ins[j]!)); j--) {
        if (listish(ins[j]!)) list = true;
        if (setish(ins[j]!)) set = true;
      }
      if (list && !set) out.add(namesOf(x)[0]!);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

interface Finding {
  readonly rule: LabHintRuleId;
  readonly code: JsonCodeObject;
  readonly ins: Ins[];
  readonly names: string[];
  readonly message: string;
}

/** `co_qualname`, or (3.10, where code objects have none) the name CPython would give, from the nesting. */
function qualnameIn(codes: readonly JsonCodeObject[], c: JsonCodeObject): string {
  if (c.co_qualname !== null) return c.co_qualname;
  if (c.parent === null) return c.co_name;
  const parent = codes[c.parent];
  if (!parent) return c.co_name;
  if (parent.parent === null) return c.co_name;
  const pq = qualnameIn(codes, parent);
  return (parent.co_flags & CO_OPTIMIZED) !== 0 ? `${pq}.<locals>.${c.co_name}` : `${pq}.${c.co_name}`;
}

function linesOf(ins: readonly Ins[]): number[] {
  return [...new Set(ins.map((x) => x.line).filter((l): l is number => l !== null))].sort((a, b) => a - b);
}

function list(names: readonly string[]): string {
  const q = names.map((n) => '`' + n + '`');
  return q.length <= 1 ? (q[0] ?? '') : q.slice(0, -1).join(', ') + ' and ' + q[q.length - 1];
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function rulesFor(code: JsonCodeObject, qualname: string, ctx: { strings: ReturnType<typeof stringTargets>; seqs: Set<string> }): Finding[] {
  const out: Finding[] = [];
  const insts = code.instructions;
  const loops = findLoops(insts);
  if (!loops.length) return out;
  const isFunction = (code.co_flags & CO_OPTIMIZED) !== 0;
  const where = code.parent === null ? 'at module level' : `in the body of class \`${qualname}\``;
  const index = new Map<number, number>();
  insts.forEach((x, k) => index.set(x.offset, k));

  for (const loop of loops) {
    const at = loop.line !== null ? ` (line ${loop.line})` : '';
    // Module-level (or class-body) loop: *_NAME inside the loop.
    if (!isFunction) {
      const named = loop.body.filter((x) => op(x) === 'LOAD_NAME' || op(x) === 'STORE_NAME');
      if (named.length) {
        const names = unique(named.flatMap(namesOf));
        out.push({
          rule: 'module-level-loop', code, ins: named, names,
          message: `Loop ${where}${at}: ${list(names)} ${names.length === 1 ? 'is' : 'are'} read and written through ` +
            `the ${code.parent === null ? 'globals' : 'class namespace'} dictionary (${named.length} LOAD_NAME/STORE_NAME in ` +
            `the loop body). In a function ${names.length === 1 ? 'it' : 'they'} would be fast locals (LOAD_FAST/STORE_FAST).`,
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
  const storedOf = (l: Loop) => {
    let s = stored.get(l);
    if (!s) { s = storedIn(l.body); stored.set(l, s); }
    return s;
  };
  const storedAttrsOf = (l: Loop) => {
    let s = storedAttrs.get(l);
    if (!s) { s = new Set(l.body.filter((x) => op(x) === 'STORE_ATTR').flatMap(namesOf)); storedAttrs.set(l, s); }
    return s;
  };
  for (let k = 0; k < insts.length; k++) {
    const x = insts[k]!;
    const loop = inner.get(x.offset);
    if (!loop) continue;
    const o = op(x);
    if (o === 'LOAD_GLOBAL' && isFunction) globals.push(x);
    if (isAttrLoad(x)) {
      const recv = receiverName(insts, k);
      const attr = namesOf(x)[0];
      if (recv && attr && !storedOf(loop).has(recv)) {
        if (isMethodLoad(x)) {
          if (attr === 'append') appends.push(x);
        } else if (!storedAttrsOf(loop).has(attr)) {
          const key = `${recv}.${attr}`;
          attrs.set(key, [...(attrs.get(key) ?? []), x]);
        }
      }
      if (attr === 'format' && isStrConst(insts[k - 1])) formats.push(x);
    }
    if (isInplaceAdd(x)) {
      const next = insts.slice(k + 1, k + 3);
      const st = next.find((y) => STORES.has(op(y)) || op(y) === 'STORE_ATTR');
      if (st) {
        const name = namesOf(st)[0] ?? '';
        const isAttr = op(st) === 'STORE_ATTR';
        const strTarget = isAttr ? ctx.strings.attrs.has(name) : ctx.strings.vars.has(name);
        if (strTarget || makesStr(insts[k - 1])) {
          concats.push(x);
          concatNames.push(isAttr ? `${attrReceiver(insts, k, name) ?? '?'}.${name}` : name);
        }
      }
    }
    if (o === 'CONTAINS_OP') {
      const p = insts[k - 1];
      if (p) {
        const po = op(p);
        if (po === 'LOAD_CONST' && Array.isArray(p.argval) && p.argval.length >= 3) {
          members.push(x);
          memberNames.push(p.argrepr.length > 30 ? p.argrepr.slice(0, 27) + '...' : p.argrepr);
        } else if (po === 'BUILD_LIST' || po === 'BUILD_TUPLE' || po === 'LIST_EXTEND') {
          members.push(x);
          memberNames.push('a list built on each iteration');
        } else if (SIMPLE_LOADS.has(po) || PAIR_LOADS.has(po)) {
          const n = receiverName(insts, k);
          if (n && ctx.seqs.has(n)) {
            members.push(x);
            memberNames.push(n);
          }
        }
      }
    }
    if (isModulo(x)) {
      for (let j = k - 1; j >= 0 && insts[j]!.line === x.line && !isModulo(insts[j]!); j--) {
        const y = insts[j]!;
        if (isStrConst(y) && (y.argval as string).includes('%')) { formats.push(x); break; }
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
      rule: 'global-in-loop', code, ins: globals, names,
      message: `${list(names)} ${names.length === 1 ? 'is a global or builtin' : 'are globals or builtins'} looked up on ` +
        `every iteration${loopLine(globals)}: LOAD_GLOBAL searches the globals and builtins dictionaries each time.`,
    });
  }
  for (const [key, xs] of attrs) {
    out.push({
      rule: 'attribute-in-loop', code, ins: xs, names: [key],
      message: `\`${key}\` is looked up on every iteration${loopLine(xs)}` +
        `${xs.length > 1 ? ` (${xs.length} times per iteration)` : ''}, though \`${key.split('.')[0]}\` does not ` +
        'change in the loop.',
    });
  }
  if (appends.length) {
    const names = unique(appends.map((x) => (receiverName(insts, index.get(x.offset)!) ?? '?') + '.append'));
    out.push({
      rule: 'append-in-loop', code, ins: appends, names,
      message: `${list(names)} is looked up and called on every iteration${loopLine(appends)}; a list comprehension ` +
        'would append with one LIST_APPEND instruction.',
    });
  }
  if (concats.length) {
    const names = unique(concatNames);
    out.push({
      rule: 'string-concat-in-loop', code, ins: concats, names,
      message: `${list(names)} ${names.length === 1 ? 'is' : 'are'} extended with += on every iteration${loopLine(concats)} ` +
        `and ${names.length === 1 ? 'holds a string' : 'hold strings'}: collect the pieces in a list and ''.join them.`,
    });
  }
  if (members.length) {
    const names = unique(memberNames);
    out.push({
      rule: 'membership-in-list', code, ins: members, names,
      message: `Membership test on a list or tuple in a loop${loopLine(members)} (${names.join('; ')}): each \`in\` ` +
        'scans the elements; a set would hash once.',
    });
  }
  if (formats.length) {
    out.push({
      rule: 'old-formatting-in-loop', code, ins: formats, names: [],
      message: `String formatting with '%' or str.format in a loop${loopLine(formats)}; an f-string is usually faster.`,
    });
  }
  return out;
}

/**
 * The hints for a module's bytecode (the JSON model of its `.pyc`), for the version it was compiled by. Rules fire
 * only in the versions listed in {@link HINT_RULES}.
 */
export function hintsFromModel(model: BytescopeJson): LabHint[] {
  const version = model.python_version;
  const ctx = { strings: stringTargets(model.code_objects), seqs: sequenceTargets(model.code_objects) };
  const hints: LabHint[] = [];
  for (const code of model.code_objects) {
    const qualname = qualnameIn(model.code_objects, code);
    for (const f of rulesFor(code, qualname, ctx)) {
      const rule = RULES.get(f.rule)!;
      if (!rule.versions.includes(version)) continue;
      hints.push({
        rule: f.rule, title: rule.title, message: f.message, explanation: rule.explanation, preset: rule.preset,
        codeObject: qualname, firstLineno: code.co_firstlineno, lines: linesOf(f.ins), offsets: f.ins.map((x) => x.offset),
        names: f.names,
      });
    }
  }
  return hints;
}

/** The hints for a `.pyc` file's bytes (any version 3.10–3.15; no runtime needed). */
export function hintsFromPyc(pyc: Uint8Array): LabHint[] {
  return hintsFromModel(toJsonModel(readPyc(pyc)));
}
