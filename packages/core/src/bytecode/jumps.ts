/**
 * How instructions jump: which opcodes are jumps, in which direction, and where they land
 * (`dis._get_jump_target`). The one home of that knowledge for the decoder, the listing, the reference and the
 * control-flow analysis.
 */
import { argInstructionSize } from './encoding.js';
import { OpFlag } from './opcode-table.js';
import type { VersionInfo } from '../version/registry.js';

/** How an opcode jumps. */
export const enum JumpKind { None = 0, Forward = 1, Backward = 2, Absolute = 3 }

/** Per-version jump data, derived once from the opcode table. */
export interface JumpTables {
  /** By opcode: its {@link JumpKind}. */
  readonly kind: Uint8Array;
  /** By opcode: bytes added to a relative jump's target (its inline caches, from 3.12). */
  readonly skip: Uint8Array;
  /** Bytes per unit of the argument (1 up to 3.9, 2 from 3.10). */
  readonly unit: number;
  /** Bytes of a jump instruction, where a relative jump counts from: 2 (wordcode) or 3 (before 3.6). */
  readonly size: number;
}

const tables = new WeakMap<VersionInfo, JumpTables>();

/** True when the opcode named `name` jumps backwards in version `v` (by name: base opnames and specialized ones). */
export function isBackwardJump(name: string, v: VersionInfo): boolean {
  if (!v.features.jumpsSkipCaches) return name.includes('JUMP_BACKWARD');
  return name === 'JUMP_BACKWARD' || name === 'JUMP_BACKWARD_NO_INTERRUPT' || name === 'END_ASYNC_FOR';
}

/** The jump tables of `v`. */
export function jumpTablesOf(v: VersionInfo): JumpTables {
  let d = tables.get(v);
  if (d) return d;
  const t = v.table;
  const kind = new Uint8Array(256);
  const skip = new Uint8Array(256);
  for (let op = 0; op < 256; op++) {
    const fl = t.flags[op]!;
    if (fl & OpFlag.JRel) {
      kind[op] = isBackwardJump(t.opname[t.deopt[op]!]!, v) ? JumpKind.Backward : JumpKind.Forward;
      if (v.features.jumpsSkipCaches) skip[op] = 2 * t.cacheUnits[op]!;
    } else if (fl & OpFlag.JAbs) kind[op] = JumpKind.Absolute;
  }
  d = { kind, skip, unit: v.features.jumpArgUnit, size: argInstructionSize(v) };
  tables.set(v, d);
  return d;
}

/**
 * `dis._get_jump_target`: the byte offset the instruction `op` with argument `arg` at `offset` jumps to, or null
 * when `op` is not a jump. Relative jumps count from the end of the instruction (and, from 3.12, of its caches).
 */
export function jumpTarget(op: number, arg: number, offset: number, j: JumpTables): number | null {
  const k = j.kind[op]!;
  if (k === JumpKind.None) return null;
  if (k === JumpKind.Absolute) return arg * j.unit;
  return offset + j.size + (k === JumpKind.Backward ? -arg : arg) * j.unit + j.skip[op]!;
}
