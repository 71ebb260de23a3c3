/**
 * Opname categories shared by the analyses: sets of base (de-specialized) opnames across every version 3.10–3.15,
 * so a set names instructions that exist in some versions only. Compare an instruction's base opname
 * (`table.opname[ins.baseOpcode]`) with them, or turn a set into the opcode numbers of one version with
 * {@link opcodesOf}. The lab's Python driver (`packages/python/py/bytescope_lab/categories.py`) receives
 * {@link SIMPLE_LOADS}, {@link PAIR_LOADS} and {@link TYPE_FAMILIES} from here when it is loaded.
 */
import type { VersionInfo } from '../version/registry.js';

/**
 * Instructions that push one value read from a variable or a constant and nothing else: the operands whose producer
 * the lab can name. LOAD_GLOBAL is one only without its NULL bit (3.11+), which makes it push a callee's NULL too.
 */
export const SIMPLE_LOADS: ReadonlySet<string> = new Set([
  'LOAD_FAST', 'LOAD_FAST_CHECK', 'LOAD_FAST_BORROW', 'LOAD_NAME', 'LOAD_GLOBAL', 'LOAD_CONST', 'LOAD_SMALL_INT',
  'LOAD_COMMON_CONSTANT', 'LOAD_DEREF', 'LOAD_CLASSDEREF',
]);

/** Superinstructions that push two locals (3.13+): their argument names both, the second pushed last. */
export const PAIR_LOADS: ReadonlySet<string> = new Set(['LOAD_FAST_LOAD_FAST', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW']);

/** Instructions the adaptive interpreter (3.11+) specializes by the types of their operands. */
export const TYPE_FAMILIES: ReadonlySet<string> = new Set([
  'BINARY_OP', 'COMPARE_OP', 'CONTAINS_OP', 'BINARY_SUBSCR', 'STORE_SUBSCR', 'LOAD_ATTR', 'LOAD_METHOD', 'STORE_ATTR',
  'LOAD_GLOBAL', 'LOAD_SUPER_ATTR', 'CALL', 'CALL_KW', 'PRECALL', 'FOR_ITER', 'UNPACK_SEQUENCE', 'TO_BOOL', 'SEND',
  'CALL_FUNCTION_EX', 'GET_ITER',
]);

/** Instructions that push a constant: from `co_consts`, a small integer given by the argument (3.14+), or a common constant (3.14+). */
export const CONST_LOADS: ReadonlySet<string> = new Set(['LOAD_CONST', 'LOAD_SMALL_INT', 'LOAD_COMMON_CONSTANT']);

/** The {@link SIMPLE_LOADS} that read a variable (a local, a cell, a global or a name), whose argument is its name. */
export const VARIABLE_LOADS: ReadonlySet<string> = new Set([...SIMPLE_LOADS].filter((n) => !CONST_LOADS.has(n)));

/**
 * Instructions that bind or unbind a variable by name (local, cell, global or namespace name), including the 3.13+
 * superinstructions that store (their argument names two variables; a STORE_FAST_LOAD_FAST stores the first).
 */
export const VARIABLE_WRITES: ReadonlySet<string> = new Set([
  'STORE_FAST', 'STORE_NAME', 'STORE_GLOBAL', 'STORE_DEREF', 'DELETE_FAST', 'DELETE_NAME', 'DELETE_GLOBAL',
  'DELETE_DEREF', 'STORE_FAST_LOAD_FAST', 'STORE_FAST_STORE_FAST', 'STORE_FAST_MAYBE_NULL',
]);

/**
 * The superinstructions (3.13+) that do two local loads or stores in one, with the single instructions they do, in
 * order. Their argument names two locals (`x, y`).
 */
export const SUPERINSTRUCTION_PARTS: Readonly<Record<string, readonly [string, string]>> = {
  LOAD_FAST_LOAD_FAST: ['LOAD_FAST', 'LOAD_FAST'],
  LOAD_FAST_BORROW_LOAD_FAST_BORROW: ['LOAD_FAST_BORROW', 'LOAD_FAST_BORROW'],
  STORE_FAST_STORE_FAST: ['STORE_FAST', 'STORE_FAST'],
  STORE_FAST_LOAD_FAST: ['STORE_FAST', 'LOAD_FAST'],
};

/** The keys of {@link SUPERINSTRUCTION_PARTS}. */
export const SUPERINSTRUCTIONS: ReadonlySet<string> = new Set(Object.keys(SUPERINSTRUCTION_PARTS));

/**
 * Forms of LOAD_FAST: borrowed (3.14), checked for an unbound local, cleared (inlined comprehensions, 3.12), two loads
 * in one (3.13), and LOAD_CLOSURE (a LOAD_FAST of a cell from 3.11).
 */
export const LOAD_FAST_FORMS: ReadonlySet<string> = new Set([
  'LOAD_FAST', 'LOAD_FAST_BORROW', 'LOAD_FAST_CHECK', 'LOAD_FAST_AND_CLEAR', 'LOAD_FAST_LOAD_FAST',
  'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'LOAD_CLOSURE',
]);

/** Forms of STORE_FAST: two local operations in one (3.13), and the store of a maybe-unbound value (3.12+). */
export const STORE_FAST_FORMS: ReadonlySet<string> = new Set(['STORE_FAST', 'STORE_FAST_STORE_FAST', 'STORE_FAST_LOAD_FAST', 'STORE_FAST_MAYBE_NULL']);

/** Unconditional jumps; which one the compiler emits depends on the version and on the layout of the code. */
export const UNCONDITIONAL_JUMPS: ReadonlySet<string> = new Set([
  'JUMP_FORWARD', 'JUMP_BACKWARD', 'JUMP_ABSOLUTE', 'JUMP_BACKWARD_NO_INTERRUPT', 'JUMP', 'JUMP_NO_INTERRUPT',
]);

/**
 * Instructions that leave the frame or raise and never continue with the next instruction: the terminators that
 * are not jumps (the control-flow graph derives jumps from the table, and these from here).
 */
export const SCOPE_EXITS: ReadonlySet<string> = new Set(['RETURN_VALUE', 'RETURN_CONST', 'RAISE_VARARGS', 'RERAISE']);

/** Instructions after which execution never continues with the next one: unconditional jumps, returns and raises. */
export const NO_FALLTHROUGH: ReadonlySet<string> = new Set([...UNCONDITIONAL_JUMPS, ...SCOPE_EXITS]);

/**
 * The first instruction of the handler of a `try` or `with` block (3.11+): it saves the exception being handled before
 * the `except`/`finally` clause or the `with` exit runs. A handler that starts otherwise is cleanup code.
 */
export const BLOCK_HANDLER_STARTS: ReadonlySet<string> = new Set(['PUSH_EXC_INFO']);

/** Instructions whose result is a new string: BUILD_STRING and the f-string formatting instructions. */
export const STRING_BUILDS: ReadonlySet<string> = new Set(['BUILD_STRING', 'FORMAT_VALUE', 'FORMAT_SIMPLE', 'FORMAT_WITH_SPEC']);

const bySet = new WeakMap<ReadonlySet<string>, WeakMap<VersionInfo, ReadonlySet<number>>>();

/**
 * The opcode numbers, in version `v`, of the opnames in `names` that exist there as opcodes (opnames of other
 * versions and pseudo-instructions, which no `.pyc` holds, are left out). Compare an instruction's `baseOpcode` with
 * them. Made once per set and version.
 */
export function opcodesOf(names: ReadonlySet<string>, v: VersionInfo): ReadonlySet<number> {
  let byVersion = bySet.get(names);
  if (!byVersion) bySet.set(names, (byVersion = new WeakMap()));
  let ops = byVersion.get(v);
  if (!ops) {
    const s = new Set<number>();
    for (const n of names) {
      const op = v.table.op(n);
      if (op >= 0 && op < 256) s.add(op);
    }
    byVersion.set(v, (ops = s));
  }
  return ops;
}
