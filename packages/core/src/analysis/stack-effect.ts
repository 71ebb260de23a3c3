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
import { JumpKind, jumpTablesOf } from '../bytecode/jumps.js';
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

/**
 * 3.7's `dis.stack_effect(opcode, oparg)` is `stack_effect(opcode, oparg, -1)` of `Python/compile.c`: the larger of
 * the figures with and without the jump. Its compiler's `stackdepth()` uses both; these are its figures
 * (noJump, jump) where they differ (`SETUP_EXCEPT`/`SETUP_FINALLY`: `jump ? 6 : 0`; `SETUP_WITH`: `jump ? 6 : 1`;
 * `SETUP_ASYNC_WITH`: `jump ? -1 + 6 : 0`; `FOR_ITER`: `jump > 0 ? -1 : 1`; `JUMP_IF_*_OR_POP`: `jump ? 0 : -1`),
 * which 3.8's table, generated with `jump=`, confirms for the opcodes both have. EXTENDED_ARG, which 3.7's
 * `dis.stack_effect` rejects, counts 0 (the assembler adds it after the depth is counted). Applied where
 * {@link VersionFeatures.stackEffectMaxOnly}.
 */
const JUMP_SPLIT_37: Readonly<Record<string, EffectPair>> = {
  SETUP_EXCEPT: { noJump: 0, jump: 6 }, SETUP_FINALLY: { noJump: 0, jump: 6 }, SETUP_WITH: { noJump: 1, jump: 6 },
  SETUP_ASYNC_WITH: { noJump: 0, jump: 5 }, FOR_ITER: { noJump: 1, jump: -1 },
  JUMP_IF_TRUE_OR_POP: { noJump: -1, jump: 0 }, JUMP_IF_FALSE_OR_POP: { noJump: -1, jump: 0 }, EXTENDED_ARG: { noJump: 0, jump: 0 },
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
    if (v.features.stackEffectMaxOnly && JUMP_SPLIT_37[name]) m = JUMP_SPLIT_37[name];
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


/**
 * The opcodes after which 3.7–3.8's `stackdepth()` (`Python/compile.c`) does not go on to the next instruction
 * ("remaining code is dead"); of these, CONTINUE_LOOP's target is not followed either (its depth "should be already
 * proceeding"). Names absent from a version's table are ignored (BREAK_LOOP and CONTINUE_LOOP are 3.7's only).
 */
const DEAD_AFTER_37: readonly string[] = ['JUMP_ABSOLUTE', 'JUMP_FORWARD', 'RETURN_VALUE', 'RAISE_VARARGS', 'BREAK_LOOP', 'CONTINUE_LOOP'];
const deadCache = new WeakMap<VersionInfo, Uint8Array>();

/** By opcode: 1 for those of {@link DEAD_AFTER_37} in `v`'s table. */
export function deadAfterTable(v: VersionInfo): Uint8Array {
  let t = deadCache.get(v);
  if (!t) {
    t = new Uint8Array(256);
    for (const name of DEAD_AFTER_37) { const op = v.table.op(name); if (op >= 0) t[op] = 1; }
    deadCache.set(v, t);
  }
  return t;
}

/** How many times {@link deepestStartEntries} walks one block at most (a `limit` error beyond). */
const DEEPEST_VISITS_PER_BLOCK = 64;

/**
 * 3.7–3.8 ({@link VersionFeatures.compilerDeepestStart}): the depth at the entry of each block as those compilers'
 * `stackdepth()` counts it (-1: never reached). From the entry, each instruction adds its stack effect without the
 * jump; every jump and `SETUP_*` sends its target the depth with the jump figure (`stackdepth_push(&sp,
 * instr->i_target, target_depth)`); control goes on to the next instruction except after {@link DEAD_AFTER_37}.
 * Each block keeps the deepest depth that reaches it and is walked again when a deeper one does (`stackdepth_push`:
 * `if (b->b_startdepth < depth)`): paths need not agree, and do not in these compilers' own figures (3.7: a
 * `finally` body is entered at six items by SETUP_FINALLY's jump and at one, the `None` pushed, by falling in).
 * `firsts` are the blocks' first instruction indexes in code order; `blockAt` maps a jump target offset to a block.
 */
export function deepestStartEntries(
  ins: readonly Instruction[], firsts: readonly number[], blockAt: (offset: number) => number | undefined, code: CodeObject, v: VersionInfo,
): Int32Array {
  const nb = firsts.length;
  const entry = new Int32Array(nb).fill(-1);
  if (nb === 0) return entry;
  const effects = effectsOf(v);
  const dead = deadAfterTable(v);
  const jumps = jumpTablesOf(v).kind;
  const CONTINUE_LOOP = v.table.op('CONTINUE_LOOP');
  const visits = new Int32Array(nb);
  const work: number[] = [];
  const enter = (b: number, d: number, at: Instruction): void => {
    if (d < 0) throw new BytescopeError('bad-code', `stack depth below zero after ${at.opname} (at offset ${at.offset})`);
    checkDepth(d, at);
    if (entry[b]! >= d) return;
    if (++visits[b]! > DEEPEST_VISITS_PER_BLOCK) throw new BytescopeError('limit', `the stack-depth walk revisits offset ${ins[firsts[b]!]!.offset} too often`);
    entry[b] = d;
    work.push(b);
  };
  enter(0, initialStackDepth(code, v), ins[0]!);
  while (work.length) {
    const b = work.pop()!;
    const end = b + 1 < nb ? firsts[b + 1]! : ins.length;
    let d = entry[b]!;
    let goesOn = true;
    for (let k = firsts[b]!; k < end; k++) {
      const i = ins[k]!;
      const m = effects[i.opcode];
      if (!m) throw new BytescopeError('bad-code', `${i.opname} has no stack effect in Python ${v.version} (at offset ${i.offset})`);
      const arg = i.arg ?? 0;
      if (jumps[i.opcode] !== JumpKind.None && i.baseOpcode !== CONTINUE_LOOP) {
        const to = i.jumpTarget === null ? undefined : blockAt(i.jumpTarget);
        if (to === undefined) throw new BytescopeError('bad-code', `${i.opname} jumps to ${i.jumpTarget}, not an instruction of the code (at offset ${i.offset})`);
        enter(to, d + evalStackEffect(m.jump, arg), i);
      }
      d += evalStackEffect(m.noJump, arg);
      if (d < 0) throw new BytescopeError('bad-code', `stack depth below zero after ${i.opname} (at offset ${i.offset})`);
      checkDepth(d, i);
      if (dead[i.baseOpcode]) { goesOn = false; break; }
    }
    if (goesOn) {
      if (b + 1 >= nb) throw new BytescopeError('bad-code', `control runs past the end of the code after ${ins[end - 1]!.opname} (at offset ${ins[end - 1]!.offset})`);
      enter(b + 1, d, ins[end - 1]!);
    }
  }
  return entry;
}
