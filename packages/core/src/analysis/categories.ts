/**
 * Opname categories: sets of instruction names, across CPython 3.10–3.15, that analyses of bytecode ask about.
 * The one home of these sets: the lab's Python driver gets them from here when it is loaded (it keeps no copy).
 */

/** Loads that push one value and read nothing from the stack: a local, a global, a name, a constant, a cell. */
export const SIMPLE_LOADS: ReadonlySet<string> = new Set([
  'LOAD_FAST', 'LOAD_FAST_CHECK', 'LOAD_FAST_BORROW', 'LOAD_NAME', 'LOAD_GLOBAL', 'LOAD_CONST', 'LOAD_SMALL_INT',
  'LOAD_COMMON_CONSTANT', 'LOAD_DEREF', 'LOAD_CLASSDEREF',
]);

/** 3.13+ superinstructions that load two locals at once (their `argval` is a pair of names). */
export const PAIR_LOADS: ReadonlySet<string> = new Set(['LOAD_FAST_LOAD_FAST', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW']);

/**
 * Families whose specialization depends on the values met at run time (the other families are superinstructions
 * or type-independent quickened forms: LOAD_CONST, LOAD_FAST, RESUME, JUMP_BACKWARD, …).
 */
export const TYPE_FAMILIES: ReadonlySet<string> = new Set([
  'BINARY_OP', 'COMPARE_OP', 'CONTAINS_OP', 'BINARY_SUBSCR', 'STORE_SUBSCR', 'LOAD_ATTR', 'LOAD_METHOD', 'STORE_ATTR',
  'LOAD_GLOBAL', 'LOAD_SUPER_ATTR', 'CALL', 'CALL_KW', 'PRECALL', 'FOR_ITER', 'UNPACK_SEQUENCE', 'TO_BOOL', 'SEND',
  'CALL_FUNCTION_EX', 'GET_ITER',
]);
