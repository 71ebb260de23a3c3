/**
 * The value stack's depth before and after every instruction, computed along the control-flow graph from the
 * version's generated stack-effect tables (`dis.stack_effect` with and without the jump), exception edges
 * included: a handler starts at the depth its exception-table entry (3.11+) or `SETUP_*` (3.10) names, plus what
 * the interpreter pushes on entry (see `handlerEntryDepth`).
 *
 * The deepest point is what CPython's compiler records as `co_stacksize`, up to the compiler's own rules that
 * this module reproduces and names ({@link compilerStacksize}). Every path to an instruction must give it the same
 * depth (CPython's compiler asserts it too); a conflict or a depth below zero is a `bad-code` BytescopeError.
 */
import { BytescopeError } from '../errors.js';
import type { Instruction } from '../bytecode/decode.js';
import type { CodeObject } from '../pyc/code-object.js';
import { versionAtLeast } from '../version/py-version.js';
import { evalStackEffect } from '../reference/stack.js';
import type { VersionInfo } from '../version/registry.js';
import { decodeCode } from '../bytecode/decode.js';
import { buildCfg, targetsOf, type ControlFlowGraph } from './cfg.js';
import { checkDepth, effectsOf, initialStackDepth, type EffectPair } from './stack-effect.js';

/** Depths per instruction of one code object (indexes as in `DecodedCode.instructions`; -1: never reached). */
export interface StackDepths {
  /** Depth before the instruction runs. */
  readonly before: Int32Array;
  /** Depth after it, when it continues with the next instruction (for an unconditional jump: at its target). */
  readonly after: Int32Array;
  /**
   * Depth at the target when a jump is taken (conditional or not; for 3.10 `SETUP_*`, at the handler); -1 for other
   * instructions.
   */
  readonly afterJump: Int32Array;
  /** Depth at the entry of each block (by block index); -1 for blocks never reached. */
  readonly blockEntry: Int32Array;
  /** The deepest point reached: the largest depth before or after any instruction or at any block's entry. */
  readonly max: number;
}

/**
 * Computes the stack depth before and after every instruction of the graph's code object.
 *
 * First along the flow from the entry. Then the dead code CPython's compiler still counted: a handler installed
 * over a range that ended up empty (`try: pass` with an `except` clause) is never entered, yet its code stays and
 * the compiler gave it the depth of its `SETUP_*` pseudo-instruction (3.11+: the compiler's CFG reaches it through
 * the `SETUP_FINALLY`/`SETUP_CLEANUP` that the assembler then removes; `mark_reachable`/`remove_unreachable` and
 * `calculate_stackdepth` in `Python/flowgraph.c` follow block pushes). Such a handler begins with `PUSH_EXC_INFO`,
 * right after the compiler's `SETUP_CLEANUP` for its own cleanup, so the exception-table entry covering it names
 * its entry depth; code after it follows forwards, and a dead block that falls or jumps into code of known depth
 * gets its depth backwards from there.
 */
export function computeStackDepths(cfg: ControlFlowGraph, v: VersionInfo): StackDepths {
  const ins = cfg.decoded.instructions;
  const n = ins.length;
  const effects = effectsOf(v);
  const before = new Int32Array(n).fill(-1);
  const after = new Int32Array(n).fill(-1);
  const afterJump = new Int32Array(n).fill(-1);
  const blocks = cfg.blocks;
  const edges = cfg.edges;
  const nb = blocks.length;
  const entry = new Int32Array(nb).fill(-1);
  let max = 0;
  if (nb === 0) return { before, after, afterJump, blockEntry: entry, max };
  const work: number[] = [];
  const known: number[] = [];
  const enter = (b: number, d: number, at: Instruction) => {
    if (d < 0) throw new BytescopeError('bad-code', `stack depth below zero after ${at.opname} (at offset ${at.offset})`);
    checkDepth(d, at);
    if (entry[b]! < 0) {
      entry[b] = d;
      if (d > max) max = d;
      work.push(b);
      known.push(b);
    } else if (entry[b] !== d) {
      throw new BytescopeError('bad-code', `paths reach offset ${ins[blocks[b]!.first]!.offset} with stack depths ${entry[b]} and ${d}`);
    }
  };
  const modelOf = (i: Instruction): EffectPair => {
    const m = effects[i.opcode];
    if (!m) throw new BytescopeError('bad-code', `${i.opname} has no stack effect in Python ${v.version} (at offset ${i.offset})`);
    return m;
  };
  const targets = targetsOf(v);
  const run = () => {
    while (work.length) {
      const b = work.pop()!;
      const block = blocks[b]!;
      let d = entry[b]!;
      for (let k = block.first; k < block.end; k++) {
        const i = ins[k]!;
        const m = modelOf(i);
        before[k] = d;
        const arg = i.arg ?? 0;
        const a = d + evalStackEffect(m.noJump, arg);
        if (targets[i.opcode]) {
          const j = d + evalStackEffect(m.jump, arg);
          checkDepth(j, i);
          afterJump[k] = j;
          if (j > max) max = j;
        }
        if (a < 0) throw new BytescopeError('bad-code', `stack depth below zero after ${i.opname} (at offset ${i.offset})`);
        checkDepth(a, i);
        after[k] = a;
        if (a > max) max = a;
        d = a;
      }
      const lastIndex = block.end - 1;
      const last = ins[lastIndex]!;
      for (const ei of block.successors) {
        const e = edges[ei]!;
        if (e.kind === 'exception') enter(e.to, e.handler!.entryDepth, last);
        else enter(e.to, e.kind === 'jump' || e.taken === true ? afterJump[lastIndex]! : after[lastIndex]!, last);
      }
    }
  };
  enter(0, initialStackDepth(cfg.decoded.code, v), ins[0]!);
  run();

  if (known.length < nb && v.features.hasExceptionTable) {
    const pushExcInfo = v.table.op('PUSH_EXC_INFO');
    for (const block of blocks) {
      if (entry[block.index]! >= 0 || ins[block.first]!.baseOpcode !== pushExcInfo) continue;
      // The entry covering the handler is its own cleanup's: the exception edge leaving the block.
      for (const ei of block.successors) {
        const h = edges[ei]!.handler;
        if (h) enter(block.index, h.depth, ins[block.first]!);
      }
    }
    run();
    // Backwards into dead blocks whose normal successor has a depth (each block is looked at once).
    for (let q = 0; q < known.length; q++) {
      const b = known[q]!;
      for (const ei of blocks[b]!.predecessors) {
        const e = edges[ei]!;
        if (e.kind === 'exception' || entry[e.from]! >= 0) continue;
        const p = blocks[e.from]!;
        let net = 0;
        for (let k = p.first; k < p.end - 1; k++) net += evalStackEffect(modelOf(ins[k]!).noJump, ins[k]!.arg ?? 0);
        const last = ins[p.end - 1]!;
        const m = modelOf(last);
        net += evalStackEffect(e.kind === 'jump' || e.taken === true ? m.jump : m.noJump, last.arg ?? 0);
        enter(e.from, entry[b]! - net, last);
        run();
      }
    }
  }
  // An unconditional jump's "after" is the depth at its target.
  for (const block of blocks) {
    const s = block.successors;
    const k = block.end - 1;
    if (s.length > 0 && edges[s[0]!]!.kind === 'jump' && afterJump[k]! >= 0) after[k] = afterJump[k]!;
  }
  return { before, after, afterJump, blockEntry: entry, max };
}

/**
 * `co_stacksize` as the version's compiler computes it for this code: the deepest point of
 * {@link computeStackDepths}, and from 3.13 at least 1. (CPython 3.13, 3.14 and 3.15 give every code object a
 * stack of at least one item, also `def f(): raise` and `while True: pass`, which never push; 3.10–3.12 give them
 * 0. Observed on every code object of their standard libraries; the line of the compiler that does it is not named
 * here.)
 */
export function compilerStacksize(depths: StackDepths, v: VersionInfo): number {
  return versionAtLeast(v.release, 3, 13) ? Math.max(1, depths.max) : depths.max;
}

/** One code object's `co_stacksize` against the analysis. */
export interface StackSizeCheck {
  /** `co_stacksize` as stored. */
  readonly declared: number;
  /** What the version's compiler computes for this code ({@link compilerStacksize}). */
  readonly computed: number;
  /** The deepest point of the analysis itself. */
  readonly max: number;
}

/** Decodes `code` (not its nested code objects), builds its graph and compares its depth with `co_stacksize`. */
export function checkStackSize(code: CodeObject, v: VersionInfo): StackSizeCheck {
  const depths = computeStackDepths(buildCfg(decodeCode(code, v), v), v);
  return { declared: code.stacksize, computed: compilerStacksize(depths, v), max: depths.max };
}
