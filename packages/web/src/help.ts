/**
 * Instruction help: what an instruction does, its stack effect for this argument and what the argument
 * means, for the chosen version — from the generated tables (stack effects, argument kinds, caches) plus a
 * short description of each family in our own words.
 */
import { explain, stackEffectAt, type OpcodeTableData, type StackEffectModel, type VersionInfo } from '@bytescope/core';
import { el } from './dom.js';
import { referenceHref } from './reference-link.js';

/** Plain-words descriptions by opname pattern, most specific first. */
const DESCRIPTIONS: [RegExp, string][] = [
  [/^RESUME/, 'Marks the start of the code (and every resume point of a generator); checks for interrupts and tracing.'],
  [/^LOAD_FAST_BORROW_LOAD_FAST_BORROW|^LOAD_FAST_LOAD_FAST/, 'Pushes two local variables (read by array index: fast), as one superinstruction.'],
  [/^LOAD_FAST/, 'Pushes a local variable. Locals live in an array slot indexed by the argument: no dictionary lookup, which is why code in functions runs faster than module-level code.'],
  [/^STORE_FAST_(LOAD|STORE)_FAST/, 'Two local-variable operations fused into one superinstruction.'],
  [/^STORE_FAST/, 'Pops the top of the stack into a local variable (an array slot: fast).'],
  [/^DELETE_FAST/, 'Deletes a local variable.'],
  [/^LOAD_NAME/, 'Pushes the value of a name, looked up in the locals dict, then globals, then builtins: used at module and class level. Each lookup probes dictionaries, slower than LOAD_FAST.'],
  [/^STORE_NAME/, 'Stores the top of the stack under a name in the current namespace dict (module or class level).'],
  [/^DELETE_NAME/, 'Deletes a name from the current namespace dict.'],
  [/^LOAD_GLOBAL/, 'Pushes a global (or builtin) by name: a dict lookup in globals, then builtins. Specializes to cached forms in 3.11+. In 3.11+ the low bit of the argument also pushes NULL for a following call.'],
  [/^STORE_GLOBAL/, 'Stores the top of the stack into a global variable.'],
  [/^LOAD_DEREF|^LOAD_CLASSDEREF|^LOAD_FROM_DICT_OR_DEREF/, 'Pushes the value held in a cell (a variable shared with an inner or outer function).'],
  [/^STORE_DEREF/, 'Stores the top of the stack into a cell shared between nested functions.'],
  [/^LOAD_CLOSURE/, 'Pushes a cell object itself, to build the closure of an inner function.'],
  [/^MAKE_CELL/, 'Wraps a local variable in a cell so that inner functions can share it.'],
  [/^COPY_FREE_VARS/, 'Copies the closure cells of the function into its frame.'],
  [/^LOAD_CONST/, 'Pushes a constant from co_consts.'],
  [/^LOAD_SMALL_INT/, 'Pushes a small integer given directly by the argument.'],
  [/^LOAD_COMMON_CONSTANT/, 'Pushes one of a few common constants (such as AssertionError) without a co_consts entry.'],
  [/^RETURN_CONST/, 'Returns a constant from the function.'],
  [/^RETURN_VALUE/, 'Returns the top of the stack to the caller.'],
  [/^LOAD_ATTR/, 'Replaces the object on top of the stack with one of its attributes (with the method bit set, pushes an unbound method and self for a following call).'],
  [/^LOAD_METHOD/, 'Looks up a method for a following call, avoiding a bound-method object.'],
  [/^STORE_ATTR/, 'Sets an attribute: obj.name = value.'],
  [/^DELETE_ATTR/, 'Deletes an attribute.'],
  [/^LOAD_SUPER_ATTR/, 'Looks up an attribute through super() without creating the super object.'],
  [/^(PRECALL|CALL_FUNCTION_EX|CALL_FUNCTION_KW|CALL_FUNCTION|CALL_METHOD|CALL_KW|CALL)/, 'Calls a callable with arguments taken from the stack and pushes its result.'],
  [/^KW_NAMES/, 'Records the keyword-argument names for the following CALL.'],
  [/^MAKE_FUNCTION/, 'Builds a function object from a code object (and, before 3.13, its defaults, annotations and closure).'],
  [/^SET_FUNCTION_ATTRIBUTE/, 'Attaches defaults, keyword defaults, annotations or a closure to a function being built.'],
  [/^BINARY_OP/, 'Applies a binary operator (the argument says which) to the two top items and pushes the result. Specializes for int, float and str operands.'],
  [/^(BINARY|INPLACE)_/, 'Applies a binary operator to the two top items and pushes the result.'],
  [/^BINARY_SUBSCR|^BINARY_SLICE/, 'Subscripts: container[key] or container[start:stop].'],
  [/^STORE_SUBSCR|^STORE_SLICE/, 'Stores into a subscript: container[key] = value.'],
  [/^DELETE_SUBSCR/, 'Deletes container[key].'],
  [/^UNARY_|^TO_BOOL/, 'Applies a unary operation (or converts to bool) to the top of the stack.'],
  [/^COMPARE_OP/, 'Compares the two top items with the operator the argument names.'],
  [/^IS_OP/, 'Tests identity (is / is not) of the two top items.'],
  [/^CONTAINS_OP/, 'Tests membership (in / not in).'],
  [/^GET_ITER/, 'Replaces the top of the stack with an iterator over it.'],
  [/^FOR_ITER/, 'Gets the next item from the iterator on the stack, or jumps past the loop when it is exhausted.'],
  [/^END_FOR|^POP_ITER/, 'Cleans up the iterator at the end of a for loop.'],
  [/^JUMP_BACKWARD/, 'Jumps backwards (a loop): also checks for interrupts.'],
  [/^POP_JUMP|^JUMP_IF|^POP_JUMP_IF/, 'Conditional jump on the value on top of the stack.'],
  [/^JUMP/, 'Unconditional jump.'],
  [/^NOT_TAKEN/, 'Marks the fall-through side of a branch (for branch monitoring); does nothing.'],
  [/^EXTENDED_ARG/, 'Prefix: extends the next instruction\'s argument beyond one byte.'],
  [/^CACHE/, 'An inline cache entry: data for the adaptive interpreter, not an instruction.'],
  [/^POP_TOP/, 'Discards the top of the stack.'],
  [/^PUSH_NULL/, 'Pushes NULL (used before a call to mark a non-method callable).'],
  [/^COPY|^DUP_TOP/, 'Pushes a copy of an item on the stack.'],
  [/^SWAP|^ROT_/, 'Reorders items on the stack.'],
  [/^BUILD_(TUPLE|LIST|SET|MAP|STRING|SLICE|CONST_KEY_MAP|INTERPOLATION|TEMPLATE)/, 'Builds a new object from items on the stack.'],
  [/^(LIST|SET|DICT)_(APPEND|ADD|EXTEND|UPDATE|MERGE)|^MAP_ADD/, 'Adds items to a list, set or dict under construction (comprehensions, displays).'],
  [/^FORMAT_|^CONVERT_VALUE/, 'f-string formatting of a value.'],
  [/^IMPORT_NAME/, 'Imports a module and pushes it.'],
  [/^IMPORT_FROM/, 'Loads an attribute from an imported module (from x import y).'],
  [/^IMPORT_STAR/, 'Imports every public name of a module (from x import *).'],
  [/^UNPACK_/, 'Unpacks an iterable into several stack items.'],
  [/^RAISE_VARARGS|^RERAISE/, 'Raises (or re-raises) an exception.'],
  [/^PUSH_EXC_INFO|^POP_EXCEPT|^CHECK_EXC_MATCH|^CHECK_EG_MATCH|^WITH_EXCEPT_START|^CLEANUP_THROW|^SETUP_|^POP_BLOCK|^JUMP_IF_NOT_EXC_MATCH/, 'Exception handling: manages the exception being handled or the try blocks.'],
  [/^BEFORE_WITH|^BEFORE_ASYNC_WITH|^LOAD_SPECIAL/, 'Context managers: looks up __enter__/__exit__ (or their async forms).'],
  [/^YIELD_VALUE|^SEND|^END_SEND|^GET_YIELD_FROM_ITER|^YIELD_FROM|^RETURN_GENERATOR|^GEN_START/, 'Generators and coroutines: yields, sends or starts a generator.'],
  [/^GET_AWAITABLE|^GET_AITER|^GET_ANEXT|^END_ASYNC_FOR|^ASYNC_GEN_WRAP/, 'async/await support.'],
  [/^MATCH_/, 'Structural pattern matching (match/case).'],
  [/^CALL_INTRINSIC/, 'Calls an internal helper function (the argument names it).'],
  [/^LOAD_BUILD_CLASS/, 'Pushes builtins.__build_class__, used by class statements.'],
  [/^SETUP_ANNOTATIONS|^LOAD_LOCALS/, 'Class and module namespace support.'],
  [/^NOP/, 'Does nothing.'],
  [/^GET_LEN/, 'Pushes len() of the top of the stack (pattern matching).'],
  [/^LOAD_ASSERTION_ERROR/, 'Pushes AssertionError (for assert statements).'],
  [/^PRINT_EXPR/, 'Prints an expression value (interactive mode).'],
  [/^INSTRUMENTED_/, 'Instrumented form used when sys.monitoring is active.'],
];

/** The description of an opname. */
export function describe(opname: string): string {
  for (const [re, text] of DESCRIPTIONS) if (re.test(opname)) return text;
  return 'An instruction of the CPython virtual machine.';
}

/** Evaluates a stack-effect model for an oparg. */
export function evalStackEffect(m: StackEffectModel, arg: number): number {
  if (typeof m === 'number') return m;
  if ('byLowByte' in m) return m.byLowByte[arg & 255] ?? 0;
  return m.base + m.perArg * (m.perHighArg !== undefined ? arg & 255 : arg) + (m.perHighArg ?? 0) * (arg >> 8);
}

/** What the argument of an opcode means, from the version's argument-kind sets. */
export function argumentMeaning(v: VersionInfo, opcode: number, opname: string): string {
  const d = v.table.data;
  const base = v.table.deopt[opcode] ?? opcode;
  const has = (set: number[] | undefined) => (set ?? []).includes(base);
  if (!has(d.hasarg)) return 'No argument.';
  if (has(d.hasconst)) return 'Index into co_consts.';
  if (has(d.hasname)) {
    if (/^LOAD_GLOBAL/.test(opname) && v.features.loadGlobalNullBit) return 'Index into co_names, shifted left by 1; the low bit asks to push NULL too.';
    if (/^LOAD_ATTR/.test(opname) && v.features.loadAttrMethodBit) return 'Index into co_names, shifted left by 1; the low bit loads a method for a call.';
    return 'Index into co_names.';
  }
  if (has(d.hasjrel) || has(d.hasjump)) return 'Relative jump distance in code units.';
  if (has(d.hasjabs)) return 'Absolute jump target in code units.';
  if (has(d.haslocal)) return v.features.hasCaches ? 'Index into the fast locals (co_varnames, then cells and free variables).' : 'Index into co_varnames.';
  if (has(d.hasfree)) return 'Index of a cell or free variable.';
  if (has(d.hascompare)) return 'The comparison operator (index into dis.cmp_op, shifted in 3.12+).';
  return 'An integer operand (its meaning depends on the opcode; dis shows it in parentheses).';
}

/** Help for one instruction, as text lines: from the instruction reference of that version. */
export function instructionHelp(v: VersionInfo, opcode: number, opname: string, arg: number | null): { title: string; lines: string[] } {
  const entry = explain(opname, v.version);
  if (!entry) return fallbackHelp(v, opcode, opname, arg);
  const lines = [entry.description];
  const se = stackEffectAt(entry, arg);
  if (se.net !== null) {
    const sign = (n: number) => (n >= 0 ? '+' : '') + n;
    let t = `Stack effect: ${sign(se.net)}`;
    if (se.pops !== null && se.pushes !== null) t += ` (pops ${se.pops}, pushes ${se.pushes})`;
    if (se.net_jump !== null && se.net_jump !== se.net) t += `; ${sign(se.net_jump)} when it jumps`;
    lines.push(t + '.');
  }
  lines.push(`Argument: ${entry.argument.meaning}`);
  if (entry.argument.has_arg) lines.push(`dis shows: ${entry.argument.dis}`);
  if (entry.caches.units) lines.push(`Inline cache: ${entry.caches.units} code unit${entry.caches.units > 1 ? 's' : ''}.`);
  if (entry.base) lines.push(`Specialized form of ${entry.base}.`);
  else if (entry.family.length) lines.push(`Specializes into: ${entry.family.join(', ')}.`);
  const h = entry.history;
  lines.push(`History: in ${h.versions[0]}–${h.versions[h.versions.length - 1]}` + (h.replaces.length ? `; replaces ${h.replaces.map((r) => r.opname).join(', ')}` : '') + (h.replaced_by.length ? `; replaced by ${h.replaced_by.map((r) => r.by.join(' + ')).join(', ')}` : '') + '.');
  lines.push(`Opcode ${entry.opcode} in CPython ${entry.full_version}.`);
  return { title: opname, lines };
}

/**
 * The help panel's content for one instruction: its name, the lines of {@link instructionHelp} and a link to its
 * full entry in the instruction reference (a new tab, like the listing's opnames).
 */
export function helpElements(v: VersionInfo, opcode: number, opname: string, arg: number | null): HTMLElement[] {
  const h = instructionHelp(v, opcode, opname, arg);
  const link = el('a', {
    text: 'Full reference →', title: `${opname} in the CPython ${v.version} instruction reference: stack diagram, example, history (new tab)`,
    attrs: { href: referenceHref(v.version, opname), target: '_blank', rel: 'noopener' },
  });
  return [el('h2', { text: h.title }), ...h.lines.map((l) => el('p', {}, codeSpans(l))), el('p', { cls: 'help-ref' }, [link])];
}

/** Text whose `backquoted` parts (the reference's notation for code) become `<code>` elements. */
function codeSpans(text: string): Node[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return [document.createTextNode(text)]; // unbalanced: as it is
  return parts.map((p, i) => (i % 2 ? el('code', { text: p }) : document.createTextNode(p)));
}

/** Help from the tables alone, for a name the reference lacks. */
function fallbackHelp(v: VersionInfo, opcode: number, opname: string, arg: number | null): { title: string; lines: string[] } {
  const d: OpcodeTableData = v.table.data;
  const base = v.table.opname[v.table.deopt[opcode] ?? opcode] ?? opname;
  const lines = [describe(opname)];
  const se = d.stackEffects[base];
  if (se) {
    const a = arg ?? 0;
    const nj = evalStackEffect(se.noJump, a);
    const j = evalStackEffect(se.jump, a);
    lines.push(`Stack effect: ${nj >= 0 ? '+' : ''}${nj}` + (j !== nj ? ` (${j >= 0 ? '+' : ''}${j} when it jumps)` : ''));
  }
  lines.push(`Argument: ${argumentMeaning(v, opcode, opname)}`);
  lines.push(`Opcode ${opcode} in CPython ${d.fullVersion}.`);
  return { title: opname, lines };
}
