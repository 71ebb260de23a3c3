/**
 * Decoding a code object's bytecode into instructions, as `dis.get_instructions` / `dis.dis` of the matching
 * CPython see them: EXTENDED_ARG accumulation, inline caches, argument resolution (`argval`/`argrepr`), jump
 * targets and labels, line starts and positions. Driven by the version's tables and switches only; the typed
 * input of every analysis.
 */
import type { CodeObject } from '../pyc/code-object.js';
import type { VersionInfo } from '../version/registry.js';
import { NO_ARG, type ArgValue } from './arguments.js';
import type { ExceptionTableEntry } from './exception-table.js';
import { jumpTablesOf, jumpTarget } from './jumps.js';
import { positionsFrom311, type LineRange, type Position } from './line-table.js';
import { codeLines, lineAtOffset } from './lines.js';
import { OpFlag } from './opcode-table.js';
import { scanCode } from './scan.js';

export type { ArgValue };
export { codeLines, findLineStarts, lineAtOffset } from './lines.js';

/** One decoded instruction (`dis.Instruction`), plus what the listing needs. */
export interface Instruction {
  /** Byte offset of the opcode. */
  readonly offset: number;
  /** Offset of the first EXTENDED_ARG prefix of this instruction (= offset when none). */
  readonly startOffset: number;
  readonly opcode: number;
  readonly opname: string;
  /** The de-specialized opcode (equal to `opcode` in any `.pyc`). */
  readonly baseOpcode: number;
  /** The oparg with EXTENDED_ARG prefixes applied, or null for opcodes without an argument. */
  readonly arg: number | null;
  readonly argval: ArgValue;
  /** Human-readable description of the argument, exactly as `dis` prints it inside parentheses. */
  readonly argrepr: string;
  /** True when a new source line starts here (3.13+: also a start of a line-less block). */
  readonly startsLine: boolean;
  /**
   * The line `dis` shows for this instruction: the last line start at or before it (3.13+: null in a line-less
   * block). Up to 3.12 an instruction without a line of its own shows the line before it.
   */
  readonly lineNumber: number | null;
  /**
   * The instruction's own source line, from `co_lines()` (null: none, such as an artificial jump or cleanup): the
   * line CPython reports for it, and the one analyses read.
   */
  readonly line: number | null;
  /** True when `dis` marks this offset as a jump target (`>>` or a label). */
  readonly isJumpTarget: boolean;
  /** 3.13+ label number (L1, L2, …), or null. */
  readonly label: number | null;
  /** Source positions (3.11+), or null. */
  readonly positions: Position | null;
  /** Number of inline CACHE code units after the instruction. */
  readonly cacheUnits: number;
  /** The jump target's byte offset for jump instructions, else null. */
  readonly jumpTarget: number | null;
}

/** A code object decoded: its instructions and the per-code tables the listing needs. */
export interface DecodedCode {
  readonly code: CodeObject;
  readonly instructions: readonly Instruction[];
  readonly exceptionTable: readonly ExceptionTableEntry[];
  /** `co_lines()`. */
  readonly lines: readonly LineRange[];
  /** `co_positions()` per code unit (3.11+), else empty. */
  readonly positions: readonly Position[];
  /** Line starts: offset → line (null: a line-less block, 3.13+). */
  readonly lineStarts: ReadonlyMap<number, number | null>;
  /** 3.13+ labels: offset → label number (jump targets and exception-table bounds). Empty before 3.13. */
  readonly labels: ReadonlyMap<number, number>;
}

/** Decodes one code object (not its nested code objects). */
export function decodeCode(code: CodeObject, v: VersionInfo): DecodedCode {
  const f = v.features;
  const t = v.table;
  const s = scanCode(code, v);
  const jt = jumpTablesOf(v);
  const lines = codeLines(code, v);
  const lineAt = lineAtOffset(lines);
  const lineStarts = new Map<number, number | null>();
  for (let k = 0; k < s.lineStartCount; k++) {
    const l = s.lineStartLine[k]!;
    lineStarts.set(s.lineStartOffset[k]!, Number.isNaN(l) ? null : l);
  }
  const positions = f.locationTable ? positionsFrom311(code.linetable, code.firstlineno, code.code.length >> 1) : [];
  const out: Instruction[] = new Array(s.count);
  let lineNumber: number | null = null;
  for (let k = 0; k < s.count; k++) {
    const offset = s.offset[k]!;
    const op = s.op[k]!;
    const arg = t.flags[op]! & OpFlag.Arg ? s.arg[k]! : null;
    const startsLine = lineStarts.has(offset);
    if (startsLine) lineNumber = lineStarts.get(offset)!;
    const { argval, argrepr } = arg === null ? NO_ARG : s.resolver.resolve(op, arg, offset);
    const mark = s.mark[offset >> s.markShift]!;
    out[k] = {
      offset,
      startOffset: s.start[k]!,
      opcode: op,
      opname: t.opname[op]!,
      baseOpcode: t.deopt[op]!,
      arg,
      argval,
      argrepr,
      startsLine,
      lineNumber,
      line: lineAt(offset),
      isJumpTarget: mark !== 0,
      label: f.labelsInListing && mark !== 0 ? mark : null,
      positions: f.locationTable ? positions[offset >> 1] ?? null : null,
      cacheUnits: t.cacheUnits[op]!,
      jumpTarget: arg === null ? null : jumpTarget(op, arg, offset, jt),
    };
  }
  return { code, instructions: out, exceptionTable: s.exceptionTable, lines, positions, lineStarts, labels: s.labelMap() };
}
