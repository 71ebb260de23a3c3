/**
 * The stack effect of one instruction, as the analyses count it: the version's generated `dis.stack_effect` models
 * with and without the jump, adjusted where the interpreter and the table disagree (each case named below), and the
 * depth a code object starts at. Shared by the control-flow graph (3.10's block stack) and the depth computation.
 */
import { BytescopeError } from '../errors.js';
import type { Instruction } from '../bytecode/decode.js';
import type { StackEffectModel } from '../bytecode/opcode-table.js';
import type { VersionFeatures } from '../version/features.js';
import type { CodeObject } from '../pyc/code-object.js';
import { evalStackEffect } from '../reference/stack.js';
import type { VersionInfo } from '../version/registry.js';

/** An opcode's stack effect models without and with its jump taken. */
export interface EffectPair { readonly noJump: StackEffectModel; readonly jump: StackEffectModel }

const effectCache = new WeakMap<VersionInfo, readonly (EffectPair | undefined)[]>();

/**
 * 3.11 and 3.12 give `RETURN_GENERATOR` no stack effect, yet the generator is resumed the first time with the sent
 * value on the stack, which the `POP_TOP` after it discards. Their compilers account for it by starting the
 * depth of generator and coroutine code at 1 (`_PyCfg_Stackdepth`, `Python/flowgraph.c` 3.12:
 * `stackdepth_push(&sp, entryblock, 1)` when `code_flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR)`;
 * `stackdepth()` in `Python/compile.c` 3.11). Here the value is pushed where it really appears, after
 * `RETURN_GENERATOR`; the deepest point is the same. From 3.13 the table itself says +1.
 */
const RETURN_GENERATOR_RESUME_VALUE = 1;

/**
 * 3.11's `dis.stack_effect` splits a call's pops between PRECALL (−oparg) and CALL (−1), but the interpreter's
 * PRECALL leaves the stack alone (it only unpacks a bound method in place) and CALL pops the callable pair and the
 * arguments and pushes the result. The depths follow the interpreter (PRECALL 0, CALL −1 − oparg); the deepest
 * point, the depth before PRECALL, is the same.
 */
const CALL_311: Readonly<Record<string, EffectPair>> = {
  PRECALL: { noJump: 0, jump: 0 },
  CALL: { noJump: { base: -1, perArg: -1 }, jump: { base: -1, perArg: -1 } },
};

/**
 * 3.6's `stackdepth_walk` (`Python/compile.c`, as in 2.7 and 3.4–3.5) adjusts the depth at jumps, which 3.6's
 * `dis.stack_effect` (no jump argument) cannot show: at FOR_ITER's target −2, at SETUP_FINALLY's and SETUP_EXCEPT's
 * handler +3, and JUMP_IF_TRUE_OR_POP / JUMP_IF_FALSE_OR_POP −1 when falling through. Added to the table's figures
 * where {@link VersionFeatures.walkJumpRulesMissing}. EXTENDED_ARG, which `dis.stack_effect` of 3.6 rejects, counts
 * 0: the assembler adds it after the depth is counted.
 */
const WALK_RULES_36: Readonly<Record<string, readonly [number, number]>> = {
  FOR_ITER: [0, -2], SETUP_FINALLY: [0, 3], SETUP_EXCEPT: [0, 3], JUMP_IF_TRUE_OR_POP: [-1, 0], JUMP_IF_FALSE_OR_POP: [-1, 0],
};

function plus(m: StackEffectModel, k: number): StackEffectModel {
  if (k === 0) return m;
  if (typeof m === 'number') return m + k;
  if ('byLowByte' in m) return { byLowByte: m.byLowByte.map((x) => x + k) };
  return { ...m, base: m.base + k };
}

/** The stack-effect models of `v` by opcode number (undefined: an opcode that never runs), computed once. */
export function effectsOf(v: VersionInfo): readonly (EffectPair | undefined)[] {
  let e = effectCache.get(v);
  if (e) return e;
  const t = v.table;
  const models = t.data.stackEffects;
  const out: (EffectPair | undefined)[] = new Array(256);
  for (let op = 0; op < 256; op++) {
    const name = t.opname[t.deopt[op]!]!;
    let m = Object.prototype.hasOwnProperty.call(models, name) ? models[name] : undefined;
    if (m && name === 'RETURN_GENERATOR' && m.noJump === 0) m = { noJump: RETURN_GENERATOR_RESUME_VALUE, jump: RETURN_GENERATOR_RESUME_VALUE };
    if (m && t.op('PRECALL') >= 0 && CALL_311[name]) m = CALL_311[name];
    if (v.features.walkJumpRulesMissing) {
      const r = WALK_RULES_36[name];
      if (m && r) m = { noJump: plus(m.noJump, r[0]), jump: plus(m.jump, r[1]) };
      if (!m && name === 'EXTENDED_ARG') m = { noJump: 0, jump: 0 };
    }
    out[op] = m;
  }
  effectCache.set(v, out);
  return out;
}

/**
 * The net stack effect of `instr` in version `v`, with the jump taken or not (`dis.stack_effect(op, arg, jump=…)`,
 * from the generated tables). An opcode without a stack effect (one that never runs, like `CACHE`) is a
 * `bad-code` BytescopeError.
 */
export function instructionEffect(instr: Instruction, v: VersionInfo, jump: boolean): number {
  const m = effectsOf(v)[instr.opcode];
  if (!m) throw new BytescopeError('bad-code', `${instr.opname} has no stack effect in Python ${v.version} (at offset ${instr.offset})`);
  const e = evalStackEffect(jump ? m.jump : m.noJump, instr.arg ?? 0);
  checkDepth(e, instr);
  return e;
}

/**
 * The deepest stack the analysis follows. Real code stays far below (CPython's compiler keeps expressions within a
 * few dozen items, and builds longer literals item by item); a depth beyond this is a `limit` error, so that depths
 * fit in 32-bit arrays and nothing built per slot grows without bound.
 */
export const MAX_STACK_DEPTH = 1 << 20;

/** Refuses a depth beyond {@link MAX_STACK_DEPTH} after `at` (a `limit` BytescopeError). */
export function checkDepth(d: number, at: Instruction): void {
  if (d > MAX_STACK_DEPTH) throw new BytescopeError('limit', `stack depth beyond ${MAX_STACK_DEPTH} after ${at.opname} (at offset ${at.offset})`);
}

/** `CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR`. */
const GENERATOR_FLAGS = 0x20 | 0x80 | 0x200;

/**
 * The stack depth at the entry of `code`: 0, except 3.10 generator and coroutine code, which is resumed the first
 * time with the sent value on the stack for `GEN_START` to pop (3.10 `stackdepth()` in `Python/compile.c` starts
 * such code at depth 1: `if (c->u->u_ste->ste_generator || c->u->u_ste->ste_coroutine) stackdepth_push(&sp,
 * entryblock, 1)`). Applies to the versions whose table has `GEN_START`.
 */
export function initialStackDepth(code: CodeObject, v: VersionInfo): number {
  return code.flags & GENERATOR_FLAGS && v.table.op('GEN_START') >= 0 ? 1 : 0;
}

