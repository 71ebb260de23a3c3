/**
 * The named switches where one version's bytecode format or `dis` output differs from another's. One decoder and
 * one formatter read these; a version difference is a switch here (or generated table data), never a copy.
 */
import { versionAtLeast, type PyVersion } from './py-version.js';

/** Behaviour switches of one version's `dis` and bytecode format. */
export interface VersionFeatures {
  /** 3.6+: every instruction is one two-byte code unit (opcode, oparg); before, one byte or three. */
  readonly wordcode: boolean;
  /** Bytes per unit of a jump's argument: 1 up to 3.9 (byte offsets), 2 from 3.10 (code units). */
  readonly jumpArgUnit: 1 | 2;
  /** How line numbers are stored: `co_lnotab` (≤ 3.9), the PEP 626 line table (3.10), PEP 657 locations (3.11+). */
  readonly lineTable: 'lnotab' | 'lines' | 'locations';
  /** 3.6+: `co_lnotab` line deltas are signed bytes. */
  readonly signedLineDeltas: boolean;
  /** 3.8–3.9: `dis.findlinestarts` stops at the first `co_lnotab` offset past the end of the code. */
  readonly lineStartsStopAtCodeEnd: boolean;
  /**
   * How `dis` writes an instruction line: `print` (2.7, 3.0–3.3: `disassemble` prints field by field), `fields`
   * (3.4–3.12: `Instruction._disassemble` joins the fields), `labels` (3.13+: jump targets as labels).
   */
  readonly listingLayout: 'print' | 'fields' | 'labels';
  /** 3.0–3.3: every field is printed with `end=' '`, so every line ends with a space (2.7's `print x,` does not). */
  readonly printEndSpace: boolean;
  /** 2.7: an argument taken through EXTENDED_ARG is a Python 2 `long`, printed with an `L` (`65536L`, `to 70000L`). */
  readonly longExtendedArg: boolean;
  /** 2.7: constants print as Python 2's `repr` does (`u'…'`, `'…'` for `str`, `1L`, `frozenset([…])`). */
  readonly python2Repr: boolean;
  /** 3.0 only: `float` (and `complex`) reprs have 17 significant digits (`%.17g`); from 3.1 the shortest round-trip. */
  readonly floatRepr17: boolean;
  /** 3.7+: `dis.dis` of a code object also lists the code objects in its constants (`Disassembly of …:`). */
  readonly nestedListings: boolean;
  /** 3.7+: the line-number and offset columns widen for lines >= 1000 and offsets >= 10000 (before: 3 and 4, always). */
  readonly widenColumns: boolean;
  /** 3.10+: absolute jumps show `to N` too (before, only relative jumps do). */
  readonly absoluteJumpArgrepr: boolean;
  /** 3.5+: `dis.findlabels` applies EXTENDED_ARG (before, it reads only the jump's own 16-bit argument). */
  readonly labelsSeeExtendedArg: boolean;
  /** 3.5: `hasnargs` counts are `arg % 256, arg // 256` of the whole oparg; 3.3–3.4: the instruction's two argument bytes. */
  readonly nargsFromWholeArg: boolean;
  /** ≤ 3.9: an instruction without argument leaves a pending EXTENDED_ARG value for the next one (`_unpack_opargs`). */
  readonly extendedArgSurvivesNoArg: boolean;
  /**
   * 2.7, 3.0–3.6: the stack analysis follows the compiler's own `stackdepth_walk` (`Python/compile.c`): from each
   * instruction on to the next in layout, except after JUMP_ABSOLUTE and JUMP_FORWARD (also after `return`, `raise`,
   * `break` and END_FINALLY), to every jump and `SETUP_*` target with its jump figure, keeping the deepest start of
   * each block; no exception edges. The graph has no block-stack edges in these versions.
   */
  readonly compilerStackWalk: boolean;
  /**
   * 3.6: the opcode table's stack effects are `dis.stack_effect`'s, which has no jump argument, so they lack the
   * adjustments `stackdepth_walk` makes at jumps (2.7 and 3.0–3.5's generated tables include them).
   */
  readonly walkJumpRulesMissing: boolean;
  /**
   * 3.7–3.8: `co_stacksize` is what `stackdepth()` in their `Python/compile.c` counts: a flow from the entry along
   * every jump and `SETUP_*` target (with the jump figure) and on to the next instruction except after
   * JUMP_ABSOLUTE, JUMP_FORWARD, RETURN_VALUE, RAISE_VARARGS and (3.7) BREAK_LOOP and CONTINUE_LOOP, where each
   * block keeps the deepest depth that reaches it (`stackdepth_push`). The figures are the compiler's, not the
   * interpreter's: a `finally` body counts six items whether it was entered by an exception or not.
   */
  readonly compilerDeepestStart: boolean;
  /**
   * 3.7: the opcode table's stack effects are 3.7's `dis.stack_effect`, which has no `jump` argument and gives the
   * larger of the two figures; the analysis splits them as `stack_effect(opcode, oparg, jump)` in that release's
   * `Python/compile.c` does (the 3.8 table, generated with `jump=`, has the same figures for these opcodes).
   */
  readonly stackEffectMaxOnly: boolean;
  /**
   * Which constant tuples `co_stacksize` still counts item by item because the peephole optimizer (`Python/peephole.c`,
   * `fold_tuple_on_constants`) folded them after the depth was counted: `displays` (2.7, 3.0–3.6: any
   * LOAD_CONST… BUILD_TUPLE/BUILD_LIST), `defaults` (3.7–3.9: the AST optimizer already folds tuple displays, so
   * only tuples the compiler builds itself from constants remain, a function's positional defaults), `none` (3.10+:
   * the depth is counted after the optimizer).
   */
  readonly foldedConstantTuples: 'displays' | 'defaults' | 'none';
  /** 3.11+: inline CACHE code units follow some instructions. */
  readonly hasCaches: boolean;
  /** 3.11+: the code object has an exception table (before: SETUP_* opcodes). */
  readonly hasExceptionTable: boolean;
  /**
   * 3.11+: a frame's `localsplus` is `co_localsplusnames` (a cell variable that is also an argument shares the
   * argument's slot); up to 3.10 it is `co_varnames`, then every cell variable, then the free variables.
   */
  readonly cellsShareArgSlots: boolean;
  /** 3.13+: jump targets get labels `L1:` and offsets are hidden unless asked for. */
  readonly labelsInListing: boolean;
  /** 3.11+: the PEP 657 location table (with columns); 3.10: the PEP 626 line table. */
  readonly locationTable: boolean;
  /** 3.12+: `co_lines()` merges consecutive ranges of the same line. */
  readonly mergeLineRanges: boolean;
  /** 3.13+: `findlinestarts` yields a start for a range without a line (`None`). */
  readonly noneLineStarts: boolean;
  /** 3.12+: relative jumps count from the end of the instruction's caches. */
  readonly jumpsSkipCaches: boolean;
  /** 3.11+: `dis` wraps EXTENDED_ARG accumulation like a signed 32-bit C int. */
  readonly wrapExtendedArg: boolean;
  /** 3.11 only: of the `hasconst` opcodes, only LOAD_CONST shows its constant. */
  readonly onlyLoadConstResolves: boolean;
  /** 3.13+: `NULL` markers follow the name (`x + NULL`); before they precede it (`NULL + x`). */
  readonly nullAfterName: boolean;
  /** 3.12+: LOAD_ATTR's oparg carries a method bit (name index = arg >> 1). */
  readonly loadAttrMethodBit: boolean;
  /** 3.11+: LOAD_GLOBAL's oparg carries a NULL bit (name index = arg >> 1). */
  readonly loadGlobalNullBit: boolean;
  /** 3.15+: IMPORT_NAME's oparg carries lazy/eager bits (name index = arg >> 2). */
  readonly importNameFlags: boolean;
  /** COMPARE_OP: how far the comparison index is shifted inside the oparg (0, 4 or 5). */
  readonly compareShift: number;
  /** 3.13+: COMPARE_OP bit 16 asks for a bool result: shown as `bool(<)`. */
  readonly compareBoolBit: boolean;
  /** 3.12+: CACHE lines show `name: value` whether or not the instruction is specialized. */
  readonly cacheValuesAlways: boolean;
  /** 3.13 only: every cache field's value is read from the first cache unit (a bug of that `dis`). */
  readonly cacheValueFromFirstUnit: boolean;
  /** 3.14+: IS_OP / CONTAINS_OP show `is`/`is not`, `in`/`not in`. */
  readonly isContainsArgrepr: boolean;
  /** 3.15+: LOAD_COMMON_CONSTANT's `argval` is the constant, not the oparg. */
  readonly commonConstantArgval: boolean;
  /** 3.14+: `sys.monitoring` has the BRANCH_LEFT and BRANCH_RIGHT events (before, only BRANCH). */
  readonly branchSideEvents: boolean;
  /** Options this version's `dis` has. */
  readonly options: { readonly showCaches: boolean; readonly showOffsets: boolean; readonly showPositions: boolean; readonly specialized: boolean };
}

/** The switches of `v`. */
export function featuresOf(v: PyVersion): VersionFeatures {
  const from = (minor: number) => versionAtLeast(v, 3, minor);
  const only = (minor: number) => v.major === 3 && v.minor === minor;
  const py2 = v.major === 2;
  return {
    wordcode: from(6),
    jumpArgUnit: from(10) ? 2 : 1,
    lineTable: from(11) ? 'locations' : from(10) ? 'lines' : 'lnotab',
    signedLineDeltas: from(6),
    lineStartsStopAtCodeEnd: from(8) && !from(10),
    listingLayout: from(13) ? 'labels' : from(4) ? 'fields' : 'print',
    printEndSpace: !py2 && !from(4),
    longExtendedArg: py2,
    python2Repr: py2,
    floatRepr17: only(0),
    nestedListings: from(7),
    widenColumns: from(7),
    absoluteJumpArgrepr: from(10),
    labelsSeeExtendedArg: from(5),
    nargsFromWholeArg: from(5),
    extendedArgSurvivesNoArg: !from(10),
    compilerStackWalk: !from(7),
    walkJumpRulesMissing: only(6),
    compilerDeepestStart: only(7) || only(8),
    stackEffectMaxOnly: only(7),
    foldedConstantTuples: from(10) ? 'none' : from(7) ? 'defaults' : 'displays',
    hasCaches: from(11),
    hasExceptionTable: from(11),
    cellsShareArgSlots: from(11),
    labelsInListing: from(13),
    locationTable: from(11),
    mergeLineRanges: from(12),
    noneLineStarts: from(13),
    jumpsSkipCaches: from(12),
    wrapExtendedArg: from(11),
    onlyLoadConstResolves: only(11),
    nullAfterName: from(13),
    loadAttrMethodBit: from(12),
    loadGlobalNullBit: from(11),
    importNameFlags: from(15),
    compareShift: from(13) ? 5 : only(12) ? 4 : 0,
    compareBoolBit: from(13),
    cacheValuesAlways: from(12),
    cacheValueFromFirstUnit: only(13),
    isContainsArgrepr: from(14),
    commonConstantArgval: from(15),
    branchSideEvents: from(14),
    options: { showCaches: from(11), showOffsets: from(13), showPositions: from(14), specialized: from(14) },
  };
}
