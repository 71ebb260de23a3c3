/**
 * What an instruction's argument means and how that version's `dis` shows it (the `argrepr` rules), from the
 * generated tables and version switches plus the hand-written meanings of descriptions.ts. The rules follow the
 * order of the argument resolver (instructions.ts), which reproduces `dis` byte for byte.
 */
import type { OpcodeTableData } from '../bytecode/opcode-table.js';
import { isBackwardJump } from '../bytecode/jumps.js';
import type { VersionInfo } from '../version/registry.js';
import { OP_DOCS } from './descriptions.js';
import { versionAtLeast } from '../version/py-version.js';
import { pick } from './versioned.js';

/** Argument kinds, from the `has*` sets of `opcode` (plus `arg` for any argument). */
export type ArgKind = 'arg' | 'const' | 'name' | 'jrel' | 'jabs' | 'jump' | 'local' | 'free' | 'compare' | 'exc';

/** The argument of an instruction in one version. */
export interface ArgumentInfo {
  /** Whether the instruction has an argument at all (`hasarg`). */
  readonly has_arg: boolean;
  /** The `has*` sets its (base) opcode belongs to. */
  readonly kinds: readonly ArgKind[];
  /** What the argument means. */
  readonly meaning: string;
  /** How `dis` shows the argument (its `argrepr` rule) in this version. */
  readonly dis: string;
}

const KIND_SETS: readonly [ArgKind, keyof OpcodeTableData][] = [
  ['arg', 'hasarg'], ['const', 'hasconst'], ['name', 'hasname'], ['jrel', 'hasjrel'], ['jabs', 'hasjabs'],
  ['jump', 'hasjump'], ['local', 'haslocal'], ['free', 'hasfree'], ['compare', 'hascompare'], ['exc', 'hasexc'],
];

/** The `has*` sets opcode number `op` belongs to. */
export function argKinds(d: OpcodeTableData, op: number): ArgKind[] {
  const out: ArgKind[] = [];
  for (const [k, key] of KIND_SETS) {
    const set = d[key] as number[] | undefined;
    if (set?.includes(op)) out.push(k);
  }
  return out;
}


function list(values: readonly string[], fmt: (s: string, i: number) => string = (s, i) => `${i} ${s}`): string {
  return values.map(fmt).join(', ');
}

/** Meaning by argument kind, used when descriptions.ts has none for the instruction. */
function defaultMeaning(base: string, kinds: readonly ArgKind[], v: VersionInfo): string | undefined {
  const at = (minor: number) => versionAtLeast(v.release, 3, minor);
  const bytes = v.features.jumpArgUnit === 1;
  if (kinds.includes('const')) return 'Index into co_consts.';
  if (kinds.includes('name')) return 'Index into co_names.';
  if (kinds.includes('exc')) return 'Distance to the exception handler, like a forward jump; the assembler turns it into an exception-table entry.';
  if (kinds.includes('jabs')) {
    return bytes ? 'Absolute jump target: the byte offset itself.' : 'Absolute jump target in code units (byte offset = 2 × oparg).';
  }
  if (kinds.includes('jrel') || kinds.includes('jump')) {
    const dir = isBackwardJump(base, v) ? 'backward' : 'forward';
    if (bytes) return `Jump distance ${dir} in bytes, counted from the next instruction.`;
    return at(12)
      ? `Jump distance ${dir} in code units, counted from the end of the instruction's inline caches.`
      : `Jump distance ${dir} in code units, counted from the next instruction.`;
  }
  if (kinds.includes('local')) {
    return at(11) ? 'Index into the frame\'s local slots: co_varnames, then cell and free variables (co_localsplusnames).'
      : 'Index into co_varnames.';
  }
  if (kinds.includes('free')) {
    return at(11) ? 'Index into the frame\'s local slots (co_localsplusnames) of a cell or free variable.'
      : 'Index into co_cellvars followed by co_freevars.';
  }
  return undefined;
}

/** Table-driven additions to the meaning (the values the argument selects in this version). */
function tableMeaning(base: string, d: OpcodeTableData): string {
  switch (base) {
    case 'BINARY_OP': return ` Values: ${list(d.nbOps.map((p) => p[1]!))}.`;
    case 'CALL_INTRINSIC_1': return ` Values: ${list(d.intrinsic1)}.`;
    case 'CALL_INTRINSIC_2': return ` Values: ${list(d.intrinsic2)}.`;
    case 'LOAD_SPECIAL': return ` Values: ${list(d.specialMethods)}.`;
    case 'LOAD_COMMON_CONSTANT': return `Index into the interpreter's table of common constants: ${list(d.commonConstants.map((c) => c.repr))}.`;
    case 'COMPARE_OP': return ` Operators: ${list(d.cmpOp)}.`;
    default: return '';
  }
}

/** How `dis` shows the argument of `base` in version `v` (mirrors the resolver of instructions.ts). */
function disRule(base: string, kinds: readonly ArgKind[], v: VersionInfo): string {
  const f = v.features;
  const d = v.table.data;
  const has = (k: ArgKind) => kinds.includes(k);
  if (!has('arg')) return 'No argument: `dis` prints no number after the name.';
  if (has('const')) {
    if (f.onlyLoadConstResolves && base !== 'LOAD_CONST') {
      return 'Only the number: 3.11\'s `dis` resolves constants for LOAD_CONST alone (argval is UNKNOWN).';
    }
    return 'The number, then the `repr()` of the constant in parentheses, e.g. `(None)`, `(\'text\')`.';
  }
  if (has('name')) {
    if (base === 'LOAD_GLOBAL' && f.loadGlobalNullBit) {
      return f.nullAfterName ? 'The global\'s name, followed by `+ NULL` when bit 0 is set: `(len + NULL)`.'
        : 'The global\'s name, preceded by `NULL +` when bit 0 is set: `(NULL + len)`.';
    }
    if (base === 'LOAD_ATTR' && f.loadAttrMethodBit) {
      return f.nullAfterName ? 'The attribute name, followed by `+ NULL|self` for the method form: `(append + NULL|self)`.'
        : 'The attribute name, preceded by `NULL|self +` for the method form: `(NULL|self + append)`.';
    }
    if (base === 'LOAD_SUPER_ATTR') {
      return f.nullAfterName ? 'The attribute name (index oparg >> 2), followed by `+ NULL|self` for the method form.'
        : 'The attribute name (index oparg >> 2), preceded by `NULL|self +` for the method form.';
    }
    if (base === 'IMPORT_NAME' && f.importNameFlags) {
      return 'The module name (index oparg >> 2), followed by `+ lazy` (bit 0) or `+ eager` (bit 1): `(json + lazy)`.';
    }
    return 'The name from co_names, e.g. `(print)`.';
  }
  if (f.labelsInListing) {
    if (has('jump') || has('exc')) {
      return base === 'END_ASYNC_FOR' ? 'The label of the loop head it points back to: `(from L3)`.'
        : 'The label of the target: `(to L2)`; with `--show-offsets` the listing also shows byte offsets.';
    }
    if (/^(LOAD_FAST_LOAD_FAST|LOAD_FAST_BORROW_LOAD_FAST_BORROW|STORE_FAST_LOAD_FAST|STORE_FAST_STORE_FAST)$/.test(base)) {
      return 'The two local names, high nibble first: `(a, b)`.';
    }
  } else if (has('jrel') || (has('jabs') && f.absoluteJumpArgrepr)) {
    return f.listingLayout === 'print' ? 'The byte offset of the target, after the number: `(to 24)`.'
      : 'The byte offset of the target: `(to 24)`.';
  } else if (has('jabs')) {
    return 'Only the number, which is the target\'s byte offset: before 3.10 `dis` shows nothing in parentheses for an ' +
      'absolute jump (argval is the offset, argrepr empty).';
  }
  if (f.listingLayout === 'print' && (has('local') || has('free') || has('compare'))) {
    return has('compare') ? 'The comparison operator in parentheses: `(<)`, `(exception match)`.'
      : 'The variable\'s name in parentheses, e.g. `(x)`.';
  }
  if (has('local') || has('free')) return 'The variable\'s name, e.g. `(x)`.';
  if (has('compare')) {
    return f.compareBoolBit ? 'The operator, wrapped as `bool(<)` when bit 4 (16) asks for a bool: `(<)`, `(bool(==))`.'
      : 'The comparison operator: `(<)`.';
  }
  if (base === 'FORMAT_VALUE') {
    return 'The conversion (`str`, `repr`, `ascii`) and/or `with format`, joined by a comma: `(repr, with format)`.';
  }
  if (base === 'CONVERT_VALUE') return 'The conversion function: `(str)`, `(repr)` or `(ascii)`.';
  if (base === 'MAKE_FUNCTION' || base === 'SET_FUNCTION_ATTRIBUTE') {
    return `The names of the set flags, joined by commas (${list(d.functionFlags, (s, i) => `${1 << i} ${s}`)}): \`(defaults, closure)\`.`;
  }
  if (base === 'BINARY_OP') return 'The operator: `(+)`, `(+=)`' + (d.nbOps.length > 26 ? ', `([])` for subscription.' : '.');
  if (base === 'CALL_INTRINSIC_1' || base === 'CALL_INTRINSIC_2') return 'The intrinsic\'s name: `(INTRINSIC_STOPITERATION_ERROR)`.';
  if (base === 'LOAD_SPECIAL') return 'The special method\'s name: `(__enter__)`.';
  if (base === 'LOAD_COMMON_CONSTANT') {
    return f.commonConstantArgval ? 'The constant: a class by name `(AssertionError)`, a literal by repr `(None)`; argval is the object itself.'
      : 'The constant: a class by name, e.g. `(AssertionError)`; argval is the index.';
  }
  if (f.isContainsArgrepr && base === 'IS_OP') return 'The operator: `(is)` or `(is not)`.';
  if (f.isContainsArgrepr && base === 'CONTAINS_OP') return 'The operator: `(in)` or `(not in)`.';
  if (d.hasnargs?.includes(v.table.op(base))) {
    return 'The two counts: `(2 positional, 1 keyword pair)` (low byte positional arguments, high byte keyword pairs).';
  }
  return 'Only the number, without anything in parentheses.';
}

/** Instrumented forms that take the place of any instruction (the original opcode kept aside, its argument in place). */
const STANDS_IN: ReadonlySet<string> = new Set(['INSTRUMENTED_LINE', 'INSTRUMENTED_INSTRUCTION']);

/**
 * The argument of instruction `name`, opcode `op`, in version `v`, as `dis` sees it (`dis` decides by the opcode's
 * own `has*` sets). `meaningOf` names the instruction whose meaning applies, with its opcode: the base of an
 * INSTRUMENTED_* form, whose own `has*` sets can differ from it.
 */
export function argumentInfo(name: string, op: number, v: VersionInfo,
  meaningOf: { readonly name: string; readonly op: number } = { name, op }): ArgumentInfo {
  const d = v.table.data;
  const kinds = argKinds(d, op);
  // 3.12's hasarg omits the pseudo SETUP_* instructions although hasexc lists them: they do take an argument.
  const missingFromHasarg = !kinds.includes('arg') && kinds.length > 0;
  if (missingFromHasarg) kinds.unshift('arg');
  const hasArg = kinds.includes('arg');
  let meaning: string;
  if (!hasArg && meaningOf.name === 'CACHE') {
    meaning = pick(OP_DOCS.CACHE!.arg, v.version)!;
  } else if (STANDS_IN.has(name)) {
    // Only the opcode byte is rewritten (the original opcode goes to a side table): the argument byte is the
    // original instruction's, and `dis` shows it as a number even where opcode.hasarg omits the opcode (3.13+).
    meaning = 'The argument of the instruction it took the place of: only the opcode byte is rewritten (the original ' +
      'opcode is kept in a side table), so `dis` shows that argument as a bare number.';
  } else if (!hasArg) {
    meaning = !v.features.wordcode
      ? `None: the opcode is below HAVE_ARGUMENT (${d.haveArgument}), so the instruction is this one byte.`
      : !versionAtLeast(v.release, 3, 12) && op < 256
        ? `None: the opcode is below HAVE_ARGUMENT (${d.haveArgument}), so its second byte is ignored.`
        : 'None: the second byte of the code unit is ignored.';
  } else {
    const m = meaningOf.name;
    const hand = pick(OP_DOCS[m]?.arg, v.version);
    const table = tableMeaning(m, d);
    meaning = m === 'LOAD_COMMON_CONSTANT' ? table : (hand ?? defaultMeaning(m, argKinds(d, meaningOf.op), v) ?? '') + table;
    if (!meaning && m !== name && !argKinds(d, meaningOf.op).includes('arg')) {
      meaning = `Unused: ${m} takes no argument; ${name} is listed in hasarg only because its number is at least ` +
        `HAVE_ARGUMENT (${d.haveArgument}).`;
    } else if (!meaning && m === name && name.startsWith('INSTRUMENTED_')) {
      meaning = 'The argument of the original instruction it stands in for: only the opcode byte is replaced, the ' +
        'argument byte stays.';
    }
  }
  if (missingFromHasarg) meaning += ` (This version's opcode.hasarg omits ${name}, but its other has* sets show it takes one.)`;
  return { has_arg: hasArg, kinds: kinds.filter((k) => k !== 'arg'), meaning: meaning.trim(), dis: disRule(name, kinds, v) };
}
