/**
 * A tiny Python snippet per instruction whose bytecode contains it, per version. Checked live against real
 * CPython (packages/python/test/reference-examples.test.ts): every snippet is compiled by its version and the
 * instruction must appear in it — statically for ordinary instructions; after running `run` `warm` times for
 * specialized ones (the adaptive interpreter rewrites the code in place); with `sys.monitoring` events switched
 * on for the snippet's code objects for INSTRUMENTED_* ones. Pseudo-instructions never appear: their snippet
 * shows what the compiler turns them into (`becomes`), which is checked instead. The few instructions that no
 * source can produce say why (`unproducible`).
 */
import { byVersion, type Versioned } from './versioned.js';

/** A snippet that produces the instruction (or, for a pseudo-instruction, what replaces it). */
export interface ExampleSnippet {
  /** Python source, compiled in `mode` (default `exec`). */
  readonly code: string;
  readonly mode?: 'exec' | 'single';
  /** Executes the module, then runs `run` this many times, so that the adaptive interpreter specializes it. */
  readonly warm?: number;
  /** The statement run after executing the module (default `f()`). */
  readonly run?: string;
  /** `sys.monitoring` events enabled for the snippet's code objects before `run` (INSTRUMENTED_* forms). */
  readonly monitor?: readonly string[];
  /** Pseudo-instructions: what appears instead (opnames, or `<exception table>` for an exception-table entry). */
  readonly becomes?: readonly string[];
  /** Anything the reader should know about the snippet. */
  readonly note?: string;
}

/** An instruction no snippet can produce on the embedded runtime, and why. */
export interface UnproducibleExample {
  readonly unproducible: string;
  /** A related snippet, when one helps (it is compiled but not required to contain the instruction). */
  readonly code?: string;
}

/** The example of an instruction in one version. */
export type ExampleDef = ExampleSnippet | UnproducibleExample;

/** True for {@link UnproducibleExample}. */
export function isUnproducible(e: ExampleDef): e is UnproducibleExample {
  return 'unproducible' in e;
}

/** Removes the common indentation of a template literal and its first/last blank lines. */
function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  let s = strings.reduce((acc, part, i) => acc + part + (i < values.length ? String(values[i]) : ''), '');
  s = s.replace(/^\n/, '').replace(/\n\s*$/, '\n');
  const lines = s.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** An ordinary snippet: the instruction is in its compiled code. */
function src(code: string, note?: string): ExampleSnippet {
  return note ? { code, note } : { code };
}

/** A closure: `x` is a cell of `f` and a free variable of `g`. */
const CLOSURE = py`
  def f():
      x = 1
      def g():
          return x
      return g
`;

/** Indexing an instance of a Python class with `__getitem__`. */
const GETITEM = py`
  class S:
      def __getitem__(self, i):
          return i
  s = S()
  def f():
      return s[1]
`;

/** A snippet run `warm` times (calls `f()` unless `run` says otherwise) so that CPython specializes it. */
function hot(code: string, opts: { warm?: number; run?: string; note?: string } = {}): ExampleSnippet {
  return { code, warm: opts.warm ?? 40, ...(opts.run ? { run: opts.run } : {}), ...(opts.note ? { note: opts.note } : {}) };
}
const MONITOR_ALL_BUT_LINES = ['PY_START', 'PY_RESUME', 'PY_RETURN', 'PY_YIELD', 'CALL', 'JUMP', 'BRANCH', 'BRANCH_LEFT',
  'BRANCH_RIGHT', 'STOP_ITERATION'];
/** A snippet run once with `sys.monitoring` events on (default: every event except LINE and INSTRUCTION). */
function monitored(code: string, opts: { events?: readonly string[]; run?: string } = {}): ExampleSnippet {
  return { code, warm: 1, monitor: opts.events ?? MONITOR_ALL_BUT_LINES, ...(opts.run ? { run: opts.run } : {}) };
}
/** A pseudo-instruction: the snippet makes the compiler emit it, and it becomes `becomes`. */
function pseudo(code: string, becomes: string[], note: string): ExampleSnippet {
  return { code, becomes, note };
}
function never(reason: string, code?: string): UnproducibleExample {
  return code ? { unproducible: reason, code } : { unproducible: reason };
}

/** Runs a coroutine that never suspends, without an event loop. */
const DRIVE = py`
  def drive(c):
      try:
          c.send(None)
      except StopIteration as e:
          return e.value
`;

/** 300 module-level names: the 257th needs an EXTENDED_ARG prefix. */
const MANY_NAMES = Array.from({ length: 300 }, (_, i) => `v${i} = ${i}`).join('\n') + '\n';
const MANY_NAMES_HOT = 'def f():\n' + Array.from({ length: 300 }, (_, i) => `    v${i} = ${i}`).join('\n') + '\n    return v299\n';

const CLASS_P = py`
  class P:
      def __init__(self):
          self.x = 1
      def m(self):
          return self.x
  p = P()
`;

/** Examples of ordinary and pseudo instructions, and of those no source produces. */
const ORDINARY: Record<string, Versioned<ExampleDef>> = {
  // ---- stack manipulation ---------------------------------------------------------------------------------
  NOP: src('while True:\n    x()\n', 'The NOP keeps a place for the line of `while True:`, which has no code of its own.'),
  POP_TOP: src('len([])\n'),
  ROT_TWO: src('a, b = b, a\n'),
  ROT_THREE: src('a, b, c = c, b, a\n'),
  ROT_FOUR: src(py`
    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default
  `, 'Returning from inside an `except` block moves the return value below the three exception items.'),
  ROT_N: src(py`
    match x:
        case {'k': a, 'j': b} | {'k': b, 'j': a}:
            pass
  `, 'The alternatives of an or-pattern bind their names in different orders: the values are rotated into one order.'),
  DUP_TOP: src('a = b = 1\n'),
  DUP_TOP_TWO: src('x[i] += 1\n'),
  COPY: src('a = b = 1\n'),
  SWAP: src('a, b = b, a\n'),
  PUSH_NULL: src('f(1)\n'),
  EXTENDED_ARG: src(MANY_NAMES),
  CACHE: src('x.y\n', 'Every instruction with an inline cache is followed by CACHE code units.'),

  // ---- constants and names --------------------------------------------------------------------------------
  LOAD_CONST: src('x = 1.5\n'),
  LOAD_SMALL_INT: src('x = 7\n'),
  LOAD_COMMON_CONSTANT: src('assert x\n'),
  LOAD_ASSERTION_ERROR: src('assert x\n'),
  RETURN_CONST: src('def f():\n    return 1\n'),
  LOAD_NAME: src('print\n'),
  STORE_NAME: src('x = 1\n'),
  DELETE_NAME: src('del x\n'),
  LOAD_GLOBAL: src('def f():\n    return len\n'),
  STORE_GLOBAL: src('def f():\n    global x\n    x = 1\n'),
  DELETE_GLOBAL: src('def f():\n    global x\n    del x\n'),
  LOAD_FAST: byVersion({
    '-3.13': src('def f(x):\n    return x\n'),
    '3.14+': src('def f(y):\n    yield from y\n', 'From 3.14 most reads of a local are LOAD_FAST_BORROW; this one ' +
      'feeds an iterator that lives across the suspensions of the generator, so it takes a real reference.'),
  }),
  LOAD_FAST_BORROW: src('def f(x):\n    return x + 1\n'),
  LOAD_FAST_CHECK: src(py`
    def f(c):
        if c:
            x = 1
        return x
  `),
  LOAD_FAST_AND_CLEAR: src('def f(x):\n    return [x for x in x]\n'),
  LOAD_FAST_LOAD_FAST: byVersion({
    '-3.13': src('def f(a, b):\n    return a, b\n'),
    '3.14+': src('def f(a, b):\n    a, b = b, a\n    return a\n', 'The two values are stored back into the ' +
      'same locals while still on the stack, so they cannot be borrowed.'),
  }),
  LOAD_FAST_BORROW_LOAD_FAST_BORROW: src('def f(a, b):\n    return a + b\n'),
  STORE_FAST: src('def f():\n    x = 1\n    return x\n'),
  STORE_FAST_LOAD_FAST: src('def f(x):\n    return [v for v in x if v]\n',
    'The superinstruction is only formed when both halves belong to the same line.'),
  STORE_FAST_STORE_FAST: src('def f(t):\n    a, b = t\n    return a\n'),
  DELETE_FAST: src('def f(x):\n    del x\n'),
  LOAD_DEREF: src(CLOSURE),
  STORE_DEREF: src(CLOSURE),
  DELETE_DEREF: src(py`
    def f():
        x = 1
        def g():
            return x
        del x
  `),
  LOAD_CLOSURE: byVersion({
    '-3.12': src(CLOSURE),
    '3.13': pseudo('def f():\n    x = 1\n    def g():\n        return x\n', ['LOAD_FAST'],
      'Emitted as LOAD_FAST: a cell variable is an ordinary local slot whose value is the cell object.'),
    '3.14+': pseudo('def f():\n    x = 1\n    def g():\n        return x\n', ['LOAD_FAST_BORROW'],
      'Emitted as LOAD_FAST_BORROW (the cell object is only needed until BUILD_TUPLE has taken it).'),
  }),
  MAKE_CELL: src(CLOSURE),
  COPY_FREE_VARS: src(CLOSURE),
  LOAD_CLASSDEREF: src(py`
    def f():
        x = 1
        class C:
            y = x
  `),
  LOAD_FROM_DICT_OR_DEREF: src(py`
    def f():
        x = 1
        class C:
            y = x
  `),
  LOAD_FROM_DICT_OR_GLOBALS: src('class C:\n    type A = int\n',
    'The alias value is evaluated lazily in an annotation scope inside the class: names come from the class dict first, then globals.'),
  LOAD_LOCALS: src('class C[T]:\n    pass\n'),
  SETUP_ANNOTATIONS: src('from __future__ import annotations\nx: int = 1\n',
    'From 3.14 annotations are evaluated lazily (PEP 649) and only the `__future__` import keeps the eager `__annotations__` dict.'),
  ANNOTATIONS_PLACEHOLDER: pseudo('x: int = 1\n', ['MAKE_FUNCTION', 'STORE_NAME'],
    'The compiler reserves its place before it knows whether the module has annotations; with annotations it is ' +
    'filled with the code that builds and stores `__annotate__`, without them it is removed.'),

  // ---- attributes -----------------------------------------------------------------------------------------
  LOAD_ATTR: src('x.y\n'),
  STORE_ATTR: src('x.y = 1\n'),
  DELETE_ATTR: src('del x.y\n'),
  LOAD_METHOD: byVersion({
    '-3.11': src('x.m()\n'),
    '3.12': pseudo('x.m()\n', ['LOAD_ATTR'], 'Emitted as LOAD_ATTR with the low bit of its argument set (`NULL|self + m`).'),
    '3.13+': pseudo('x.m()\n', ['LOAD_ATTR'], 'Emitted as LOAD_ATTR with the low bit of its argument set (`m + NULL|self`).'),
  }),
  LOAD_SUPER_ATTR: src(py`
    class C:
        def m(self):
            return super().m()
  `),
  LOAD_SUPER_METHOD: pseudo(py`
    class C:
        def m(self):
            return super(C, self).m()
  `, ['LOAD_SUPER_ATTR'], 'Becomes LOAD_SUPER_ATTR with the method bit set and the two-argument bit set.'),
  LOAD_ZERO_SUPER_METHOD: pseudo(py`
    class C:
        def m(self):
            return super().m()
  `, ['LOAD_SUPER_ATTR'], 'Becomes LOAD_SUPER_ATTR with the method bit set and the two-argument bit clear.'),
  LOAD_ZERO_SUPER_ATTR: pseudo(py`
    class C:
        def m(self):
            return super().x
  `, ['LOAD_SUPER_ATTR'], 'Becomes LOAD_SUPER_ATTR with both the method bit and the two-argument bit clear.'),
  LOAD_SPECIAL: src('with x:\n    pass\n'),

  // ---- operators ------------------------------------------------------------------------------------------
  UNARY_POSITIVE: src('+x\n'),
  UNARY_NEGATIVE: src('-x\n'),
  UNARY_NOT: src('not x\n'),
  UNARY_INVERT: src('~x\n'),
  TO_BOOL: src('if x:\n    pass\n'),
  BINARY_OP: src('x + y\n'),
  BINARY_ADD: src('x + y\n'),
  BINARY_SUBTRACT: src('x - y\n'),
  BINARY_MULTIPLY: src('x * y\n'),
  BINARY_MATRIX_MULTIPLY: src('x @ y\n'),
  BINARY_POWER: src('x ** y\n'),
  BINARY_MODULO: src('x % y\n'),
  BINARY_FLOOR_DIVIDE: src('x // y\n'),
  BINARY_TRUE_DIVIDE: src('x / y\n'),
  BINARY_LSHIFT: src('x << y\n'),
  BINARY_RSHIFT: src('x >> y\n'),
  BINARY_AND: src('x & y\n'),
  BINARY_OR: src('x | y\n'),
  BINARY_XOR: src('x ^ y\n'),
  INPLACE_ADD: src('x += y\n'),
  INPLACE_SUBTRACT: src('x -= y\n'),
  INPLACE_MULTIPLY: src('x *= y\n'),
  INPLACE_MATRIX_MULTIPLY: src('x @= y\n'),
  INPLACE_POWER: src('x **= y\n'),
  INPLACE_MODULO: src('x %= y\n'),
  INPLACE_FLOOR_DIVIDE: src('x //= y\n'),
  INPLACE_TRUE_DIVIDE: src('x /= y\n'),
  INPLACE_LSHIFT: src('x <<= y\n'),
  INPLACE_RSHIFT: src('x >>= y\n'),
  INPLACE_AND: src('x &= y\n'),
  INPLACE_OR: src('x |= y\n'),
  INPLACE_XOR: src('x ^= y\n'),
  BINARY_SUBSCR: src('x[y]\n'),
  BINARY_SLICE: src('x[1:y]\n'),
  STORE_SUBSCR: src('x[y] = 1\n'),
  STORE_SLICE: src('x[1:y] = z\n'),
  DELETE_SUBSCR: src('del x[y]\n'),
  BUILD_SLICE: src('x[1:y:2]\n'),
  COMPARE_OP: src('x < y\n'),
  UNPACK_SEQUENCE: src('a, b = x\n'),
  UNPACK_EX: src('a, *b = x\n'),
  IS_OP: src('x is None\n'),
  CONTAINS_OP: src('x in y\n'),

  // ---- building objects -----------------------------------------------------------------------------------
  BUILD_TUPLE: src('(x, y)\n'),
  BUILD_LIST: src('[x, y]\n'),
  BUILD_SET: src('{x, y}\n'),
  BUILD_MAP: src('{x: y}\n'),
  BUILD_CONST_KEY_MAP: src("{'a': x, 'b': y}\n"),
  BUILD_STRING: src("f'{x}-{y}'\n"),
  LIST_APPEND: src('[i for i in x]\n'),
  SET_ADD: src('{i for i in x}\n'),
  MAP_ADD: src('{i: i for i in x}\n'),
  LIST_EXTEND: src('[*x, *y]\n'),
  SET_UPDATE: src('{*x, *y}\n'),
  DICT_UPDATE: src('{**x, **y}\n'),
  DICT_MERGE: src('f(**x, **y)\n'),
  LIST_TO_TUPLE: src('f(*x, *y)\n'),
  FORMAT_VALUE: src("f'{x!r:>10}'\n"),
  FORMAT_SIMPLE: src("f'{x}'\n"),
  FORMAT_WITH_SPEC: src("f'{x:>10}'\n"),
  CONVERT_VALUE: src("f'{x!r}'\n"),
  BUILD_TEMPLATE: src("t'{x}'\n"),
  BUILD_INTERPOLATION: src("t'{x!r:>10}'\n"),

  // ---- calls and functions --------------------------------------------------------------------------------
  CALL_FUNCTION: src('f(1)\n'),
  CALL_FUNCTION_KW: src('f(1, b=2)\n'),
  CALL_FUNCTION_EX: src('f(*x)\n'),
  CALL_METHOD: src('x.m(1)\n'),
  PRECALL: src('f(1)\n'),
  CALL: src('f(1)\n'),
  KW_NAMES: src('f(1, b=2)\n'),
  CALL_KW: src('f(1, b=2)\n'),
  CALL_INTRINSIC_1: src('from os import *\n'),
  CALL_INTRINSIC_2: src(py`
    try:
        pass
    except* ValueError:
        pass
  `),
  MAKE_FUNCTION: src('def f(a=1):\n    pass\n'),
  SET_FUNCTION_ATTRIBUTE: src('def f(a=1):\n    pass\n'),
  RETURN_VALUE: src('def f(x):\n    return x\n'),
  RESUME: src('def f():\n    pass\n'),
  LOAD_BUILD_CLASS: src('class C:\n    pass\n'),

  // ---- imports --------------------------------------------------------------------------------------------
  IMPORT_NAME: src('import os\n'),
  IMPORT_FROM: src('from os import path\n'),
  IMPORT_STAR: src('from os import *\n'),

  // ---- control flow ---------------------------------------------------------------------------------------
  JUMP_FORWARD: src(py`
    if a:
        x()
    elif b:
        y()
    else:
        z()
    w()
  `),
  JUMP_BACKWARD: src('for i in x:\n    pass\n'),
  JUMP_BACKWARD_NO_INTERRUPT: src('async def f():\n    await x\n'),
  JUMP_ABSOLUTE: src('for i in x:\n    pass\n'),
  POP_JUMP_IF_FALSE: src('if x:\n    y = 1\n'),
  POP_JUMP_IF_TRUE: src('if not x:\n    y = 1\n'),
  POP_JUMP_IF_NONE: src('if x is not None:\n    y = 1\n'),
  POP_JUMP_IF_NOT_NONE: src('if x is None:\n    y = 1\n'),
  POP_JUMP_FORWARD_IF_FALSE: src('if x:\n    y = 1\n'),
  POP_JUMP_FORWARD_IF_TRUE: src('if not x:\n    y = 1\n'),
  POP_JUMP_FORWARD_IF_NONE: src('if x is not None:\n    y = 1\n'),
  POP_JUMP_FORWARD_IF_NOT_NONE: src('if x is None:\n    y = 1\n'),
  POP_JUMP_BACKWARD_IF_TRUE: src('def f(x):\n    while x:\n        x = x - 1\n'),
  POP_JUMP_BACKWARD_IF_FALSE: src('def f(x):\n    while not x:\n        x = x - 1\n'),
  POP_JUMP_BACKWARD_IF_NOT_NONE: src('def f(x):\n    while x is not None:\n        x = x.next\n'),
  POP_JUMP_BACKWARD_IF_NONE: src('def f(x):\n    while x is None:\n        x = g()\n'),
  JUMP_IF_FALSE_OR_POP: src('z = x and y\n'),
  JUMP_IF_TRUE_OR_POP: src('z = x or y\n'),
  JUMP: pseudo('for i in x:\n    pass\n', ['JUMP_BACKWARD', 'JUMP_FORWARD'],
    'The compiler picks JUMP_FORWARD or JUMP_BACKWARD once it knows the direction.'),
  JUMP_NO_INTERRUPT: pseudo('async def f():\n    await x\n', ['JUMP_BACKWARD_NO_INTERRUPT'],
    'A backward JUMP_NO_INTERRUPT becomes JUMP_BACKWARD_NO_INTERRUPT (a forward one JUMP_FORWARD).'),
  JUMP_IF_FALSE: pseudo('z = x and y\n', ['COPY', 'TO_BOOL', 'POP_JUMP_IF_FALSE'],
    'Becomes COPY 1, TO_BOOL, POP_JUMP_IF_FALSE: the value is kept for the result of `and`.'),
  JUMP_IF_TRUE: pseudo('z = x or y\n', ['COPY', 'TO_BOOL', 'POP_JUMP_IF_TRUE'],
    'Becomes COPY 1, TO_BOOL, POP_JUMP_IF_TRUE: the value is kept for the result of `or`.'),
  NOT_TAKEN: src('if x:\n    y = 1\n'),
  GET_ITER: src('for i in x:\n    pass\n'),
  FOR_ITER: src('for i in x:\n    pass\n'),
  END_FOR: src('for i in x:\n    pass\n'),
  POP_ITER: src('for i in x:\n    pass\n'),
  GET_LEN: src('match x:\n    case [a]:\n        pass\n'),
  RETURN_GENERATOR: src('def f():\n    yield 1\n'),
  GEN_START: src('def f():\n    yield 1\n'),
  YIELD_VALUE: src('def f():\n    yield 1\n'),
  YIELD_FROM: src('def f():\n    yield from x\n'),
  GET_YIELD_FROM_ITER: src('def f():\n    yield from x\n'),
  SEND: src('def f():\n    yield from x\n'),
  END_SEND: src('def f():\n    yield from x\n'),
  CLEANUP_THROW: src('def f():\n    yield from x\n'),
  GET_AWAITABLE: src('async def f():\n    await x\n'),
  GET_AITER: src('async def f():\n    async for i in x:\n        pass\n'),
  GET_ANEXT: src('async def f():\n    async for i in x:\n        pass\n'),
  END_ASYNC_FOR: src('async def f():\n    async for i in x:\n        pass\n'),
  ASYNC_GEN_WRAP: src('async def f():\n    yield 1\n'),
  BEFORE_ASYNC_WITH: src('async def f():\n    async with x:\n        pass\n'),
  SETUP_ASYNC_WITH: src('async def f():\n    async with x:\n        pass\n'),
  BEFORE_WITH: src('with x:\n    pass\n'),
  SETUP_WITH: byVersion({
    '3.10': src('with x:\n    pass\n'),
    '3.12+': pseudo('with x:\n    pass\n', ['<exception table>'],
      'Becomes an exception-table entry covering the body, whose handler calls `__exit__`.'),
  }),
  WITH_EXCEPT_START: src('with x:\n    pass\n'),

  // ---- exceptions -----------------------------------------------------------------------------------------
  SETUP_FINALLY: byVersion({
    '3.10': src('try:\n    x()\nexcept:\n    pass\n'),
    '3.12+': pseudo('try:\n    x()\nexcept:\n    pass\n', ['<exception table>'],
      'Becomes an exception-table entry that covers the `try` body and points at the handler.'),
  }),
  SETUP_CLEANUP: pseudo('try:\n    x()\nexcept ValueError:\n    pass\n', ['<exception table>'],
    'Becomes an exception-table entry (with `lasti`) covering a handler, so that the exception state is restored.'),
  POP_BLOCK: byVersion({
    '3.10': src('try:\n    x()\nexcept:\n    pass\n'),
    '3.12+': pseudo('try:\n    x()\nexcept:\n    pass\n', ['NOP', '<exception table>'],
      'Removed by the assembler: it only ends the protected range of the exception-table entry (a NOP may stay to keep the line).'),
  }),
  POP_EXCEPT: src('try:\n    x()\nexcept:\n    pass\n'),
  PUSH_EXC_INFO: src('try:\n    x()\nexcept:\n    pass\n'),
  CHECK_EXC_MATCH: src('try:\n    x()\nexcept ValueError:\n    pass\n'),
  JUMP_IF_NOT_EXC_MATCH: src('try:\n    x()\nexcept ValueError:\n    pass\n'),
  CHECK_EG_MATCH: src('try:\n    x()\nexcept* ValueError:\n    pass\n'),
  PREP_RERAISE_STAR: src('try:\n    x()\nexcept* ValueError:\n    pass\n'),
  RERAISE: src('try:\n    x()\nfinally:\n    y()\n'),
  RAISE_VARARGS: src('raise ValueError\n'),
  STORE_FAST_MAYBE_NULL: pseudo('def f(x):\n    return [x for x in x]\n', ['STORE_FAST'],
    'An inlined comprehension restores the outer variable it shadowed with STORE_FAST (the value may be NULL).'),

  // ---- pattern matching -----------------------------------------------------------------------------------
  MATCH_MAPPING: src("match x:\n    case {'a': 1}:\n        pass\n"),
  MATCH_SEQUENCE: src('match x:\n    case [a]:\n        pass\n'),
  MATCH_KEYS: src("match x:\n    case {'a': 1}:\n        pass\n"),
  MATCH_CLASS: src('match x:\n    case int(y):\n        pass\n'),
  COPY_DICT_WITHOUT_KEYS: src("match x:\n    case {'a': 1, **rest}:\n        pass\n"),

  // ---- interactive ----------------------------------------------------------------------------------------
  PRINT_EXPR: { code: 'x\n', mode: 'single', note: 'Compiled in `single` mode, as the interactive prompt does.' },

  // ---- not produced by source ------------------------------------------------------------------------------
  RESERVED: never('A placeholder opcode number with no implementation; nothing emits it.'),
  INTERPRETER_EXIT: never('Only in the tiny code the interpreter builds to return from a Python frame to C ' +
    '(the trampoline of a C-to-Python call); no compiled code contains it.'),
  ENTER_EXECUTOR: never('Written into a loop\'s JUMP_BACKWARD by the tier-2 optimizer (the JIT or the uop ' +
    'interpreter) when it has compiled a trace; the WebAssembly builds run without it.'),
  EXIT_INIT_CHECK: never('Only in the shim frame CALL_ALLOC_AND_ENTER_INIT pushes to check that `__init__` ' +
    'returned None; never in compiled code.'),
  TRACE_RECORD: never('Used by the 3.15 tracing JIT while it records a trace; the WebAssembly build has no JIT.'),
};

// ---- specialized forms (3.11+): the snippet defines `f`, which the test calls `warm` times --------------------

/**
 * 3.11's `*_ADAPTIVE` forms: quickening (after 8 calls) writes them, and the first execution replaces them with a
 * specialized form or, when that fails, with the base instruction (BINARY_OP, COMPARE_OP) or leaves them adaptive
 * with a back-off counter. An instruction on a path the warm-up never takes keeps its adaptive form.
 */
const COLD = (expr: string) => `def f(a=None, b=None, cold=False):\n    if cold:\n        return ${expr}\n`;
const COLD_NOTE = 'Quickening rewrites every instruction of `f` after a few calls; this one lies on a path the ' +
  'warm-up never takes, so it keeps the adaptive form until its first execution.';

const ADD_INT = py`
  def f():
      t = 0
      for i in range(20):
          t = t + i
      return t
`;

const SPECIALIZED: Record<string, Versioned<ExampleDef>> = {
  // 3.11 quickening
  RESUME_QUICK: hot('def f():\n    return 1\n'),
  RESUME_CHECK: hot('def f():\n    return 1\n'),
  JUMP_BACKWARD_QUICK: hot(ADD_INT),
  JUMP_BACKWARD_NO_JIT: hot(ADD_INT),
  JUMP_BACKWARD_JIT: never('JUMP_BACKWARD specializes to this form only in a build with the JIT enabled; the ' +
    'WebAssembly build specializes it to JUMP_BACKWARD_NO_JIT.', ADD_INT),
  RESUME_CHECK_JIT: never('RESUME specializes to this form only when the JIT is enabled; the WebAssembly build ' +
    'uses RESUME_CHECK.', 'def f():\n    return 1\n'),
  EXTENDED_ARG_QUICK: hot(MANY_NAMES_HOT, { warm: 20 }),
  // superinstructions (3.11, 3.12)
  LOAD_FAST__LOAD_FAST: hot('def f(a=1, b=2):\n    return a + b\n'),
  LOAD_FAST__LOAD_CONST: hot('def f(a=1):\n    return a + 1\n'),
  LOAD_CONST__LOAD_FAST: hot('def f(a=1):\n    return 1 + a\n'),
  STORE_FAST__LOAD_FAST: hot('def f(a=1):\n    b = a\n    return b\n'),
  STORE_FAST__STORE_FAST: hot('def f(t=(1, 2)):\n    a, b = t\n    return a\n'),
  // constants
  LOAD_CONST_IMMORTAL: hot('def f():\n    return None\n'),
  LOAD_CONST_MORTAL: hot('def f():\n    return 1.5\n'),
  // BINARY_OP
  BINARY_OP_ADAPTIVE: hot(COLD('a % b'), { note: COLD_NOTE }),
  BINARY_OP_ADD_INT: hot(ADD_INT),
  BINARY_OP_ADD_FLOAT: hot('def f(a=1.5, b=2.5):\n    return a + b\n'),
  BINARY_OP_ADD_UNICODE: hot("def f(a='x', b='y'):\n    return a + b\n"),
  BINARY_OP_INPLACE_ADD_UNICODE: hot("def f(a='x'):\n    s = ''\n    s += a\n    return s\n"),
  BINARY_OP_MULTIPLY_INT: hot('def f(a=6, b=7):\n    return a * b\n'),
  BINARY_OP_MULTIPLY_FLOAT: hot('def f(a=1.5, b=2.5):\n    return a * b\n'),
  BINARY_OP_SUBTRACT_INT: hot('def f(a=6, b=7):\n    return a - b\n'),
  BINARY_OP_SUBTRACT_FLOAT: hot('def f(a=1.5, b=2.5):\n    return a - b\n'),
  BINARY_OP_EXTEND: hot('def f(a=1.5, b=2):\n    return a + b\n'),
  BINARY_OP_SUBSCR_DICT: hot("def f(d={'k': 1}):\n    return d['k']\n"),
  BINARY_OP_SUBSCR_LIST_INT: hot('def f(a=[1, 2]):\n    return a[1]\n'),
  BINARY_OP_SUBSCR_LIST_SLICE: hot('def f(a=[1, 2, 3]):\n    return a[x]\nx = slice(1, 2)\n'),
  BINARY_OP_SUBSCR_TUPLE_INT: hot('def f(a=(1, 2)):\n    return a[1]\n'),
  BINARY_OP_SUBSCR_STR_INT: hot("def f(s='abc'):\n    return s[1]\n"),
  BINARY_OP_SUBSCR_USTR_INT: hot("def f(s='\u00e9t\u00e9'):\n    return s[1]\n"),
  BINARY_OP_SUBSCR_GETITEM: hot(GETITEM),
  // BINARY_SUBSCR (3.11-3.13)
  BINARY_SUBSCR_ADAPTIVE: hot("def f(s='abc'):\n    return s[1]\n",
    { note: 'Indexing a str has no specialized form in 3.11: the instruction stays adaptive.' }),
  BINARY_SUBSCR_DICT: hot("def f(d={'k': 1}):\n    return d['k']\n"),
  BINARY_SUBSCR_LIST_INT: hot('def f(a=[1, 2]):\n    return a[1]\n'),
  BINARY_SUBSCR_TUPLE_INT: hot('def f(a=(1, 2)):\n    return a[1]\n'),
  BINARY_SUBSCR_STR_INT: hot("def f(s='abc'):\n    return s[1]\n"),
  BINARY_SUBSCR_GETITEM: hot(GETITEM),
  // STORE_SUBSCR
  STORE_SUBSCR_ADAPTIVE: hot('def f(b=bytearray(2)):\n    b[0] = 1\n',
    { note: 'Item assignment on a bytearray has no specialized form: the instruction stays adaptive.' }),
  STORE_SUBSCR_DICT: hot('def f(d={}):\n    d[1] = 2\n'),
  STORE_SUBSCR_LIST_INT: hot('def f(a=[0, 0]):\n    a[1] = 2\n'),
  // COMPARE_OP
  COMPARE_OP_ADAPTIVE: hot(COLD('a < b'), { note: COLD_NOTE }),
  COMPARE_OP_INT_JUMP: hot('def f(a=1, b=2):\n    if a < b:\n        return 1\n'),
  COMPARE_OP_FLOAT_JUMP: hot('def f(a=1.5, b=2.5):\n    if a < b:\n        return 1\n'),
  COMPARE_OP_STR_JUMP: hot("def f(a='x', b='y'):\n    if a == b:\n        return 1\n"),
  COMPARE_OP_INT: hot('def f(a=1, b=2):\n    return a < b\n'),
  COMPARE_OP_FLOAT: hot('def f(a=1.5, b=2.5):\n    return a < b\n'),
  COMPARE_OP_STR: hot("def f(a='x', b='y'):\n    return a == b\n"),
  CONTAINS_OP_DICT: hot('def f(d={1: 2}):\n    return 1 in d\n'),
  CONTAINS_OP_SET: hot('def f(s={1, 2}):\n    return 1 in s\n'),
  // TO_BOOL
  TO_BOOL_BOOL: hot('def f(x=True):\n    if x:\n        return 1\n'),
  TO_BOOL_INT: hot('def f(x=3):\n    if x:\n        return 1\n'),
  TO_BOOL_LIST: hot('def f(x=[1]):\n    if x:\n        return 1\n'),
  TO_BOOL_NONE: hot('def f(x=None):\n    if x:\n        return 1\n'),
  TO_BOOL_STR: hot("def f(x='a'):\n    if x:\n        return 1\n"),
  TO_BOOL_ALWAYS_TRUE: hot('class O:\n    pass\ndef f(x=O()):\n    if x:\n        return 1\n'),
  // UNPACK_SEQUENCE
  UNPACK_SEQUENCE_ADAPTIVE: hot("def f(s='ab'):\n    a, b = s\n    return a\n",
    { note: 'Unpacking a str has no specialized form: the instruction stays adaptive.' }),
  UNPACK_SEQUENCE_TWO_TUPLE: hot('def f(t=(1, 2)):\n    a, b = t\n    return a\n'),
  UNPACK_SEQUENCE_TUPLE: hot('def f(t=(1, 2, 3)):\n    a, b, c = t\n    return a\n'),
  UNPACK_SEQUENCE_LIST: hot('def f(t=[1, 2]):\n    a, b = t\n    return a\n'),
  // FOR_ITER / GET_ITER / SEND
  FOR_ITER_RANGE: hot(ADD_INT),
  FOR_ITER_LIST: hot('def f(a=[1, 2, 3]):\n    for x in a:\n        pass\n'),
  FOR_ITER_TUPLE: hot('def f(a=(1, 2, 3)):\n    for x in a:\n        pass\n'),
  FOR_ITER_GEN: hot(py`
    def g():
        yield 1
        yield 2
    def f():
        for x in g():
            pass
  `),
  FOR_ITER_VIRTUAL: hot("def f(s='abc'):\n    for c in s:\n        pass\n"),
  GET_ITER_SELF: hot(py`
    def g():
        yield 1
    def f():
        for x in g():
            pass
  `),
  GET_ITER_VIRTUAL: hot("def f(s='abc'):\n    for c in s:\n        pass\n"),
  SEND_GEN: hot(py`
    def g():
        yield 1
    def f():
        yield from g()
  `, { run: 'list(f())' }),
  SEND_VIRTUAL: hot('def f(a=[1, 2]):\n    yield from a\n', { run: 'list(f())' }),
  SEND_ASYNC_GEN: hot(DRIVE + py`
    async def agen():
        yield 1
    async def f():
        async for x in agen():
            pass
  `, { run: 'drive(f())' }),
  // LOAD_GLOBAL
  LOAD_GLOBAL_ADAPTIVE: hot('globals()[1] = 1\ndef f():\n    return len\n',
    { note: 'A non-str key in the module dict makes LOAD_GLOBAL unspecializable: it stays adaptive.' }),
  LOAD_GLOBAL_MODULE: hot('g = 1\ndef f():\n    return g\n'),
  LOAD_GLOBAL_BUILTIN: hot('def f():\n    return len\n'),
  // LOAD_ATTR
  LOAD_ATTR_ADAPTIVE: hot('def f(x=1):\n    return x.real\n',
    { note: '`int.real` is a getset descriptor, which 3.11 does not specialize: the instruction stays adaptive.' }),
  LOAD_ATTR_INSTANCE_VALUE: hot(CLASS_P + 'def f():\n    return p.x\n'),
  LOAD_ATTR_MODULE: hot('import math\ndef f():\n    return math.pi\n'),
  LOAD_ATTR_SLOT: hot(py`
    class S:
        __slots__ = ('x',)
    s = S()
    s.x = 1
    def f():
        return s.x
  `),
  LOAD_ATTR_WITH_HINT: hot(CLASS_P + "p.__dict__ = {'x': 1}\ndef f():\n    return p.x\n",
    { note: 'Replacing the instance `__dict__` takes the instance off the inline-values layout: attributes live in a real dict.' }),
  LOAD_ATTR_CLASS: hot('class C:\n    x = 1\ndef f():\n    return C.x\n'),
  LOAD_ATTR_CLASS_WITH_METACLASS_CHECK: hot('class M(type):\n    pass\nclass C(metaclass=M):\n    x = 1\ndef f():\n    return C.x\n'),
  LOAD_ATTR_PROPERTY: hot(py`
    class C:
        @property
        def x(self):
            return 1
    c = C()
    def f():
        return c.x
  `),
  LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN: hot(py`
    class C:
        def __getattribute__(self, name):
            return 1
    c = C()
    def f():
        return c.x
  `),
  LOAD_ATTR_METHOD_WITH_VALUES: hot(CLASS_P + 'def f():\n    return p.m()\n'),
  LOAD_ATTR_METHOD_NO_DICT: hot('def f(a=[]):\n    return a.copy()\n'),
  LOAD_ATTR_METHOD_LAZY_DICT: hot(py`
    class E(Exception):
        def m(self):
            return 1
    e = E()
    def f():
        return e.m()
  `),
  LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES: hot(py`
    class C:
        k = 1
        def __init__(self):
            self.x = 1
    c = C()
    def f():
        return c.k
  `),
  LOAD_ATTR_NONDESCRIPTOR_NO_DICT: hot(py`
    class C:
        __slots__ = ()
        k = 1
    c = C()
    def f():
        return c.k
  `),
  // LOAD_METHOD (3.11)
  LOAD_METHOD_ADAPTIVE: hot(COLD('a.m()'), { note: COLD_NOTE }),
  LOAD_METHOD_WITH_VALUES: hot(CLASS_P + 'def f():\n    return p.m()\n'),
  LOAD_METHOD_WITH_DICT: hot(CLASS_P + "p.__dict__ = {'x': 1}\ndef f():\n    return p.m()\n"),
  LOAD_METHOD_NO_DICT: hot('def f(a=[]):\n    return a.copy()\n'),
  LOAD_METHOD_MODULE: never('3.11 (observed in 3.11.3 and 3.11.7) specializes a method load from a module to ' +
    'LOAD_ATTR_MODULE, whose cache layout fits, and never writes this opcode.', 'import math\ndef f():\n    return math.sqrt(4)\n'),
  LOAD_METHOD_CLASS: hot('class C:\n    def m(x):\n        return x\ndef f():\n    return C.m(1)\n'),
  // LOAD_SUPER_ATTR
  LOAD_SUPER_ATTR_ATTR: hot(py`
    class B:
        x = 1
    class C(B):
        def m(self):
            return super().x
    c = C()
    def f():
        return c.m()
  `),
  LOAD_SUPER_ATTR_METHOD: hot(py`
    class B:
        def m(self):
            return 1
    class C(B):
        def m(self):
            return super().m()
    c = C()
    def f():
        return c.m()
  `),
  // STORE_ATTR
  STORE_ATTR_ADAPTIVE: hot('class C:\n    pass\ndef f():\n    C.x = 1\n',
    { note: 'Setting an attribute on a class has no specialized form: the instruction stays adaptive.' }),
  STORE_ATTR_INSTANCE_VALUE: hot(CLASS_P + 'def f():\n    p.x = 2\n'),
  STORE_ATTR_SLOT: hot(py`
    class S:
        __slots__ = ('x',)
    s = S()
    def f():
        s.x = 1
  `),
  STORE_ATTR_WITH_HINT: hot(CLASS_P + "p.__dict__ = {'x': 1}\ndef f():\n    p.x = 2\n"),
  // PRECALL (3.11)
  PRECALL_ADAPTIVE: hot('class K:\n    def __call__(self):\n        return 1\nk = K()\ndef f():\n    return k()\n',
    { note: 'Calling an instance with `__call__` has no PRECALL specialization in 3.11: it stays adaptive.' }),
  PRECALL_PYFUNC: hot('def g(a):\n    return a\ndef f():\n    return g(1)\n'),
  PRECALL_BOUND_METHOD: hot(CLASS_P + 'm = p.m\ndef f():\n    return m()\n'),
  PRECALL_BUILTIN_CLASS: hot('def f():\n    return range(3)\n'),
  PRECALL_BUILTIN_FAST_WITH_KEYWORDS: hot('def f(a=[2, 1]):\n    return sorted(a)\n'),
  PRECALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS: hot("def f(s='a,b'):\n    return s.split(',')\n"),
  PRECALL_NO_KW_BUILTIN_FAST: hot('def f(o=1):\n    return getattr(o, "real")\n'),
  PRECALL_NO_KW_BUILTIN_O: hot('def f(x=-1):\n    return abs(x)\n'),
  PRECALL_NO_KW_ISINSTANCE: hot('def f(x=1):\n    return isinstance(x, int)\n'),
  PRECALL_NO_KW_LEN: hot('def f(x=[1]):\n    return len(x)\n'),
  PRECALL_NO_KW_LIST_APPEND: hot('def f():\n    a = []\n    a.append(1)\n    return a\n'),
  PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST: hot('def f(d={1: 2}):\n    return d.get(1)\n'),
  PRECALL_NO_KW_METHOD_DESCRIPTOR_NOARGS: hot('def f(a=[1]):\n    return a.copy()\n'),
  PRECALL_NO_KW_METHOD_DESCRIPTOR_O: hot('def f(a=[1]):\n    return a.count(1)\n'),
  PRECALL_NO_KW_STR_1: hot('def f(x=1):\n    return str(x)\n'),
  PRECALL_NO_KW_TUPLE_1: hot('def f(x=[1]):\n    return tuple(x)\n'),
  PRECALL_NO_KW_TYPE_1: hot('def f(x=1):\n    return type(x)\n'),
  // CALL
  CALL_ADAPTIVE: hot('def f():\n    return range(3)\n',
    { note: 'In 3.11 a call of a builtin is specialized at PRECALL; CALL itself stays adaptive.' }),
  CALL_PY_EXACT_ARGS: hot('def g(a):\n    return a\ndef f():\n    return g(1)\n'),
  CALL_PY_WITH_DEFAULTS: hot('def g(a, b=2):\n    return a\ndef f():\n    return g(1)\n'),
  CALL_PY_GENERAL: hot('def g(*a):\n    return a\ndef f():\n    return g(1)\n'),
  CALL_BOUND_METHOD_EXACT_ARGS: hot(CLASS_P + 'm = p.m\ndef f():\n    return m()\n'),
  CALL_BOUND_METHOD_GENERAL: hot('class C:\n    def m(self, *a):\n        return a\nm = C().m\ndef f():\n    return m()\n'),
  CALL_ALLOC_AND_ENTER_INIT: hot(CLASS_P + 'def f():\n    return P()\n'),
  CALL_BUILTIN_CLASS: hot('def f():\n    return range(3)\n'),
  CALL_BUILTIN_FAST: hot('def f(o=1):\n    return getattr(o, "real")\n'),
  CALL_BUILTIN_FAST_WITH_KEYWORDS: hot('def f(a=[2, 1]):\n    return sorted(a)\n'),
  CALL_BUILTIN_O: hot('def f(x=-1):\n    return abs(x)\n'),
  CALL_ISINSTANCE: hot('def f(x=1):\n    return isinstance(x, int)\n'),
  CALL_LEN: hot('def f(x=[1]):\n    return len(x)\n'),
  CALL_LIST_APPEND: hot('def f():\n    a = []\n    a.append(1)\n    return a\n'),
  CALL_METHOD_DESCRIPTOR_FAST: hot('def f(d={1: 2}):\n    return d.get(1)\n'),
  CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS: hot("def f(s='a,b'):\n    return s.split(',')\n"),
  CALL_METHOD_DESCRIPTOR_NOARGS: hot('def f(a=[1]):\n    return a.copy()\n'),
  CALL_METHOD_DESCRIPTOR_O: hot('def f(a=[1]):\n    return a.count(1)\n'),
  CALL_NON_PY_GENERAL: hot('class K:\n    def __call__(self):\n        return 1\nk = K()\ndef f():\n    return k()\n'),
  CALL_STR_1: hot('def f(x=1):\n    return str(x)\n'),
  CALL_TUPLE_1: hot('def f(x=[1]):\n    return tuple(x)\n'),
  CALL_TYPE_1: hot('def f(x=1):\n    return type(x)\n'),
  CALL_NO_KW_BUILTIN_FAST: hot('def f(o=1):\n    return getattr(o, "real")\n'),
  CALL_NO_KW_BUILTIN_O: hot('def f(x=-1):\n    return abs(x)\n'),
  CALL_NO_KW_ISINSTANCE: hot('def f(x=1):\n    return isinstance(x, int)\n'),
  CALL_NO_KW_LEN: hot('def f(x=[1]):\n    return len(x)\n'),
  CALL_NO_KW_LIST_APPEND: hot('def f():\n    a = []\n    a.append(1)\n    return a\n'),
  CALL_NO_KW_METHOD_DESCRIPTOR_FAST: hot('def f(d={1: 2}):\n    return d.get(1)\n'),
  CALL_NO_KW_METHOD_DESCRIPTOR_NOARGS: hot('def f(a=[1]):\n    return a.copy()\n'),
  CALL_NO_KW_METHOD_DESCRIPTOR_O: hot('def f(a=[1]):\n    return a.count(1)\n'),
  CALL_NO_KW_STR_1: hot('def f(x=1):\n    return str(x)\n'),
  CALL_NO_KW_TUPLE_1: hot('def f(x=[1]):\n    return tuple(x)\n'),
  CALL_NO_KW_TYPE_1: hot('def f(x=1):\n    return type(x)\n'),
  CALL_KW_PY: hot('def g(a, b):\n    return a\ndef f():\n    return g(1, b=2)\n'),
  CALL_KW_BOUND_METHOD: hot('class C:\n    def m(self, b):\n        return b\nm = C().m\ndef f():\n    return m(b=2)\n'),
  CALL_KW_NON_PY: hot('def f(a=[2, 1]):\n    return sorted(a, reverse=True)\n'),
  CALL_EX_PY: hot('def g(*a):\n    return a\ndef f(t=(1, 2)):\n    return g(*t)\n'),
  CALL_EX_NON_PY_GENERAL: hot('def f(t=(1, 2)):\n    return max(*t)\n'),
};

// ---- INSTRUMENTED_* (3.12+): the snippet runs once with sys.monitoring events on ------------------------------

const INSTRUMENTED: Record<string, Versioned<ExampleDef>> = {
  INSTRUMENTED_RESUME: monitored('def f():\n    return 1\n'),
  INSTRUMENTED_CALL: monitored('def f():\n    return len([])\n'),
  INSTRUMENTED_CALL_KW: monitored('def f():\n    return sorted([], reverse=True)\n'),
  INSTRUMENTED_CALL_FUNCTION_EX: monitored('def f(t=(1, 2)):\n    return max(*t)\n'),
  INSTRUMENTED_LOAD_SUPER_ATTR: monitored(py`
    class B:
        def m(self):
            return 1
    class C(B):
        def m(self):
            return super().m()
    c = C()
    def f():
        return c.m()
  `),
  INSTRUMENTED_RETURN_VALUE: monitored('def f(x=1):\n    return x\n'),
  INSTRUMENTED_RETURN_CONST: monitored('def f():\n    return 1\n'),
  INSTRUMENTED_YIELD_VALUE: monitored('def f():\n    yield 1\n', { run: 'list(f())' }),
  INSTRUMENTED_JUMP_FORWARD: monitored(py`
    def f(a=1, b=0):
        if a:
            x = 1
        elif b:
            x = 2
        else:
            x = 3
        len(())
  `),
  INSTRUMENTED_JUMP_BACKWARD: monitored('def f():\n    for i in range(2):\n        pass\n'),
  INSTRUMENTED_FOR_ITER: monitored('def f():\n    for i in range(2):\n        pass\n'),
  INSTRUMENTED_END_FOR: monitored(py`
    def g():
        yield 1
    def f():
        for i in g():
            pass
  `),
  INSTRUMENTED_POP_ITER: monitored('def f():\n    for i in range(2):\n        pass\n'),
  INSTRUMENTED_NOT_TAKEN: monitored('def f(x=1):\n    if x:\n        return 1\n'),
  INSTRUMENTED_POP_JUMP_IF_FALSE: monitored('def f(x=1):\n    if x:\n        return 1\n'),
  INSTRUMENTED_POP_JUMP_IF_TRUE: monitored('def f(x=1):\n    if not x:\n        return 1\n'),
  INSTRUMENTED_POP_JUMP_IF_NONE: monitored('def f(x=1):\n    if x is not None:\n        return 1\n'),
  INSTRUMENTED_POP_JUMP_IF_NOT_NONE: monitored('def f(x=1):\n    if x is None:\n        return 1\n'),
  INSTRUMENTED_END_SEND: monitored(py`
    def g():
        yield 1
    def f():
        yield from g()
  `, { run: 'list(f())' }),
  INSTRUMENTED_END_ASYNC_FOR: monitored(DRIVE + py`
    async def agen():
        yield 1
    async def f():
        async for x in agen():
            pass
  `, { run: 'drive(f())' }),
  INSTRUMENTED_LINE: monitored('def f():\n    return 1\n', { events: ['LINE'] }),
  INSTRUMENTED_INSTRUCTION: monitored('def f():\n    return 1\n', { events: ['INSTRUCTION'] }),
};

/** Example per opname (ordinary, specialized, instrumented and pseudo instructions). */
/** Instructions found only before 3.10 (Python 2 syntax for the 2.7-only ones). */
const OLD_ONLY: Record<string, Versioned<ExampleDef>> = {
  STOP_CODE: { unproducible: 'No compiler emits it: opcode 0 only marked the end of code inside the compiler, and the evaluation loop has no case for it.' },
  UNARY_CONVERT: src('s = `x`\n'),
  BINARY_DIVIDE: src('z = x / y\n'),
  INPLACE_DIVIDE: src('x /= y\n'),
  'SLICE+0': src('y = x[:]\n'),
  'SLICE+1': src('y = x[1:]\n'),
  'SLICE+2': src('y = x[:2]\n'),
  'SLICE+3': src('y = x[1:2]\n'),
  'STORE_SLICE+0': src('x[:] = y\n'),
  'STORE_SLICE+1': src('x[1:] = y\n'),
  'STORE_SLICE+2': src('x[:2] = y\n'),
  'STORE_SLICE+3': src('x[1:2] = y\n'),
  'DELETE_SLICE+0': src('del x[:]\n'),
  'DELETE_SLICE+1': src('del x[1:]\n'),
  'DELETE_SLICE+2': src('del x[:2]\n'),
  'DELETE_SLICE+3': src('del x[1:2]\n'),
  STORE_MAP: src("d = {'a': x}\n"),
  PRINT_ITEM: src('print x\n'),
  PRINT_NEWLINE: src('print x\n'),
  PRINT_ITEM_TO: src('print >>f, x\n'),
  PRINT_NEWLINE_TO: src('print >>f, x\n'),
  EXEC_STMT: src('exec code in ns\n'),
  BUILD_CLASS: src('class C(object):\n    pass\n'),
  DUP_TOPX: src('x[i] += 1\n'),
  STORE_LOCALS: src('class C:\n    pass\n', 'In the class body\'s code object, its first instruction.'),
  SETUP_LOOP: src('for x in y:\n    f(x)\n'),
  BREAK_LOOP: src('for x in y:\n    if x:\n        break\n    f(x)\n'),
  CONTINUE_LOOP: src('for x in y:\n    try:\n        continue\n    finally:\n        f()\n'),
  SETUP_EXCEPT: src('try:\n    f()\nexcept ValueError:\n    g()\n'),
  END_FINALLY: src('try:\n    f()\nfinally:\n    g()\n'),
  WITH_CLEANUP: src('with m:\n    f()\n'),
  WITH_CLEANUP_START: src('with m:\n    f()\n'),
  WITH_CLEANUP_FINISH: src('with m:\n    f()\n'),
  MAKE_CLOSURE: src('def f():\n    x = 1\n    def g():\n        return x\n    return g\n'),
  CALL_FUNCTION_VAR: src('f(*args)\n'),
  CALL_FUNCTION_VAR_KW: src('f(*args, **kwargs)\n'),
  BUILD_LIST_UNPACK: src('x = [*a, *b]\n'),
  BUILD_TUPLE_UNPACK: src('x = (*a, *b)\n'),
  BUILD_TUPLE_UNPACK_WITH_CALL: src('f(*a, *b)\n'),
  BUILD_SET_UNPACK: src('x = {*a, *b}\n'),
  BUILD_MAP_UNPACK: src('x = {**a, **b}\n'),
  BUILD_MAP_UNPACK_WITH_CALL: src('f(**a, **b)\n'),
  STORE_ANNOTATION: src('x: int = 1\n'),
  BEGIN_FINALLY: src('try:\n    f()\nfinally:\n    g()\n'),
  CALL_FINALLY: src('def f():\n    try:\n        return 1\n    finally:\n        g()\n'),
  POP_FINALLY: src('for x in y:\n    try:\n        f()\n    finally:\n        break\n'),
};

/** Where a newer snippet does not produce the instruction in an older version: that version's own snippet. */
const OLD_OVERRIDES: Record<string, Record<string, ExampleDef>> = {
  NOP: { '-3.9': { unproducible: 'The peephole optimizer of these versions removes every NOP it leaves behind, so compiled code has none.' } },
  ROT_FOUR: { '2.7': src('x[a:b] += 1\n', 'Augmented assignment to a slice moves the result under the sequence and both bounds.') },
  BINARY_TRUE_DIVIDE: { '2.7': src('from __future__ import division\nz = x / y\n') },
  INPLACE_TRUE_DIVIDE: { '2.7': src('from __future__ import division\nx /= y\n') },
  LOAD_LOCALS: { '2.7': src('class C:\n    pass\n', 'In the class body\'s code object, which returns its namespace.') },
  LOAD_NAME: { '2.7': src('len\n') },
  CALL_FUNCTION_KW: { '-3.5': src('f(**kwargs)\n') },
  EXTENDED_ARG: { '-3.5': { unproducible: 'Before 3.6 an argument is 16 bits wide, so only an argument above 65535 (65,536 constants, or a jump across 64 KiB of code) needs it; no short snippet has one.' } },
  SETUP_ANNOTATIONS: { '3.6': src('x: int = 1\n') },
  POP_BLOCK: { '-3.9': src('try:\n    f()\nfinally:\n    g()\n') },
  SETUP_FINALLY: { '-3.9': src('try:\n    f()\nfinally:\n    g()\n') },
  SETUP_WITH: { '-3.9': src('with m:\n    f()\n') },
};

function withOldExamples(all: Record<string, Versioned<ExampleDef>>): Record<string, Versioned<ExampleDef>> {
  const out = { ...all };
  for (const [name, over] of Object.entries(OLD_OVERRIDES)) {
    const d = all[name];
    if (!d) throw new Error(`example override for ${name}, which has no example`);
    const rest = 'byVersion' in d ? d.byVersion : { all: d };
    out[name] = byVersion({ ...over, ...rest });
  }
  return out;
}

/** The example of every opname of every version (3.10+ checked live in Pyodide, older ones by the native interpreters). */
export const EXAMPLES: Readonly<Record<string, Versioned<ExampleDef>>> = withOldExamples({ ...OLD_ONLY, ...ORDINARY, ...SPECIALIZED, ...INSTRUMENTED });
