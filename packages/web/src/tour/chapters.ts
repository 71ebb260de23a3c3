/**
 * The tour's chapters, as data: each asks a question, loads an example into the editor, explains it in a few
 * paragraphs and offers the tool that answers it. The text follows the version shown: every instruction it names
 * is one that version's listing of the example holds (`BINARY_ADD` in 3.10, `BINARY_OP (+)` later), which the
 * tour's browser test checks chapter by chapter, version by version. Nothing here is HTML: tour.ts renders the
 * pieces as text.
 */
import { versionAtLeast } from '@bytescope/core';

/**
 * A piece of a paragraph: words; an instruction of the listing (`arg`: what `dis` shows in parentheses after it,
 * when it matters); or a bit of code.
 */
export type TourPiece = string | { readonly op: string; readonly arg?: string } | { readonly code: string };

/** A paragraph: pieces run together. */
export type TourParagraph = readonly TourPiece[];

/** The tool a chapter's button opens. */
export type TourTool =
  /** The inspector of the code object named `code`. */
  | { readonly kind: 'inspect'; readonly code: string }
  /** The Bytes view, with the bytes of the first `op` of the listing marked. */
  | { readonly kind: 'bytes'; readonly op: string }
  /** The dis text tab. */
  | { readonly kind: 'text' }
  /** The first `op` of code object `code` selected: the help panel shows its stack picture. */
  | { readonly kind: 'select'; readonly op: string; readonly arg?: string; readonly code: string }
  /** The Lab's Compare panel with a preset. */
  | { readonly kind: 'lab'; readonly preset: 'faster-in-function' }
  /** The Step tab's lesson (step/lessons.ts): two programs stepped side by side. */
  | { readonly kind: 'step'; readonly lesson: 'module-vs-function' }
  /** The instruction reference: `op`'s entry, or (no op) what changed between the version and its neighbour. */
  | { readonly kind: 'reference'; readonly op?: string };

/** A button of a chapter. */
export interface TourAction {
  readonly label: string;
  readonly tool: TourTool;
}

/** What a chapter's text may ask of the version it is shown for. */
export interface TourVersion {
  /** `3.14`. */
  readonly version: string;
  /** True for this version and later ones (`atLeast('3.11')`). */
  atLeast(v: string): boolean;
}

/** One chapter. */
export interface TourChapter {
  readonly id: string;
  /** A short name for the chapter menu. */
  readonly title: string;
  /** The question it answers. */
  readonly question: string;
  /** The id of its example (explorer/examples.ts). */
  readonly example: string;
  /** Its text in version `v`. */
  text(v: TourVersion): TourParagraph[];
  /** Its buttons in version `v`. */
  actions(v: TourVersion): TourAction[];
}

const op = (name: string, arg?: string): TourPiece => (arg === undefined ? { op: name } : { op: name, arg });
const code = (text: string): TourPiece => ({ code: text });

/** The instruction that loads a local variable (3.14 borrows the reference when it can). */
const loadLocal = (v: TourVersion) => op(v.atLeast('3.14') ? 'LOAD_FAST_BORROW' : 'LOAD_FAST');

/** `+`, `*`, `+=` as the version writes them: `BINARY_ADD` and friends until 3.10, then one `BINARY_OP`. */
const binary = (v: TourVersion, sym: '+' | '*' | '+=') =>
  v.atLeast('3.11') ? op('BINARY_OP', sym) : op(sym === '+' ? 'BINARY_ADD' : sym === '*' ? 'BINARY_MULTIPLY' : 'INPLACE_ADD');

/** The chapters, in order. */
export const CHAPTERS: readonly TourChapter[] = [
  {
    id: 'bytecode',
    title: 'Bytecode',
    question: 'What is bytecode?',
    example: 'greet',
    text: (v) => [
      ['CPython does not run your source text. It first compiles each module, class body and function into a ',
        code('code object'), ': a string of instructions, the bytecode (', code('co_code'), '), and the tables they point into — the constants (',
        code('co_consts'), '), the names of globals and attributes (', code('co_names'), ') and the local variables (', code('co_varnames'),
        '). The listing shows each code object, one instruction a row.'],
      ['Read ', code('greet'), ' from the top: ', op('LOAD_CONST'), ' pushes ', code("'Hello, '"), ' from ', code('co_consts'), '; ',
        loadLocal(v), ' pushes the local variable ', code('name'), '; ', binary(v, '+'), ' adds the two; ', op('STORE_FAST'),
        ' saves the sum in ', code('message'), '; then ', loadLocal(v), ' pushes it again and ', op('RETURN_VALUE'), ' returns it.',
        ...(v.atLeast('3.14') ? [' (', op('LOAD_FAST_BORROW'), ', new in 3.14, loads a local without taking a new reference to it, when the compiler can prove that is safe.)'] : [])],
      [...(v.atLeast('3.11') ? ['Each code object starts with ', op('RESUME'), ', where the interpreter checks for signals and tracing. '] : []),
        'The module is a code object too: ', code('greet'), "'s code object is one of its constants, which ", op('MAKE_FUNCTION'),
        ' turns into a function and ', op('STORE_NAME'), ' binds to the name ', code('greet'), '.'],
    ],
    actions: () => [{ label: 'Inspect greet: its constants and variables', tool: { kind: 'inspect', code: 'greet' } }],
  },
  {
    id: 'pyc',
    title: '.pyc files',
    question: 'What are those .pyc files?',
    example: 'module',
    text: (v) => [
      ['When a module is imported, CPython saves its compiled code in ', code(`__pycache__/NAME.cpython-${v.version.replace('.', '')}.pyc`),
        ', so that the next import can skip compiling. The Bytes view shows, byte by byte, the .pyc that CPython ', v.version,
        ' writes for this example; hover over a byte to see what it is part of.'],
      ['The first 16 bytes are the header: a magic number that names the bytecode version (a .pyc of another version is ignored and compiled again), ',
        'flags, then the modification time and size of the source. After it comes the module\'s code object, written by ', code('marshal'),
        ': each object is a type code (', code('c'), ' a code object, ', code('s'), ' bytes, ', code(')'), ' a small tuple, ', code('z'),
        ' a short string…) followed by its contents; a code object\'s fields come in a fixed order, ', code('co_code'), ' and ',
        code('co_consts'), ' among them.'],
      ['Select ', op('LOAD_CONST'), ' in the listing: its two bytes in ', code('co_code'), ' are marked — the opcode, then the argument, here the index of ',
        code("'hello'"), ' in ', code('co_consts'), '. ',
        ...(v.atLeast('3.11')
          ? ['Instructions that specialize while the program runs are followed by inline cache entries, zeros in the file: see the bytes after ', op('CALL'), '.']
          : ['In 3.10 every instruction is exactly two bytes, ', op('CALL_FUNCTION'), ' too: nothing follows it.'])],
    ],
    actions: () => [{ label: 'Show the bytes, LOAD_CONST marked', tool: { kind: 'bytes', op: 'LOAD_CONST' } }],
  },
  {
    id: 'dis',
    title: 'Reading dis',
    question: 'How do I read dis output?',
    example: 'branch',
    text: (v) => [
      ['The dis text tab shows what this version\'s ', code('dis.dis()'), ' prints, character for character. Each line is one instruction; ',
        'the first column is the source line, printed where the code of a line begins.'],
      v.atLeast('3.13')
        ? ['Then a label such as ', code('L1:'), ' marks an instruction that a jump lands on (since 3.13 dis shows labels instead of offsets; the ',
          'offsets option shows them again), then come the instruction\'s name, its argument, and in parentheses what the argument means: a constant, a name, an operator, a jump target.']
        : ['Then ', code('>>'), ' marks an instruction that a jump lands on, then come the instruction\'s offset in ', code('co_code'),
          ', its name, its argument, and in parentheses what the argument means: a constant, a name, an operator, a jump target.'],
      ['In ', code('absolute'), ': ', loadLocal(v), ' and ', op(v.atLeast('3.14') ? 'LOAD_SMALL_INT' : 'LOAD_CONST'), ' push ', code('x'), ' and ', code('0'),
        '; ', op('COMPARE_OP', v.atLeast('3.13') ? 'bool(<)' : '<'), ' compares them; ', op(v.atLeast('3.12') || !v.atLeast('3.11') ? 'POP_JUMP_IF_FALSE' : 'POP_JUMP_FORWARD_IF_FALSE'),
        ' jumps to the last line when ', code('x < 0'), ' is false; otherwise ', op('UNARY_NEGATIVE'), ' negates ', code('x'), ' and ', op('RETURN_VALUE'), ' returns it.',
        ...(v.atLeast('3.13') ? [' The ', code('bool(<)'), ' of ', op('COMPARE_OP'), ' says that its result is made a bool at once.'] : []),
        ...(v.atLeast('3.14') ? [' ', op('LOAD_SMALL_INT'), ' carries a small integer in its argument instead of ', code('co_consts'), '; ',
          op('NOT_TAKEN'), ' does nothing: it marks the branch not taken, for ', code('sys.monitoring'), '.'] : [])],
    ],
    actions: () => [{ label: 'Show the dis text', tool: { kind: 'text' } }],
  },
  {
    id: 'stack',
    title: 'Instructions',
    question: 'What do the common instructions do?',
    example: 'stack',
    text: (v) => [
      ['The interpreter is a stack machine: each instruction takes its operands from the top of a value stack and pushes its result. ',
        'Hover over an instruction, or select it, and the help panel tells what it does in this version, with its stack effect.'],
      ['In ', code('total'), ': ',
        ...(v.atLeast('3.14') ? [op('LOAD_FAST_BORROW_LOAD_FAST_BORROW'), ' pushes ', code('price'), ' and ', code('count'), ' (two loads fused into one instruction); ']
          : v.atLeast('3.13') ? [op('LOAD_FAST_LOAD_FAST'), ' pushes ', code('price'), ' and ', code('count'), ' (3.13 fuses two loads into one instruction); ']
            : [op('LOAD_FAST'), ' pushes ', code('price'), ', then ', code('count'), '; ']),
        binary(v, '*'), ' pops both and pushes their product; ', op('RETURN_VALUE'), ' pops it and returns it.'],
      ['At module level, ',
        ...(v.atLeast('3.11')
          ? ['a call pushes the function, a ', code('NULL'), ' (', op('PUSH_NULL'), ') and the arguments', ...(v.atLeast('3.14') ? [' (', op('LOAD_SMALL_INT'), ' pushes 3 and 4)'] : []), '; ',
            ...(v.atLeast('3.12') ? [] : [op('PRECALL'), ' prepares the call and ']), op('CALL'), ' pops them all and pushes the result: first of ', code('total(3, 4)'), ', then of ', code('print(…)'), '. ']
          : [op('CALL_FUNCTION'), ' pops a function and its arguments and pushes the result: first of ', code('total(3, 4)'), ', then of ', code('print(…)'), '. ']),
        op('POP_TOP'), ' throws away what ', code('print'), ' returned.'],
    ],
    actions: (v) => [{
      label: `The stack effect of ${v.atLeast('3.11') ? 'BINARY_OP' : 'BINARY_MULTIPLY'}`,
      tool: { kind: 'select', code: 'total', ...(v.atLeast('3.11') ? { op: 'BINARY_OP', arg: '*' } : { op: 'BINARY_MULTIPLY' }) },
    }],
  },
  {
    id: 'loop',
    title: 'Faster in a function',
    question: 'Why is a loop faster in a function?',
    example: 'loop',
    text: (v) => [
      ['The same loop runs at module level and in ', code('compute'), '. At module level ', code('total'), ' and ', code('i'),
        ' are globals, entries of the module\'s dictionary: ', op('STORE_NAME'), ' and ', op('LOAD_NAME'), ' look them up by name, every time. In ',
        code('compute'), ' they are local variables, slots of an array in the frame, found by their index: ', op('STORE_FAST'), ' and ',
        op(v.atLeast('3.14') ? 'LOAD_FAST_BORROW_LOAD_FAST_BORROW' : v.atLeast('3.13') ? 'LOAD_FAST_LOAD_FAST' : 'LOAD_FAST'), '.'],
      ['Both loops are ', op('FOR_ITER'), ', which takes the next number from ', code('range(1000)'), ', the addition ', binary(v, '+='),
        ', and ', op(v.atLeast('3.11') ? 'JUMP_BACKWARD' : 'JUMP_ABSOLUTE'), ' back to the top.'],
      ['How much faster? The Lab runs both in real CPython ', v.version, ', counts every instruction executed and times them side by side.'],
    ],
    actions: () => [
      { label: 'Compare them in the Lab', tool: { kind: 'lab', preset: 'faster-in-function' } },
      { label: 'Step them side by side', tool: { kind: 'step', lesson: 'module-vs-function' } },
    ],
  },
  {
    id: 'learn',
    title: 'Learning the rest',
    question: 'How do I learn the rest?',
    example: 'comprehension',
    text: (v) => [
      v.atLeast('3.12')
        ? ['Since 3.12 a list comprehension runs inline, in the code around it (PEP 709): ', op('LOAD_FAST_AND_CLEAR'), ' saves whatever ', code('n'),
          ' was before, ', op('BUILD_LIST'), ' makes the list, ', op('LIST_APPEND'), ' adds each square, and ', op('STORE_FAST'),
          ' puts the old ', code('n'), ' back. Pick 3.11 in the version menu to see the function it used to be.']
        : ['A list comprehension is a small function of its own: the ', code('<listcomp>'), ' code object, made by ', op('MAKE_FUNCTION'),
          ' and called at once with the iterator; in it ', op('BUILD_LIST'), ' makes the list and ', op('LIST_APPEND'),
          ' adds each square. Python 3.12 made comprehensions inline (PEP 709): pick 3.12 in the version menu and compare.'],
      ['Every opname in the listing is a link into the instruction reference (Ctrl-click it, or select a row and press ', code('r'),
        '): what the instruction does, its stack effect, argument and caches, an example, and its history across versions — when it appeared, changed or was replaced, and by what.'],
      ['The reference\'s What changed view lists the differences between two versions: the instructions added, removed and renumbered.'],
    ],
    actions: (v) => [
      { label: 'LIST_APPEND in the reference', tool: { kind: 'reference', op: 'LIST_APPEND' } },
      { label: `What changed ${v.version === '3.10' ? 'after' : 'in'} ${v.version}`, tool: { kind: 'reference' } },
    ],
  },
];

/** The {@link TourVersion} of `version`. */
export function tourVersion(version: string): TourVersion {
  return { version, atLeast: (x) => { const [a, b] = x.split('.').map(Number); return versionAtLeast(version, a!, b!); } };
}
