/**
 * What each instruction does, in our own words: a description, a stack signature and the meaning of the
 * argument, per range of versions where they differ. Everything version-specific that can be read from the
 * generated tables (numbers, argument kinds, caches, net stack effects, families) is not written here: the
 * reference derives it (reference.ts) and the tests check these texts against it.
 *
 * Stack signatures list the items an instruction takes and leaves, bottom to top: `inputs -- outputs`. An item is
 * a name (one item) or `name[count]` where `count` is an expression of `oparg` (`values[oparg]`,
 * `null[oparg&1]`, `step[oparg==3]`); the tests check that outputs − inputs equals the net effect CPython's
 * `dis.stack_effect` reports, for many arguments.
 */
import { byVersion, type Versioned } from './versioned.js';
import { withOldDocs } from './descriptions-old.js';

/** Hand-written documentation of an ordinary or pseudo instruction. */
export interface OpDoc {
  /** What the instruction does. */
  readonly what: Versioned<string>;
  /** Stack signature (see the module comment); `null` when a signature would mislead (see `stackNote`). */
  readonly stack?: Versioned<string | null>;
  /** Signature at the jump target, when taking the jump leaves a different stack. */
  readonly stackJump?: Versioned<string>;
  /** Anything about the stack effect the signature cannot say. */
  readonly stackNote?: Versioned<string>;
  /** What the argument means (for kinds the tables name — constant, name, local, jump — a default is used). */
  readonly arg?: Versioned<string>;
}

const IN_PLACE = (op: string, dunder: string, fallback: string, what: string) =>
  `${what}, the augmented assignment \`x ${op}= y\` (3.10): calls \`${dunder}\` of the second item from the top, falling back to ` +
  `\`${fallback}\` (and the reflected method) when there is none, and replaces both items with the result, which ` +
  'the following store writes back.';
const BINARY = (op: string, dunder: string, reflected: string, what: string) =>
  `${what} \`x ${op} y\` (2.7–3.10): pops y and x and pushes the result of \`x.${dunder}(y)\`, or of ` +
  `\`y.${reflected}(x)\` when the first returns NotImplemented.`;

/** Ordinary (base) and pseudo instructions of 3.10 and newer. */
const NEWER_OP_DOCS: Readonly<Record<string, OpDoc>> = {
  // ---- stack manipulation ---------------------------------------------------------------------------------
  NOP: {
    what: 'Does nothing. The compiler keeps a NOP where a source line would otherwise have no instruction of its ' +
      'own (`pass`, `while True:`), so that line events, breakpoints and tracebacks still find that line; other ' +
      'NOPs are removed by the optimizer.',
    stack: '--',
  },
  POP_TOP: {
    what: 'Discards the item on top of the stack: the value of an expression statement, a result nobody uses, or a ' +
      'leftover that cleanup code drops.',
    stack: 'value --',
  },
  ROT_TWO: { what: 'Swaps the two topmost stack items (3.10; replaced by SWAP 2).', stack: 'a b -- b a' },
  ROT_THREE: {
    what: 'Moves the top item down to third position and lifts the two items below it by one (3.10; replaced by SWAP).',
    stack: 'a b c -- c a b',
  },
  ROT_FOUR: {
    what: 'Moves the top item down to fourth position and lifts the three items below it by one (3.10). It shows up ' +
      'where a value has to get under the three items of a saved exception, e.g. `return` inside `except`.',
    stack: 'a b c d -- d a b c',
  },
  ROT_N: {
    what: 'The general rotation of 3.10: moves the top item down to depth oparg and lifts the items in between, ' +
      'used by pattern matching to line captured values up.',
    stack: 'items[oparg] -- items[oparg]',
    arg: 'How many items take part: the top item goes down to this depth.',
  },
  DUP_TOP: { what: 'Pushes a second reference to the top item, e.g. for chained assignment `a = b = v` (3.10).', stack: 'value -- value value' },
  DUP_TOP_TWO: {
    what: 'Duplicates the two topmost items as a pair, e.g. container and key for `x[k] += v` (3.10).',
    stack: 'a b -- a b a b',
  },
  COPY: {
    what: 'Pushes a copy (another reference) of the item at depth oparg, counting the top as 1. Introduced in 3.11 together ' +
      'with SWAP to replace the DUP_TOP and ROT_* families.',
    stack: 'bottom unused[oparg-1] -- bottom unused[oparg-1] bottom',
    arg: 'Depth of the item to copy (1 = the top item).',
  },
  SWAP: {
    what: 'Exchanges the top item with the item at depth oparg (2 = the item just below the top). Introduced in ' +
      '3.11 to replace ROT_TWO, ROT_THREE, ROT_FOUR and ROT_N.',
    stack: 'bottom unused[oparg-2] top -- top unused[oparg-2] bottom',
    arg: 'Depth of the item exchanged with the top one (at least 2).',
  },
  PUSH_NULL: {
    what: 'Pushes NULL, a marker that is not a Python object. Before a call it takes the slot where a method call ' +
      'keeps `self`, telling the call that the callable is a plain function.',
    stack: '-- null',
  },
  EXTENDED_ARG: {
    what: 'A prefix rather than an operation: its argument supplies the next higher 8 bits of the following ' +
      'instruction\'s argument (arg = arg << 8 | next byte), so arguments above 255 fit in 2-byte code units. Up ' +
      'to three prefixes can be chained.',
    stack: '--',
    arg: 'The next higher byte of the following instruction\'s argument.',
  },
  CACHE: {
    what: 'Not an instruction: a code unit of the inline cache that follows an instruction with a cache. The ' +
      'adaptive interpreter keeps counters, type versions and indexes there; in a `.pyc` the units are zero. ' +
      '`dis` hides them unless asked to show caches.',
    stack: null,
    stackNote: 'Never executed, so it has no stack effect; `dis.stack_effect` rejects it.',
    arg: 'Cache data, not an argument.',
  },

  // ---- constants and names --------------------------------------------------------------------------------
  LOAD_CONST: {
    what: 'Pushes the constant co_consts[oparg]: a literal, a tuple or frozenset folded by the compiler, a code ' +
      'object about to become a function, and (3.14+) constant slices.',
    stack: '-- value',
  },
  LOAD_SMALL_INT: {
    what: 'Pushes the integer oparg itself (0 to 255) from the interpreter\'s preallocated small integers, without ' +
      'a co_consts entry (3.14+).',
    stack: '-- value',
    arg: 'The integer to push.',
  },
  LOAD_COMMON_CONSTANT: {
    what: 'Pushes one of a few objects the compiler needs often — AssertionError for `assert`, NotImplementedError, ' +
      'the builtins tuple, all and any (3.15 adds list, set and some literals) — straight from the interpreter, so ' +
      'they need no co_consts entry and a shadowing global cannot replace them. Replaced LOAD_ASSERTION_ERROR in 3.14.',
    stack: '-- value',
  },
  LOAD_ASSERTION_ERROR: {
    what: 'Pushes the AssertionError class for a failing `assert`, taken from the interpreter rather than looked up ' +
      'by name, so that a global called AssertionError cannot change what `assert` raises.',
    stack: '-- value',
  },
  RETURN_CONST: {
    what: 'Returns co_consts[oparg] to the caller: LOAD_CONST and RETURN_VALUE fused into one instruction ' +
      '(3.12–3.13), typically the implicit `return None` at the end of a function.',
    stack: '--',
  },
  RETURN_VALUE: {
    what: byVersion({
      '-3.13': 'Returns the top item to the caller and ends the frame.',
      '3.14+': 'Returns the top item to the caller and ends the frame. From 3.14 its metadata describes the value ' +
        'as moving onto the caller\'s stack, so the net effect is 0.',
    }),
    stack: byVersion({ '-3.13': 'retval --', '3.14+': 'retval -- result' }),
  },
  LOAD_NAME: {
    what: 'Pushes the value of the name co_names[oparg], searching the local namespace (a dict), then the globals, ' +
      'then the builtins. Module and class bodies use it; functions use LOAD_FAST and LOAD_GLOBAL instead.',
    stack: '-- value',
  },
  STORE_NAME: {
    what: 'Binds the name co_names[oparg] in the local namespace dict (module or class body, or the dict given to ' +
      'exec) to the top item, which it pops.',
    stack: 'value --',
  },
  DELETE_NAME: { what: '`del name` at module or class level: removes co_names[oparg] from the local namespace dict.', stack: '--' },
  LOAD_GLOBAL: {
    what: byVersion({
      '3.10': 'Pushes the global co_names[oparg]: looked up in the module\'s globals, then in the builtins.',
      '3.11-3.12': 'Pushes the global named co_names[oparg >> 1] (module globals, then builtins). With the low bit of ' +
        'the argument set it first pushes NULL below the value, preparing a call of it.',
      '3.13+': 'Pushes the global named co_names[oparg >> 1] (module globals, then builtins). With the low bit of ' +
        'the argument set it also pushes NULL above the value, preparing a call of it.',
    }),
    stack: byVersion({ '3.10': '-- value', '3.11-3.12': '-- null[oparg&1] value', '3.13+': '-- value null[oparg&1]' }),
    arg: byVersion({
      '3.10': 'Index into co_names.',
      '3.11+': 'co_names index shifted left by one; bit 0 asks for a NULL to be pushed for a following call.',
    }),
  },
  STORE_GLOBAL: { what: 'Pops the top item into the global (module) variable co_names[oparg], as `global x; x = v` does.', stack: 'value --' },
  DELETE_GLOBAL: { what: '`del x` of a variable declared `global`: removes co_names[oparg] from the module globals.', stack: '--' },
  LOAD_FAST: {
    what: byVersion({
      '-3.11': 'Pushes the local variable in slot oparg: a plain array access, which is why locals are faster than ' +
        'globals. Raises UnboundLocalError when the variable has no value.',
      '3.12-3.13': 'Pushes the local variable in slot oparg, an array access. From 3.12 the compiler only uses it ' +
        'where the variable is certainly bound; elsewhere it emits LOAD_FAST_CHECK.',
      '3.14+': 'Pushes the local variable in slot oparg as a new strong reference. From 3.14 the compiler prefers ' +
        'LOAD_FAST_BORROW and keeps LOAD_FAST for values that must stay alive independently of the local, e.g. ' +
        'across the suspensions of a generator.',
    }),
    stack: '-- value',
  },
  LOAD_FAST_BORROW: {
    what: 'Pushes the local variable in slot oparg as a borrowed reference, skipping the reference-count increment ' +
      '(3.14+). The compiler emits it when it can prove the local keeps the object alive for as long as the stack ' +
      'item exists.',
    stack: '-- value',
  },
  LOAD_FAST_CHECK: {
    what: 'Pushes the local variable in slot oparg, raising UnboundLocalError if it has no value (3.12+). Used where ' +
      'the compiler cannot prove the variable is assigned, e.g. after a conditional assignment or a `del`.',
    stack: '-- value',
  },
  LOAD_FAST_AND_CLEAR: {
    what: 'Pushes the local in slot oparg (NULL if unbound) and empties the slot (3.12+). Inlined comprehensions ' +
      '(PEP 709) use it to set aside an outer variable whose name the comprehension reuses; STORE_FAST puts it back ' +
      'afterwards.',
    stack: '-- value',
  },
  LOAD_FAST_LOAD_FAST: {
    what: 'Superinstruction (3.13+): pushes two local variables, slot oparg >> 4 and then slot oparg & 15, saving ' +
      'one dispatch.',
    stack: '-- value1 value2',
    arg: 'Two local slots of 4 bits each: the first in the high nibble, the second in the low nibble.',
  },
  LOAD_FAST_BORROW_LOAD_FAST_BORROW: {
    what: 'Superinstruction (3.14+): pushes two locals as borrowed references, slot oparg >> 4 and then slot oparg & 15.',
    stack: '-- value1 value2',
    arg: 'Two local slots of 4 bits each: the first in the high nibble, the second in the low nibble.',
  },
  STORE_FAST: { what: 'Pops the top item into the local variable slot oparg.', stack: 'value --' },
  STORE_FAST_LOAD_FAST: {
    what: 'Superinstruction (3.13+): stores the top item into slot oparg >> 4, then pushes slot oparg & 15. Formed ' +
      'only when both halves belong to the same source line.',
    stack: 'value1 -- value2',
    arg: 'Two local slots of 4 bits each: the store target in the high nibble, the slot to load in the low nibble.',
  },
  STORE_FAST_STORE_FAST: {
    what: 'Superinstruction (3.13+): stores the top item into slot oparg >> 4 and the next one into slot oparg & 15, ' +
      'as in `a, b = pair`.',
    stack: 'value2 value1 --',
    arg: 'Two local slots of 4 bits each: the first target in the high nibble, the second in the low nibble.',
  },
  STORE_FAST_MAYBE_NULL: {
    what: 'Pseudo-instruction (3.12+): a STORE_FAST whose value may be NULL. An inlined comprehension uses it to ' +
      'restore the variable it set aside with LOAD_FAST_AND_CLEAR, which may have been unbound.',
    stack: 'value --',
  },
  DELETE_FAST: { what: '`del x` of a local variable: empties slot oparg, so a later read raises UnboundLocalError.', stack: '--' },
  LOAD_DEREF: {
    what: byVersion({
      '3.10': 'Pushes the value held by cell or free variable oparg (an index into co_cellvars + co_freevars): a ' +
        'variable shared between a function and the functions nested in it.',
      '3.11+': 'Pushes the value held by the cell in local slot oparg: a variable shared between a function and the ' +
        'functions nested in it. Raises NameError or UnboundLocalError when the cell is empty.',
    }),
    stack: '-- value',
  },
  STORE_DEREF: { what: 'Pops the top item into the cell of variable oparg, a variable shared with nested functions.', stack: 'value --' },
  DELETE_DEREF: { what: '`del x` of a variable shared with nested functions: empties its cell (slot oparg).', stack: '--' },
  LOAD_CLOSURE: {
    what: byVersion({
      '-3.12': 'Pushes the cell object of variable oparg itself, not its content, to put it into the closure tuple of ' +
        'a nested function being built.',
      '3.13+': 'Pseudo-instruction (3.13+): pushes the cell of variable oparg itself for the closure tuple of a nested ' +
        'function. Since a cell variable\'s slot holds the cell, the assembler simply emits a load of the slot.',
    }),
    stack: '-- cell',
  },
  MAKE_CELL: {
    what: 'At function entry (3.11+): wraps the current value of local slot oparg (or nothing) in a new cell, for a ' +
      'variable that nested functions capture.',
    stack: '--',
  },
  COPY_FREE_VARS: {
    what: 'At function entry (3.11+): copies the oparg cells of the function\'s closure into the last slots of the ' +
      'frame, where the free variables live.',
    stack: '--',
    arg: 'Number of free variables (cells) to copy from the closure.',
  },
  LOAD_CLASSDEREF: {
    what: 'In a class body nested in a function (3.10–3.11): looks the name of free variable oparg up in the class ' +
      'namespace first and, if it is not there, pushes the content of the cell.',
    stack: '-- value',
  },
  LOAD_FROM_DICT_OR_DEREF: {
    what: 'Pops a mapping (the class namespace, pushed by LOAD_LOCALS) and pushes the value of the name of variable ' +
      'oparg from it, or the content of that variable\'s cell if the mapping lacks it (3.12+; replaced ' +
      'LOAD_CLASSDEREF).',
    stack: 'mapping -- value',
  },
  LOAD_FROM_DICT_OR_GLOBALS: {
    what: 'Pops a mapping and pushes the value of co_names[oparg] from it, else from the globals, else from the ' +
      'builtins (3.12+). PEP 695 annotation scopes inside a class use it: names resolve in the class namespace first.',
    stack: 'mapping -- value',
  },
  LOAD_LOCALS: {
    what: 'Pushes the frame\'s local namespace, the dict that `locals()` returns at that level (3.12+). Class bodies ' +
      'and annotation scopes feed it to LOAD_FROM_DICT_OR_DEREF and LOAD_FROM_DICT_OR_GLOBALS.',
    stack: '-- locals',
  },
  SETUP_ANNOTATIONS: {
    what: 'Creates an empty `__annotations__` dict in the local namespace unless one exists: the start of a module ' +
      'or class body that stores variable annotations eagerly (from 3.14 only under `from __future__ import ' +
      'annotations`; otherwise annotations are lazy, PEP 649).',
    stack: '--',
  },
  ANNOTATIONS_PLACEHOLDER: {
    what: 'Pseudo-instruction (3.14+): reserves the place where the compiler inserts the code that creates the ' +
      'module\'s or class\'s `__annotate__` function, once it has seen whether the body has annotations at all; ' +
      'removed when there are none.',
    stack: '--',
  },

  // ---- attributes -----------------------------------------------------------------------------------------
  LOAD_ATTR: {
    what: byVersion({
      '-3.11': 'Replaces the object on top of the stack with its attribute co_names[oparg] (`obj.name`).',
      '3.12+': 'Replaces the object on top of the stack with its attribute co_names[oparg >> 1]. With the low bit set ' +
        'it loads a method for a call (what LOAD_METHOD did before 3.12): if the attribute is a plain function found ' +
        'on the type it leaves the function and the object as `self`, avoiding a bound-method object; otherwise the ' +
        'attribute and NULL.',
    }),
    stack: byVersion({
      '-3.11': 'owner -- attr',
      '3.12': 'owner -- method_or_null[oparg&1] attr_or_self',
      '3.13+': 'owner -- attr self_or_null[oparg&1]',
    }),
    arg: byVersion({
      '-3.11': 'Index into co_names.',
      '3.12+': 'co_names index shifted left by one; bit 0 asks for the method form (two items pushed).',
    }),
  },
  LOAD_METHOD: {
    what: byVersion({
      '-3.11': 'Looks up the method co_names[oparg] of the object on top for an immediate call. If the attribute is a ' +
        'plain function found on the type it pushes that function and the object (no bound method is created); ' +
        'otherwise NULL and the attribute.',
      '3.12+': 'Pseudo-instruction (3.12–3.13): a method load for an immediate call; the assembler emits LOAD_ATTR ' +
        'with the method bit set.',
    }),
    stack: byVersion({ '-3.11': 'owner -- meth_or_null self_or_attr', '3.12+': 'owner -- meth_or_null self_or_attr' }),
  },
  STORE_ATTR: { what: '`obj.name = value`: sets attribute co_names[oparg] of the top item to the item below it, popping both.', stack: 'value owner --' },
  DELETE_ATTR: { what: '`del obj.name`: deletes attribute co_names[oparg] of the top item, which it pops.', stack: 'owner --' },
  LOAD_SUPER_ATTR: {
    what: 'Implements `super().name` and `super(cls, obj).name` without creating a super object (3.12+): pops the ' +
      'global `super`, the class and the instance, and pushes the attribute found after the class in the MRO — or, ' +
      'with the method bit, the function and the instance for a call.',
    stack: byVersion({
      '3.12': 'global_super class self -- method_or_null[oparg&1] attr_or_self',
      '3.13+': 'global_super class self -- attr null[oparg&1]',
    }),
    arg: 'co_names index shifted left by two; bit 0 = load a method for a call, bit 1 = the two-argument form ' +
      '`super(cls, obj)`.',
  },
  LOAD_SUPER_METHOD: {
    what: 'Pseudo-instruction (3.12–3.13): `super(cls, obj).name(...)`, a method load through explicit super(); ' +
      'becomes LOAD_SUPER_ATTR with the method and two-argument bits set.',
    stack: 'global_super class self -- method self_or_null',
  },
  LOAD_ZERO_SUPER_METHOD: {
    what: 'Pseudo-instruction (3.12–3.13): `super().name(...)`, a method load through zero-argument super(); ' +
      'becomes LOAD_SUPER_ATTR with the method bit set.',
    stack: 'global_super class self -- method self_or_null',
  },
  LOAD_ZERO_SUPER_ATTR: {
    what: 'Pseudo-instruction (3.12–3.13): `super().name` read as a plain attribute; becomes LOAD_SUPER_ATTR with ' +
      'both bits clear.',
    stack: null,
    stackNote: '`dis.stack_effect` reports −1 for it whatever the argument (the figure of the method form); the ' +
      'LOAD_SUPER_ATTR it becomes pops three items and pushes one.',
  },
  LOAD_SPECIAL: {
    what: 'Looks up a special method (`__enter__`, `__exit__`, `__aenter__` or `__aexit__`, chosen by oparg) on the ' +
      'type of the top item, as the `with` statements require, and replaces the object with the method and the ' +
      'object as `self` (3.14+; replaced BEFORE_WITH and BEFORE_ASYNC_WITH).',
    stack: 'owner -- attr self_or_null',
    arg: 'Which special method to look up.',
  },
  BEFORE_WITH: {
    what: 'Enters a `with` block (3.11–3.13): pops the context manager, pushes its bound `__exit__`, calls ' +
      '`__enter__()` and pushes the result (the value of `as`).',
    stack: 'mgr -- exit res',
  },
  BEFORE_ASYNC_WITH: {
    what: 'Enters an `async with` block (3.10–3.13): pops the context manager, pushes its bound `__aexit__` and the ' +
      'awaitable returned by `__aenter__()`, which the following code awaits.',
    stack: 'mgr -- exit awaitable',
  },
  SETUP_WITH: {
    what: byVersion({
      '3.10': 'Enters a `with` block (3.10): calls `__enter__`, pushes the bound `__exit__` and the result, and pushes ' +
        'a block whose handler (oparg code units ahead) runs the exit logic if the body raises.',
      '3.12+': 'Pseudo-instruction (3.12+): opens the protected range of a `with` body; the assembler turns it into an ' +
        'exception-table entry whose handler calls `__exit__`.',
    }),
    stack: byVersion({ '3.10': 'mgr -- exit res', '3.12+': '--' }),
    stackJump: byVersion({ '3.10': 'mgr -- exit prev_exc[3] exc[3]', '3.12+': 'res -- lasti exc' }),
  },
  SETUP_ASYNC_WITH: {
    what: 'Second half of entering an `async with` (3.10): after the result of `__aenter__` has been awaited, pushes ' +
      'the block whose handler (oparg code units ahead) runs the exit logic if the body raises.',
    stack: '--',
    stackJump: 'res -- prev_exc[3] exc[3]',
  },
  WITH_EXCEPT_START: {
    what: 'In the exception handler of a `with` block: calls the saved `__exit__` with the exception being handled ' +
      '(type, value, traceback) and pushes its result, which decides whether the exception is suppressed.',
    stack: byVersion({
      '3.10': 'exit_func prev_exc[3] exc[3] -- exit_func prev_exc[3] exc[3] res',
      '3.11-3.13': 'exit_func lasti prev_exc val -- exit_func lasti prev_exc val res',
      '3.14+': 'exit_func exit_self lasti prev_exc val -- exit_func exit_self lasti prev_exc val res',
    }),
  },

  // ---- operators ------------------------------------------------------------------------------------------
  UNARY_POSITIVE: {
    what: 'Unary plus `+x`: replaces the top item with the result of its `__pos__` (3.10–3.11; from 3.12 the intrinsic ' +
      'INTRINSIC_UNARY_POSITIVE).',
    stack: 'value -- res',
  },
  UNARY_NEGATIVE: { what: 'Negation `-x`: replaces the top item with the result of its `__neg__`.', stack: 'value -- res' },
  UNARY_NOT: {
    what: byVersion({
      '-3.12': 'Boolean `not x`: replaces the top item with True if it is false by the truth-testing rules, else False.',
      '3.13+': 'Boolean `not x` on a value that is already an exact bool: from 3.13 the compiler puts TO_BOOL before ' +
        'it, so UNARY_NOT only flips True and False.',
    }),
    stack: 'value -- res',
  },
  UNARY_INVERT: { what: 'Bitwise inversion `~x`: replaces the top item with the result of its `__invert__`.', stack: 'value -- res' },
  TO_BOOL: {
    what: 'Converts the top item to an exact bool by the truth-testing rules (`__bool__`, else `__len__`, else True) ' +
      '(3.13+). The compiler emits it before conditional jumps and `not`, which then only ever see True or False; ' +
      'it specializes for the common types.',
    stack: 'value -- res',
  },
  BINARY_OP: {
    what: byVersion({
      '-3.13': 'Applies the binary or augmented operator that oparg selects (`+`, `&`, `-=`, …) to the two top items ' +
        'and pushes the result (3.11+, replacing the BINARY_* and INPLACE_* instructions). In-place variants try ' +
        '`__iadd__` and the like first.',
      '3.14+': 'Applies the binary or augmented operator that oparg selects (`+`, `&`, `-=`, …) to the two top items ' +
        'and pushes the result; since 3.14 subscription `x[i]` (NB_SUBSCR) is one of the operators, replacing ' +
        'BINARY_SUBSCR. In-place variants try `__iadd__` and the like first.',
    }),
    stack: 'lhs rhs -- res',
    arg: 'Which operator: an index into the table of NB_* operators.',
  },
  BINARY_ADD: { what: BINARY('+', '__add__', '__radd__', 'Addition or concatenation'), stack: 'lhs rhs -- res' },
  BINARY_SUBTRACT: { what: BINARY('-', '__sub__', '__rsub__', 'Subtraction'), stack: 'lhs rhs -- res' },
  BINARY_MULTIPLY: { what: BINARY('*', '__mul__', '__rmul__', 'Multiplication or repetition'), stack: 'lhs rhs -- res' },
  BINARY_MATRIX_MULTIPLY: { what: BINARY('@', '__matmul__', '__rmatmul__', 'Matrix multiplication'), stack: 'lhs rhs -- res' },
  BINARY_POWER: { what: BINARY('**', '__pow__', '__rpow__', 'Power'), stack: 'lhs rhs -- res' },
  BINARY_MODULO: { what: BINARY('%', '__mod__', '__rmod__', 'Modulo or %-formatting'), stack: 'lhs rhs -- res' },
  BINARY_FLOOR_DIVIDE: { what: BINARY('//', '__floordiv__', '__rfloordiv__', 'Floor division'), stack: 'lhs rhs -- res' },
  BINARY_TRUE_DIVIDE: { what: BINARY('/', '__truediv__', '__rtruediv__', 'True division'), stack: 'lhs rhs -- res' },
  BINARY_LSHIFT: { what: BINARY('<<', '__lshift__', '__rlshift__', 'Left shift'), stack: 'lhs rhs -- res' },
  BINARY_RSHIFT: { what: BINARY('>>', '__rshift__', '__rrshift__', 'Right shift'), stack: 'lhs rhs -- res' },
  BINARY_AND: { what: BINARY('&', '__and__', '__rand__', 'Bitwise and / set intersection'), stack: 'lhs rhs -- res' },
  BINARY_OR: { what: BINARY('|', '__or__', '__ror__', 'Bitwise or / set union'), stack: 'lhs rhs -- res' },
  BINARY_XOR: { what: BINARY('^', '__xor__', '__rxor__', 'Bitwise exclusive or (xor)'), stack: 'lhs rhs -- res' },
  INPLACE_ADD: { what: IN_PLACE('+', '__iadd__', '__add__', 'In-place addition'), stack: 'lhs rhs -- res' },
  INPLACE_SUBTRACT: { what: IN_PLACE('-', '__isub__', '__sub__', 'In-place subtraction'), stack: 'lhs rhs -- res' },
  INPLACE_MULTIPLY: { what: IN_PLACE('*', '__imul__', '__mul__', 'In-place multiplication'), stack: 'lhs rhs -- res' },
  INPLACE_MATRIX_MULTIPLY: { what: IN_PLACE('@', '__imatmul__', '__matmul__', 'In-place matrix multiplication'), stack: 'lhs rhs -- res' },
  INPLACE_POWER: { what: IN_PLACE('**', '__ipow__', '__pow__', 'In-place power'), stack: 'lhs rhs -- res' },
  INPLACE_MODULO: { what: IN_PLACE('%', '__imod__', '__mod__', 'In-place modulo'), stack: 'lhs rhs -- res' },
  INPLACE_FLOOR_DIVIDE: { what: IN_PLACE('//', '__ifloordiv__', '__floordiv__', 'In-place floor division'), stack: 'lhs rhs -- res' },
  INPLACE_TRUE_DIVIDE: { what: IN_PLACE('/', '__itruediv__', '__truediv__', 'In-place true division'), stack: 'lhs rhs -- res' },
  INPLACE_LSHIFT: { what: IN_PLACE('<<', '__ilshift__', '__lshift__', 'In-place left shift'), stack: 'lhs rhs -- res' },
  INPLACE_RSHIFT: { what: IN_PLACE('>>', '__irshift__', '__rshift__', 'In-place right shift'), stack: 'lhs rhs -- res' },
  INPLACE_AND: { what: IN_PLACE('&', '__iand__', '__and__', 'In-place bitwise and'), stack: 'lhs rhs -- res' },
  INPLACE_OR: { what: IN_PLACE('|', '__ior__', '__or__', 'In-place bitwise or'), stack: 'lhs rhs -- res' },
  INPLACE_XOR: { what: IN_PLACE('^', '__ixor__', '__xor__', 'In-place bitwise xor'), stack: 'lhs rhs -- res' },
  BINARY_SUBSCR: {
    what: 'Subscription `container[key]`: pops the key and the container and pushes the result of `__getitem__` ' +
      '(for a class, `__class_getitem__`, as in `list[int]`). From 3.14 it is BINARY_OP with NB_SUBSCR.',
    stack: 'container sub -- res',
  },
  BINARY_SLICE: {
    what: 'Slicing `container[start:stop]` (3.12+): pops stop, start and the container and pushes the slice, without ' +
      'building a slice object when the container allows it.',
    stack: 'container start stop -- res',
  },
  STORE_SUBSCR: {
    what: 'Item assignment `container[key] = value`: calls `__setitem__`; the key is on top, the container below it ' +
      'and the value below that. Pops all three.',
    stack: 'value container sub --',
  },
  STORE_SLICE: { what: 'Slice assignment `container[start:stop] = value` (3.12+): pops all four items.', stack: 'value container start stop --' },
  DELETE_SUBSCR: { what: '`del container[key]`: calls `__delitem__` and pops the key and the container.', stack: 'container sub --' },
  BUILD_SLICE: {
    what: byVersion({
      '-3.13': 'Builds `slice(start, stop)` from the two top items, or `slice(start, stop, step)` from the three top ' +
        'items when oparg is 3.',
      '3.14+': 'Builds `slice(start, stop)` from the two top items, or `slice(start, stop, step)` from the three top ' +
        'items when oparg is 3 (3.14 also folds constant slices into co_consts).',
    }),
    stack: byVersion({ '-3.13': 'start stop step[oparg==3] -- slice', '3.14+': 'args[oparg] -- slice' }),
    arg: 'Number of slice parts on the stack: 2 (start, stop) or 3 (start, stop, step).',
  },
  COMPARE_OP: {
    what: 'Rich comparison of the two top items (`<`, `<=`, `==`, `!=`, `>`, `>=`, through `__lt__` and the ' +
      'others, trying the reflected method when the first returns NotImplemented); pushes the result.',
    stack: 'left right -- res',
    arg: byVersion({
      '-3.11': 'Index into dis.cmp_op.',
      '3.12': 'The dis.cmp_op index shifted left by four; the low four bits are a mask used by the specialized forms.',
      '3.13+': 'The dis.cmp_op index shifted left by five; bit 4 (16) asks for the result to be converted to bool, ' +
        'when it feeds a condition; the low bits serve the specialized forms.',
    }),
  },
  UNPACK_SEQUENCE: {
    what: 'Unpacks the iterable on top into exactly oparg items, pushed so that the first item ends up on top ' +
      '(ready for the stores of `a, b = x`); raises ValueError when the count differs.',
    stack: 'seq -- unused[oparg]',
    arg: 'Number of items expected.',
  },
  UNPACK_EX: {
    what: 'Unpacking with a starred target, `a, *b, c = x`: pushes the items before the star, a list of the middle ' +
      'ones and the items after it, again with the first item on top.',
    stack: 'seq -- before[oparg&0xFF] list after[oparg>>8]',
    arg: 'Low byte: number of targets before the starred one; high byte: number after it.',
  },
  IS_OP: {
    what: 'Identity test: pops both items and pushes `x is y` (oparg 0) or `x is not y` (oparg 1). It cannot be ' +
      'overridden by any special method.',
    stack: 'left right -- b',
    arg: '0 for `is`, 1 for `is not`.',
  },
  CONTAINS_OP: {
    what: 'Membership test: pops both items and pushes `x in y` (oparg 0) or `x not in y` (oparg 1), using the ' +
      'container\'s `__contains__` (else iteration).',
    stack: 'left right -- b',
    arg: '0 for `in`, 1 for `not in`.',
  },

  // ---- building objects -----------------------------------------------------------------------------------
  BUILD_TUPLE: { what: 'Builds a tuple from the oparg topmost items (the deepest becomes the first element).', stack: 'values[oparg] -- tup', arg: 'Number of items.' },
  BUILD_LIST: { what: 'Builds a list from the oparg topmost items, in stack order.', stack: 'values[oparg] -- list', arg: 'Number of items.' },
  BUILD_SET: { what: 'Builds a set from the oparg topmost items.', stack: 'values[oparg] -- set', arg: 'Number of items.' },
  BUILD_MAP: {
    what: 'Builds a dict from 2 × oparg items: key, value, key, value… from the deepest up.',
    stack: 'values[2*oparg] -- map',
    arg: 'Number of key/value pairs.',
  },
  BUILD_CONST_KEY_MAP: {
    what: 'Builds a dict whose keys are the constant tuple on top of the stack and whose values are the oparg items ' +
      'below it (3.10–3.13), for dict displays with constant keys.',
    stack: 'values[oparg] keys -- map',
    arg: 'Number of values (and keys).',
  },
  BUILD_STRING: {
    what: 'Concatenates the oparg topmost strings into one: the last step of an f-string with several parts.',
    stack: 'pieces[oparg] -- str',
    arg: 'Number of string pieces.',
  },
  LIST_APPEND: {
    what: 'Appends the top item to the list found oparg items down (the list of a list comprehension), popping the item.',
    stack: 'list unused[oparg-1] v -- list unused[oparg-1]',
    arg: 'Depth of the list below the appended item.',
  },
  SET_ADD: {
    what: 'Adds the top item to the set found oparg items down (the set of a set comprehension), popping the item.',
    stack: 'set unused[oparg-1] v -- set unused[oparg-1]',
    arg: 'Depth of the set below the added item.',
  },
  MAP_ADD: {
    what: 'Pops a key and a value and stores them in the dict found oparg items down (the dict of a dict comprehension).',
    stack: 'dict unused[oparg-1] key value -- dict unused[oparg-1]',
    arg: 'Depth of the dict below the key/value pair.',
  },
  LIST_EXTEND: {
    what: 'Extends the list oparg items down with the iterable on top (`[*a, *b]`, and unpacking into call ' +
      'arguments), popping the iterable.',
    stack: 'list unused[oparg-1] iterable -- list unused[oparg-1]',
    arg: 'Depth of the list below the iterable.',
  },
  SET_UPDATE: {
    what: 'Updates the set oparg items down with the iterable on top (`{*a, *b}`), popping the iterable.',
    stack: 'set unused[oparg-1] iterable -- set unused[oparg-1]',
    arg: 'Depth of the set below the iterable.',
  },
  DICT_UPDATE: {
    what: 'Updates the dict oparg items down with the mapping on top (`{**a, **b}`), popping the mapping.',
    stack: 'dict unused[oparg-1] update -- dict unused[oparg-1]',
    arg: 'Depth of the dict below the mapping.',
  },
  DICT_MERGE: {
    what: 'Like DICT_UPDATE but for keyword arguments `f(**a, **b)`: merges the mapping on top into the dict oparg ' +
      'items down and raises TypeError on a repeated keyword.',
    stack: 'dict unused[oparg-1] update -- dict unused[oparg-1]',
    arg: 'Depth of the dict below the mapping.',
  },
  LIST_TO_TUPLE: {
    what: 'Converts the list on top into a tuple (3.10–3.11), e.g. the argument list built for `f(*a, *b)`.',
    stack: 'list -- tuple',
  },
  FORMAT_VALUE: {
    what: 'Formats one replacement field of an f-string (3.10–3.12): applies the conversion oparg & 3 names (`!s`, ' +
      '`!r`, `!a`), then `format(value, spec)`, taking the spec from the top of the stack when oparg & 4 is set.',
    stack: 'value fmt_spec[(oparg>>2)&1] -- result',
    arg: 'Bits 0–1: conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`); bit 2: a format spec is on the stack.',
  },
  FORMAT_SIMPLE: {
    what: 'Formats the top item with an empty spec, `format(value)`, for an f-string field without a spec (3.13+; ' +
      'a str is left as it is).',
    stack: 'value -- res',
  },
  FORMAT_WITH_SPEC: { what: 'Formats a value with the spec on top, `format(value, spec)`, for an f-string field with a spec (3.13+).', stack: 'value fmt_spec -- res' },
  CONVERT_VALUE: {
    what: 'Applies an f-string conversion to the top item (3.13+): `str()` for `!s`, `repr()` for `!r`, `ascii()` for `!a`.',
    stack: 'value -- result',
    arg: 'The conversion: 1 `str`, 2 `repr`, 3 `ascii`.',
  },
  BUILD_TEMPLATE: {
    what: 'Builds a `string.templatelib.Template` for a t-string (PEP 750, 3.14+) from a tuple of its static strings ' +
      'and a tuple of its interpolations.',
    stack: 'strings interpolations -- template',
  },
  BUILD_INTERPOLATION: {
    what: 'Builds a `string.templatelib.Interpolation` for one field of a t-string (3.14+): the value, the source ' +
      'text of the expression, the conversion and (if oparg & 1) the format spec on top.',
    stack: 'value str format[oparg&1] -- interpolation',
    arg: 'Bit 0: a format spec is on the stack; oparg >> 2: the conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`).',
  },

  // ---- calls and functions --------------------------------------------------------------------------------
  CALL_FUNCTION: {
    what: 'Calls a callable with oparg positional arguments (3.10): pops the arguments and the callable below them ' +
      'and pushes the return value.',
    stack: 'callable args[oparg] -- res',
    arg: 'Number of positional arguments.',
  },
  CALL_FUNCTION_KW: {
    what: 'Calls a callable with keyword arguments (3.10): the top item is a tuple of keyword names, matching the ' +
      'last values among the oparg arguments below it.',
    stack: 'callable args[oparg] kwnames -- res',
    arg: 'Total number of arguments (positional and keyword).',
  },
  CALL_METHOD: {
    what: 'Calls what LOAD_METHOD prepared (3.10): a function and `self`, or NULL and a callable, below oparg ' +
      'positional arguments; pushes the return value.',
    stack: 'meth_or_null self_or_callable args[oparg] -- res',
    arg: 'Number of positional arguments, not counting `self`.',
  },
  CALL_FUNCTION_EX: {
    what: byVersion({
      '3.10': 'Calls with unpacked arguments, `f(*args, **kwargs)`: pops a tuple of positional arguments, a dict of ' +
        'keyword arguments when oparg & 1 is set, and the callable.',
      '3.11-3.13': 'Calls with unpacked arguments, `f(*args, **kwargs)`: pops the callable (with its NULL slot), a ' +
        'tuple of positional arguments and, when oparg & 1 is set, a dict of keyword arguments.',
      '3.14+': 'Calls with unpacked arguments, `f(*args, **kwargs)`: pops the callable (with its NULL slot), a tuple ' +
        'of positional arguments and a dict of keyword arguments or NULL. No argument from 3.14.',
    }),
    stack: byVersion({
      '3.10': 'func callargs kwargs[oparg&1] -- result',
      '3.11-3.13': 'null func callargs kwargs[oparg&1] -- result',
      '3.14+': 'func unused callargs kwargs_or_null -- result',
    }),
    arg: 'Bit 0: a mapping of keyword arguments is on the stack.',
  },
  PRECALL: {
    what: 'First half of every call in 3.11 (removed in 3.12): prepares the call of the callable below its oparg ' +
      'arguments, e.g. splits a bound method into function and `self`; its specialized forms perform calls of ' +
      'builtins entirely.',
    stack: null,
    stackNote: 'At run time PRECALL leaves the stack as it is and CALL pops everything; the compiler\'s accounting ' +
      '(`dis.stack_effect`) charges −oparg to PRECALL and −1 to the CALL that follows.',
    arg: 'Number of arguments, not counting `self`.',
  },
  CALL: {
    what: byVersion({
      '3.11': 'Calls the callable below oparg arguments (3.11 pairs it with PRECALL and, for keyword arguments, ' +
        'KW_NAMES); the slot below the callable holds NULL or, for a method, the function with the callable being ' +
        '`self`. Pushes the return value.',
      '3.12': 'Calls the callable below oparg arguments; the slot below it holds NULL or a method\'s function (then ' +
        'the callable slot is `self`). Keyword names, if any, come from the preceding KW_NAMES. Pushes the return value.',
      '3.13+': 'Calls the callable below oparg positional arguments; the slot between them holds `self` for a method ' +
        'call or NULL. Pushes the return value. Calls with keyword arguments use CALL_KW.',
    }),
    stack: byVersion({
      '3.11': null,
      '3.12': 'method_or_null callable args[oparg] -- res',
      '3.13+': 'callable self_or_null args[oparg] -- res',
    }),
    stackNote: byVersion({
      '3.11': 'At run time CALL pops NULL or the method, the callable and the oparg arguments and pushes the result; ' +
        'the compiler\'s accounting (`dis.stack_effect`) charges −oparg of that to the preceding PRECALL and −1 here.',
    }),
    arg: 'Number of arguments, not counting `self`.',
  },
  KW_NAMES: {
    what: 'Records the constant tuple co_consts[oparg] as the keyword names of the next CALL (3.11–3.12): the last ' +
      'len(names) arguments of that call are passed by keyword.',
    stack: '--',
  },
  CALL_KW: {
    what: 'Calls with keyword arguments (3.13+): the top item is a tuple of keyword names, matching the last values ' +
      'among the oparg arguments below it; below those are `self` or NULL and the callable.',
    stack: 'callable self_or_null args[oparg] kwnames -- res',
    arg: 'Number of arguments, positional and keyword, not counting `self`.',
  },
  CALL_INTRINSIC_1: {
    what: 'Calls an internal helper of the interpreter with one argument, chosen by oparg (3.12+): printing in the ' +
      'REPL, `import *`, turning StopIteration into RuntimeError in generators, unary `+`, list to tuple, creating ' +
      'TypeVar, ParamSpec and type aliases, and more.',
    stack: 'value -- res',
    arg: 'Which intrinsic function to call.',
  },
  CALL_INTRINSIC_2: {
    what: 'Calls an internal helper of the interpreter with two arguments, chosen by oparg (3.12+): preparing ' +
      'the re-raise of `except*`, creating a TypeVar with a bound or constraints, setting a generic function\'s ' +
      'type parameters, and more.',
    stack: 'value2 value1 -- res',
    arg: 'Which intrinsic function to call.',
  },
  MAKE_FUNCTION: {
    what: byVersion({
      '3.10': 'Creates a function from the qualified name on top and the code object below it, plus the defaults, ' +
        'keyword-only defaults, annotations and closure tuple below those, as oparg\'s flags announce.',
      '3.11-3.12': 'Creates a function from the code object on top (its qualified name now comes from the code ' +
        'object) plus the defaults, keyword-only defaults, annotations and closure below it, as oparg\'s flags announce.',
      '3.13+': 'Creates a function from the code object on top. From 3.13 it takes no argument: defaults, ' +
        'annotations and the closure are attached afterwards by SET_FUNCTION_ATTRIBUTE.',
    }),
    stack: byVersion({
      '3.10': 'defaults[oparg&1] kwdefaults[(oparg>>1)&1] annotations[(oparg>>2)&1] closure[(oparg>>3)&1] code qualname -- func',
      '3.11-3.12': 'defaults[oparg&1] kwdefaults[(oparg>>1)&1] annotations[(oparg>>2)&1] closure[(oparg>>3)&1] code -- func',
      '3.13+': 'code -- func',
    }),
    arg: 'Flags saying which extras are on the stack: 1 defaults tuple, 2 keyword-only defaults dict, 4 annotations, 8 closure tuple.',
  },
  SET_FUNCTION_ATTRIBUTE: {
    what: 'Sets one attribute of the function being built (3.13+): pops the function and the value below it, stores ' +
      'the value as the defaults, keyword-only defaults, annotations, closure or (3.14+) annotate function that ' +
      'oparg names, and pushes the function back.',
    stack: 'attr func -- func',
    arg: 'One flag: 1 defaults, 2 keyword-only defaults, 4 annotations, 8 closure, 16 (3.14+) `__annotate__`.',
  },
  RETURN_GENERATOR: {
    what: 'First instruction of a generator, coroutine or async generator function (3.11+): creates the generator ' +
      'object around the current frame and returns it to the caller; the body starts when the generator is first ' +
      'resumed.',
    stack: byVersion({ '3.11-3.12': '--', '3.13+': '-- res' }),
  },
  GEN_START: {
    what: 'First instruction of a generator, coroutine or async generator body (3.10): pops the value sent by the ' +
      'first resumption, which must be None.',
    stack: 'value --',
    arg: 'Kind of generator: 0 generator, 1 coroutine, 2 async generator.',
  },
  RESUME: {
    what: byVersion({
      '3.11': 'A no-op marking where a frame starts or resumes after a `yield` or `await` (3.11+): the interpreter ' +
        'checks there for pending signals and tracing, and counts the call towards quickening: after about 8 calls ' +
        'or loop iterations the code object is quickened (its instructions get their adaptive forms) and RESUME ' +
        'becomes RESUME_QUICK.',
      '3.12': 'A no-op marking where a frame starts or resumes after a `yield` or `await` (3.11+): the interpreter ' +
        'checks there for pending signals, tracing and monitoring (whether the code must be instrumented first). ' +
        'It quickens nothing: since 3.12 a code object is quickened when it is created.',
      '3.13+': 'A no-op marking where a frame starts or resumes after a `yield` or `await` (3.11+): the interpreter ' +
        'checks there for pending signals, tracing and monitoring (whether the code must be instrumented first); ' +
        'once run it specializes into RESUME_CHECK, which checks only that the instrumentation is up to date. It ' +
        'quickens nothing: since 3.12 a code object is quickened when it is created.',
    }),
    stack: '--',
    arg: byVersion({
      '-3.12': 'Where it stands: 0 function start, 1 after a yield, 2 after a yield from, 3 after an await.',
      '3.13+': 'Low two bits: 0 function start, 1 after a yield, 2 after a yield from, 3 after an await; bit 2 (4) ' +
        'is an internal flag about the exception-handler depth.',
    }),
  },
  LOAD_BUILD_CLASS: {
    what: 'Pushes `builtins.__build_class__`, which a `class` statement then calls with the class body function, ' +
      'the name and the bases.',
    stack: '-- bc',
  },

  // ---- generators and coroutines --------------------------------------------------------------------------
  YIELD_VALUE: {
    what: 'Suspends the generator and yields the top item to whoever resumed it; when resumed again, the sent value ' +
      '(None for `next()`) takes its place on the stack.',
    stack: 'retval -- value',
    arg: byVersion({
      '-3.11': 'No argument.',
      '3.12': 'A depth the compiler records for closing the generator efficiently.',
      '3.13+': '1 when the yield belongs to a `yield from` or `await` loop, 0 for a plain `yield`.',
    }),
  },
  YIELD_FROM: {
    what: 'Delegates to a sub-iterator (3.10, `yield from` and `await`): sends the top value into the iterator below ' +
      'it and yields what it yields, repeating until it finishes; then leaves its return value.',
    stack: 'receiver v -- res',
  },
  GET_YIELD_FROM_ITER: {
    what: 'Prepares the operand of `yield from`: a generator passes through (and a coroutine, inside a coroutine); ' +
      'anything else is replaced by `iter()` of it. Removed in 3.15, where GET_ITER takes an argument instead.',
    stack: 'iterable -- iter',
  },
  SEND: {
    what: byVersion({
      '3.11': 'One step of a `yield from` or `await` loop (3.11+): sends the top value into the receiver below it ' +
        '(`send()`, or `next()` for None). If the receiver yields, its value replaces the sent one; if it returns, ' +
        'both items are replaced by the return value and SEND jumps forward by oparg.',
      '3.12+': 'One step of a `yield from` or `await` loop: sends the top value into the receiver below it ' +
        '(`send()`, or `next()` for None). If the receiver yields, its value replaces the sent one; if it returns, the ' +
        'return value replaces it and SEND jumps forward by oparg to END_SEND.',
    }),
    stack: byVersion({ '-3.14': 'receiver v -- receiver retval', '3.15+': 'receiver index_or_null v -- receiver index_or_null retval' }),
    stackJump: byVersion({
      '3.11': 'receiver v -- retval',
      '3.12-3.14': 'receiver v -- receiver retval',
      '3.15+': 'receiver index_or_null v -- receiver index_or_null retval',
    }),
  },
  END_SEND: {
    what: byVersion({
      '-3.14': 'Ends a `yield from` or `await` loop (3.12+): removes the receiver below the top item, leaving the ' +
        'result of the delegation.',
      '3.15+': 'Ends a `yield from` or `await` loop: removes the receiver and the slot above it, leaving the result ' +
        'of the delegation.',
    }),
    stack: byVersion({ '-3.14': 'receiver value -- val', '3.15+': 'receiver index_or_null value -- val' }),
  },
  CLEANUP_THROW: {
    what: 'Handles an exception thrown into a `yield from` or `await` (3.12+): if it is the StopIteration of the ' +
      'sub-iterator finishing, its value becomes the result; any other exception is re-raised.',
    stack: 'sub_iter last_sent_val exc_value -- none value',
  },
  GET_AWAITABLE: {
    what: byVersion({
      '3.10': 'Replaces the top item with an awaitable: a coroutine itself, or the iterator its `__await__` returns.',
      '3.11+': 'Replaces the top item with an awaitable: a coroutine itself, or the iterator its `__await__` returns. ' +
        'The argument only tells where the await is, for a better error message.',
    }),
    stack: 'iterable -- iter',
    arg: 'Where the awaitable comes from: 0 `await`, 1 `__aenter__`, 2 `__aexit__`.',
  },
  GET_AITER: { what: 'Replaces the top item with its asynchronous iterator, `aiter(x)`, at the start of `async for`.', stack: 'obj -- iter' },
  GET_ANEXT: {
    what: 'Pushes the awaitable of the next step of the asynchronous iterator on top, `anext(it)`, keeping the ' +
      'iterator; the loop then awaits it.',
    stack: 'aiter -- aiter awaitable',
  },
  END_ASYNC_FOR: {
    what: byVersion({
      '3.10': 'Exception handler of `async for` (3.10): when the exception is StopAsyncIteration the loop ends ' +
        'normally, dropping the exception items and the iterator; anything else is re-raised.',
      '3.11-3.13': 'Exception handler of `async for`: when the exception on top is StopAsyncIteration the loop ends ' +
        'normally, dropping it and the awaitable below; anything else is re-raised.',
      '3.14+': 'Exception handler of `async for`: when the exception on top is StopAsyncIteration the loop ends ' +
        'normally, dropping it and the awaitable below; anything else is re-raised. From 3.14 its argument points ' +
        'back to the loop head, so that monitoring can report the loop exit as a branch.',
    }),
    stack: byVersion({ '3.10': 'aiter prev_exc[3] exc[3] --', '3.11+': 'awaitable exc --' }),
    arg: 'Distance back to the loop head (code units), used for branch monitoring.',
  },
  ASYNC_GEN_WRAP: {
    what: 'Wraps the value an async generator yields (3.11) so that the machinery driving it can tell a yielded ' +
      'value from an awaited one; from 3.12 the intrinsic INTRINSIC_ASYNC_GEN_WRAP.',
    stack: 'v -- v',
  },

  // ---- iteration and control flow -------------------------------------------------------------------------
  GET_ITER: {
    what: byVersion({
      '-3.14': 'Replaces the top item with an iterator over it, `iter(x)`, before a `for` loop or comprehension.',
      '3.15+': 'Replaces the top item with an iterator over it plus a slot for an index (NULL when a real iterator ' +
        'is used), before a `for` loop, a comprehension or (non-zero argument) a `yield from`. Lists, tuples and ' +
        'strings can be iterated by index without an iterator object.',
    }),
    stack: byVersion({ '-3.14': 'iterable -- iter', '3.15+': 'iterable -- iter index_or_null' }),
    arg: 'What the iterator is for: 0 a `for` loop or comprehension; observed 3 for `yield from`, where generators ' +
      'and coroutines pass through as GET_YIELD_FROM_ITER did.',
  },
  FOR_ITER: {
    what: byVersion({
      '-3.11': 'One step of a `for` loop: calls `next()` on the iterator on top and pushes the value; when the ' +
        'iterator is exhausted it pops the iterator and jumps forward by oparg, past the loop.',
      '3.12': 'One step of a `for` loop: calls `next()` on the iterator on top and pushes the value; when the ' +
        'iterator is exhausted it pops the iterator and jumps forward by oparg, skipping the END_FOR found there.',
      '3.13': 'One step of a `for` loop: calls `next()` on the iterator on top and pushes the value; when the ' +
        'iterator is exhausted it pops the iterator and jumps forward by oparg, skipping the END_FOR and POP_TOP ' +
        'found there.',
      '3.14': 'One step of a `for` loop: calls `next()` on the iterator on top and pushes the value; when the ' +
        'iterator is exhausted it jumps forward by oparg, skipping the END_FOR found there and leaving the iterator ' +
        'for POP_ITER.',
      '3.15+': 'One step of a `for` loop: pushes the next value of the iterator (or, for a list, tuple or str, of the ' +
        'sequence at the index in the slot above it); when there is none it jumps forward by oparg, skipping the ' +
        'END_FOR found there and leaving iterator and index for POP_ITER.',
    }),
    stack: byVersion({ '-3.14': 'iter -- iter next', '3.15+': 'iter index_or_null -- iter index_or_null next' }),
    stackJump: byVersion({ '-3.11': 'iter --', '3.12-3.14': 'iter -- iter next', '3.15+': 'iter index_or_null -- iter index_or_null next' }),
  },
  END_FOR: {
    what: byVersion({
      '3.12': 'Loop exit marker (3.12): pops two items. FOR_ITER jumps over it when the iterator is exhausted; it runs ' +
        'when a generator driven by the loop returns, dropping its return value and the iterator.',
      '3.13+': 'Loop exit marker (3.13+): pops one item. FOR_ITER jumps over it when the iterator is exhausted; it ' +
        'runs when a generator driven by the loop returns, dropping its return value.',
    }),
    stack: byVersion({ '3.12': 'iter value --', '3.13+': 'value --' }),
  },
  POP_ITER: {
    what: byVersion({
      '3.14': 'Pops the iterator at the exit of a `for` loop (3.14+).',
      '3.15+': 'Pops the iterator and its index slot at the exit of a `for` loop.',
    }),
    stack: byVersion({ '3.14': 'iter --', '3.15+': 'iter index_or_null --' }),
  },
  GET_LEN: {
    what: 'Pushes `len()` of the top item, keeping the item: sequence patterns in `match` check the length first.',
    stack: 'obj -- obj len',
  },
  JUMP_FORWARD: { what: 'Unconditional jump forward by oparg code units, e.g. over an `else` branch.', stack: '--' },
  JUMP_ABSOLUTE: {
    what: 'Unconditional jump to code unit oparg (byte offset 2 × oparg) (3.10): the jump back to the head of a ' +
      'loop, where the interpreter also checks for pending signals.',
    stack: '--',
  },
  JUMP_BACKWARD: {
    what: byVersion({
      '-3.12': 'Jumps back by oparg code units, closing a loop (3.11+), and checks for pending signals and thread ' +
        'switches on the way.',
      '3.13+': 'Jumps back by oparg code units, closing a loop, and checks for pending signals on the way. Its ' +
        'cache counts the iterations with which the optimizer decides that a loop is hot.',
    }),
    stack: '--',
  },
  JUMP_BACKWARD_NO_INTERRUPT: {
    what: 'Jumps back by oparg code units without checking for signals (3.11+): closes the `yield from`/`await` loop, ' +
      'which must not be interrupted between sending a value and receiving the answer.',
    stack: '--',
  },
  JUMP: {
    what: 'Pseudo-instruction (3.12+): an unconditional jump whose direction the compiler does not know yet; the ' +
      'assembler emits JUMP_FORWARD or JUMP_BACKWARD.',
    stack: '--',
  },
  JUMP_NO_INTERRUPT: {
    what: 'Pseudo-instruction (3.12+): an unconditional jump that must not check for signals; becomes ' +
      'JUMP_BACKWARD_NO_INTERRUPT (or JUMP_FORWARD when it goes forward).',
    stack: '--',
  },
  JUMP_IF_FALSE: {
    what: 'Pseudo-instruction (3.14+): jumps if the top item is false but keeps it, for `and`; expanded to COPY, ' +
      'TO_BOOL and POP_JUMP_IF_FALSE.',
    stack: 'value -- value',
  },
  JUMP_IF_TRUE: {
    what: 'Pseudo-instruction (3.14+): jumps if the top item is true but keeps it, for `or`; expanded to COPY, ' +
      'TO_BOOL and POP_JUMP_IF_TRUE.',
    stack: 'value -- value',
  },
  POP_JUMP_IF_FALSE: {
    what: byVersion({
      '3.10': 'Pops the top item and jumps to code unit oparg if it is false (truth test); an `if` or `while` condition.',
      '3.12': 'Pops the top item and jumps forward by oparg code units if it is false (truth test).',
      '3.13': 'Pops the top item, which TO_BOOL has made an exact bool, and jumps forward by oparg code units if it ' +
        'is False.',
      '3.14+': 'Pops the top item, which TO_BOOL has made an exact bool, and jumps forward by oparg code units if it ' +
        'is False; a NOT_TAKEN follows on the fall-through path for branch monitoring.',
    }),
    stack: 'cond --',
  },
  POP_JUMP_IF_TRUE: {
    what: byVersion({
      '3.10': 'Pops the top item and jumps to code unit oparg if it is true (truth test), e.g. for `if not x`.',
      '3.12': 'Pops the top item and jumps forward by oparg code units if it is true (truth test).',
      '3.13': 'Pops the top item, which TO_BOOL has made an exact bool, and jumps forward by oparg code units if it ' +
        'is True.',
      '3.14+': 'Pops the top item, which TO_BOOL has made an exact bool, and jumps forward by oparg code units if it ' +
        'is True; a NOT_TAKEN follows on the fall-through path for branch monitoring.',
    }),
    stack: 'cond --',
  },
  POP_JUMP_IF_NONE: {
    what: 'Pops the top item and jumps forward by oparg code units if it is None (3.12+): `x is not None` tests ' +
      'compiled without IS_OP.',
    stack: 'value --',
  },
  POP_JUMP_IF_NOT_NONE: {
    what: 'Pops the top item and jumps forward by oparg code units unless it is None (3.12+): `x is None` tests ' +
      'compiled without IS_OP.',
    stack: 'value --',
  },
  POP_JUMP_FORWARD_IF_FALSE: { what: 'Pops the top item and jumps forward by oparg code units if it is false (3.11 only).', stack: 'cond --' },
  POP_JUMP_FORWARD_IF_TRUE: { what: 'Pops the top item and jumps forward by oparg code units if it is true (3.11 only).', stack: 'cond --' },
  POP_JUMP_FORWARD_IF_NONE: { what: 'Pops the top item and jumps forward by oparg code units if it is None (3.11 only).', stack: 'value --' },
  POP_JUMP_FORWARD_IF_NOT_NONE: {
    what: 'Pops the top item and jumps forward by oparg code units unless it is None (3.11 only).',
    stack: 'value --',
  },
  POP_JUMP_BACKWARD_IF_FALSE: {
    what: 'Pops the top item and jumps back by oparg code units if it is false (3.11 only): the bottom test of a ' +
      '`while not …` loop.',
    stack: 'cond --',
  },
  POP_JUMP_BACKWARD_IF_TRUE: {
    what: 'Pops the top item and jumps back by oparg code units if it is true (3.11 only): the bottom test of a ' +
      '`while` loop.',
    stack: 'cond --',
  },
  POP_JUMP_BACKWARD_IF_NONE: {
    what: 'Pops the top item and jumps back by oparg code units if it is None (3.11 only): a `while x is None` loop.',
    stack: 'value --',
  },
  POP_JUMP_BACKWARD_IF_NOT_NONE: {
    what: 'Pops the top item and jumps back by oparg code units unless it is None (3.11 only): a `while x is not ' +
      'None` loop.',
    stack: 'value --',
  },
  JUMP_IF_FALSE_OR_POP: {
    what: byVersion({
      '3.10': '`and`: if the top item is false, jumps to code unit oparg and keeps it as the result; otherwise pops ' +
        'it and goes on to evaluate the right operand.',
      '3.11': '`and`: if the top item is false, jumps forward by oparg code units and keeps it as the result; ' +
        'otherwise pops it and goes on to evaluate the right operand.',
    }),
    stack: 'value --',
    stackJump: 'value -- value',
  },
  JUMP_IF_TRUE_OR_POP: {
    what: byVersion({
      '3.10': '`or`: if the top item is true, jumps to code unit oparg and keeps it as the result; otherwise pops it ' +
        'and goes on to evaluate the right operand.',
      '3.11': '`or`: if the top item is true, jumps forward by oparg code units and keeps it as the result; ' +
        'otherwise pops it and goes on to evaluate the right operand.',
    }),
    stack: 'value --',
    stackJump: 'value -- value',
  },
  NOT_TAKEN: {
    what: 'A no-op on the fall-through path right after a conditional jump (3.14+). It exists so that ' +
      '`sys.monitoring` can report which way a branch went (BRANCH_LEFT / BRANCH_RIGHT).',
    stack: '--',
  },
  ENTER_EXECUTOR: {
    what: 'Takes the place of a hot loop\'s JUMP_BACKWARD once the tier-2 optimizer has compiled the loop into a ' +
      'trace (3.13+): runs the optimized executor (uops or JIT-compiled machine code) that oparg indexes.',
    stack: '--',
    arg: 'Index of the executor in the code object\'s table of executors.',
  },
  TRACE_RECORD: {
    what: 'An opcode of the 3.15 tracing JIT: while a trace is being recorded, the interpreter dispatches through ' +
      'it to note each instruction executed before running it.',
    stack: '--',
    arg: 'Nothing the tables describe: it is in hasarg because its number is at least HAVE_ARGUMENT, and no other ' +
      'has* set names it.',
  },

  // ---- exceptions -----------------------------------------------------------------------------------------
  SETUP_FINALLY: {
    what: byVersion({
      '3.10': 'Starts a `try` block (3.10): pushes a block onto the frame\'s block stack; if an exception is raised ' +
        'before the matching POP_BLOCK, the interpreter unwinds the value stack and jumps to the handler oparg code ' +
        'units ahead.',
      '3.12+': 'Pseudo-instruction (3.12+): opens the protected range of a `try` body; the assembler turns the range ' +
        'into an exception-table entry pointing at the handler.',
    }),
    stack: '--',
    stackJump: byVersion({ '3.10': '-- prev_exc[3] exc[3]', '3.12+': '-- exc' }),
  },
  SETUP_CLEANUP: {
    what: 'Pseudo-instruction (3.12+): like SETUP_FINALLY, but the handler also receives the offset of the raising ' +
      'instruction (`lasti`), so that it can restore state and re-raise from the right place; used for the cleanup ' +
      'around `except` bodies and the like.',
    stack: '--',
    stackJump: '-- lasti exc',
  },
  POP_BLOCK: {
    what: byVersion({
      '3.10': 'Ends a `try` or `with` block (3.10): pops the innermost block from the block stack; the value stack is ' +
        'untouched.',
      '3.12+': 'Pseudo-instruction (3.12+): ends the protected range (what was a block before 3.11) that the innermost ' +
        'SETUP_* opened; the assembler removes it.',
    }),
    stack: '--',
  },
  POP_EXCEPT: {
    what: byVersion({
      '3.10': 'Ends an `except` block (3.10): pops the three items describing the previously handled exception and ' +
        'makes it the handled exception again.',
      '3.11+': 'Ends an `except` block: pops the previously handled exception, saved by PUSH_EXC_INFO, and makes it ' +
        'the handled exception (`sys.exception()`) again.',
    }),
    stack: byVersion({ '3.10': 'prev_exc[3] --', '3.11+': 'exc_value --' }),
  },
  PUSH_EXC_INFO: {
    what: 'Starts an exception handler (3.11+): saves the currently handled exception below the new one on the ' +
      'stack and makes the new one the handled exception (`sys.exception()`).',
    stack: 'exc -- prev_exc exc',
  },
  CHECK_EXC_MATCH: {
    what: '`except E:` (3.11+): replaces the class on top with whether the exception below it is an instance of it, ' +
      'keeping the exception.',
    stack: 'left right -- left b',
  },
  JUMP_IF_NOT_EXC_MATCH: {
    what: '`except E:` (3.10): pops the class to match and the raised exception type below it, and jumps to code ' +
      'unit oparg if the exception does not match.',
    stack: 'left right --',
  },
  CHECK_EG_MATCH: {
    what: '`except* E:` (3.11+): splits the exception group below the top by the type on top; pushes the part that ' +
      'does not match and the part that does (None when nothing matches).',
    stack: 'exc_value match_type -- rest match',
  },
  PREP_RERAISE_STAR: {
    what: 'End of the `except*` handlers (3.11): combines the exceptions the handlers raised or re-raised with the ' +
      'unhandled rest of the original group into the one exception to propagate (None if none).',
    stack: 'orig excs -- val',
  },
  RERAISE: {
    what: byVersion({
      '3.10': 'Re-raises the exception whose three items are on top (3.10), e.g. at the end of a `finally` block or ' +
        'of an `except` clause that did not match. With a non-zero argument it also restores the frame\'s last ' +
        'instruction.',
      '3.11+': 'Re-raises the exception on top, e.g. at the end of a `finally` block or of unmatched `except` ' +
        'clauses. With a non-zero argument it first takes the saved offset of the original raise (`lasti`) from the ' +
        'stack, so the traceback points at the right line.',
    }),
    stack: byVersion({ '3.10': 'exc[3] --', '3.11+': 'values[oparg] exc -- values[oparg]' }),
    arg: 'Non-zero: restore the frame\'s last-instruction offset saved below the exception.',
  },
  RAISE_VARARGS: {
    what: '`raise` in its three forms: oparg 0 re-raises the exception being handled, 1 raises the exception on ' +
      'top, 2 raises the second item with the top item as its `__cause__` (`raise E from C`).',
    stack: 'args[oparg] --',
    arg: 'Number of operands: 0, 1 or 2.',
  },

  // ---- pattern matching -----------------------------------------------------------------------------------
  MATCH_MAPPING: {
    what: '`match` mapping pattern: pushes whether the subject on top is a mapping (its type has the mapping flag, ' +
      'as dict and collections.abc.Mapping subclasses do), keeping the subject.',
    stack: 'subject -- subject res',
  },
  MATCH_SEQUENCE: {
    what: '`match` sequence pattern: pushes whether the subject on top is a sequence for pattern matching (list, ' +
      'tuple, Sequence subclasses — but not str, bytes or bytearray), keeping the subject.',
    stack: 'subject -- subject res',
  },
  MATCH_KEYS: {
    what: byVersion({
      '3.10': '`match` mapping pattern (3.10): with a tuple of keys on top and the subject below, pushes a tuple of ' +
        'the values for those keys and True, or None and False if a key is missing.',
      '3.11+': '`match` mapping pattern: with a tuple of keys on top and the subject below, pushes a tuple of the ' +
        'values for those keys, or None if a key is missing.',
    }),
    stack: byVersion({ '3.10': 'subject keys -- subject keys values ok', '3.11+': 'subject keys -- subject keys values_or_none' }),
  },
  MATCH_CLASS: {
    what: byVersion({
      '3.10': '`match` class pattern `C(a, b=x)` (3.10): pops the tuple of keyword names, the class and the subject; ' +
        'pushes a tuple of the extracted attributes and True on a match, or False.',
      '3.11+': '`match` class pattern `C(a, b=x)`: pops the tuple of keyword names, the class and the subject; pushes ' +
        'a tuple of the extracted attributes on a match, None otherwise.',
    }),
    stack: byVersion({ '3.10': 'subject type names -- attrs ok', '3.11+': 'subject type names -- attrs_or_none' }),
    arg: 'Number of positional sub-patterns (matched through `__match_args__`).',
  },
  COPY_DICT_WITHOUT_KEYS: {
    what: '`**rest` in a mapping pattern (3.10): replaces the tuple of matched keys on top with a copy of the subject ' +
      'dict without those keys.',
    stack: 'subject keys -- subject rest',
  },

  // ---- imports and misc -----------------------------------------------------------------------------------
  IMPORT_NAME: {
    what: byVersion({
      '-3.14': 'Imports the module co_names[oparg] through `__import__`, with the from-list on top and the relative ' +
        'import level below it, and pushes the module.',
      '3.15+': 'Imports the module co_names[oparg >> 2] through `__import__`, with the from-list on top and the ' +
        'relative import level below it, and pushes the module. The low bits mark `lazy import` (PEP 810): the ' +
        'module is only loaded when first used.',
    }),
    stack: 'level fromlist -- res',
    arg: byVersion({
      '-3.14': 'Index into co_names.',
      '3.15+': 'co_names index shifted left by two; bit 0 = a lazy import, bit 1 = explicitly eager.',
    }),
  },
  IMPORT_FROM: {
    what: '`from module import name`: pushes attribute co_names[oparg] of the module on top (importing the ' +
      'submodule if the attribute is missing), keeping the module for further names.',
    stack: 'from -- from res',
  },
  IMPORT_STAR: {
    what: '`from module import *` (3.10–3.11): binds every public name of the module on top in the local namespace ' +
      'and pops the module.',
    stack: 'from --',
  },
  PRINT_EXPR: {
    what: 'Interactive mode only (3.10–3.11): shows the value of an expression statement through `sys.displayhook` ' +
      'and pops it.',
    stack: 'value --',
  },
  INTERPRETER_EXIT: {
    what: 'Leaves the interpreter loop and hands the top item back to the C code that started it (3.12+); only ' +
      'found in the small code the interpreter uses when C calls into Python.',
    stack: 'retval --',
  },
  RESERVED: { what: 'An opcode number reserved for internal use (3.12+): it has no behaviour and no code contains it.', stack: '--' },
  EXIT_INIT_CHECK: {
    what: 'Checks that `__init__` returned None, raising TypeError otherwise (3.13+); it lives in the shim frame ' +
      'that CALL_ALLOC_AND_ENTER_INIT pushes below `__init__`.',
    stack: 'should_be_none --',
  },
};

/** Ordinary (base) and pseudo instructions of every version: 3.10+, with what was different before and what only
 * 2.7 and 3.0–3.9 have (descriptions-old.ts). */
export const OP_DOCS: Readonly<Record<string, OpDoc>> = withOldDocs<OpDoc>(NEWER_OP_DOCS);

/** How a specialized instruction came about. */
export type SpecializedKind = 'specialized' | 'adaptive' | 'quickened' | 'superinstruction';

/** Hand-written documentation of a specialized instruction (the rest comes from its base instruction). */
export interface SpecializedDoc {
  /** What it is specialized for and what it does differently. */
  readonly what: Versioned<string>;
  readonly kind?: SpecializedKind;
}

const ADAPTIVE = (base: string, extra: string): SpecializedDoc => ({
  kind: 'adaptive',
  what: `The adaptive form of ${base} in 3.11: quickening writes it in place of ${base}; it counts down and then ` +
    `tries to specialize from what it sees at run time. ${extra}`,
});
const PRECALL_NO_KW = (what: string): SpecializedDoc => ({ what: `3.11: a call without keyword arguments of ${what}, performed entirely by PRECALL.` });

/** Specialized instructions, by name. */
export const SPECIALIZED_DOCS: Readonly<Record<string, SpecializedDoc>> = {
  // quickening and superinstructions
  RESUME_QUICK: { kind: 'quickened', what: 'The quickened RESUME of 3.11: marks that the code object has been quickened, so the check is skipped.' },
  RESUME_CHECK: { what: 'RESUME once the code is quickened (3.13+): only checks the eval breaker and the monitoring version; it reverts to RESUME when instrumentation changes.' },
  RESUME_CHECK_JIT: { what: 'RESUME in a build with the JIT enabled (3.15): like RESUME_CHECK, and also counts entries for the JIT.' },
  JUMP_BACKWARD_QUICK: { kind: 'quickened', what: 'The quickened JUMP_BACKWARD of 3.11: the same loop jump without the warm-up counting of the unquickened form.' },
  JUMP_BACKWARD_NO_JIT: { what: 'JUMP_BACKWARD in a build without the JIT (3.14+): just the jump and the signal check, with no counting for trace compilation.' },
  JUMP_BACKWARD_JIT: { what: 'JUMP_BACKWARD in a build with the JIT (3.14+): counts iterations and hands a hot loop to the optimizer, which may replace it with ENTER_EXECUTOR.' },
  EXTENDED_ARG_QUICK: { kind: 'quickened', what: 'The quickened EXTENDED_ARG of 3.11: the argument prefix that dispatches straight to the (possibly specialized) next instruction.' },
  LOAD_FAST__LOAD_FAST: { kind: 'superinstruction', what: 'Superinstruction of 3.11–3.12: a LOAD_FAST immediately followed by another LOAD_FAST, executed in one dispatch.' },
  LOAD_FAST__LOAD_CONST: { kind: 'superinstruction', what: 'Superinstruction of 3.11–3.12: a LOAD_FAST immediately followed by a LOAD_CONST, executed in one dispatch.' },
  LOAD_CONST__LOAD_FAST: { kind: 'superinstruction', what: 'Superinstruction of 3.11–3.12: a LOAD_CONST immediately followed by a LOAD_FAST, executed in one dispatch.' },
  STORE_FAST__LOAD_FAST: { kind: 'superinstruction', what: 'Superinstruction of 3.11–3.12: a STORE_FAST immediately followed by a LOAD_FAST, executed in one dispatch.' },
  STORE_FAST__STORE_FAST: { kind: 'superinstruction', what: 'Superinstruction of 3.11–3.12: two consecutive STORE_FAST instructions executed in one dispatch, as in tuple unpacking.' },
  LOAD_CONST_IMMORTAL: { what: 'LOAD_CONST of an immortal constant (None, True, small ints, interned strings; 3.14): pushes it without touching the reference count.' },
  LOAD_CONST_MORTAL: { what: 'LOAD_CONST of an ordinary (mortal) constant (3.14): pushes it with a reference-count increment.' },
  // BINARY_OP
  BINARY_OP_ADAPTIVE: ADAPTIVE('BINARY_OP', 'When no specialization fits, it is replaced by plain BINARY_OP.'),
  BINARY_OP_ADD_INT: { what: '`+` when both operands are exact ints: adds them without going through the number protocol.' },
  BINARY_OP_ADD_FLOAT: { what: '`+` when both operands are exact floats: adds the C doubles directly.' },
  BINARY_OP_ADD_UNICODE: { what: '`+` when both operands are exact strs: concatenates them directly.' },
  BINARY_OP_INPLACE_ADD_UNICODE: { what: '`s += t` (or `s = s + t`) on exact strs where `s` is a local stored right back: appends in place when nothing else references the string, avoiding a quadratic copy.' },
  BINARY_OP_MULTIPLY_INT: { what: '`*` when both operands are exact ints: multiplies them without going through the number protocol.' },
  BINARY_OP_MULTIPLY_FLOAT: { what: '`*` when both operands are exact floats: multiplies the C doubles directly.' },
  BINARY_OP_SUBTRACT_INT: { what: '`-` when both operands are exact ints: subtracts them without going through the number protocol.' },
  BINARY_OP_SUBTRACT_FLOAT: { what: '`-` when both operands are exact floats: subtracts the C doubles directly.' },
  BINARY_OP_EXTEND: { what: 'A BINARY_OP whose operand types match one of a table of extra fast paths (3.14+), such as int and float mixed or bitwise operations on small ints; the cache holds a pointer to the matching C function.' },
  BINARY_OP_SUBSCR_DICT: { what: '`d[k]` (BINARY_OP with NB_SUBSCR, 3.14+) when `d` is an exact dict: a direct dict lookup.' },
  BINARY_OP_SUBSCR_LIST_INT: { what: '`a[i]` (BINARY_OP with NB_SUBSCR, 3.14+) when `a` is an exact list and `i` a small non-negative int: reads the item directly.' },
  BINARY_OP_SUBSCR_LIST_SLICE: { what: '`a[s]` (BINARY_OP with NB_SUBSCR, 3.14+) when `a` is an exact list and `s` a slice object: slices the list directly.' },
  BINARY_OP_SUBSCR_TUPLE_INT: { what: '`t[i]` (BINARY_OP with NB_SUBSCR, 3.14+) when `t` is an exact tuple and `i` a small non-negative int: reads the item directly.' },
  BINARY_OP_SUBSCR_STR_INT: { what: '`s[i]` (BINARY_OP with NB_SUBSCR, 3.14+) when `s` is an exact str and `i` a small non-negative int: returns the cached one-character string (in 3.15 observed for ASCII strings; others get BINARY_OP_SUBSCR_USTR_INT).' },
  BINARY_OP_SUBSCR_USTR_INT: { what: '`s[i]` (BINARY_OP with NB_SUBSCR, 3.15) when `s` is a non-ASCII exact str and `i` a small non-negative int.' },
  BINARY_OP_SUBSCR_GETITEM: { what: '`x[k]` (BINARY_OP with NB_SUBSCR, 3.14+) when the class of `x` defines `__getitem__` in Python: pushes the frame of that function directly instead of calling through C.' },
  // BINARY_SUBSCR (3.11-3.13)
  BINARY_SUBSCR_ADAPTIVE: ADAPTIVE('BINARY_SUBSCR', 'A subscription it cannot specialize (such as indexing a str in 3.11) keeps this form with a back-off counter.'),
  BINARY_SUBSCR_DICT: { what: '`d[k]` when `d` is an exact dict (3.11–3.13): a direct dict lookup.' },
  BINARY_SUBSCR_LIST_INT: { what: '`a[i]` when `a` is an exact list and `i` a small non-negative int (3.11–3.13): reads the item directly.' },
  BINARY_SUBSCR_TUPLE_INT: { what: '`t[i]` when `t` is an exact tuple and `i` a small non-negative int (3.11–3.13): reads the item directly.' },
  BINARY_SUBSCR_STR_INT: { what: '`s[i]` when `s` is an exact str and `i` a small non-negative int (3.13): returns the one-character string directly.' },
  BINARY_SUBSCR_GETITEM: { what: '`x[k]` when the class of `x` defines `__getitem__` in Python (3.11–3.13): pushes the frame of that function directly instead of calling through C.' },
  // STORE_SUBSCR
  STORE_SUBSCR_ADAPTIVE: ADAPTIVE('STORE_SUBSCR', 'Item assignment it cannot specialize (say on a bytearray) keeps this form with a back-off counter.'),
  STORE_SUBSCR_DICT: { what: '`d[k] = v` when `d` is an exact dict: a direct dict store.' },
  STORE_SUBSCR_LIST_INT: { what: '`a[i] = v` when `a` is an exact list and `i` a small non-negative int within bounds: replaces the item directly.' },
  // COMPARE_OP, CONTAINS_OP, TO_BOOL
  COMPARE_OP_ADAPTIVE: ADAPTIVE('COMPARE_OP', 'When no specialization fits, it is replaced by plain COMPARE_OP.'),
  COMPARE_OP_INT_JUMP: { what: 'A comparison of two small exact ints followed by a conditional jump (3.11): compares and jumps in one step, skipping the bool object.' },
  COMPARE_OP_FLOAT_JUMP: { what: 'A comparison of two exact floats followed by a conditional jump (3.11): compares and jumps in one step, skipping the bool object.' },
  COMPARE_OP_STR_JUMP: { what: '`==` or `!=` of two exact strs followed by a conditional jump (3.11): compares and jumps in one step.' },
  COMPARE_OP_INT: { what: 'A comparison of two small exact ints, of one internal digit each (3.12+): compares the values directly.' },
  COMPARE_OP_FLOAT: { what: 'A comparison of two exact floats (3.12+): compares the C doubles directly.' },
  COMPARE_OP_STR: { what: '`==` or `!=` of two exact strs (3.12+): compares the strings directly.' },
  CONTAINS_OP_DICT: { what: '`k in d` when `d` is an exact dict (3.13+): a direct key lookup.' },
  CONTAINS_OP_SET: { what: '`x in s` when `s` is an exact set or frozenset (3.13+): a direct hash lookup.' },
  TO_BOOL_BOOL: { what: 'TO_BOOL of a value that is already a bool (3.13+): only checks the type; the value stays.' },
  TO_BOOL_INT: { what: 'TO_BOOL of an exact int (3.13+): False for zero, True otherwise.' },
  TO_BOOL_LIST: { what: 'TO_BOOL of an exact list (3.13+): True when it is not empty.' },
  TO_BOOL_NONE: { what: 'TO_BOOL of None (3.13+): always False.' },
  TO_BOOL_STR: { what: 'TO_BOOL of an exact str (3.13+): True unless it is the empty string.' },
  TO_BOOL_ALWAYS_TRUE: { what: 'TO_BOOL of an instance whose class defines neither `__bool__` nor `__len__` (3.13+): checks the type version and pushes True.' },
  // UNPACK_SEQUENCE
  UNPACK_SEQUENCE_ADAPTIVE: ADAPTIVE('UNPACK_SEQUENCE', 'Unpacking it cannot specialize (a str, say) keeps this form with a back-off counter.'),
  UNPACK_SEQUENCE_TWO_TUPLE: { what: 'Unpacking an exact tuple of exactly two items, as in `a, b = b, a` and `for k, v in d.items()`.' },
  UNPACK_SEQUENCE_TUPLE: { what: 'Unpacking an exact tuple with exactly the expected number of items: copies them straight onto the stack.' },
  UNPACK_SEQUENCE_LIST: { what: 'Unpacking an exact list with exactly the expected number of items: copies them straight onto the stack.' },
  // iteration
  FOR_ITER_RANGE: { what: 'FOR_ITER over a `range` iterator (3.12+): computes the next integer directly.' },
  FOR_ITER_LIST: { what: 'FOR_ITER over a list (3.12+): reads the next item by index, without calling the iterator\'s `__next__`.' },
  FOR_ITER_TUPLE: { what: 'FOR_ITER over a tuple (3.12+): reads the next item by index, without calling the iterator\'s `__next__`.' },
  FOR_ITER_GEN: { what: 'FOR_ITER over a generator (3.12+): resumes the generator\'s frame directly inside the same interpreter loop instead of calling `__next__`.' },
  FOR_ITER_VIRTUAL: { what: 'FOR_ITER over a sequence iterated by index without an iterator object (3.15), such as a str or bytes: the index slot below holds the position.' },
  GET_ITER_SELF: { what: 'GET_ITER of an object that is its own iterator (3.15), such as a generator: keeps the object and pushes NULL as the index.' },
  GET_ITER_VIRTUAL: { what: 'GET_ITER of a sequence that can be iterated by index (3.15), such as a list, tuple, str or bytes: keeps the sequence and pushes the starting index instead of creating an iterator.' },
  SEND_GEN: { what: 'SEND into a generator or coroutine (3.12+): resumes its frame directly inside the same interpreter loop.' },
  SEND_VIRTUAL: { what: 'SEND of `yield from` over a sequence iterated by index (3.15): advances the index instead of calling an iterator.' },
  SEND_ASYNC_GEN: { what: 'SEND into the awaitable returned by an async generator\'s `asend` (3.15), as when `async for` runs over an async generator.' },
  // globals and attributes
  LOAD_GLOBAL_ADAPTIVE: ADAPTIVE('LOAD_GLOBAL', 'It stays in this form when the globals cannot be cached, e.g. a module dict with a non-str key.'),
  LOAD_GLOBAL_MODULE: { what: 'LOAD_GLOBAL of a name found in the module globals: reads the cached slot of the globals dict as long as the dict\'s keys version is unchanged.' },
  LOAD_GLOBAL_BUILTIN: { what: 'LOAD_GLOBAL of a name found in the builtins: checks the keys versions of both the globals and the builtins dicts and reads the cached slot.' },
  LOAD_ATTR_ADAPTIVE: ADAPTIVE('LOAD_ATTR', 'An attribute kind 3.11 does not specialize (a getset descriptor such as `int.real`) keeps this form with a back-off counter.'),
  LOAD_ATTR_INSTANCE_VALUE: { what: '`obj.name` for an instance attribute stored in the object\'s inline values (the compact per-instance layout): reads it by index after checking the type version.' },
  LOAD_ATTR_MODULE: { what: '`module.name`: reads the cached slot of the module\'s dict while its keys version is unchanged.' },
  LOAD_ATTR_SLOT: { what: '`obj.name` for a `__slots__` attribute: reads the slot at the cached offset.' },
  LOAD_ATTR_WITH_HINT: { what: '`obj.name` for an instance attribute kept in a real `__dict__`: looks at the cached index of the dict first.' },
  LOAD_ATTR_CLASS: { what: '`Class.name` for an attribute found on the class itself (3.12+): pushes the cached object after checking the type version.' },
  LOAD_ATTR_CLASS_WITH_METACLASS_CHECK: { what: '`Class.name` on a class with a custom metaclass (3.14+): like LOAD_ATTR_CLASS but also checks the metaclass\'s type version.' },
  LOAD_ATTR_PROPERTY: { what: '`obj.name` where `name` is a property with a Python getter (3.12+): pushes the getter\'s frame directly.' },
  LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN: { what: '`obj.name` on a class that overrides `__getattribute__` in Python (3.12+): calls it by pushing its frame directly.' },
  LOAD_ATTR_METHOD_WITH_VALUES: { what: 'A method load (`obj.meth(...)`, 3.12+) on an instance with inline values: checks that no instance attribute shadows the method and pushes the cached function and `self`.' },
  LOAD_ATTR_METHOD_NO_DICT: { what: 'A method load (`obj.meth(...)`, 3.12+) on an object without an instance dict (e.g. a list or a `__slots__` class): pushes the cached function and `self`.' },
  LOAD_ATTR_METHOD_LAZY_DICT: { what: 'A method load (`obj.meth(...)`, 3.12+) on an instance whose `__dict__` slot exists but has not been created yet: pushes the cached function and `self`.' },
  LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES: { what: '`obj.name` where `name` is a plain class attribute (not a descriptor) and the instance has inline values that do not shadow it (3.13+).' },
  LOAD_ATTR_NONDESCRIPTOR_NO_DICT: { what: '`obj.name` where `name` is a plain class attribute (not a descriptor) and the instance has no dict (3.13+).' },
  // LOAD_METHOD (3.11)
  LOAD_METHOD_ADAPTIVE: ADAPTIVE('LOAD_METHOD', 'A method load it cannot specialize keeps this form with a back-off counter.'),
  LOAD_METHOD_WITH_VALUES: { what: 'LOAD_METHOD (3.11) on an instance with inline values whose keys do not shadow the method: pushes the cached function and `self`.' },
  LOAD_METHOD_WITH_DICT: { what: 'LOAD_METHOD (3.11) on an instance with a real `__dict__`: checks the dict does not shadow the method, then pushes the cached function and `self`.' },
  LOAD_METHOD_NO_DICT: { what: 'LOAD_METHOD (3.11) on an object without an instance dict, such as a list: pushes the cached function and `self`.' },
  LOAD_METHOD_MODULE: { what: 'LOAD_METHOD (3.11) of a function from a module, `module.func(...)`: reads the cached slot of the module dict. The 3.11 specializer actually writes LOAD_ATTR_MODULE for this case (see the example).' },
  LOAD_METHOD_CLASS: { what: 'LOAD_METHOD (3.11) on a class object, `Class.func(...)`: pushes NULL and the cached attribute after checking the type version.' },
  LOAD_SUPER_ATTR_ATTR: { what: '`super().name` for a plain attribute (3.12+), when `super` is the builtin: looks past the class in the MRO without creating a super object.' },
  LOAD_SUPER_ATTR_METHOD: { what: '`super().meth(...)` (3.12+), when `super` is the builtin: pushes the function and `self` without creating a super object or a bound method.' },
  STORE_ATTR_ADAPTIVE: ADAPTIVE('STORE_ATTR', 'A store it cannot specialize (on a class object, say) keeps this form with a back-off counter.'),
  STORE_ATTR_INSTANCE_VALUE: { what: '`obj.name = v` into an instance\'s inline values: writes by index after checking the type version.' },
  STORE_ATTR_SLOT: { what: '`obj.name = v` into a `__slots__` attribute: writes the slot at the cached offset.' },
  STORE_ATTR_WITH_HINT: { what: '`obj.name = v` into a real instance `__dict__`: writes at the cached index of the dict when the key is there.' },
  // PRECALL (3.11)
  PRECALL_ADAPTIVE: ADAPTIVE('PRECALL', 'A callable it cannot specialize (an instance with `__call__`, say) keeps this form with a back-off counter.'),
  PRECALL_PYFUNC: { what: '3.11: PRECALL of a Python function: nothing to prepare, so it goes straight on to the CALL, which does the specialized call.' },
  PRECALL_BOUND_METHOD: { what: '3.11: PRECALL of a bound method object: splits it into the function and `self` so that CALL calls the function.' },
  PRECALL_BUILTIN_CLASS: { what: '3.11: a call of a builtin class such as `range(3)` or `int(x)`, performed by PRECALL through the type\'s vectorcall.' },
  PRECALL_BUILTIN_FAST_WITH_KEYWORDS: { what: '3.11: a call of a builtin function taking fast-call arguments and keywords, such as `sorted(a)`, performed by PRECALL.' },
  PRECALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS: { what: '3.11: a call of a C method taking fast-call arguments and keywords, such as `s.split(",")`, performed by PRECALL.' },
  PRECALL_NO_KW_BUILTIN_FAST: PRECALL_NO_KW('a builtin function taking fast-call arguments, such as `getattr(o, "a")`'),
  PRECALL_NO_KW_BUILTIN_O: PRECALL_NO_KW('a builtin function taking exactly one object, such as `abs(x)`'),
  PRECALL_NO_KW_ISINSTANCE: PRECALL_NO_KW('`isinstance(x, cls)`, done inline'),
  PRECALL_NO_KW_LEN: PRECALL_NO_KW('`len(x)`, done inline'),
  PRECALL_NO_KW_LIST_APPEND: PRECALL_NO_KW('`lst.append(x)` on an exact list, appending inline'),
  PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST: PRECALL_NO_KW('a C method taking fast-call arguments, such as `d.get(k)`'),
  PRECALL_NO_KW_METHOD_DESCRIPTOR_NOARGS: PRECALL_NO_KW('a C method without arguments, such as `lst.copy()`'),
  PRECALL_NO_KW_METHOD_DESCRIPTOR_O: PRECALL_NO_KW('a C method taking exactly one object, such as `lst.count(x)`'),
  PRECALL_NO_KW_STR_1: PRECALL_NO_KW('`str(x)` with one argument'),
  PRECALL_NO_KW_TUPLE_1: PRECALL_NO_KW('`tuple(x)` with one argument'),
  PRECALL_NO_KW_TYPE_1: PRECALL_NO_KW('`type(x)` with one argument, which just reads the type'),
  // CALL
  CALL_ADAPTIVE: ADAPTIVE('CALL', 'Calls of builtins are specialized by PRECALL in 3.11, so their CALL keeps this form.'),
  CALL_PY_EXACT_ARGS: { what: 'A call of a Python function with exactly as many positional arguments as it has parameters: builds the new frame directly, without going through C.' },
  CALL_PY_WITH_DEFAULTS: { what: 'A call of a Python function that omits parameters with defaults (3.11–3.12): fills in the defaults and builds the new frame directly.' },
  CALL_PY_GENERAL: { what: 'A call of any Python function (3.13+), e.g. with `*args` parameters or defaults: binds the arguments generically but still pushes the frame without going through C.' },
  CALL_BOUND_METHOD_EXACT_ARGS: { what: 'A call of a bound method object whose function takes exactly the given arguments (3.12+): unpacks `self` and the function and builds the frame directly.' },
  CALL_BOUND_METHOD_GENERAL: { what: 'A call of a bound method object whose function is any Python function (3.13+): unpacks `self` and the function and binds the arguments generically.' },
  CALL_ALLOC_AND_ENTER_INIT: { what: 'A call of a Python class with a Python `__init__` (3.13+): allocates the instance and pushes the `__init__` frame directly, with a shim frame that runs EXIT_INIT_CHECK.' },
  CALL_BUILTIN_CLASS: { what: 'A call of a builtin class such as `range(3)` or `int(x)` (3.12+), through the type\'s vectorcall.' },
  CALL_BUILTIN_FAST: { what: 'A call of a builtin function taking fast-call arguments without keywords, such as `getattr(o, "a")` (3.13+).' },
  CALL_BUILTIN_FAST_WITH_KEYWORDS: { what: 'A call of a builtin function taking fast-call arguments and keywords, such as `sorted(a)` (3.12+).' },
  CALL_BUILTIN_O: { what: 'A call of a builtin function taking exactly one object, such as `abs(x)` (3.13+).' },
  CALL_ISINSTANCE: { what: '`isinstance(x, cls)` done inline (3.13+).' },
  CALL_LEN: { what: '`len(x)` done inline (3.13+).' },
  CALL_LIST_APPEND: { what: '`lst.append(x)` on an exact list, appending inline (3.13+); the result None is pushed without a call.' },
  CALL_METHOD_DESCRIPTOR_FAST: { what: 'A call of a C method taking fast-call arguments without keywords, such as `d.get(k)` (3.13+).' },
  CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS: { what: 'A call of a C method taking fast-call arguments and keywords, such as `s.split(",")` (3.12+).' },
  CALL_METHOD_DESCRIPTOR_NOARGS: { what: 'A call of a C method without arguments, such as `lst.copy()` (3.13+).' },
  CALL_METHOD_DESCRIPTOR_O: { what: 'A call of a C method taking exactly one object, such as `lst.count(x)` (3.13+).' },
  CALL_NON_PY_GENERAL: { what: 'A call of any callable that is not a Python function (3.13+), such as an instance with `__call__`: a generic vectorcall without the checks of the unspecialized CALL.' },
  CALL_STR_1: { what: '`str(x)` with one argument (3.13+), converting directly.' },
  CALL_TUPLE_1: { what: '`tuple(x)` with one argument (3.13+), converting directly.' },
  CALL_TYPE_1: { what: '`type(x)` with one argument (3.13+): just pushes the type of x.' },
  CALL_NO_KW_BUILTIN_FAST: { what: '3.12: a call without keywords of a builtin function taking fast-call arguments, such as `getattr(o, "a")`.' },
  CALL_NO_KW_BUILTIN_O: { what: '3.12: a call without keywords of a builtin function taking exactly one object, such as `abs(x)`.' },
  CALL_NO_KW_ISINSTANCE: { what: '3.12: `isinstance(x, cls)` without keywords, done inline.' },
  CALL_NO_KW_LEN: { what: '3.12: `len(x)` without keywords, done inline.' },
  CALL_NO_KW_LIST_APPEND: { what: '3.12: `lst.append(x)` on an exact list, appending inline.' },
  CALL_NO_KW_METHOD_DESCRIPTOR_FAST: { what: '3.12: a call without keywords of a C method taking fast-call arguments, such as `d.get(k)`.' },
  CALL_NO_KW_METHOD_DESCRIPTOR_NOARGS: { what: '3.12: a call of a C method without arguments, such as `lst.copy()`.' },
  CALL_NO_KW_METHOD_DESCRIPTOR_O: { what: '3.12: a call of a C method taking exactly one object, such as `lst.count(x)`.' },
  CALL_NO_KW_STR_1: { what: '3.12: `str(x)` with one argument, converting directly.' },
  CALL_NO_KW_TUPLE_1: { what: '3.12: `tuple(x)` with one argument, converting directly.' },
  CALL_NO_KW_TYPE_1: { what: '3.12: `type(x)` with one argument, pushing the type directly.' },
  CALL_KW_PY: { what: 'CALL_KW of a Python function (3.14+): binds positional and keyword arguments and pushes the frame directly.' },
  CALL_KW_BOUND_METHOD: { what: 'CALL_KW of a bound method object whose function is a Python function (3.14+): unpacks `self` and calls like CALL_KW_PY.' },
  CALL_KW_NON_PY: { what: 'CALL_KW of a callable that is not a Python function (3.14+), such as `sorted(a, reverse=True)`: a generic vectorcall with keyword names.' },
  CALL_EX_PY: { what: 'CALL_FUNCTION_EX (`f(*args, **kw)`) of a Python function (3.15): pushes its frame directly.' },
  CALL_EX_NON_PY_GENERAL: { what: 'CALL_FUNCTION_EX (`f(*args, **kw)`) of a callable that is not a Python function (3.15), such as a builtin.' },
};

/** What the INSTRUMENTED_* forms report, by name (the event and the rest of the behaviour). */
export const INSTRUMENTED_DOCS: Readonly<Record<string, string>> = {
  INSTRUMENTED_RESUME: 'reports PY_START at the start of the frame or PY_RESUME after a yield or await, then does what RESUME does',
  INSTRUMENTED_CALL: 'reports a CALL event with the callable and first argument, then performs the call as CALL does',
  INSTRUMENTED_CALL_KW: 'reports a CALL event, then performs the keyword call as CALL_KW does',
  INSTRUMENTED_CALL_FUNCTION_EX: 'reports a CALL event (and C_RETURN or C_RAISE for C callables), then performs the call as CALL_FUNCTION_EX does',
  INSTRUMENTED_LOAD_SUPER_ATTR: 'reports the call of `super` as a CALL event (it is not really called), then loads the attribute as LOAD_SUPER_ATTR does',
  INSTRUMENTED_RETURN_VALUE: 'reports PY_RETURN with the returned value, then returns as RETURN_VALUE does',
  INSTRUMENTED_RETURN_CONST: 'reports PY_RETURN with the returned constant, then returns as RETURN_CONST does',
  INSTRUMENTED_YIELD_VALUE: 'reports PY_YIELD with the yielded value, then suspends as YIELD_VALUE does',
  INSTRUMENTED_JUMP_FORWARD: 'reports a JUMP event with source and destination, then jumps as JUMP_FORWARD does',
  INSTRUMENTED_JUMP_BACKWARD: 'reports a JUMP event with source and destination, then jumps back as JUMP_BACKWARD does',
  INSTRUMENTED_FOR_ITER: 'reports the loop\'s branch (BRANCH, or from 3.14 BRANCH_LEFT/BRANCH_RIGHT) when the iterator is exhausted or continues, and otherwise behaves as FOR_ITER',
  INSTRUMENTED_END_FOR: 'reports STOP_ITERATION when a generator driving the loop ends, then does what END_FOR does',
  INSTRUMENTED_END_SEND: 'reports STOP_ITERATION when the delegated generator or coroutine ends, then does what END_SEND does',
  INSTRUMENTED_POP_ITER: 'reports the exit branch of the `for` loop (BRANCH_RIGHT), then pops the iterator as POP_ITER does',
  INSTRUMENTED_NOT_TAKEN: 'reports BRANCH_LEFT: the conditional jump just before it was not taken',
  INSTRUMENTED_END_ASYNC_FOR: 'reports the exit branch of the `async for` loop (BRANCH_RIGHT), then handles the exception as END_ASYNC_FOR does',
  INSTRUMENTED_POP_JUMP_IF_FALSE: 'reports which way the branch went (BRANCH, or from 3.14 BRANCH_RIGHT when it jumps), then pops and jumps as POP_JUMP_IF_FALSE does',
  INSTRUMENTED_POP_JUMP_IF_TRUE: 'reports which way the branch went (BRANCH, or from 3.14 BRANCH_RIGHT when it jumps), then pops and jumps as POP_JUMP_IF_TRUE does',
  INSTRUMENTED_POP_JUMP_IF_NONE: 'reports which way the branch went (BRANCH, or from 3.14 BRANCH_RIGHT when it jumps), then pops and jumps as POP_JUMP_IF_NONE does',
  INSTRUMENTED_POP_JUMP_IF_NOT_NONE: 'reports which way the branch went (BRANCH, or from 3.14 BRANCH_RIGHT when it jumps), then pops and jumps as POP_JUMP_IF_NOT_NONE does',
  INSTRUMENTED_LINE: 'takes the place of the first instruction of every line while LINE events are on: reports the new line, then executes the original instruction, which it keeps in a side table',
  INSTRUMENTED_INSTRUCTION: 'takes the place of every instruction while INSTRUCTION events are on: reports the instruction, then executes the original one, which it keeps in a side table',
};
