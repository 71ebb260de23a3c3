/**
 * The instructions of CPython 2.7 and 3.0–3.9 in our own words, following those releases' `Doc/library/dis.rst`
 * and `Python/ceval.c`: the instructions that 3.10 no longer has (OLD_OP_DOCS), and, for instructions 3.10 still
 * has, what was different before (OLD_OVERRIDES, ranges of old versions put in front of the newer texts by
 * descriptions.ts). Numbers, argument kinds and stack-effect figures are not written here: the reference derives
 * them from the generated tables.
 */
import { byVersion, type Versioned } from './versioned.js';

/** The shape of descriptions.ts's `OpDoc` (written out here so that the two modules do not import each other). */
export interface OldOpDoc {
  readonly what: Versioned<string>;
  readonly stack?: Versioned<string | null>;
  readonly stackJump?: Versioned<string>;
  readonly stackNote?: Versioned<string>;
  readonly arg?: Versioned<string>;
}

const SLICE_NOTE = 'Python 2 only: from 3.0 a slice is a slice object built by BUILD_SLICE and used as an ordinary subscript.';

/** Instructions found only before 3.10. */
export const OLD_OP_DOCS: Readonly<Record<string, OldOpDoc>> = {
  STOP_CODE: {
    what: 'Opcode 0 (2.7, 3.0–3.2): marked the end of code for the compiler; the interpreter has no case for it, so ' +
      'executing it is a SystemError ("unknown opcode"). It never appears in compiled code.',
    stack: null,
    stackNote: 'It is never executed: the evaluation loop of these versions has no case for opcode 0.',
  },
  UNARY_CONVERT: {
    what: 'Backquotes `` `x` `` (2.7): converts the top item to its `repr()`, replacing it. Python 3 removed the syntax.',
    stack: 'value -- repr',
  },
  BINARY_DIVIDE: {
    what: 'Classic division `x / y` (2.7, without `from __future__ import division`): pops y and x and pushes ' +
      '`x.__div__(y)` (or `y.__rdiv__(x)`), which floors for two ints and divides truly for floats.',
    stack: 'x y -- result',
  },
  INPLACE_DIVIDE: {
    what: 'In-place classic division `x /= y` (2.7, without `from __future__ import division`): calls `__idiv__` of ' +
      'the second item from the top, falling back to `__div__`, and replaces both items with the result: it divides in place.',
    stack: 'x y -- result',
  },
  'SLICE+0': { what: `Slicing \`seq[:]\` (2.7): replaces the top item with a copy of all of it. ${SLICE_NOTE}`, stack: 'seq -- result' },
  'SLICE+1': { what: `Slicing \`seq[start:]\` (2.7): pops start and the sequence and pushes the slice. ${SLICE_NOTE}`, stack: 'seq start -- result' },
  'SLICE+2': { what: `Slicing \`seq[:stop]\` (2.7): pops stop and the sequence and pushes the slice. ${SLICE_NOTE}`, stack: 'seq stop -- result' },
  'SLICE+3': { what: `Slicing \`seq[start:stop]\` (2.7): pops stop, start and the sequence and pushes the slice. ${SLICE_NOTE}`, stack: 'seq start stop -- result' },
  'STORE_SLICE+0': { what: `Slice assignment \`seq[:] = value\` (2.7): the sequence is on top, the value below it; pops both. ${SLICE_NOTE}`, stack: 'value seq --' },
  'STORE_SLICE+1': { what: `Slice assignment \`seq[start:] = value\` (2.7): pops start, the sequence and the value below them. ${SLICE_NOTE}`, stack: 'value seq start --' },
  'STORE_SLICE+2': { what: `Slice assignment \`seq[:stop] = value\` (2.7): pops stop, the sequence and the value below them. ${SLICE_NOTE}`, stack: 'value seq stop --' },
  'STORE_SLICE+3': { what: `Slice assignment \`seq[start:stop] = value\` (2.7): pops stop, start, the sequence and the value. ${SLICE_NOTE}`, stack: 'value seq start stop --' },
  'DELETE_SLICE+0': { what: `Slice deletion \`del seq[:]\` (2.7): pops the sequence. ${SLICE_NOTE}`, stack: 'seq --' },
  'DELETE_SLICE+1': { what: `Slice deletion \`del seq[start:]\` (2.7): pops start and the sequence. ${SLICE_NOTE}`, stack: 'seq start --' },
  'DELETE_SLICE+2': { what: `Slice deletion \`del seq[:stop]\` (2.7): pops stop and the sequence. ${SLICE_NOTE}`, stack: 'seq stop --' },
  'DELETE_SLICE+3': { what: `Slice deletion \`del seq[start:stop]\` (2.7): pops stop, start and the sequence. ${SLICE_NOTE}`, stack: 'seq start stop --' },
  STORE_MAP: {
    what: 'Stores one key/value pair of a dict display (2.7, 3.0–3.4): the key on top, the value below it and the ' +
      'dict (made by BUILD_MAP) below that; pops key and value and leaves the dict.',
    stack: 'dict value key -- dict',
  },
  PRINT_ITEM: {
    what: 'One item of a `print` statement (2.7): writes `str()` of the top item to `sys.stdout`, preceded by a space ' +
      'when the last thing written did not end a line (the file\'s softspace), and pops it.',
    stack: 'value --',
  },
  PRINT_ITEM_TO: {
    what: 'One item of `print >>f, x` (2.7): like PRINT_ITEM, but writes the item below the top to the file on top; ' +
      'pops both.',
    stack: 'value file --',
  },
  PRINT_NEWLINE: {
    what: 'Ends a `print` statement (2.7): writes a newline to `sys.stdout`; left out when the statement ends with a ' +
      'comma.',
    stack: '--',
  },
  PRINT_NEWLINE_TO: {
    what: 'Ends `print >>f, …` (2.7): writes a newline to the file on top and pops it.',
    stack: 'file --',
  },
  EXEC_STMT: {
    what: 'The `exec` statement (2.7): executes the code, string or file on the stack with the globals and locals ' +
      'above it (the compiler fills missing ones with None) and pops all three.',
    stack: 'code globals locals --',
  },
  BUILD_CLASS: {
    what: 'Creates a class (2.7): pops the dict of the class body (its methods), the tuple of base classes and the ' +
      'name, calls the metaclass and pushes the class.',
    stack: 'name bases methods -- cls',
  },
  DUP_TOPX: {
    what: 'Duplicates the oparg topmost items (2.7, 3.0–3.1; 1 to 5 of them), keeping their order, e.g. container and ' +
      'key for `x[k] += v`. Replaced by DUP_TOP_TWO in 3.2.',
    stack: 'items[oparg] -- items[oparg] copies[oparg]',
    arg: 'How many items to duplicate (1–5).',
  },
  STORE_LOCALS: {
    what: 'Makes the top item the frame\'s local namespace and pops it (3.0–3.3): the first instruction of a class ' +
      'body, installing the namespace that `__build_class__` passed in.',
    stack: 'namespace --',
  },
  SETUP_LOOP: {
    what: 'Starts a `for` or `while` loop (up to 3.7): pushes a loop block onto the block stack whose end is oparg ' +
      'bytes ahead, where BREAK_LOOP goes; the block is popped by the POP_BLOCK after the loop.',
    stack: '--',
    arg: 'Distance in bytes to the end of the loop (the target of `break`), from the next instruction.',
  },
  BREAK_LOOP: {
    what: '`break` (up to 3.7): unwinds the block stack to the innermost loop block, dropping the values stacked ' +
      'above its level, and continues after the loop at the end the SETUP_LOOP recorded.',
    stack: '--',
    stackNote: 'Only the compiler\'s accounting is 0: at run time the unwinding pops whatever lies above the loop ' +
      'block\'s level (the iterator of a `for` loop too).',
  },
  CONTINUE_LOOP: {
    what: '`continue` inside a `try` or `with` block (up to 3.7): unwinds the block stack up to the loop block, ' +
      'running `finally` clauses on the way, and jumps to oparg, the head of the loop. A `continue` not inside such a ' +
      'block is a plain JUMP_ABSOLUTE.',
    stack: '--',
    arg: 'The byte offset of the loop head (an absolute target).',
  },
  SETUP_EXCEPT: {
    what: 'Starts the body of `try` … `except` (up to 3.7): pushes an exception block onto the block stack; an ' +
      'exception raised before the matching POP_BLOCK unwinds the value stack to the block\'s level, pushes the ' +
      'traceback, value and type, and jumps to the first `except` clause, oparg bytes ahead.',
    stack: null,
    stackNote: 'At run time it leaves the stack alone; the handler finds three more items (traceback, value, type), and ' +
      '3.0–3.7 save the previous exception state in three more. The figures are the compiler\'s accounting: 2.7 ' +
      'counts +3 at the handler only, 3.0–3.7 count +6 at the setup itself (3.2–3.5 another +3 at the handler).',
    arg: 'Distance in bytes to the handler, from the next instruction.',
  },
  END_FINALLY: {
    what: byVersion({
      '-3.7': 'Ends a `finally` clause or an `except` chain (up to 3.7): looks at the top item to see how the clause ' +
        'was entered: None (fell through) goes on; a "why" code (return, continue) resumes that action; an exception ' +
        'type (with value and traceback below) re-raises it.',
      '3.8': 'Ends a `finally` clause (3.8): NULL on top (pushed by BEGIN_FINALLY) continues; an integer (the return ' +
        'address of CALL_FINALLY) jumps back there; an exception type re-raises that exception, popping six items ' +
        'and restoring the previous exception state.',
    }),
    stack: null,
    stackNote: byVersion({
      '-3.7': 'It pops one item, or three for an exception (or two for `return` and `continue`, with the value); ' +
        'the compiler\'s accounting charges a fixed figure.',
      '3.8': 'It pops one item (NULL or an address) or six (an exception and the saved exception state); ' +
        '`dis.stack_effect` reports −6, matching BEGIN_FINALLY\'s +6.',
    }),
  },
  WITH_CLEANUP: {
    what: 'Leaves a `with` block (2.7, 3.0–3.4): below the one to three items that say how the block was left ' +
      '(None, a "why" code, or an exception) lies the bound `__exit__`; calls it with the exception (or three ' +
      'Nones), removes it from the stack and, if it returned true for an exception, silences the exception for the ' +
      'END_FINALLY that follows.',
    stack: null,
    stackNote: 'How many items it finds depends on how the block was left (one to three above `__exit__`); it ' +
      'removes `__exit__` from under them.',
  },
  WITH_CLEANUP_START: {
    what: 'First half of leaving a `with` block (3.5–3.8): calls the `__exit__` saved below the items that say how ' +
      'the block was left, with the exception or with three Nones, and pushes the result (for `async with` the ' +
      'result is then awaited).',
    stack: null,
    stackNote: 'The items it finds depend on how the block was left; `dis.stack_effect` reports a fixed figure for ' +
      'the compiler\'s accounting.',
  },
  WITH_CLEANUP_FINISH: {
    what: 'Second half of leaving a `with` block (3.5–3.8): pops the result of `__exit__`; when an exception is ' +
      'being handled and the result is true, the exception is silenced so that the END_FINALLY after it does not ' +
      're-raise it.',
    stack: null,
    stackNote: 'It pops the result of `__exit__` and the marker below it, and replaces a silenced exception\'s items; ' +
      '`dis.stack_effect` reports a fixed figure for the compiler\'s accounting.',
  },
  MAKE_CLOSURE: {
    what: byVersion({
      '2.7': 'Creates a nested function with a closure (2.7): pops the code object and the tuple of cells below it ' +
        'and oparg default values below those, and pushes the function.',
      '3.0-3.2': 'Creates a nested function with a closure (3.0–3.2): like MAKE_FUNCTION, with the tuple of cells ' +
        'below the code object.',
      '3.3-3.5': 'Creates a nested function with a closure (3.3–3.5): like MAKE_FUNCTION (qualified name on top, the ' +
        'code object below it), with the tuple of cells below those.',
    }),
    stack: null,
    stackNote: 'It pops the code object (3.3+: and the qualified name), the closure tuple and the defaults, ' +
      'keyword-only defaults and annotations that the argument counts, and pushes the function.',
    arg: byVersion({
      '2.7': 'Number of default values below the closure tuple.',
      '3.0-3.5': 'Counts: low byte the positional defaults, next byte the keyword-only defaults (name, value pairs), ' +
        'bits 16 and up the annotations plus one (their names in a tuple).',
    }),
  },
  CALL_FUNCTION_VAR: {
    what: 'A call with `*args` (up to 3.5): like CALL_FUNCTION, with the iterable of extra positional arguments on ' +
      'top of the explicit arguments.',
    stack: null,
    stackNote: 'It pops the `*args` iterable, the keyword pairs and positional arguments the argument counts and the ' +
      'callable, and pushes the result.',
    arg: 'Low byte: positional arguments; high byte: keyword arguments (name, value pairs).',
  },
  CALL_FUNCTION_VAR_KW: {
    what: 'A call with `*args` and `**kwargs` (up to 3.5): like CALL_FUNCTION, with the `**` mapping on top and the ' +
      '`*` iterable below it, above the explicit arguments.',
    stack: null,
    stackNote: 'It pops the mapping, the iterable, the keyword pairs and positional arguments the argument counts and ' +
      'the callable, and pushes the result.',
    arg: 'Low byte: positional arguments; high byte: keyword arguments (name, value pairs).',
  },
  BUILD_LIST_UNPACK: {
    what: 'A list display with `*` unpacking, `[*a, *b]` (3.5–3.8): pops oparg iterables and pushes one list of all ' +
      'their items.',
    stack: 'iterables[oparg] -- list',
    arg: 'Number of iterables to join.',
  },
  BUILD_TUPLE_UNPACK: {
    what: 'A tuple display with `*` unpacking, `(*a, *b)` (3.5–3.8; in 3.5 also the `*` arguments of a call): pops ' +
      'oparg iterables and pushes one tuple of all their items.',
    stack: 'iterables[oparg] -- tuple',
    arg: 'Number of iterables to join.',
  },
  BUILD_TUPLE_UNPACK_WITH_CALL: {
    what: 'The positional arguments of `f(*a, *b)` (3.6–3.8): like BUILD_TUPLE_UNPACK, but a non-iterable gives the ' +
      'error message of a call, naming the function found below the iterables.',
    stack: 'iterables[oparg] -- tuple',
    arg: 'Number of iterables to join.',
  },
  BUILD_SET_UNPACK: {
    what: 'A set display with `*` unpacking, `{*a, *b}` (3.5–3.8): pops oparg iterables and pushes one set of all ' +
      'their items.',
    stack: 'iterables[oparg] -- set',
    arg: 'Number of iterables to join.',
  },
  BUILD_MAP_UNPACK: {
    what: 'A dict display with `**` unpacking, `{**a, **b}` (3.5–3.8): pops oparg mappings and pushes one dict ' +
      'merging them, later keys winning.',
    stack: 'mappings[oparg] -- dict',
    arg: 'Number of mappings to join.',
  },
  BUILD_MAP_UNPACK_WITH_CALL: {
    what: byVersion({
      '3.5': 'The keyword arguments of `f(**a, **b)` (3.5): merges mappings into one dict and raises TypeError for ' +
        'a keyword given twice; the low byte of oparg counts the mappings, the high byte locates the function for ' +
        'the message.',
      '3.6-3.8': 'The keyword arguments of `f(**a, **b)` (3.6–3.8): pops oparg mappings and pushes one dict merging ' +
        'them, raising TypeError (naming the function) for a keyword given twice.',
    }),
    stack: byVersion({ '3.5': 'mappings[oparg&0xFF] -- dict', '3.6-3.8': 'mappings[oparg] -- dict' }),
    arg: byVersion({ '3.5': 'Low byte: number of mappings; high byte: where the called function is, for the error message.',
      '3.6-3.8': 'Number of mappings.' }),
  },
  STORE_ANNOTATION: {
    what: 'A variable annotation at module or class level, `x: int` (3.6 only): pops the annotation and stores it as ' +
      '`__annotations__[co_names[oparg]]`.',
    stack: 'annotation --',
  },
  BEGIN_FINALLY: {
    what: 'Enters a `finally` clause on the normal path (3.8): pushes NULL, which END_FINALLY, POP_FINALLY and ' +
      'WITH_CLEANUP_START read as "no exception, no return address".',
    stack: null,
    stackNote: 'It pushes one item, but `dis.stack_effect` reports +6 so that the compiler\'s count balances ' +
      'END_FINALLY\'s −6 on the exception path.',
  },
  CALL_FINALLY: {
    what: 'Calls a `finally` clause as a subroutine (3.8), for `return`, `break` and `continue` inside `try`: pushes ' +
      'the offset of the next instruction and jumps oparg bytes ahead; END_FINALLY jumps back to it.',
    stack: '--',
    stackJump: '-- return_address',
    arg: 'Distance in bytes to the `finally` clause, from the next instruction.',
  },
  POP_FINALLY: {
    what: 'Leaves a `finally` clause early (3.8), for `break`, `continue` or `return` inside it: drops what the ' +
      'clause was entered with (NULL, a return address, or an exception and the saved state, restoring it) and the ' +
      'handler block; with oparg set, the value on top is kept above.',
    stack: null,
    stackNote: 'It drops one item or six (an exception and the saved exception state); `dis.stack_effect` reports −6.',
    arg: 'Nonzero: keep the top item (a return value) above what is dropped.',
  },
};

/** The stack of JUMP_IF_FALSE_OR_POP and JUMP_IF_TRUE_OR_POP where those versions' own counts mislead (the same for both). */
const OR_POP_STACK = {
  stack: { '3.1-3.3': 'value -- value', '3.6-3.7': 'value -- value' },
  stackNote: {
    '3.1-3.3': 'The compilers of 3.1–3.3 count 0 on both paths; falling through really pops the value (−1), which ' +
      '3.4\'s compiler counts.',
    '3.6-3.7': '`dis.stack_effect` of 3.6–3.7 takes no jump argument and reports 0, the figure when it ' +
      'jumps; falling through pops the value (−1).',
  },
} as const;

/** What differed before 3.10 for instructions 3.10 still has: ranges of old versions, put before the newer texts. */
export const OLD_OVERRIDES: Readonly<Record<string, Partial<Record<keyof OldOpDoc, Record<string, unknown>>>>> = {
  LOAD_LOCALS: {
    what: { '2.7': 'Pushes the local namespace dict of the current scope (2.7): the last step of a class body, which ' +
      'returns it so that BUILD_CLASS can make the class from it.' },
    stack: { '2.7': '-- locals' },
  },
  JUMP_IF_FALSE: {
    what: { '3.0': 'Jumps forward by oparg bytes if the top item is false, leaving it on the stack (3.0): the test of ' +
      '`if`, `while` and `and`, followed by POP_TOP on both paths. Split into POP_JUMP_IF_FALSE and JUMP_IF_FALSE_OR_POP in 3.1.' },
    stack: { '3.0': 'cond -- cond' },
  },
  JUMP_IF_TRUE: {
    what: { '3.0': 'Jumps forward by oparg bytes if the top item is true, leaving it on the stack (3.0): the test of ' +
      '`or` and `if not`, followed by POP_TOP on both paths. Split into POP_JUMP_IF_TRUE and JUMP_IF_TRUE_OR_POP in 3.1.' },
    stack: { '3.0': 'cond -- cond' },
  },
  CALL_FUNCTION: {
    what: { '-3.5': 'Calls a callable (up to 3.5): the low byte of oparg counts positional arguments, the high byte ' +
      'keyword arguments, each a name and a value on the stack; pops them and the callable below, and pushes the result.' },
    stack: { '-3.5': null },
    stackNote: { '-3.5': 'It pops the callable, (oparg & 0xFF) positional arguments and 2 × (oparg >> 8) items of ' +
      'keyword pairs, and pushes the result.' },
    arg: { '-3.5': 'Low byte: positional arguments; high byte: keyword arguments (name, value pairs).' },
  },
  CALL_FUNCTION_KW: {
    what: { '-3.5': 'A call with `**kwargs` (up to 3.5): like CALL_FUNCTION, with the mapping of extra keyword ' +
      'arguments on top of the explicit arguments.', '3.6-3.9': 'Calls a callable with keyword arguments (3.6–3.10): ' +
      'the top item is a tuple of keyword names, matching the last values among the oparg arguments below it.' },
    stack: { '-3.5': null },
    stackNote: { '-3.5': 'It pops the mapping, the keyword pairs and positional arguments the argument counts and the ' +
      'callable, and pushes the result.' },
    arg: { '-3.5': 'Low byte: positional arguments; high byte: keyword arguments (name, value pairs).' },
  },
  MAKE_FUNCTION: {
    what: {
      '2.7': 'Creates a function (2.7) from the code object on top and oparg default values below it.',
      '3.0-3.2': 'Creates a function (3.0–3.2) from the code object on top, with positional defaults, keyword-only ' +
        'defaults (name, value pairs) and annotations (values and a tuple of names) below it, as the argument counts.',
      '3.3-3.5': 'Creates a function (3.3–3.5) from the qualified name on top and the code object below it, with ' +
        'positional defaults, keyword-only defaults (name, value pairs) and annotations below those, as the argument counts.',
      '3.6-3.9': 'Creates a function (3.6–3.10) from the qualified name on top and the code object below it, plus the ' +
        'defaults, keyword-only defaults, annotations and closure tuple below those, as oparg\'s flags announce.',
    },
    stack: { '-3.5': null, '3.6-3.9': 'defaults[oparg&1] kwdefaults[(oparg>>1)&1] annotations[(oparg>>2)&1] closure[(oparg>>3)&1] code qualname -- func' },
    stackNote: { '-3.5': 'It pops the code object (3.3+: and the qualified name) and the defaults, keyword-only ' +
      'defaults and annotations the argument counts, and pushes the function.' },
    arg: { '2.7': 'Number of default values.', '3.0-3.5': 'Counts: low byte the positional defaults, next byte the ' +
      'keyword-only defaults (name, value pairs), bits 16 and up the annotations plus one (their names in a tuple).' },
  },
  COMPARE_OP: {
    what: { '-3.8': 'Comparison of the two top items (up to 3.8), chosen by oparg: the rich comparisons `<` … `>=` ' +
      '(through `__lt__` and the others), and also `in`, `not in`, `is`, `is not` and "exception match" (the test of ' +
      '`except E:`), which 3.9 moved to CONTAINS_OP, IS_OP and JUMP_IF_NOT_EXC_MATCH.' },
  },
  RAISE_VARARGS: {
    what: { '2.7': '`raise` in its Python 2 forms (2.7): oparg 0 re-raises, 1 raises the top item, 2 `raise type, ' +
      'value`, 3 `raise type, value, traceback`; pops the oparg items.' },
  },
  BUILD_MAP: {
    what: { '-3.4': 'Pushes a new empty dict (up to 3.4), sized for oparg entries; a display then stores its pairs ' +
      'with STORE_MAP.' },
    stack: { '-3.4': '-- dict' },
    arg: { '-3.4': 'How many entries to make room for (a size hint).' },
  },
  EXTENDED_ARG: {
    what: { '-3.5': 'A prefix rather than an operation (up to 3.5): its 16-bit argument supplies the high 16 bits of ' +
      'the following instruction\'s argument, for arguments above 65535.' },
  },
  JUMP_FORWARD: {
    what: { '-3.9': 'Unconditional jump forward by oparg bytes (up to 3.9), e.g. over an `else` branch.' },
  },
  JUMP_ABSOLUTE: {
    what: { '-3.9': 'Unconditional jump to byte offset oparg (up to 3.9): the jump back to the head of a loop, and ' +
      'any jump whose target the compiler placed before it.' },
  },
  POP_JUMP_IF_FALSE: {
    what: { '-3.9': 'Pops the top item and jumps to byte offset oparg if it is false (2.7, 3.1–3.9): an `if` or `while` condition.' },
  },
  POP_JUMP_IF_TRUE: {
    what: { '-3.9': 'Pops the top item and jumps to byte offset oparg if it is true (2.7, 3.1–3.9), e.g. for `if not x`.' },
  },
  JUMP_IF_FALSE_OR_POP: {
    what: { '-3.9': '`and` (2.7, 3.1–3.9): if the top item is false, jumps to byte offset oparg and keeps it as the ' +
      'result; otherwise pops it and goes on to evaluate the right operand.' },
    ...OR_POP_STACK,
  },
  JUMP_IF_TRUE_OR_POP: {
    what: { '-3.9': '`or` (2.7, 3.1–3.9): if the top item is true, jumps to byte offset oparg and keeps it as the ' +
      'result; otherwise pops it and goes on to evaluate the right operand.' },
    ...OR_POP_STACK,
  },
  LOAD_GLOBAL: {
    stack: { '-3.9': '-- value' },
    what: { '-3.9': 'Pushes the global co_names[oparg] (up to 3.10): looked up in the module\'s globals, then in the builtins.' },
  },
  LOAD_DEREF: {
    what: { '-3.9': 'Pushes the value held by cell or free variable oparg (an index into co_cellvars + co_freevars), ' +
      'a variable shared between a function and the functions nested in it (up to 3.10).' },
  },
  SETUP_FINALLY: {
    what: {
      '-3.7': 'Starts the body of `try` … `finally` (up to 3.7): pushes a block onto the block stack; however the ' +
        'body is left (falling through, return, break, continue or an exception), the `finally` clause oparg bytes ' +
        'ahead runs, entered with what END_FINALLY needs to resume.',
      '3.8-3.9': 'Starts a `try` block (3.8–3.10): pushes a block onto the frame\'s block stack; if an exception is ' +
        'raised before the matching POP_BLOCK, the interpreter unwinds the value stack and jumps to the handler ' +
        'oparg bytes ahead.',
    },
    stack: { '-3.7': null },
    stackJump: { '3.8-3.9': '-- prev_exc[3] exc[3]' },
    stackNote: { '-3.7': 'At run time it leaves the stack alone; the `finally` clause finds what END_FINALLY needs (up to ' +
      'six items in 3.x). The figures are the compiler\'s accounting: 2.7 counts +3 at the clause only, 3.0–3.7 count ' +
      '+6 at the setup itself (3.2–3.5 another +3 at the clause).' },
  },
  SETUP_WITH: {
    what: {
      '-3.7': 'Enters a `with` block (2.7, 3.2–3.7): pushes the bound `__exit__` of the context manager on top, calls ' +
        '`__enter__` and pushes its result, and pushes a `finally` block whose clause, oparg bytes ahead, calls `__exit__`.',
      '3.8-3.9': 'Enters a `with` block (3.8–3.10): calls `__enter__`, pushes the bound `__exit__` and the result, and ' +
        'pushes a block whose handler (oparg bytes ahead) runs if the body raises.',
    },
    stack: { '-3.7': null, '3.8-3.9': 'mgr -- exit res' },
    stackJump: { '3.8-3.9': 'mgr -- exit prev_exc[3] exc[3]' },
    stackNote: { '-3.7': 'It replaces the manager by `__exit__` and the result of `__enter__` (net +1); the compiler\'s ' +
      'figure also counts the items its `finally` clause may find (2.7: +4, 3.2–3.5: +7, 3.6: +7, 3.7: +6).' },
  },
  SETUP_ASYNC_WITH: {
    what: { '-3.9': 'Second half of entering an `async with` (3.5–3.10): after the result of `__aenter__` has been ' +
      'awaited, pushes the block whose handler (oparg bytes ahead) calls `__aexit__`.' },
    stack: { '-3.7': null, '3.8-3.9': '--' },
    stackJump: { '3.8-3.9': 'res -- prev_exc[3] exc[3]' },
    stackNote: { '-3.7': 'It leaves the stack as it is at run time; `dis.stack_effect` of 3.6–3.7 counts the items its ' +
      'handler may find.' },
  },
  POP_BLOCK: {
    what: { '-3.9': 'Ends a loop, `try` or `with` block (up to 3.10): pops the innermost block from the block stack; ' +
      'the value stack is untouched.' },
  },
  POP_EXCEPT: {
    what: { '-3.9': 'Ends an `except` block (3.0–3.10): pops the exception-handler block and the three items ' +
      'describing the previously handled exception, and makes that one the handled exception again.' },
    stack: { '-3.6': null, '3.7-3.9': 'prev_exc[3] --' },
    stackNote: { '-3.6': 'It pops the three items of the saved exception state at run time; `dis.stack_effect` of 3.6 ' +
      'reports 0 because the compiler counted them at the setup.' },
  },
  RERAISE: {
    stack: { '3.9': 'exc[3] --' },
    what: { '3.9': 'Re-raises the exception whose three items are on top (3.9–3.10), e.g. at the end of a `finally` ' +
      'block or of an `except` clause that did not match.' },
  },
  END_ASYNC_FOR: {
    stack: { '3.8-3.9': 'aiter prev_exc[3] exc[3] --' },
    what: { '3.8-3.9': 'Exception handler of `async for` (3.8–3.10): when the exception is StopAsyncIteration the ' +
      'loop ends normally, dropping the exception items and the iterator; anything else is re-raised.' },
  },
  GET_AWAITABLE: {
    what: { '-3.9': 'Replaces the top item with an awaitable (3.5–3.10): a coroutine itself, or the iterator its ' +
      '`__await__` returns.' },
  },
  CALL_FUNCTION_EX: {
    what: { '-3.9': 'Calls with unpacked arguments, `f(*args, **kwargs)` (3.6–3.10): pops a tuple of positional ' +
      'arguments, a dict of keyword arguments when oparg & 1 is set, and the callable.' },
    stack: { '-3.9': 'func callargs kwargs[oparg&1] -- result' },
  },
  FOR_ITER: {
    stackJump: { '3.0-3.1': 'iter -- iter next', '3.6-3.7': 'iter -- iter next' },
    stackNote: {
      '3.0-3.1': 'The compilers of 3.0–3.1 count +1 at the jump target too; when the iterator is exhausted FOR_ITER ' +
        'really pops it (−1) and jumps.',
      '3.6-3.7': '`dis.stack_effect` of 3.6–3.7 takes no jump argument and reports +1, the figure of a step; ' +
        'when the iterator is exhausted FOR_ITER pops it instead (−1) and jumps.',
    },
  },
  LIST_APPEND: {
    stack: { '3.0': null },
    stackNote: { '3.0': 'It pops the item (−1); 3.0\'s compiler counts −2.' },
  },
  SET_ADD: {
    stack: { '3.0': null },
    stackNote: { '3.0': 'It pops the item (−1); 3.0\'s compiler counts −2.' },
  },
  IMPORT_NAME: {
    stack: { '3.0-3.1': null },
    stackNote: { '3.0-3.1': 'It pops the level and the from-list and pushes the module (−1); the compilers of 3.0–3.1 count 0.' },
  },
  WITH_EXCEPT_START: {
    stack: { '3.9': 'exit prev_exc[3] exc[3] -- exit prev_exc[3] exc[3] res' },
    what: { '3.9': 'In the exception handler of a `with` block (3.9–3.10): calls the saved `__exit__` with the ' +
      'exception being handled (type, value, traceback) and pushes its result.' },
  },
};

/** `base` with the old ranges of `over` put in front (a plain value of `base` becomes the value for the rest). */
function withOld<T>(base: Versioned<T> | undefined, over: Record<string, unknown> | undefined): Versioned<T> | undefined {
  if (!over) return base;
  const rest: Record<string, T> = base === undefined ? {} : typeof base === 'object' && base !== null && 'byVersion' in base
    ? { ...(base as { byVersion: Record<string, T> }).byVersion } : { all: base as T };
  return byVersion({ ...(over as Record<string, T>), ...rest });
}

/** The docs of 3.10+ with the old ranges of OLD_OVERRIDES in front, plus OLD_OP_DOCS. */
export function withOldDocs<D extends OldOpDoc>(docs: Readonly<Record<string, D>>): Record<string, D | OldOpDoc> {
  const out: Record<string, D | OldOpDoc> = { ...docs };
  for (const [name, over] of Object.entries(OLD_OVERRIDES)) {
    const d = docs[name];
    if (!d) throw new Error(`OLD_OVERRIDES: ${name} has no newer doc`);
    const merged: Record<string, unknown> = { ...(d as object) };
    for (const k of ['what', 'stack', 'stackJump', 'stackNote', 'arg'] as const) {
      const v = withOld(d[k] as Versioned<unknown> | undefined, over[k]);
      if (v !== undefined) merged[k] = v;
    }
    out[name] = merged as unknown as D;
  }
  for (const [name, d] of Object.entries(OLD_OP_DOCS)) {
    if (out[name]) throw new Error(`OLD_OP_DOCS: ${name} is documented twice`);
    out[name] = d;
  }
  return out;
}
