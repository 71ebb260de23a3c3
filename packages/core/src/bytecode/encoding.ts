/**
 * The instruction encoding: how `co_code` is cut into instructions (`dis._unpack_opargs`). Every version from
 * 3.6 uses wordcode ({@link unpackWordcode}); 2.7 and 3.0–3.5 the byte-oriented encoding ({@link unpackBytecode}:
 * one-byte opcodes, a two-byte argument from `HAVE_ARGUMENT`, 16-bit `EXTENDED_ARG`).
 */
import { BytescopeError } from '../errors.js';
import { OpFlag } from './opcode-table.js';
import type { VersionInfo } from '../version/registry.js';

/** Parallel arrays that receive the instructions, one entry per instruction. */
export interface UnpackArrays {
  /** Byte offset of the opcode. */
  readonly offset: Int32Array;
  /** Offset of the first EXTENDED_ARG prefix (= offset when none). */
  readonly start: Int32Array;
  readonly op: Uint8Array;
  /** The oparg with EXTENDED_ARG applied. */
  readonly arg: Float64Array;
}

/** Where {@link unpackInstructions} writes: arrays with room for at least `n` instructions. */
export interface UnpackTarget {
  reserve(n: number): UnpackArrays;
}

/** Unpacks `code` of version `v` into `out`; returns the instruction count. */
export function unpackInstructions(code: Uint8Array, v: VersionInfo, out: UnpackTarget): number {
  return v.features.wordcode ? unpackWordcode(code, v, out) : unpackBytecode(code, v, out);
}

/** The size in bytes of an instruction with an argument: 2 (wordcode) or 3 (before). */
export function argInstructionSize(v: VersionInfo): number {
  return v.features.wordcode ? 2 : 3;
}

/**
 * Unpacks pre-wordcode bytecode (2.7, 3.0–3.5: an opcode byte, then a little-endian 16-bit argument when the opcode
 * is at least `HAVE_ARGUMENT`; `EXTENDED_ARG` supplies the next 16 bits) into `out`, as those versions' `dis` reads
 * it; returns the instruction count. An argument cut off by the end of the code reads its missing bytes as 0
 * (CPython's `dis` raises IndexError there).
 */
export function unpackBytecode(code: Uint8Array, v: VersionInfo, out: UnpackTarget): number {
  const t = v.table;
  const extended = t.data.extendedArg;
  const flags = t.flags;
  const n = code.length;
  const { offset: offs, start: starts, op: ops, arg: args } = out.reserve(n);
  let count = 0;
  let ext = 0;
  let prefix = -1;
  for (let i = 0; i < n;) {
    const op = code[i]!;
    offs[count] = i;
    ops[count] = op;
    if (flags[op]! & OpFlag.Arg) {
      const arg = (code[i + 1] ?? 0) + (code[i + 2] ?? 0) * 256 + ext;
      args[count] = arg;
      if (op === extended) {
        if (arg > Number.MAX_SAFE_INTEGER / 65536) throw new BytescopeError('limit', 'EXTENDED_ARG chain too long', i);
        ext = arg * 65536;
        if (prefix < 0) prefix = i;
        starts[count] = i;
      } else {
        ext = 0;
        starts[count] = prefix < 0 ? i : prefix;
        prefix = -1;
      }
      i += 3;
    } else {
      // ≤ 3.9 leaves a pending EXTENDED_ARG value in place across instructions without argument.
      args[count] = 0;
      starts[count] = i;
      i += 1;
    }
    count++;
  }
  return count;
}

/**
 * Unpacks wordcode (3.6+: every instruction one two-byte code unit, `EXTENDED_ARG` prefixes adding 8 bits each,
 * inline caches skipped from 3.11) into `out` (`dis._unpack_opargs`); returns the instruction count.
 */
export function unpackWordcode(code: Uint8Array, v: VersionInfo, out: UnpackTarget): number {
  const t = v.table;
  const extended = t.data.extendedArg;
  const wrap = v.features.wrapExtendedArg;
  const survives = v.features.extendedArgSurvivesNoArg;
  const deopt = t.deopt;
  const cacheUnits = t.cacheUnits;
  const flags = t.flags;
  const n = code.length & ~1;
  const { offset: offs, start: starts, op: ops, arg: args } = out.reserve(n >> 1);
  let count = 0;
  let ext = 0;
  let extCount = 0;
  for (let i = 0; i < n; i += 2) {
    const op = code[i]!;
    const deop = deopt[op]!;
    let arg = 0;
    if (flags[op]! & OpFlag.Arg) {
      arg = code[i + 1]! + ext;
      if (deop === extended) {
        ext = arg * 256;
        if (wrap && ext >= 2 ** 31) ext -= 2 ** 32;
        if (!wrap && ext > Number.MAX_SAFE_INTEGER / 512) throw new BytescopeError('limit', 'EXTENDED_ARG chain too long', i);
      } else ext = 0;
    } else if (!survives) ext = 0;
    offs[count] = i;
    ops[count] = op;
    args[count] = arg;
    if (deop === extended) {
      extCount++;
      starts[count] = i;
    } else {
      starts[count] = i - extCount * 2;
      extCount = 0;
    }
    count++;
    i += 2 * cacheUnits[op]!;
  }
  return count;
}

