/**
 * The history of every opname across the supported versions, derived from the generated tables: where it
 * appears, its number, its kind (real, specialized, instrumented, pseudo), its argument kinds, cache, stack-effect
 * model and specialized family, and every change of those between consecutive versions. What replaced a removed
 * instruction is a small hand-curated map of well-known facts (REPLACEMENTS), checked against the tables by the
 * tests.
 */
import type { OpcodeTableData, StackEffectModel } from '../bytecode/opcode-table.js';
import { DIS_VERSIONS, getVersion, type VersionInfo } from '../version/registry.js';
import { compareVersions, versionAtLeast } from '../version/py-version.js';
import { argKinds, type ArgKind } from './arguments.js';
import { modelText, sameModel } from './stack.js';
import { compareCodeUnits } from '../order.js';

/**
 * The versions the reference describes (descriptions, examples, history): every version that can be disassembled,
 * 2.7 and 3.0 to the newest, oldest first. The history of an opname runs across all of them, so 2.7's PRINT_ITEM
 * and 3.10's ROT_N sit on one timeline.
 */
export const REFERENCE_VERSIONS: readonly string[] = DIS_VERSIONS;

/** What an opname is in one version. */
export type OpKind = 'real' | 'specialized' | 'instrumented' | 'pseudo';

/** An opname as one version's tables describe it. */
export interface OpPresence {
  readonly version: string;
  readonly opcode: number;
  readonly kind: OpKind;
  /** The base instruction of a specialized form (deopt map) or of an INSTRUMENTED_* form (by name). */
  readonly base: string | null;
  /** Whether it has an argument (`hasarg` of its base). */
  readonly hasArg: boolean;
  /** Argument kinds of its base (`has*` sets; `jump` folded into `jrel`). */
  readonly argKinds: readonly ArgKind[];
  /** Inline cache units (of its base). */
  readonly cache: number;
  readonly cacheFormat: readonly (readonly [string, number])[];
  /** Generated stack effect (own for base, pseudo and instrumented instructions; the base's for specialized ones). */
  readonly stackEffect: { readonly noJump: StackEffectModel; readonly jump: StackEffectModel } | null;
  /** Specialized forms of a base instruction (deopt map), in opcode order. */
  readonly family: readonly string[];
}

const presenceCache = new Map<string, ReadonlyMap<string, OpPresence>>();

function normalizedKinds(d: OpcodeTableData, op: number): ArgKind[] {
  const k = argKinds(d, op).filter((x) => x !== 'arg');
  const out = k.filter((x) => x !== 'jump');
  if (k.includes('jump') && !out.includes('jrel') && !out.includes('jabs')) out.push('jrel');
  return out.sort();
}

/** Every opname of version `version` (real ones without `<n>` holes, specialized, instrumented, pseudo). */
export function presenceMap(version: string): ReadonlyMap<string, OpPresence> {
  const hit = presenceCache.get(version);
  if (hit) return hit;
  const v = getVersion(version);
  if (!v) throw new Error(`unknown version ${version}`);
  const d = v.table.data;
  const families = new Map<string, string[]>();
  for (const [op, base] of Object.entries(d.deopt)) {
    const b = d.opname[base]!;
    if (!families.has(b)) families.set(b, []);
    families.get(b)!.push(d.opname[Number(op)]!);
  }
  const hasarg = new Set(d.hasarg);
  const entry = (name: string, op: number): OpPresence => {
    const deopt = d.deopt[op];
    const specialized = deopt !== undefined;
    const instrumented = !specialized && name.startsWith('INSTRUMENTED_');
    const kind: OpKind = op >= 256 ? 'pseudo' : specialized ? 'specialized' : instrumented ? 'instrumented' : 'real';
    const baseOp = specialized ? deopt : op;
    const baseName = d.opname[baseOp] ?? name;
    let base: string | null = specialized ? baseName : null;
    if (instrumented) {
      const plain = name.slice('INSTRUMENTED_'.length);
      base = v.table.op(plain) >= 0 ? plain : null;
    }
    const se = d.stackEffects[specialized ? baseName : name];
    return {
      version, opcode: op, kind, base,
      // 3.12's hasarg omits the pseudo SETUP_* although hasexc lists them: any has* set implies an argument.
      hasArg: hasarg.has(baseOp) || normalizedKinds(d, baseOp).length > 0,
      argKinds: normalizedKinds(d, baseOp),
      cache: d.cacheEntries[baseName] ?? 0,
      cacheFormat: d.cacheFormat[baseName] ?? [],
      stackEffect: se ? { noJump: se.noJump, jump: se.jump } : null,
      family: specialized || kind === 'pseudo' ? [] : families.get(name) ?? [],
    };
  };
  const map = new Map<string, OpPresence>();
  d.opname.forEach((n, i) => { if (!n.startsWith('<')) map.set(n, entry(n, i)); });
  for (const [n, i] of Object.entries(d.pseudo)) map.set(n, entry(n, i));
  presenceCache.set(version, map);
  return map;
}

/** Every opname of any supported version, sorted. */
export function allKnownOpnames(): string[] {
  const all = new Set<string>();
  for (const v of REFERENCE_VERSIONS) for (const n of presenceMap(v).keys()) all.add(n);
  return [...all].sort();
}

// ---- curated replacements -------------------------------------------------------------------------------------

/** A well-known fact: in `version`, `old` no longer exists as a bytecode instruction and `by` does its job. */
export interface Replacement {
  readonly old: string;
  /** The first version without `old` as a real (or specialized) instruction. */
  readonly version: string;
  /** What does its job in `version` (opnames present there). */
  readonly by: readonly string[];
  /** The argument `by[0]` takes for it, as `dis` shows it (checked against that version's argument tables). */
  readonly arg?: string;
  readonly note: string;
}

const R = (olds: string | readonly string[], version: string, by: readonly string[], note: string, arg?: string): Replacement[] =>
  (typeof olds === 'string' ? [olds] : olds).map((old) => ({ old, version, by, note, ...(arg !== undefined ? { arg } : {}) }));

const BINARY_311: readonly [string, string][] = [
  ['BINARY_ADD', '+'], ['BINARY_AND', '&'], ['BINARY_FLOOR_DIVIDE', '//'], ['BINARY_LSHIFT', '<<'],
  ['BINARY_MATRIX_MULTIPLY', '@'], ['BINARY_MULTIPLY', '*'], ['BINARY_MODULO', '%'], ['BINARY_OR', '|'],
  ['BINARY_POWER', '**'], ['BINARY_RSHIFT', '>>'], ['BINARY_SUBTRACT', '-'], ['BINARY_TRUE_DIVIDE', '/'],
  ['BINARY_XOR', '^'],
  ['INPLACE_ADD', '+='], ['INPLACE_AND', '&='], ['INPLACE_FLOOR_DIVIDE', '//='], ['INPLACE_LSHIFT', '<<='],
  ['INPLACE_MATRIX_MULTIPLY', '@='], ['INPLACE_MULTIPLY', '*='], ['INPLACE_MODULO', '%='], ['INPLACE_OR', '|='],
  ['INPLACE_POWER', '**='], ['INPLACE_RSHIFT', '>>='], ['INPLACE_SUBTRACT', '-='], ['INPLACE_TRUE_DIVIDE', '/='],
  ['INPLACE_XOR', '^='],
];

/** Hand-curated replacement links (verified against the tables by test/reference.test.ts). */
export const REPLACEMENTS: readonly Replacement[] = [
  // 3.0 (Python 3; 2.7, released after 3.0 and 3.1, has some of 3.1's and 3.2's instructions, which 3.0 lacks)
  ...R('UNARY_CONVERT', '3.0', ['CALL_FUNCTION'], 'Backquotes (`x`) are gone from Python 3; `repr(x)` is an ordinary call.'),
  ...R('BINARY_DIVIDE', '3.0', ['BINARY_TRUE_DIVIDE'], '`/` is true division in Python 3 (PEP 238); classic division is gone.'),
  ...R('INPLACE_DIVIDE', '3.0', ['INPLACE_TRUE_DIVIDE'], '`/=` is true division in Python 3 (PEP 238); classic division is gone.'),
  ...R(['SLICE+0', 'SLICE+1', 'SLICE+2', 'SLICE+3'], '3.0', ['BUILD_SLICE', 'BINARY_SUBSCR'], '`x[a:b]` builds a slice object and subscripts with it.'),
  ...R(['STORE_SLICE+0', 'STORE_SLICE+1', 'STORE_SLICE+2', 'STORE_SLICE+3'], '3.0', ['BUILD_SLICE', 'STORE_SUBSCR'], '`x[a:b] = v` builds a slice object and assigns to that subscript.'),
  ...R(['DELETE_SLICE+0', 'DELETE_SLICE+1', 'DELETE_SLICE+2', 'DELETE_SLICE+3'], '3.0', ['BUILD_SLICE', 'DELETE_SUBSCR'], '`del x[a:b]` builds a slice object and deletes that subscript.'),
  ...R(['PRINT_ITEM', 'PRINT_NEWLINE', 'PRINT_ITEM_TO', 'PRINT_NEWLINE_TO'], '3.0', ['CALL_FUNCTION'], '`print` is a function in Python 3 (PEP 3105): a call of the builtin.'),
  ...R('EXEC_STMT', '3.0', ['CALL_FUNCTION'], '`exec` is a function in Python 3: a call of the builtin.'),
  ...R('BUILD_CLASS', '3.0', ['LOAD_BUILD_CLASS', 'CALL_FUNCTION'], 'A class statement calls builtins.__build_class__ with the class body as a function (PEP 3115).'),
  ...R('LOAD_LOCALS', '3.0', ['STORE_LOCALS'], 'The class body no longer returns its namespace: __build_class__ passes it in, and the body installs it with STORE_LOCALS (3.0–3.3). LOAD_LOCALS came back in 3.12 for class scopes of type parameters.'),
  ...R(['POP_JUMP_IF_FALSE', 'JUMP_IF_FALSE_OR_POP'], '3.0', ['JUMP_IF_FALSE', 'POP_TOP'], 'Not yet there: 2.7 (2010) has the conditional jumps 3.1 introduced; 3.0 (2008) tests with JUMP_IF_FALSE, which leaves the value on the stack, and pops it with POP_TOP on each path.'),
  ...R(['POP_JUMP_IF_TRUE', 'JUMP_IF_TRUE_OR_POP'], '3.0', ['JUMP_IF_TRUE', 'POP_TOP'], 'Not yet there: 2.7 (2010) has the conditional jumps 3.1 introduced; 3.0 (2008) tests with JUMP_IF_TRUE, which leaves the value on the stack, and pops it with POP_TOP on each path.'),
  ...R('SETUP_WITH', '3.0', ['SETUP_FINALLY', 'WITH_CLEANUP'], 'Not yet there: 2.7 has the SETUP_WITH of 3.2; 3.0 and 3.1 look up __exit__ and call __enter__ with ordinary instructions, protect the body with SETUP_FINALLY and leave through WITH_CLEANUP.'),
  ...R('MAP_ADD', '3.0', ['STORE_MAP'], 'Not yet there: 2.7 has the MAP_ADD of 3.1; 3.0\'s dict comprehensions store each pair with ROT_TWO and STORE_MAP.'),
  // 3.1 – 3.9
  ...R('JUMP_IF_FALSE', '3.1', ['POP_JUMP_IF_FALSE', 'JUMP_IF_FALSE_OR_POP'], 'The non-popping test split into a popping jump (for `if`/`while`) and one that pops only when it falls through (for `and`). JUMP_IF_FALSE returned in 3.13 as a pseudo-instruction.'),
  ...R('JUMP_IF_TRUE', '3.1', ['POP_JUMP_IF_TRUE', 'JUMP_IF_TRUE_OR_POP'], 'The non-popping test split into a popping jump and one that pops only when it falls through (for `or`). JUMP_IF_TRUE returned in 3.13 as a pseudo-instruction.'),
  ...R('DUP_TOPX', '3.2', ['DUP_TOP_TWO'], 'Issue #9225: the compiler only ever duplicated one or two items; DUP_TOP_TWO does the second case.'),
  ...R('ROT_FOUR', '3.2', ['DUP_TOP_TWO', 'ROT_THREE'], 'Issue #9225: the one use left (augmented assignment to a subscript, 3.0–3.1) was rewritten with DUP_TOP_TWO and ROT_THREE. ROT_FOUR came back in 3.8.'),
  ...R('WITH_CLEANUP', '3.5', ['WITH_CLEANUP_START', 'WITH_CLEANUP_FINISH'], 'Split in two for `async with`, which awaits __aexit__ between the halves (PEP 492).'),
  ...R('STORE_MAP', '3.5', ['BUILD_MAP'], 'BUILD_MAP takes its key/value pairs from the stack from 3.5; a dict display is built in one instruction.'),
  ...R('MAKE_CLOSURE', '3.6', ['MAKE_FUNCTION'], 'MAKE_FUNCTION\'s argument became a set of flags; flag 8 attaches a tuple of cells, which MAKE_CLOSURE did.'),
  ...R(['CALL_FUNCTION_VAR', 'CALL_FUNCTION_VAR_KW'], '3.6', ['CALL_FUNCTION_EX'], 'Calls with `*args` (and `**kwargs`) pass one tuple (and one dict) to CALL_FUNCTION_EX.'),
  ...R('STORE_ANNOTATION', '3.7', ['STORE_SUBSCR'], 'A module or class annotation is stored as `__annotations__[name] = value` with ordinary instructions.'),
  ...R(['SETUP_LOOP', 'BREAK_LOOP', 'CONTINUE_LOOP'], '3.8', ['JUMP_ABSOLUTE'], 'Loops no longer push a block (bpo-17611): the compiler knows where `break` and `continue` go and emits plain jumps, after popping what the blocks it leaves need.'),
  ...R('SETUP_EXCEPT', '3.8', ['SETUP_FINALLY'], 'One block type serves `try`/`except` and `try`/`finally` (bpo-17611).'),
  ...R(['BEGIN_FINALLY', 'CALL_FINALLY', 'POP_FINALLY', 'END_FINALLY'], '3.9', ['RERAISE'], 'The `finally` body is compiled twice, once on the normal path and once as the exception handler, which ends with RERAISE (bpo-33387); nothing calls it as a subroutine any more.'),
  ...R(['WITH_CLEANUP_START', 'WITH_CLEANUP_FINISH'], '3.9', ['WITH_EXCEPT_START'], 'The normal exit of a `with` calls __exit__(None, None, None) with ordinary instructions; only the exception path uses WITH_EXCEPT_START.'),
  ...R('BUILD_LIST_UNPACK', '3.9', ['BUILD_LIST', 'LIST_EXTEND'], 'Displays with `*` unpacking are built incrementally: an empty list extended item by item.'),
  ...R(['BUILD_TUPLE_UNPACK', 'BUILD_TUPLE_UNPACK_WITH_CALL'], '3.9', ['BUILD_LIST', 'LIST_EXTEND', 'LIST_TO_TUPLE'], 'Displays and calls with `*` unpacking build a list incrementally and turn it into a tuple.'),
  ...R('BUILD_SET_UNPACK', '3.9', ['BUILD_SET', 'SET_UPDATE'], 'Set displays with `*` unpacking are built incrementally with SET_UPDATE.'),
  ...R('BUILD_MAP_UNPACK', '3.9', ['BUILD_MAP', 'DICT_UPDATE'], 'Dict displays with `**` unpacking are built incrementally with DICT_UPDATE.'),
  ...R('BUILD_MAP_UNPACK_WITH_CALL', '3.9', ['BUILD_MAP', 'DICT_MERGE'], 'Keyword arguments from `**` are merged with DICT_MERGE, which rejects duplicate keys as a call must.'),
  // 3.11
  ...BINARY_311.flatMap(([old, op]) => R(old, '3.11', ['BINARY_OP'], 'All binary and in-place operators became one BINARY_OP whose argument selects the operator.', op)),
  ...R('CALL_FUNCTION', '3.11', ['PRECALL', 'CALL'], 'Calls became PRECALL + CALL, with a NULL or `self` slot below the callable (PUSH_NULL).'),
  ...R('CALL_METHOD', '3.11', ['PRECALL', 'CALL'], 'Method calls use the same PRECALL + CALL pair as every other call.'),
  ...R('CALL_FUNCTION_KW', '3.11', ['KW_NAMES', 'PRECALL', 'CALL'], 'Keyword names are announced by KW_NAMES before PRECALL + CALL.'),
  ...R('JUMP_ABSOLUTE', '3.11', ['JUMP_BACKWARD', 'JUMP_FORWARD'], 'All jumps became relative; backward jumps got their own opcodes.'),
  ...R('POP_JUMP_IF_FALSE', '3.11', ['POP_JUMP_FORWARD_IF_FALSE', 'POP_JUMP_BACKWARD_IF_FALSE'], 'Relative jumps, one opcode per direction (3.11 only; POP_JUMP_IF_FALSE came back, relative and forward, in 3.12).'),
  ...R('POP_JUMP_IF_TRUE', '3.11', ['POP_JUMP_FORWARD_IF_TRUE', 'POP_JUMP_BACKWARD_IF_TRUE'], 'Relative jumps, one opcode per direction (3.11 only; POP_JUMP_IF_TRUE came back, relative and forward, in 3.12).'),
  ...R(['ROT_TWO', 'ROT_THREE', 'ROT_FOUR', 'ROT_N'], '3.11', ['SWAP'], 'Rotations became SWAP of the top item with the item at a given depth.'),
  ...R(['DUP_TOP', 'DUP_TOP_TWO'], '3.11', ['COPY'], 'Duplication became COPY of the item at a given depth.'),
  ...R('SETUP_FINALLY', '3.11', ['PUSH_EXC_INFO'], 'The block stack gave way to the exception table ("zero-cost" exceptions); handlers start with PUSH_EXC_INFO. The name returned in 3.12 as a pseudo-instruction.'),
  ...R('SETUP_WITH', '3.11', ['BEFORE_WITH'], 'BEFORE_WITH enters the context manager; the protected range moved to the exception table.'),
  ...R('SETUP_ASYNC_WITH', '3.11', ['BEFORE_ASYNC_WITH'], 'The protected range of `async with` moved to the exception table; entering stays with BEFORE_ASYNC_WITH.'),
  ...R('POP_BLOCK', '3.11', ['NOP'], 'No block stack any more: the end of a protected range is just the end of an exception-table entry. The name returned in 3.12 as a pseudo-instruction.'),
  ...R('JUMP_IF_NOT_EXC_MATCH', '3.11', ['CHECK_EXC_MATCH', 'POP_JUMP_FORWARD_IF_FALSE'], '`except E:` became a test that pushes a bool, followed by an ordinary conditional jump.'),
  ...R('GEN_START', '3.11', ['RETURN_GENERATOR'], 'Generator functions now start with RETURN_GENERATOR (and POP_TOP), which creates the generator.'),
  ...R('YIELD_FROM', '3.11', ['SEND', 'YIELD_VALUE', 'JUMP_BACKWARD_NO_INTERRUPT'], 'Delegation became an explicit loop: SEND, YIELD_VALUE, RESUME, JUMP_BACKWARD_NO_INTERRUPT.'),
  ...R('COPY_DICT_WITHOUT_KEYS', '3.11', ['DICT_UPDATE', 'DELETE_SUBSCR'], 'The `**rest` of a mapping pattern is built by copying the subject into a new dict and deleting the matched keys.'),
  // 3.12
  ...R('PRECALL', '3.12', ['CALL'], 'PRECALL was folded back into CALL.'),
  ...R('LOAD_METHOD', '3.12', ['LOAD_ATTR'], 'Method loads became LOAD_ATTR with the low bit of the argument set (LOAD_METHOD stayed as a pseudo-instruction until 3.13).'),
  ...R('JUMP_IF_FALSE_OR_POP', '3.12', ['COPY', 'POP_JUMP_IF_FALSE'], '`and` became COPY 1 followed by a popping conditional jump.'),
  ...R('JUMP_IF_TRUE_OR_POP', '3.12', ['COPY', 'POP_JUMP_IF_TRUE'], '`or` became COPY 1 followed by a popping conditional jump.'),
  ...R(['POP_JUMP_FORWARD_IF_FALSE', 'POP_JUMP_BACKWARD_IF_FALSE'], '3.12', ['POP_JUMP_IF_FALSE'], 'Conditional jumps are forward-only again; a backward one is a forward jump over a JUMP_BACKWARD.'),
  ...R(['POP_JUMP_FORWARD_IF_TRUE', 'POP_JUMP_BACKWARD_IF_TRUE'], '3.12', ['POP_JUMP_IF_TRUE'], 'Conditional jumps are forward-only again; a backward one is a forward jump over a JUMP_BACKWARD.'),
  ...R(['POP_JUMP_FORWARD_IF_NONE', 'POP_JUMP_BACKWARD_IF_NONE'], '3.12', ['POP_JUMP_IF_NONE'], 'Conditional jumps are forward-only again.'),
  ...R(['POP_JUMP_FORWARD_IF_NOT_NONE', 'POP_JUMP_BACKWARD_IF_NOT_NONE'], '3.12', ['POP_JUMP_IF_NOT_NONE'], 'Conditional jumps are forward-only again.'),
  ...R('LOAD_CLASSDEREF', '3.12', ['LOAD_LOCALS', 'LOAD_FROM_DICT_OR_DEREF'], 'The class namespace is pushed explicitly by LOAD_LOCALS and searched by LOAD_FROM_DICT_OR_DEREF.'),
  ...R('PRINT_EXPR', '3.12', ['CALL_INTRINSIC_1'], 'Rare operations moved into intrinsic functions.', 'INTRINSIC_PRINT'),
  ...R('IMPORT_STAR', '3.12', ['CALL_INTRINSIC_1'], 'Rare operations moved into intrinsic functions.', 'INTRINSIC_IMPORT_STAR'),
  ...R('ASYNC_GEN_WRAP', '3.12', ['CALL_INTRINSIC_1'], 'Rare operations moved into intrinsic functions.', 'INTRINSIC_ASYNC_GEN_WRAP'),
  ...R('UNARY_POSITIVE', '3.12', ['CALL_INTRINSIC_1'], 'Rare operations moved into intrinsic functions.', 'INTRINSIC_UNARY_POSITIVE'),
  ...R('LIST_TO_TUPLE', '3.12', ['CALL_INTRINSIC_1'], 'Rare operations moved into intrinsic functions.', 'INTRINSIC_LIST_TO_TUPLE'),
  ...R('PREP_RERAISE_STAR', '3.12', ['CALL_INTRINSIC_2'], 'Rare operations moved into intrinsic functions.', 'INTRINSIC_PREP_RERAISE_STAR'),
  ...R('PRECALL_PYFUNC', '3.12', ['CALL_PY_EXACT_ARGS'], 'Call specializations moved from PRECALL to CALL.'),
  ...R('PRECALL_BOUND_METHOD', '3.12', ['CALL_BOUND_METHOD_EXACT_ARGS'], 'Call specializations moved from PRECALL to CALL.'),
  ...R('PRECALL_BUILTIN_CLASS', '3.12', ['CALL_BUILTIN_CLASS'], 'Call specializations moved from PRECALL to CALL.'),
  ...R('PRECALL_BUILTIN_FAST_WITH_KEYWORDS', '3.12', ['CALL_BUILTIN_FAST_WITH_KEYWORDS'], 'Call specializations moved from PRECALL to CALL.'),
  ...R('PRECALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS', '3.12', ['CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS'], 'Call specializations moved from PRECALL to CALL.'),
  ...['BUILTIN_FAST', 'BUILTIN_O', 'ISINSTANCE', 'LEN', 'LIST_APPEND', 'METHOD_DESCRIPTOR_FAST', 'METHOD_DESCRIPTOR_NOARGS',
    'METHOD_DESCRIPTOR_O', 'STR_1', 'TUPLE_1', 'TYPE_1'].flatMap((s) =>
    R(`PRECALL_NO_KW_${s}`, '3.12', [`CALL_NO_KW_${s}`], 'Call specializations moved from PRECALL to CALL.')),
  ...R('COMPARE_OP_INT_JUMP', '3.12', ['COMPARE_OP_INT'], 'Compare-and-jump specializations became plain comparison specializations.'),
  ...R('COMPARE_OP_FLOAT_JUMP', '3.12', ['COMPARE_OP_FLOAT'], 'Compare-and-jump specializations became plain comparison specializations.'),
  ...R('COMPARE_OP_STR_JUMP', '3.12', ['COMPARE_OP_STR'], 'Compare-and-jump specializations became plain comparison specializations.'),
  ...R('LOAD_METHOD_WITH_VALUES', '3.12', ['LOAD_ATTR_METHOD_WITH_VALUES'], 'Method-load specializations moved to LOAD_ATTR.'),
  ...R('LOAD_METHOD_NO_DICT', '3.12', ['LOAD_ATTR_METHOD_NO_DICT'], 'Method-load specializations moved to LOAD_ATTR.'),
  ...R('LOAD_METHOD_CLASS', '3.12', ['LOAD_ATTR_CLASS'], 'Method-load specializations moved to LOAD_ATTR.'),
  ...R('LOAD_METHOD_MODULE', '3.12', ['LOAD_ATTR_MODULE'], 'Method-load specializations moved to LOAD_ATTR.'),
  ...(['BINARY_OP', 'BINARY_SUBSCR', 'CALL', 'COMPARE_OP', 'LOAD_ATTR', 'LOAD_GLOBAL', 'STORE_ATTR', 'STORE_SUBSCR',
    'UNPACK_SEQUENCE'] as const).flatMap((b) => R(`${b}_ADAPTIVE`, '3.12', [b],
    'No separate adaptive opcodes from 3.12: the base instruction itself counts down in its first cache unit.')),
  ...R('LOAD_METHOD_ADAPTIVE', '3.12', ['LOAD_ATTR'], 'No separate adaptive opcodes from 3.12, and method loads are LOAD_ATTR.'),
  ...R('PRECALL_ADAPTIVE', '3.12', ['CALL'], 'No separate adaptive opcodes from 3.12, and PRECALL was folded into CALL.'),
  ...R('RESUME_QUICK', '3.12', ['RESUME'], 'No quickened form from 3.12 (3.13 added RESUME_CHECK).'),
  ...R('JUMP_BACKWARD_QUICK', '3.12', ['JUMP_BACKWARD'], 'No quickened form from 3.12.'),
  ...R('EXTENDED_ARG_QUICK', '3.12', ['EXTENDED_ARG'], 'No quickened form from 3.12.'),
  // 3.13
  ...R('FORMAT_VALUE', '3.13', ['CONVERT_VALUE', 'FORMAT_SIMPLE', 'FORMAT_WITH_SPEC'], 'f-string fields are converted and formatted by separate instructions.'),
  ...R('KW_NAMES', '3.13', ['CALL_KW'], 'Keyword calls got their own instruction, with the names tuple on the stack.'),
  ...R('LOAD_CLOSURE', '3.13', ['LOAD_FAST'], 'A pseudo-instruction from 3.13: the cell is loaded from its slot like any local.'),
  ...R('CALL_PY_WITH_DEFAULTS', '3.13', ['CALL_PY_GENERAL'], 'Calls that need argument binding share one general specialization.'),
  ...['BUILTIN_FAST', 'BUILTIN_O', 'ISINSTANCE', 'LEN', 'LIST_APPEND', 'METHOD_DESCRIPTOR_FAST', 'METHOD_DESCRIPTOR_NOARGS',
    'METHOD_DESCRIPTOR_O', 'STR_1', 'TUPLE_1', 'TYPE_1'].flatMap((s) =>
    R(`CALL_NO_KW_${s}`, '3.13', [`CALL_${s}`], 'With keyword calls moved to CALL_KW, the NO_KW_ in these names became redundant.')),
  ...R('LOAD_FAST__LOAD_FAST', '3.13', ['LOAD_FAST_LOAD_FAST'], 'The superinstruction became a real instruction emitted by the compiler.'),
  ...R('STORE_FAST__STORE_FAST', '3.13', ['STORE_FAST_STORE_FAST'], 'The superinstruction became a real instruction emitted by the compiler.'),
  ...R('STORE_FAST__LOAD_FAST', '3.13', ['STORE_FAST_LOAD_FAST'], 'The superinstruction became a real instruction emitted by the compiler.'),
  // 3.14
  ...R('LOAD_ASSERTION_ERROR', '3.14', ['LOAD_COMMON_CONSTANT'], 'One instruction for the few constants the compiler needs without co_consts.', 'AssertionError'),
  ...R('BINARY_SUBSCR', '3.14', ['BINARY_OP'], 'Subscription became one more BINARY_OP operator (NB_SUBSCR).', '[]'),
  ...R('BEFORE_WITH', '3.14', ['LOAD_SPECIAL'], '`with` looks up `__enter__` and `__exit__` with LOAD_SPECIAL and calls them with CALL.', '__enter__'),
  ...R('BEFORE_ASYNC_WITH', '3.14', ['LOAD_SPECIAL'], '`async with` looks up `__aenter__` and `__aexit__` with LOAD_SPECIAL and calls them with CALL.', '__aenter__'),
  ...R('RETURN_CONST', '3.14', ['LOAD_CONST', 'RETURN_VALUE'], 'Returning a constant is LOAD_CONST (or LOAD_SMALL_INT) + RETURN_VALUE again.'),
  ...R('INSTRUMENTED_RETURN_CONST', '3.14', ['INSTRUMENTED_RETURN_VALUE'], 'Went away with RETURN_CONST.'),
  ...R('BUILD_CONST_KEY_MAP', '3.14', ['BUILD_MAP'], 'Dict displays with constant keys are built by BUILD_MAP from key/value pairs.'),
  ...R('BINARY_SUBSCR_DICT', '3.14', ['BINARY_OP_SUBSCR_DICT'], 'Subscription specializations moved to BINARY_OP.'),
  ...R('BINARY_SUBSCR_GETITEM', '3.14', ['BINARY_OP_SUBSCR_GETITEM'], 'Subscription specializations moved to BINARY_OP.'),
  ...R('BINARY_SUBSCR_LIST_INT', '3.14', ['BINARY_OP_SUBSCR_LIST_INT'], 'Subscription specializations moved to BINARY_OP.'),
  ...R('BINARY_SUBSCR_TUPLE_INT', '3.14', ['BINARY_OP_SUBSCR_TUPLE_INT'], 'Subscription specializations moved to BINARY_OP.'),
  ...R('BINARY_SUBSCR_STR_INT', '3.14', ['BINARY_OP_SUBSCR_STR_INT'], 'Subscription specializations moved to BINARY_OP.'),
  ...R(['LOAD_SUPER_METHOD', 'LOAD_ZERO_SUPER_METHOD', 'LOAD_ZERO_SUPER_ATTR'], '3.14', ['LOAD_SUPER_ATTR'], 'The compiler emits LOAD_SUPER_ATTR with the right argument bits directly.'),
  // 3.15
  ...R('GET_YIELD_FROM_ITER', '3.15', ['GET_ITER'], 'GET_ITER took an argument; a non-zero one gives the `yield from` behaviour.'),
  ...R(['LOAD_CONST_IMMORTAL', 'LOAD_CONST_MORTAL'], '3.15', ['LOAD_CONST'], 'LOAD_CONST is no longer specialized.'),
];

/** The list of values the argument of `op` selects from in a version's tables, or undefined. */
export function argumentValues(op: string, d: OpcodeTableData): readonly string[] | undefined {
  switch (op) {
    case 'BINARY_OP': return d.nbOps.map((p) => p[1]!);
    case 'CALL_INTRINSIC_1': return d.intrinsic1;
    case 'CALL_INTRINSIC_2': return d.intrinsic2;
    case 'LOAD_SPECIAL': return d.specialMethods;
    case 'LOAD_COMMON_CONSTANT': return d.commonConstants.map((c) => c.repr);
    case 'COMPARE_OP': return d.cmpOp;
    default: return undefined;
  }
}

function replacementText(r: Replacement): string {
  let by = r.by.join(' + ');
  if (r.arg !== undefined) {
    const values = argumentValues(r.by[0]!, getVersion(r.version)!.table.data);
    const i = values?.indexOf(r.arg) ?? -1;
    by = `${r.by[0]} ${i >= 0 ? i : '?'} (${r.arg})` + (r.by.length > 1 ? ' + ' + r.by.slice(1).join(' + ') : '');
  }
  return `replaced by ${by} in ${r.version}: ${r.note}`;
}

// ---- history --------------------------------------------------------------------------------------------------

/** One change of an opname between two consecutive versions. */
export interface HistoryEvent {
  readonly version: string;
  readonly change: 'added' | 'removed' | 'returned' | 'renumbered' | 'kind' | 'argument' | 'cache' | 'stack_effect' | 'family' | 'base';
  /** The old and new value, as short text. */
  readonly from?: string;
  readonly to?: string;
  readonly text: string;
}

/** A replacement link, as the reference shows it. */
export interface ReplacementLink {
  readonly opname: string;
  readonly version: string;
  readonly by: readonly string[];
  readonly arg?: string;
  readonly text: string;
}

/** The history of one opname across every version the reference describes (2.7, 3.0 … the newest). */
export interface OpHistory {
  readonly opname: string;
  /** Versions that have it, oldest first. */
  readonly versions: readonly string[];
  /** Its opcode number per version. */
  readonly numbers: Readonly<Record<string, number>>;
  /** Its kind per version. */
  readonly kinds: Readonly<Record<string, OpKind>>;
  /** The first version that has it; `2.7` means "2.7 or earlier". */
  readonly introduced: string;
  /** The first version after its last appearance (null when the newest version still has it). */
  readonly removed: string | null;
  readonly events: readonly HistoryEvent[];
  /** What replaced it (curated, checked against the tables). */
  readonly replaced_by: readonly ReplacementLink[];
  /** What it replaced. */
  readonly replaces: readonly ReplacementLink[];
  /** A one-paragraph summary of the above. */
  readonly summary: string;
}

const KIND_TEXT: Record<OpKind, string> = {
  real: 'an ordinary instruction', specialized: 'a specialized instruction', instrumented: 'an instrumented instruction',
  pseudo: 'a pseudo-instruction',
};

function kindsText(p: OpPresence): string {
  if (!p.hasArg) return 'no argument';
  return p.argKinds.length ? `argument kinds ${p.argKinds.join(', ')}` : 'a plain integer argument';
}

function cacheText(p: OpPresence): string {
  if (!p.cache) return 'no cache';
  return `${p.cache} cache unit${p.cache > 1 ? 's' : ''} (${p.cacheFormat.map(([n, s]) => `${n} ${s}`).join(', ')})`;
}

function seText(p: OpPresence): string {
  if (!p.stackEffect) return 'none';
  const a = modelText(p.stackEffect.noJump);
  const b = modelText(p.stackEffect.jump);
  return a === b ? a : `${a}, ${b} when jumping`;
}

/** Differences of one opname between two versions that both have it. */
function changes(a: OpPresence, b: OpPresence, name: string): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  const v = b.version;
  if (a.kind !== b.kind) {
    out.push({ version: v, change: 'kind', from: a.kind, to: b.kind, text: `${name} changed from ${KIND_TEXT[a.kind]} to ${KIND_TEXT[b.kind]}.` });
  }
  if (a.opcode !== b.opcode) {
    out.push({ version: v, change: 'renumbered', from: String(a.opcode), to: String(b.opcode), text: `renumbered from ${a.opcode} to ${b.opcode}.` });
  }
  if (a.base !== b.base && (a.kind === 'specialized' || b.kind === 'specialized')) {
    out.push({ version: v, change: 'base', from: a.base ?? '-', to: b.base ?? '-', text: `its base instruction changed from ${a.base ?? 'none'} to ${b.base ?? 'none'}.` });
  }
  const ka = kindsText(a);
  const kb = kindsText(b);
  if (ka !== kb && a.kind !== 'specialized' && b.kind !== 'specialized') {
    out.push({ version: v, change: 'argument', from: ka, to: kb, text: `argument changed from ${ka} to ${kb}.` });
  }
  const ca = cacheText(a);
  const cb = cacheText(b);
  if (ca !== cb && a.kind !== 'specialized' && b.kind !== 'specialized') {
    out.push({ version: v, change: 'cache', from: ca, to: cb, text: `inline cache changed from ${ca} to ${cb}.` });
  }
  if (a.kind !== 'specialized' && b.kind !== 'specialized' && a.stackEffect && b.stackEffect &&
      (!sameModel(a.stackEffect.noJump, b.stackEffect.noJump, name) || !sameModel(a.stackEffect.jump, b.stackEffect.jump, name))) {
    out.push({ version: v, change: 'stack_effect', from: seText(a), to: seText(b), text: `stack effect changed from ${seText(a)} to ${seText(b)}.` });
  }
  const added = b.family.filter((n) => !a.family.includes(n));
  const removed = a.family.filter((n) => !b.family.includes(n));
  if (added.length || removed.length) {
    const parts = [];
    if (added.length) parts.push(`new specialized forms ${added.join(', ')}`);
    if (removed.length) parts.push(`dropped ${removed.join(', ')}`);
    out.push({ version: v, change: 'family', from: a.family.join(' ') || '-', to: b.family.join(' ') || '-', text: `${parts.join('; ')}.` });
  }
  return out;
}

const historyCache = new Map<string, OpHistory>();

/** The history of `opname` across every supported version (empty `versions` when no version has it). */
export function opHistory(opname: string): OpHistory {
  const hit = historyCache.get(opname);
  if (hit) return hit;
  const present = REFERENCE_VERSIONS.map((v) => presenceMap(v).get(opname));
  const versions = REFERENCE_VERSIONS.filter((_, i) => present[i]);
  const numbers: Record<string, number> = {};
  const kinds: Record<string, OpKind> = {};
  present.forEach((p, i) => { if (p) { numbers[REFERENCE_VERSIONS[i]!] = p.opcode; kinds[REFERENCE_VERSIONS[i]!] = p.kind; } });
  const events: HistoryEvent[] = [];
  const replacedBy = REPLACEMENTS.filter((r) => r.old === opname).map(link);
  for (let i = 1; i < REFERENCE_VERSIONS.length; i++) {
    const a = present[i - 1];
    const b = present[i];
    const v = REFERENCE_VERSIONS[i]!;
    if (!a && b) {
      const before = present.slice(0, i - 1).some(Boolean);
      events.push({ version: v, change: before ? 'returned' : 'added', to: String(b.opcode),
        text: before ? `back in ${v} as ${KIND_TEXT[b.kind]} (opcode ${b.opcode}).` : `new in ${v} as ${KIND_TEXT[b.kind]} (opcode ${b.opcode}).` });
    } else if (a && !b) {
      const r = replacedBy.find((x) => x.version === v);
      events.push({ version: v, change: 'removed', from: String(a.opcode), text: r ? `removed in ${v}; ${r.text}` : `removed in ${v}.` });
    } else if (a && b) {
      for (const e of changes(a, b, opname)) {
        const r = e.change === 'kind' ? replacedBy.find((x) => x.version === v) : undefined;
        events.push(r ? { ...e, text: `${e.text} It is ${r.text}` } : e);
      }
    }
  }
  const introduced = versions[0] ?? '';
  const last = versions[versions.length - 1];
  const lastIdx = last ? REFERENCE_VERSIONS.indexOf(last) : -1;
  const removed = lastIdx >= 0 && lastIdx < REFERENCE_VERSIONS.length - 1 ? REFERENCE_VERSIONS[lastIdx + 1]! : null;
  const replaces = REPLACEMENTS.filter((r) => r.by.includes(opname)).map(link);
  const h: OpHistory = {
    opname, versions, numbers, kinds, introduced, removed, events, replaced_by: replacedBy, replaces,
    summary: summarize(opname, versions, kinds, introduced, removed, events, replacedBy),
  };
  historyCache.set(opname, h);
  return h;
}

function link(r: Replacement): ReplacementLink {
  return { opname: r.old, version: r.version, by: r.by, ...(r.arg !== undefined ? { arg: r.arg } : {}), text: replacementText(r) };
}

/** Versions as ranges of consecutive reference versions: `2.7–3.5, 3.8`. */
function ranges(versions: readonly string[]): string {
  const out: string[] = [];
  let start: string | null = null;
  let prevIdx = -2;
  let prev = '';
  const close = () => { if (start !== null) out.push(start === prev ? start : `${start}–${prev}`); };
  for (const v of versions) {
    const i = REFERENCE_VERSIONS.indexOf(v);
    if (start !== null && i === prevIdx + 1) { prevIdx = i; prev = v; continue; }
    close();
    start = v;
    prevIdx = i;
    prev = v;
  }
  close();
  return out.join(', ');
}

function summarize(opname: string, versions: readonly string[], kinds: Record<string, OpKind>, introduced: string,
  removed: string | null, events: readonly HistoryEvent[], replacedBy: readonly ReplacementLink[]): string {
  if (!versions.length) return `${opname} is in none of the supported versions.`;
  const parts: string[] = [];
  const byKind = new Map<OpKind, string[]>();
  for (const v of versions) {
    const k = kinds[v]!;
    if (!byKind.has(k)) byKind.set(k, []);
    byKind.get(k)!.push(v);
  }
  const kindParts = [...byKind].map(([k, vs]) => `${KIND_TEXT[k]} in ${ranges(vs)}`);
  parts.push(`${opname} is ${kindParts.join(' and ')}.`);
  parts.push(introduced === REFERENCE_VERSIONS[0] ? `It is already in ${introduced}, the oldest supported version.` : `It appeared in ${introduced}.`);
  const renumbered = events.filter((e) => e.change === 'renumbered').length;
  if (renumbered) parts.push(`It was renumbered ${renumbered} time${renumbered > 1 ? 's' : ''}.`);
  if (removed) {
    const r = replacedBy.find((x) => x.version === removed);
    parts.push(r ? `It is gone from ${removed}: ${r.text}` : `It is gone from ${removed}.`);
  } else {
    const r = replacedBy[0];
    if (r) parts.push(`As a bytecode instruction it was ${r.text}`);
  }
  return parts.join(' ');
}

// ---- version diff ---------------------------------------------------------------------------------------------

/** Opcode-level differences between two versions. */
export interface VersionDiff {
  readonly from: string;
  readonly to: string;
  /** Opnames only in `to`. */
  readonly added: readonly { readonly opname: string; readonly opcode: number; readonly kind: OpKind }[];
  /** Opnames only in `from`, with their curated replacement when one is known. */
  readonly removed: readonly { readonly opname: string; readonly opcode: number; readonly kind: OpKind; readonly replaced_by: readonly string[]; readonly note?: string }[];
  readonly renumbered: readonly { readonly opname: string; readonly from: number; readonly to: number }[];
  readonly kind_changed: readonly { readonly opname: string; readonly from: OpKind; readonly to: OpKind }[];
  readonly argument_changed: readonly { readonly opname: string; readonly from: string; readonly to: string }[];
  readonly cache_changed: readonly { readonly opname: string; readonly from: string; readonly to: string }[];
  readonly stack_effect_changed: readonly { readonly opname: string; readonly from: string; readonly to: string }[];
  readonly family_changed: readonly { readonly opname: string; readonly added: readonly string[]; readonly removed: readonly string[] }[];
  /** Counts of the lists above. */
  readonly summary: Readonly<Record<'added' | 'removed' | 'renumbered' | 'kind_changed' | 'argument_changed' | 'cache_changed' | 'stack_effect_changed' | 'family_changed', number>>;
}

/** Opcode-level differences between versions `from` and `to` (any order; both must be supported). */
export function versionDiff(from: string, to: string): VersionDiff {
  const a = presenceMap(from);
  const b = presenceMap(to);
  const lo = compareVersions(from, to) < 0 ? from : to;
  const hi = lo === from ? to : from;
  const replacements = REPLACEMENTS.filter((r) => compareVersions(r.version, lo) > 0 && compareVersions(r.version, hi) <= 0);
  const sortByOp = <T extends { opcode: number; opname: string }>(xs: T[]) => xs.sort((x, y) => x.opcode - y.opcode || compareCodeUnits(x.opname, y.opname));
  const added = sortByOp([...b].filter(([n]) => !a.has(n)).map(([n, p]) => ({ opname: n, opcode: p.opcode, kind: p.kind })));
  const removed = sortByOp([...a].filter(([n]) => !b.has(n)).map(([n, p]) => {
    const r = lo === from ? replacements.find((x) => x.old === n) : undefined;
    return { opname: n, opcode: p.opcode, kind: p.kind, replaced_by: r ? [...r.by] : [], ...(r ? { note: replacementText(r) } : {}) };
  }));
  const renumbered: { opname: string; from: number; to: number }[] = [];
  const kindChanged: { opname: string; from: OpKind; to: OpKind }[] = [];
  const argumentChanged: { opname: string; from: string; to: string }[] = [];
  const cacheChanged: { opname: string; from: string; to: string }[] = [];
  const seChanged: { opname: string; from: string; to: string }[] = [];
  const familyChanged: { opname: string; added: string[]; removed: string[] }[] = [];
  for (const [n, pa] of a) {
    const pb = b.get(n);
    if (!pb) continue;
    for (const e of changes(pa, pb, n)) {
      switch (e.change) {
        case 'renumbered': renumbered.push({ opname: n, from: pa.opcode, to: pb.opcode }); break;
        case 'kind': kindChanged.push({ opname: n, from: pa.kind, to: pb.kind }); break;
        case 'argument': argumentChanged.push({ opname: n, from: e.from!, to: e.to! }); break;
        case 'cache': cacheChanged.push({ opname: n, from: e.from!, to: e.to! }); break;
        case 'stack_effect': seChanged.push({ opname: n, from: e.from!, to: e.to! }); break;
        case 'family': familyChanged.push({ opname: n, added: pb.family.filter((x) => !pa.family.includes(x)), removed: pa.family.filter((x) => !pb.family.includes(x)) }); break;
        default: break;
      }
    }
  }
  renumbered.sort((x, y) => x.to - y.to);
  return {
    from, to, added, removed, renumbered, kind_changed: kindChanged, argument_changed: argumentChanged,
    cache_changed: cacheChanged, stack_effect_changed: seChanged, family_changed: familyChanged,
    summary: {
      added: added.length, removed: removed.length, renumbered: renumbered.length, kind_changed: kindChanged.length,
      argument_changed: argumentChanged.length, cache_changed: cacheChanged.length,
      stack_effect_changed: seChanged.length, family_changed: familyChanged.length,
    },
  };
}

/** The version info of a version the reference describes, or an error naming those versions. */
export function requireVersion(version: string): VersionInfo {
  const v = REFERENCE_VERSIONS.includes(version) ? getVersion(version) : undefined;
  if (!v) throw new Error(`unsupported version ${JSON.stringify(version)}: the reference describes ${REFERENCE_VERSIONS.join(', ')}`);
  return v;
}

/**
 * The history of an opname in a few dated sentences, for a one-paragraph help: in which versions it is what, what
 * it replaced and when, when it went and what replaced it. Every fact carries its version.
 */
export function historyBrief(h: OpHistory): string {
  const parts = [h.summary.split('. ')[0]!.replace(/\.?$/, '.')];
  if (h.replaces.length) {
    const byVersion = new Map<string, string[]>();
    for (const r of h.replaces) byVersion.set(r.version, [...(byVersion.get(r.version) ?? []), r.opname]);
    const groups = [...byVersion].map(([v, names]) =>
      `${names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ')} in ${v}`);
    parts.push(`It replaced ${groups.join('; ')}.`);
  }
  if (h.removed) {
    const r = h.replaced_by.find((x) => x.version === h.removed);
    parts.push(`It is gone from ${h.removed}${r ? `, replaced by ${r.by.join(' + ')}` : ''}.`);
  } else {
    for (const r of h.replaced_by) parts.push(`From ${r.version} the compiler emits ${r.by.join(' + ')} instead.`);
  }
  return parts.join(' ');
}
