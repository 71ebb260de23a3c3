/**
 * The instruction encoding: how `co_code` is cut into instructions (`dis._unpack_opargs`). Every version from
 * 3.6 uses wordcode, read by {@link unpackInstructions}; the older byte-oriented encoding (one-byte opcodes, a
 * two-byte argument from `HAVE_ARGUMENT`, 16-bit `EXTENDED_ARG`) is the seam where it will be added.
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
  if (!v.features.wordcode) throw new BytescopeError('unsupported', `Python ${v.version} bytecode (before wordcode) cannot be decoded yet`);
  return unpackWordcode(code, v, out);
}

/**
 * Unpacks wordcode (3.6+: every instruction one two-byte code unit, `EXTENDED_ARG` prefixes adding 8 bits each,
 * inline caches skipped from 3.11) into `out` (`dis._unpack_opargs`); returns the instruction count.
 */
export function unpackWordcode(code: Uint8Array, v: VersionInfo, out: UnpackTarget): number {
  const t = v.table;
  const extended = t.data.extendedArg;
  const wrap = v.features.wrapExtendedArg;
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
    } else ext = 0;
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

