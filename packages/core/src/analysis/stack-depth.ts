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
import { checkDepth, deadAfterTable, deepestStartEntries, effectsOf, initialStackDepth, type EffectPair } from './stack-effect.js';
import { SCOPE_EXITS } from './categories.js';
import type { DecodedCode } from '../bytecode/decode.js';
import type { PyObject } from '../pyc/objects.js';

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

/** The depth arrays of a graph with `n` instructions and `nb` blocks, every depth unknown (-1) until a walk sets it. */
function unknownDepths(n: number, nb: number): { before: Int32Array; after: Int32Array; afterJump: Int32Array; entry: Int32Array } {
  return {
    before: new Int32Array(n).fill(-1), after: new Int32Array(n).fill(-1), afterJump: new Int32Array(n).fill(-1),
    entry: new Int32Array(nb).fill(-1),
  };
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
  if (v.features.compilerStackWalk) return compilerWalkDepths(cfg, v);
  if (v.features.compilerDeepestStart) return deepestStartDepths(cfg, v);
  const ins = cfg.decoded.instructions;
  const n = ins.length;
  const effects = effectsOf(v);
  const blocks = cfg.blocks;
  const edges = cfg.edges;
  const nb = blocks.length;
  const { before, after, afterJump, entry } = unknownDepths(n, nb);
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

/** How many block visits {@link compilerWalkDepths} makes at most per block before giving up (a `limit` error). */
const WALK_VISITS_PER_BLOCK = 64;

/**
 * 2.7 and 3.0–3.6 ({@link VersionFeatures.compilerStackWalk}): the depths as those compilers' `stackdepth_walk`
 * (`Python/compile.c`) counts them, whose deepest point is `co_stacksize`. A depth-first walk from the entry: each
 * instruction adds its stack effect; at a jump or `SETUP_*` the walk first goes to the target with the jump figure
 * (the tables hold `stackdepth_walk`'s adjustments there), then on to the next instruction in layout — after every
 * instruction except JUMP_ABSOLUTE and JUMP_FORWARD, so also after RETURN_VALUE, `raise`, BREAK_LOOP and
 * END_FINALLY. A block is walked again only when reached deeper than before and not from inside its own walk (the
 * compiler's `b_seen`, which keeps loops finite). Paths need not agree: each block keeps its deepest start, and the
 * depths before and after each instruction are those of that start.
 */
function compilerWalkDepths(cfg: ControlFlowGraph, v: VersionInfo): StackDepths {
  const ins = cfg.decoded.instructions;
  const n = ins.length;
  const blocks = cfg.blocks;
  const nb = blocks.length;
  const effects = effectsOf(v);
  const { before, after, afterJump, entry } = unknownDepths(n, nb);
  let max = 0;
  if (nb === 0) return { before, after, afterJump, blockEntry: entry, max };
  const t = v.table;
  const JUMP_ABSOLUTE = t.op('JUMP_ABSOLUTE');
  const JUMP_FORWARD = t.op('JUMP_FORWARD');
  const targets = targetsOf(v);
  // The block a jump at the end of block b goes to (-1 for none), from the graph's jump and taken-branch edges.
  const jumpTo = new Int32Array(nb).fill(-1);
  for (const e of cfg.edges) if (e.kind === 'jump' || e.taken === true) jumpTo[e.from] = e.to;
  const modelOf = (i: Instruction): EffectPair => {
    const m = effects[i.opcode];
    if (!m) throw new BytescopeError('bad-code', `${i.opname} has no stack effect in Python ${v.version} (at offset ${i.offset})`);
    return m;
  };
  const onPath = new Uint8Array(nb);
  const visits = new Int32Array(nb);
  // Explicit stack of frames: block, depth at its end, and how far its continuation got (0: jump next, 1: next, 2: done).
  const frames: { b: number; end: number; jump: number; step: number }[] = [];
  // `soft`: reached only by falling through after RETURN_VALUE or `raise`. The compiler's walk went there too, but
  // the peephole optimizer later deletes an unconditional jump that followed such an instruction (2.7–3.5
  // `Python/peephole.c`, "Remove unreachable JUMPs after RETURN"), where the walk had stopped: a path that then goes
  // below zero is one the compiler never walked, and ends there.
  const visit = (b: number, d: number, at: Instruction, soft = false): void => {
    if (d < 0) {
      if (soft) return;
      throw new BytescopeError('bad-code', `stack depth below zero after ${at.opname} (at offset ${at.offset})`);
    }
    checkDepth(d, at);
    if (onPath[b] || entry[b]! >= d) return;
    if (++visits[b]! > WALK_VISITS_PER_BLOCK) throw new BytescopeError('limit', `the stack-depth walk revisits offset ${ins[blocks[b]!.first]!.offset} too often`);
    const block = blocks[b]!;
    let depth = d;
    let jump = -1;
    let peak = d;
    for (let k = block.first; k < block.end; k++) {
      const i = ins[k]!;
      const m = modelOf(i);
      const arg = i.arg ?? 0;
      if (targets[i.opcode]) {
        jump = depth + evalStackEffect(m.jump, arg);
        if (jump > peak) peak = jump;
      }
      depth += evalStackEffect(m.noJump, arg);
      if (depth < 0) {
        if (soft) return;
        throw new BytescopeError('bad-code', `stack depth below zero after ${i.opname} (at offset ${i.offset})`);
      }
      checkDepth(depth, i);
      if (depth > peak) peak = depth;
    }
    onPath[b] = 1;
    entry[b] = d;
    if (peak > max) max = peak;
    frames.push({ b, end: depth, jump, step: 0 });
  };
  visit(0, initialStackDepth(cfg.decoded.code, v), ins[0]!);
  while (frames.length) {
    const f = frames[frames.length - 1]!;
    const block = blocks[f.b]!;
    const last = ins[block.end - 1]!;
    if (f.step === 0) {
      f.step = 1;
      if (jumpTo[f.b]! >= 0) { visit(jumpTo[f.b]!, f.jump, last); continue; }
    }
    if (f.step === 1) {
      f.step = 2;
      const op = last.baseOpcode;
      if (op !== JUMP_ABSOLUTE && op !== JUMP_FORWARD && f.b + 1 < nb) {
        visit(f.b + 1, f.end, last, SCOPE_EXITS.has(t.opname[op]!));
        continue;
      }
    }
    onPath[f.b] = 0;
    frames.pop();
  }
  // Per instruction, from each block's deepest start.
  for (const block of blocks) {
    let d = entry[block.index]!;
    if (d < 0) continue;
    for (let k = block.first; k < block.end; k++) {
      const i = ins[k]!;
      const m = modelOf(i);
      const arg = i.arg ?? 0;
      before[k] = d;
      if (targets[i.opcode]) afterJump[k] = d + evalStackEffect(m.jump, arg);
      d += evalStackEffect(m.noJump, arg);
      after[k] = d;
    }
  }
  return { before, after, afterJump, blockEntry: entry, max };
}

/**
 * 3.7–3.8 ({@link VersionFeatures.compilerDeepestStart}): the depths as those compilers' `stackdepth()` counts them
 * ({@link deepestStartEntries}), whose deepest point is `co_stacksize`; per instruction from each block's deepest
 * start, as far as that walk goes (instructions after a BREAK_LOOP inside a block stay -1).
 */
function deepestStartDepths(cfg: ControlFlowGraph, v: VersionInfo): StackDepths {
  const ins = cfg.decoded.instructions;
  const n = ins.length;
  const blocks = cfg.blocks;
  const nb = blocks.length;
  const effects = effectsOf(v);
  const { before, after, afterJump, entry } = unknownDepths(n, nb);
  let max = 0;
  if (nb === 0) return { before, after, afterJump, blockEntry: entry, max };
  const dead = deadAfterTable(v);
  const CONTINUE_LOOP = v.table.op('CONTINUE_LOOP');
  const targets = targetsOf(v);
  const modelOf = (i: Instruction): EffectPair => {
    const m = effects[i.opcode];
    if (!m) throw new BytescopeError('bad-code', `${i.opname} has no stack effect in Python ${v.version} (at offset ${i.offset})`);
    return m;
  };
  const blockAtOffset = new Map<number, number>();
  for (const b of blocks) blockAtOffset.set(b.startOffset, b.index);
  entry.set(deepestStartEntries(ins, blocks.map((b) => b.first), (off) => blockAtOffset.get(off), cfg.decoded.code, v));
  // Per instruction, from each block's deepest start, as far as the compiler's walk went.
  for (const block of blocks) {
    let d = entry[block.index]!;
    if (d < 0) continue;
    if (d > max) max = d;
    for (let k = block.first; k < block.end; k++) {
      const i = ins[k]!;
      const m = modelOf(i);
      const arg = i.arg ?? 0;
      before[k] = d;
      if (targets[i.opcode] && i.baseOpcode !== CONTINUE_LOOP) { afterJump[k] = d + evalStackEffect(m.jump, arg); if (afterJump[k]! > max) max = afterJump[k]!; }
      d += evalStackEffect(m.noJump, arg);
      after[k] = d;
      if (d > max) max = d;
      if (dead[i.baseOpcode]) break;
    }
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
export function compilerStacksize(depths: StackDepths, v: VersionInfo, decoded?: DecodedCode): number {
  let max = depths.max;
  if (v.features.foldedConstantTuples !== 'none' && decoded) max = Math.max(max, foldedConstantPeak(decoded, depths, v));
  return versionAtLeast(v.release, 3, 13) ? Math.max(1, max) : max;
}

/**
 * 2.7 and 3.0–3.6 count the stack before the peephole optimizer folds a display of constants into one constant
 * (`(1, 2, 3)`, `x in [1, 2]`: LOAD_CONST … BUILD_TUPLE/BUILD_LIST → LOAD_CONST of a tuple; 2.7–3.5
 * `Python/peephole.c`, `tuple_of_constants`), so `co_stacksize` still holds the depth of pushing the items one by
 * one. The deepest such point: before a LOAD_CONST of a tuple, plus what building it took (a nested tuple was folded
 * first, as its own items were pushed). A tuple the compiler loads as it is — the names of `from m import a, b`
 * right before IMPORT_NAME, 3.6's keyword names and dict keys before CALL_FUNCTION_KW and BUILD_CONST_KEY_MAP — is
 * not counted.
 */
function foldedConstantPeak(decoded: DecodedCode, depths: StackDepths, v: VersionInfo): number {
  const ins = decoded.instructions;
  const LOAD_CONST = v.table.op('LOAD_CONST');
  // Tuples the compiler loads as they are: the names before IMPORT_NAME (`from m import a, b`), and from 3.6 the
  // keyword names before CALL_FUNCTION_KW and the keys before BUILD_CONST_KEY_MAP.
  const asIs = new Set(['IMPORT_NAME', 'CALL_FUNCTION_KW', 'BUILD_CONST_KEY_MAP'].map((n) => v.table.op(n)).filter((op) => op >= 0));
  const peakOf = (o: PyObject, level: number): number => {
    if (o.type !== 'tuple' || o.items.length === 0 || level > 64) return 1;
    let p = 1;
    o.items.forEach((x, i) => { p = Math.max(p, i + peakOf(x, level + 1)); });
    return p;
  };
  const MAKE_FUNCTION = v.table.op('MAKE_FUNCTION');
  const EXTENDED_ARG = v.table.op('EXTENDED_ARG');
  const onlyDefaults = v.features.foldedConstantTuples === 'defaults';
  // 3.7–3.9: whether the tuple loaded at k is the positional defaults (flag 0x01) of the MAKE_FUNCTION that takes it
  // as its deepest argument (MAKE_FUNCTION pops the code, the qualified name and one item per flag of 0x0f).
  const isDefaults = (k: number): boolean => {
    const base = depths.before[k]!;
    for (let j = k + 1; j < ins.length && depths.before[j]! > base; j++) {
      if (ins[j]!.baseOpcode !== MAKE_FUNCTION) continue;
      const flags = ins[j]!.arg ?? 0;
      let items = 2;
      for (let f = flags & 0x0f; f; f &= f - 1) items++;
      if (depths.before[j]! - items === base) return (flags & 0x01) === 1;
    }
    return false;
  };
  let max = 0;
  for (let k = 0; k < ins.length; k++) {
    const i = ins[k]!;
    if (i.baseOpcode !== LOAD_CONST || i.argval.kind !== 'const' || depths.before[k]! < 0) continue;
    // The instruction that takes the tuple (past an EXTENDED_ARG of its own argument: `BUILD_CONST_KEY_MAP 646`).
    let q = k + 1;
    while (ins[q]?.baseOpcode === EXTENDED_ARG) q++;
    const next = ins[q]?.baseOpcode;
    if (next !== undefined && asIs.has(next)) continue;
    if (onlyDefaults && !isDefaults(k)) continue;
    // 3.7–3.9: a tuple among the defaults was an AST constant already, pushed as one item.
    const value = i.argval.value;
    max = Math.max(max, depths.before[k]! + (onlyDefaults && value.type === 'tuple' ? Math.max(1, value.items.length) : peakOf(value, 0)));
  }
  return max;
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
  const decoded = decodeCode(code, v);
  const depths = computeStackDepths(buildCfg(decoded, v), v);
  return { declared: code.stacksize, computed: compilerStacksize(depths, v, decoded), max: depths.max };
}
