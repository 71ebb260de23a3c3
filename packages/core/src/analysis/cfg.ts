/**
 * The control-flow graph of one code object, read statically from its decoded bytecode: basic blocks; edges of
 * four kinds (fall-through, unconditional jump, the two sides of a conditional branch, and exception edges to
 * handlers); reachability, dominators, back edges and loops.
 *
 * What moves control is derived from the version's opcode table: the jump opcodes (`hasjrel`/`hasjabs`), of which
 * the unconditional ones are named `JUMP…` without `_IF_`; the few opcodes that leave the frame or raise are
 * listed once ({@link SCOPE_EXITS}). Exception edges come from the exception table (3.11+), each with the
 * handler's `depth` and `lasti`; before (3.7–3.10) from the `SETUP_*` instructions, following the interpreter's
 * block stack along the flow (`SETUP_*` pushes a handler, `POP_BLOCK` pops it, entering a handler pushes an
 * `EXCEPT_HANDLER` block that `POP_EXCEPT` pops; 3.7–3.8's loops and `finally` calls: see exceptionEdges310).
 * 2.7 and 3.0–3.6 have no exception edges: SETUP_* is a branch to its target, as their compilers' depth walk sees it.
 *
 * Blocks are cut wherever control can enter or leave, and also wherever the active handler changes (exception
 * table bounds on 3.11+; after `SETUP_*`, `POP_BLOCK`, `POP_EXCEPT` and `END_ASYNC_FOR` on 3.10), so that every
 * instruction of a block has the same handler.
 *
 * Jumps land where `dis` says they land (the listing's target). From 3.12 an exhausted `FOR_ITER` really resumes
 * one instruction later (past `END_FOR`; 3.13: past `END_FOR` and `POP_TOP`) with its iterator popped; the graph
 * keeps the compiler's view, in which the jump reaches `END_FOR` with the same net effect on the stack.
 *
 * All work is linear (or nearly so) in the size of the code; nonsense (a jump outside the code, control running
 * past its end, an exception table entry off an instruction boundary, an unbalanced 3.10 block stack) is a
 * {@link BytescopeError} of kind `bad-code`.
 */
import { BytescopeError } from '../errors.js';
import type { DecodedCode, Instruction } from '../bytecode/decode.js';
import { JumpKind, jumpTablesOf } from '../bytecode/jumps.js';
import type { VersionInfo } from '../version/registry.js';
import { SCOPE_EXITS } from './categories.js';
import { deepestStartEntries, initialStackDepth, instructionEffect, MAX_STACK_DEPTH } from './stack-effect.js';

/** How an instruction passes control on. */
export type FlowKind =
  /** Continues with the next instruction (or raises). */
  | 'next'
  /** Always jumps to its target. */
  | 'jump'
  /** Jumps to its target or continues with the next instruction. */
  | 'branch'
  /** Leaves the frame or raises: no successor inside the code (3.7's BREAK_LOOP: an edge the block stack names). */
  | 'exit'
  /** 3.7–3.10 `SETUP_*`: continues with the next instruction and installs its target as the exception handler. */
  | 'setup';

/** The kind of a CFG edge. */
export type EdgeKind = 'fallthrough' | 'jump' | 'branch' | 'exception';

/** Where an exception edge enters its handler. */
export interface HandlerEntry {
  /**
   * The stack depth the stack is unwound to before the handler runs (the exception table's `depth`; 3.7–3.10: the
   * level its `SETUP_*` recorded).
   */
  readonly depth: number;
  /** Whether the offset of the raising instruction is pushed before the exception (3.11+; false on 3.10). */
  readonly lasti: boolean;
  /** How many items the handler finds on the stack at entry, `depth` included ({@link handlerEntryDepth}). */
  readonly entryDepth: number;
}

/** One edge of the graph. */
export interface CfgEdge {
  /** Its index in {@link ControlFlowGraph.edges}. */
  readonly index: number;
  /** Source block index. */
  readonly from: number;
  /** Target block index. */
  readonly to: number;
  readonly kind: EdgeKind;
  /** For a `branch` edge: true on the side where the jump is taken, false on the side that falls through; else null. */
  readonly taken: boolean | null;
  /** For an `exception` edge: how the handler is entered; else null. */
  readonly handler: HandlerEntry | null;
  /** True when the target dominates the source: the edge closes a loop. */
  readonly back: boolean;
}

/** A basic block: a run of instructions entered only at the first and left only after the last (or by raising). */
export interface BasicBlock {
  /** Its index in {@link ControlFlowGraph.blocks} (blocks are in code order; block 0 is the entry). */
  readonly index: number;
  /** Index of its first instruction in {@link DecodedCode.instructions}. */
  readonly first: number;
  /** Index one past its last instruction. */
  readonly end: number;
  /** Byte offset of its first instruction. */
  readonly startOffset: number;
  /** Byte offset just past its last instruction and that instruction's inline caches. */
  readonly endOffset: number;
  /** Indexes of the edges leaving it, normal edges first. */
  readonly successors: readonly number[];
  /** Indexes of the edges entering it. */
  readonly predecessors: readonly number[];
  /** Whether control can reach it from the entry (exception edges included). */
  readonly reachable: boolean;
  /** The immediate dominator's block index; null for the entry and for unreachable blocks. */
  readonly idom: number | null;
  /** Index of the innermost loop containing it (in {@link ControlFlowGraph.loops}), or null. */
  readonly loop: number | null;
  /** True when an exception edge enters it. */
  readonly handler: boolean;
}

/** A natural loop: a header that dominates the sources of its back edges. */
export interface CfgLoop {
  /** Its index in {@link ControlFlowGraph.loops}. */
  readonly index: number;
  /** The header block: where every iteration starts. */
  readonly header: number;
  /** The back edges (indexes in {@link ControlFlowGraph.edges}) that return to the header. */
  readonly backEdges: readonly number[];
  /** The innermost enclosing loop, or null for an outermost loop. */
  readonly parent: number | null;
  /** Nesting depth: 1 for an outermost loop. */
  readonly depth: number;
}

/** The control-flow graph of one code object. */
export interface ControlFlowGraph {
  readonly decoded: DecodedCode;
  /** Blocks in code order; block 0 is the entry (none for empty code). */
  readonly blocks: readonly BasicBlock[];
  readonly edges: readonly CfgEdge[];
  /** Natural loops, innermost before the loops that contain them. */
  readonly loops: readonly CfgLoop[];
  /** By instruction index: the index of its block. */
  readonly blockOf: Int32Array;
  /** Indexes of the blocks control never reaches. */
  readonly unreachable: readonly number[];
  /** True when some cycle is entered other than through a dominating header (no natural loop describes it). */
  readonly irreducible: boolean;
}

/**
 * Jump opcodes (in `hasjrel`/`hasjabs`) whose argument does not move control: 3.14+ `END_ASYNC_FOR` points back at
 * its `SEND` only for `sys.monitoring`'s branch events; it continues with the next instruction or raises (its
 * target is skipped by the compiler's `calculate_stackdepth` too, `Python/flowgraph.c`).
 */
const NON_FLOW_JUMPS: readonly string[] = ['END_ASYNC_FOR'];

/** Jump opcodes not named `JUMP…` that never fall through: 3.7's CONTINUE_LOOP (`continue` inside a `try`). */
const ALWAYS_JUMPS: readonly string[] = ['CONTINUE_LOOP'];

/**
 * Opcodes without a jump argument that leave for a place the block stack names: 3.7's BREAK_LOOP goes to the end of
 * the innermost loop (its SETUP_LOOP's target), or first to an enclosing `finally` handler. Their edge comes from the
 * block-stack walk; they never fall through.
 */
const BLOCK_STACK_JUMPS: readonly string[] = ['BREAK_LOOP'];

/**
 * 3.7–3.10 opcodes that change the block stack without being a `SETUP_*` (a block ends after each), and 3.7–3.8's
 * END_FINALLY, which may also go on where a `finally` handler was called from (after CALL_FINALLY; a `break` or
 * `continue`).
 */
const BLOCK_POPS_310: readonly string[] = ['POP_BLOCK', 'POP_EXCEPT', 'END_ASYNC_FOR', 'END_FINALLY'];

const FLOW_CODES: readonly FlowKind[] = ['next', 'jump', 'branch', 'exit', 'setup'];
const enum F { Next = 0, Jump = 1, Branch = 2, Exit = 3, Setup = 4 }

const flowCache = new WeakMap<VersionInfo, Uint8Array>();

/** By opcode (specialized ones through their base): how it passes control on, as an index into FLOW_CODES. */
function flowTable(v: VersionInfo): Uint8Array {
  let t = flowCache.get(v);
  if (t) return t;
  t = new Uint8Array(256);
  const jt = jumpTablesOf(v);
  const table = v.table;
  for (let op = 0; op < 256; op++) {
    // Specialized forms move control as their base does; instrumented ones (live code only) as what they stand for.
    const name = table.opname[table.deopt[op]!]!.replace(/^INSTRUMENTED_/, '');
    if (jt.kind[op] !== JumpKind.None) {
      if (NON_FLOW_JUMPS.includes(name)) t[op] = F.Next;
      else if (ALWAYS_JUMPS.includes(name)) t[op] = F.Jump;
      else if (name.startsWith('SETUP_')) t[op] = v.features.compilerStackWalk ? F.Branch : F.Setup;
      else if (name.startsWith('JUMP') && !name.includes('_IF_')) t[op] = F.Jump;
      else t[op] = F.Branch;
    } else t[op] = SCOPE_EXITS.has(name) || BLOCK_STACK_JUMPS.includes(name) ? F.Exit : F.Next;
  }
  flowCache.set(v, t);
  return t;
}

/**
 * By opcode: 1 for the opcodes whose argument names a place control can go (jumps, branches, 3.10 `SETUP_*`
 * handlers), 0 for the others (3.14+ `END_ASYNC_FOR` included).
 */
export function targetsOf(v: VersionInfo): Uint8Array {
  let t = targetCache.get(v);
  if (!t) {
    const f = flowTable(v);
    t = Uint8Array.from(f, (c) => (c === F.Jump || c === F.Branch || c === F.Setup ? 1 : 0));
    targetCache.set(v, t);
  }
  return t;
}
const targetCache = new WeakMap<VersionInfo, Uint8Array>();

/** By opcode (0–255): how each opcode of `v` passes control on. */
export function flowKinds(v: VersionInfo): readonly FlowKind[] {
  return Array.from(flowTable(v), (c) => FLOW_CODES[c]!);
}

/** How `instr` passes control on in version `v`. */
export function flowKindOf(instr: Instruction, v: VersionInfo): FlowKind {
  return FLOW_CODES[flowTable(v)[instr.opcode]!]!;
}

/**
 * The stack depth a handler starts with when entered by an exception edge whose unwound depth is `depth`: 3.11+
 * pushes the raising instruction's offset when `lasti` is set, then the exception; 3.10 pushes the previous
 * exception (type, value, traceback) and the new one, six items (`SETUP_FINALLY`'s jump effect in the table).
 */
export function handlerEntryDepth(depth: number, lasti: boolean, v: VersionInfo): number {
  if (v.features.hasExceptionTable) return depth + (lasti ? 1 : 0) + 1;
  return depth + handlerPush310(v);
}

function handlerPush310(v: VersionInfo): number {
  const e = v.table.data.stackEffects['SETUP_FINALLY'];
  if (!e) throw new BytescopeError('unsupported', `Python ${v.version}: no SETUP_FINALLY stack effect in the opcode table`);
  return typeof e.jump === 'number' ? e.jump : 6;
}

const enum K { Fallthrough = 0, Jump = 1, Branch = 2, Exception = 3 }
const KINDS: readonly EdgeKind[] = ['fallthrough', 'jump', 'branch', 'exception'];

/** Edges while the graph is built, as parallel arrays (taken: -1 none, 0 false, 1 true). */
interface Drafts { from: number[]; to: number[]; kind: number[]; taken: number[]; handler: (HandlerEntry | null)[] }

function addEdge(d: Drafts, from: number, to: number, kind: K, taken: number, handler: HandlerEntry | null): void {
  d.from.push(from);
  d.to.push(to);
  d.kind.push(kind);
  d.taken.push(taken);
  d.handler.push(handler);
}

// Scratch arrays reused from one call to the next (grown on demand): the graph's temporaries allocate nothing per
// code object. Only valid during one buildCfg call; what the graph keeps is copied out.
const scratch32 = new Map<string, Int32Array>();
const scratch8 = new Map<string, Uint8Array>();
function i32(name: string, size: number): Int32Array {
  let a = scratch32.get(name);
  if (!a || a.length < size) scratch32.set(name, (a = new Int32Array(Math.max(size, 2 * (a?.length ?? 32)))));
  return a;
}
function u8(name: string, size: number): Uint8Array {
  let a = scratch8.get(name);
  if (!a || a.length < size) scratch8.set(name, (a = new Uint8Array(Math.max(size, 2 * (a?.length ?? 32)))));
  return a;
}

function badCode(message: string, offset?: number): BytescopeError {
  return new BytescopeError('bad-code', offset === undefined ? message : `${message} (at offset ${offset})`);
}

/** Builds the control-flow graph of one decoded code object of version `v`. */
export function buildCfg(decoded: DecodedCode, v: VersionInfo): ControlFlowGraph {
  const ins = decoded.instructions;
  const n = ins.length;
  const flow = flowTable(v);
  // Wordcode (3.6+) by two-byte code unit; before 3.6 instructions are one or three bytes, indexed by byte.
  const shift = v.features.wordcode ? 1 : 0;
  const codeLength = shift ? decoded.code.code.length & ~1 : decoded.code.code.length;
  // Instruction index by code unit (-1 inside caches or arguments, or beyond the code).
  const units = (codeLength >> shift) + 1;
  const indexAt = i32('indexAt', units).fill(-1, 0, units);
  for (let k = 0; k < n; k++) indexAt[ins[k]!.offset >> shift] = k;
  const at = (off: number | null, what: string, from: number): number => {
    const k = off !== null && off >= 0 && off < codeLength && (off & shift) === 0 ? indexAt[off >> shift]! : -1;
    if (k < 0) throw badCode(`${what} ${off}, not an instruction of the code`, from);
    return k;
  };

  // Leaders. `target` is set for jumps and SETUP_* only, and read only for them.
  const leader = u8('leader', n + 1).fill(0, 0, n + 1);
  leader[0] = 1;
  leader[n] = 1;
  const target = i32('target', n);
  const popsBlock310 = !v.features.hasExceptionTable ? blockPops310(v) : null;
  for (let k = 0; k < n; k++) {
    const i = ins[k]!;
    const f = flow[i.opcode]!;
    if (f === F.Jump || f === F.Branch || f === F.Setup) {
      const t = at(i.jumpTarget, `${i.opname} jumps to`, i.offset);
      target[k] = t;
      leader[t] = 1;
      leader[k + 1] = 1;
    } else if (f === F.Exit || popsBlock310?.[i.baseOpcode]) leader[k + 1] = 1;
  }
  for (const e of decoded.exceptionTable) {
    if (e.start >= e.end) continue;
    leader[at(e.start, 'an exception table entry starts at', e.start)] = 1;
    if (e.end < codeLength) leader[at(e.end, 'an exception table entry ends at', e.end)] = 1;
    leader[at(e.target, 'an exception table entry jumps to', e.start)] = 1;
  }

  // Blocks.
  const blockOf = new Int32Array(n);
  const firsts: number[] = [];
  for (let k = 0; k < n; k++) {
    if (leader[k]) firsts.push(k);
    blockOf[k] = firsts.length - 1;
  }
  const nb = firsts.length;

  // Normal edges, in block order.
  const d: Drafts = { from: [], to: [], kind: [], taken: [], handler: [] };
  for (let b = 0; b < nb; b++) {
    const last = (b + 1 < nb ? firsts[b + 1]! : n) - 1;
    const i = ins[last]!;
    const f = flow[i.opcode]!;
    const next = b + 1;
    if (f === F.Jump) addEdge(d, b, blockOf[target[last]!]!, K.Jump, -1, null);
    else if (f === F.Branch) {
      if (next >= nb) throw badCode(`${i.opname} may continue past the end of the code`, i.offset);
      addEdge(d, b, blockOf[target[last]!]!, K.Branch, 1, null);
      addEdge(d, b, next, K.Branch, 0, null);
    } else if (f !== F.Exit) {
      if (next >= nb) throw badCode(`control runs past the end of the code after ${i.opname}`, i.offset);
      addEdge(d, b, next, K.Fallthrough, -1, null);
    }
  }

  // Exception edges (none before 3.6: the depth analysis follows the compiler's walk, not the block stack).
  if (v.features.hasExceptionTable) exceptionEdgesFromTable(decoded, v, nb, blockOf, indexAt, codeLength, d);
  else if (v.features.compilerDeepestStart) {
    const entries = deepestStartEntries(ins, firsts, (off) => {
      const k = off >= 0 && off < codeLength && (off & shift) === 0 ? indexAt[off >> shift]! : -1;
      return k >= 0 ? blockOf[k] : undefined;
    }, decoded.code, v);
    exceptionEdges310(decoded, v, firsts, n, target, d, entries);
  } else if (!v.features.compilerStackWalk) exceptionEdges310(decoded, v, firsts, n, target, d);

  return finish(decoded, firsts, n, blockOf, d, v.features.wordcode);
}

const pops310 = new WeakMap<VersionInfo, Uint8Array>();
function blockPops310(v: VersionInfo): Uint8Array {
  let t = pops310.get(v);
  if (!t) {
    t = new Uint8Array(256);
    for (const name of BLOCK_POPS_310) { const op = v.table.op(name); if (op >= 0) t[op] = 1; }
    pops310.set(v, t);
  }
  return t;
}

/** 3.11+: an exception edge from every block inside an entry's range (the first entry covering it wins). */
function exceptionEdgesFromTable(
  decoded: DecodedCode, v: VersionInfo, nb: number, blockOf: Int32Array, indexAt: Int32Array, codeLength: number, d: Drafts,
): void {
  if (decoded.exceptionTable.length === 0) return;
  // Union-find over blocks: the next block not yet given a handler, so overlapping entries cost nothing extra.
  const nextFree = i32('nextFree', nb + 1);
  for (let b = 0; b <= nb; b++) nextFree[b] = b;
  const find = (b: number): number => {
    let r = b;
    while (nextFree[r] !== r) r = nextFree[r]!;
    while (nextFree[b] !== r) { const x = nextFree[b]!; nextFree[b] = r; b = x; }
    return r;
  };
  const blockAtOffset = (off: number): number => (off >= codeLength ? nb : blockOf[indexAt[off >> 1]!]!);
  for (const e of decoded.exceptionTable) {
    if (e.start >= e.end) continue;
    const to = blockOf[indexAt[e.target >> 1]!]!;
    const handler: HandlerEntry = { depth: e.depth, lasti: e.lasti, entryDepth: handlerEntryDepth(e.depth, e.lasti, v) };
    const stop = blockAtOffset(e.end);
    for (let b = find(blockAtOffset(e.start)); b < stop; b = find(b + 1)) {
      addEdge(d, b, to, K.Exception, -1, handler);
      nextFree[b] = b + 1;
    }
  }
}

/**
 * A block-stack entry (3.7–3.10): a `SETUP_*` block (handler ≥ 0: the block its target starts) or an `EXCEPT_HANDLER`
 * block (handler -1). `loop` marks 3.7's SETUP_LOOP, which no exception enters; `finally` a block that `return`,
 * `break` and `continue` pass through on 3.7 (SETUP_FINALLY, SETUP_WITH, SETUP_ASYNC_WITH: the interpreter's
 * SETUP_FINALLY block type).
 */
interface Frame310 {
  readonly handler: number; readonly level: number; readonly below: Frame310 | null; readonly size: number;
  readonly loop: boolean; readonly finally: boolean;
}

/** The innermost handler an exception enters, skipping `EXCEPT_HANDLER` blocks and 3.7's loop blocks. */
function innermostSetup(s: Frame310 | null): Frame310 | null {
  while (s && (s.handler < 0 || s.loop)) s = s.below;
  return s;
}

function sameStack(a: Frame310 | null, b: Frame310 | null): boolean {
  while (a !== b) {
    if (!a || !b || a.handler !== b.handler || a.level !== b.level || a.loop !== b.loop) return false;
    a = a.below;
    b = b.below;
  }
  return true;
}

/**
 * 3.7–3.8: where two paths meet with block stacks that differ only by `EXCEPT_HANDLER` blocks on top of one of
 * them, the shorter (undefined: any other difference). A `finally` body (or `with` cleanup) runs under the
 * `EXCEPT_HANDLER` block when an exception entered it and without when control fell in (3.7: after `LOAD_CONST
 * None`; 3.8: BEGIN_FINALLY, CALL_FINALLY); the innermost handler is the same either way, and control goes on past
 * its END_FINALLY only on the path without (with an exception, END_FINALLY re-raises, or `with` silenced it and
 * popped the block), so the graph keeps the stack of that path.
 */
function mergeStacks(a: Frame310 | null, b: Frame310 | null): Frame310 | null | undefined {
  const strip = (x: Frame310 | null, size: number): Frame310 | null | undefined => {
    while (x && x.size > size) { if (x.handler >= 0) return undefined; x = x.below; }
    return x;
  };
  const as = a?.size ?? 0, bs = b?.size ?? 0;
  const lower = as <= bs ? a : b;
  const top = strip(as <= bs ? b : a, Math.min(as, bs));
  return top !== undefined && sameStack(top, lower) ? lower : undefined;
}

/** Deepest block stack 3.10 allows (`CO_MAXBLOCKS`). */
const MAX_BLOCKS_310 = 20;

/**
 * 3.7–3.10: exception edges, found by walking the flow from the entry with the stack depth and the interpreter's
 * block stack at each block's entry. A block whose innermost installed handler is H gets an edge to H; entering H
 * unwinds the stack to the level the `SETUP_*` recorded (depth before it + its jump effect − the six items a
 * handler finds) and replaces the blocks above and including H's by an `EXCEPT_HANDLER` block.
 *
 * 3.7–3.8 (`entries` given: each block's depth as their compiler counts it, {@link deepestStartEntries}): levels come
 * from those depths, which paths need not agree on; block stacks that meet are merged ({@link mergeStacks}); 3.7's
 * SETUP_LOOP pushes a block no exception enters, whose target BREAK_LOOP jumps to, and a `return` or `break` inside
 * a `finally` block (3.7) goes to that block's handler first.
 */
function exceptionEdges310(
  decoded: DecodedCode, v: VersionInfo, firsts: readonly number[], n: number, target: Int32Array, d: Drafts, entries?: Int32Array,
): void {
  const ins = decoded.instructions;
  const nb = firsts.length;
  if (nb === 0) return;
  const push = handlerPush310(v);
  const t = v.table;
  const flow = flowTable(v);
  const POP_BLOCK = t.op('POP_BLOCK'), POP_EXCEPT = t.op('POP_EXCEPT'), END_ASYNC_FOR = t.op('END_ASYNC_FOR');
  const SETUP_LOOP = t.op('SETUP_LOOP'), SETUP_EXCEPT = t.op('SETUP_EXCEPT'), BREAK_LOOP = t.op('BREAK_LOOP');
  const RETURN_VALUE = t.op('RETURN_VALUE'), CALL_FINALLY = t.op('CALL_FINALLY'), CONTINUE_LOOP = t.op('CONTINUE_LOOP');
  // The normal edges are in block order: those of block b are [normal[b], normal[b + 1]).
  const ne = d.from.length;
  const normal = i32('normal310', nb + 1);
  for (let b = 0, e = 0; b <= nb; b++) {
    while (e < ne && d.from[e]! < b) e++;
    normal[b] = e;
  }
  const depth = i32('depth310', nb).fill(-1, 0, nb);
  const seen = u8('seen310', nb).fill(0, 0, nb);
  const stack: (Frame310 | null)[] = new Array<Frame310 | null>(nb).fill(null);
  const work: number[] = [0];
  seen[0] = 1;
  depth[0] = entries ? entries[0]! : initialStackDepth(decoded.code, v);
  // 3.7–3.8: blocks reached so far only by a `finally` call (3.8 CALL_FINALLY's jump, 3.7's `return`/`break` into a
  // `finally` handler): control comes back from such a call (END_FINALLY returns to after CALL_FINALLY, or goes on
  // returning or breaking), so the block stack of any other path wins.
  const called = u8('called310', nb).fill(0, 0, nb);
  const enter = (b: number, dd: number, s: Frame310 | null, call = false) => {
    if (entries) {
      if (!seen[b]) { seen[b] = 1; stack[b] = s; called[b] = call ? 1 : 0; work.push(b); return; }
      if (call && !called[b]) return;
      if (!call && called[b]) { called[b] = 0; stack[b] = s; work.push(b); return; }
      const old = stack[b] ?? null;
      if (sameStack(old, s)) return;
      const m = mergeStacks(old, s);
      if (m === undefined) throw badCode(`paths reach offset ${ins[firsts[b]!]!.offset} with different exception handlers installed`);
      if (!sameStack(m, old)) { stack[b] = m; work.push(b); }
      return;
    }
    if (depth[b]! < 0) {
      depth[b] = dd;
      stack[b] = s;
      work.push(b);
    } else if (depth[b] !== dd) {
      throw badCode(`paths reach offset ${ins[firsts[b]!]!.offset} with stack depths ${depth[b]} and ${dd}`);
    } else if (!sameStack(stack[b] ?? null, s)) {
      throw badCode(`paths reach offset ${ins[firsts[b]!]!.offset} with different exception handlers installed`);
    }
  };
  const edgeDone = new Set<number>();
  // Pairs (handler block, block control resumes at after that `finally` handler's END_FINALLY).
  const resumes: number[] = [];
  const addOnce = (from: number, to: number, kind: K, handler: HandlerEntry | null) => {
    const key = from * (nb + 1) + to;
    if (edgeDone.has(key)) return;
    edgeDone.add(key);
    addEdge(d, from, to, kind, -1, handler);
  };
  while (work.length) {
    const b = work.pop()!;
    // 3.7–3.8: the compiler's depth (blocks its walk never reached, like those after BREAK_LOOP, count from 0).
    let dd = entries ? Math.max(0, entries[b]!) : depth[b]!;
    let s: Frame310 | null = stack[b] ?? null;
    const h = innermostSetup(s);
    if (h) {
      const handler = { depth: h.level, lasti: false, entryDepth: h.level + push };
      if (entries) addOnce(b, h.handler, K.Exception, handler); else addEdge(d, b, h.handler, K.Exception, -1, handler);
      enter(h.handler, h.level + push, { handler: -1, level: h.level, below: h.below, size: (h.below?.size ?? 0) + 1, loop: false, finally: false });
    }
    const end = b + 1 < nb ? firsts[b + 1]! : n;
    for (let k = firsts[b]!; k < end - 1; k++) {
      dd += instructionEffect(ins[k]!, v, false);
      if (dd < 0) throw badCode(`stack depth below zero after ${ins[k]!.opname}`, ins[k]!.offset);
      if (dd > MAX_STACK_DEPTH) throw new BytescopeError('limit', `stack depth beyond ${MAX_STACK_DEPTH} after ${ins[k]!.opname} (at offset ${ins[k]!.offset})`);
    }
    const last = ins[end - 1]!;
    const before = dd;
    const op = last.baseOpcode;
    if (flow[last.opcode] === F.Setup) {
      const loop = op === SETUP_LOOP;
      const level = loop ? before : before + instructionEffect(last, v, true) - push;
      if (level < 0) throw badCode(`${last.opname} records a negative stack level`, last.offset);
      if ((s?.size ?? 0) >= MAX_BLOCKS_310) throw new BytescopeError('limit', `more than ${MAX_BLOCKS_310} nested blocks`);
      s = { handler: blockIndexOf(firsts, target[end - 1]!), level, below: s, size: (s?.size ?? 0) + 1, loop, finally: !loop && op !== SETUP_EXCEPT };
    } else if (op === POP_BLOCK) {
      if (!s || s.handler < 0) {
        // 3.7–3.8: a path of the compiler's flow the interpreter never takes (see below).
        if (entries) continue;
        throw badCode('POP_BLOCK without a SETUP_* block', last.offset);
      }
      s = s.below;
    } else if (op === POP_EXCEPT || op === END_ASYNC_FOR) {
      if (!s || s.handler >= 0) {
        // 3.7–3.8: the compiler's flow goes on past every END_FINALLY, also where the interpreter never does (a
        // `finally` body entered only by an exception re-raises there); on such a path the block stack does not
        // match, and it is not followed further.
        if (entries) continue;
        throw badCode(`${last.opname} outside an exception handler`, last.offset);
      }
      s = s.below;
    } else if (op === CONTINUE_LOOP) {
      // 3.7: `continue` inside a `try` unwinds the blocks above the innermost loop (through a `finally` handler
      // first, which then goes on to the loop's start).
      let x = s;
      let viaFinally = false;
      while (x && !x.loop) {
        if (x.finally && !viaFinally) {
          addOnce(b, x.handler, K.Jump, null);
          enter(x.handler, 0, x.below, true);
          resumes.push(x.handler, blockIndexOf(firsts, target[end - 1]!));
          viaFinally = true;
        }
        x = x.below;
      }
      if (!x) throw badCode('CONTINUE_LOOP outside a loop', last.offset);
      s = x;
    } else if (BREAK_LOOP >= 0 && (op === BREAK_LOOP || op === RETURN_VALUE)) {
      // 3.7 (the release with BREAK_LOOP, whose interpreter still unwinds the block stack for `return` and
      // `break`): unwinding stops at the innermost `finally` block (and, for `break`, at the innermost loop).
      let x = s;
      while (x && !x.finally && !(x.loop && op === BREAK_LOOP)) x = x.below;
      if (x) {
        addOnce(b, x.handler, K.Jump, null);
        enter(x.handler, 0, x.below, x.finally);
        if (x.finally && op === BREAK_LOOP) {
          // The `finally` handler's END_FINALLY goes on breaking: to the end of the loop.
          let l: Frame310 | null = x.below;
          while (l && !l.loop) l = l.below;
          if (l) resumes.push(x.handler, l.handler);
        }
      } else if (op === BREAK_LOOP) throw badCode('BREAK_LOOP outside a loop', last.offset);
    }
    for (let e = normal[b]!; e < normal[b + 1]!; e++) {
      const jump = d.kind[e] === K.Jump || d.taken[e] === 1;
      const after = before + instructionEffect(last, v, jump);
      if (after < 0 && !entries) throw badCode(`stack depth below zero after ${last.opname}`, last.offset);
      enter(d.to[e]!, after, s, jump && op === CALL_FINALLY);
    }
    if (op === CALL_FINALLY) resumes.push(blockIndexOf(firsts, target[end - 1]!), b + 1);
  }
  // The END_FINALLY that closes each `finally` handler called above goes back where the call came from (3.8: after
  // CALL_FINALLY, whose return address it pops) or on with the `break`/`continue` (3.7). It is the first END_FINALLY
  // after the handler's start not closing a block set up inside it (every SETUP_* but 3.7's SETUP_LOOP has one).
  const END_FINALLY = t.op('END_FINALLY');
  for (let r = 0; r < resumes.length; r += 2) {
    const h = resumes[r]!, to = resumes[r + 1]!;
    let open = 0;
    for (let k = firsts[h]!; k < n; k++) {
      const op = ins[k]!.baseOpcode;
      if (flow[ins[k]!.opcode] === F.Setup && op !== SETUP_LOOP) open++;
      else if (op === END_FINALLY && open-- === 0) { addOnce(blockIndexOf(firsts, k), to, K.Jump, null); break; }
    }
  }
}

function blockIndexOf(firsts: readonly number[], k: number): number {
  let lo = 0, hi = firsts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (firsts[mid]! <= k) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** Reachability, dominators, back edges and loops; the public objects. */
function finish(decoded: DecodedCode, firsts: readonly number[], n: number, blockOf: Int32Array, d: Drafts, wordcode: boolean): ControlFlowGraph {
  const ins = decoded.instructions;
  const nb = firsts.length;
  const ne = d.from.length;
  // Edges sorted by source, stably (a block's normal edges before its exception edge): a counting sort.
  const succStart = i32('succStart', nb + 1).fill(0, 0, nb + 1);
  for (let e = 0; e < ne; e++) succStart[d.from[e]! + 1]!++;
  for (let b = 0; b < nb; b++) succStart[b + 1]! += succStart[b]!;
  const order = i32('order', ne);
  const fillS = i32('fillS', nb).fill(0, 0, nb);
  for (let e = 0; e < ne; e++) { const f = d.from[e]!; order[succStart[f]! + fillS[f]!++] = e; }
  const eFrom = i32('eFrom', ne), eTo = i32('eTo', ne);
  for (let i = 0; i < ne; i++) { eFrom[i] = d.from[order[i]!]!; eTo[i] = d.to[order[i]!]!; }
  const predStart = i32('predStart', nb + 1).fill(0, 0, nb + 1);
  for (let i = 0; i < ne; i++) predStart[eTo[i]! + 1]!++;
  for (let b = 0; b < nb; b++) predStart[b + 1]! += predStart[b]!;
  const predEdges = i32('predEdges', ne);
  const fillP = i32('fillP', nb).fill(0, 0, nb);
  for (let i = 0; i < ne; i++) { const t = eTo[i]!; predEdges[predStart[t]! + fillP[t]!++] = i; }

  // Depth-first search from the entry: preorder numbers, parents in the spanning tree, postorder numbers.
  const pre = i32('pre', nb).fill(-1, 0, nb);
  const post = i32('post', nb);
  const vertex = i32('vertex', nb);
  const parent = i32('parent', nb);
  let count = 0;
  if (nb > 0) {
    const stackB = i32('dfsB', nb), stackE = i32('dfsE', nb);
    let sp = 0, postN = 0;
    pre[0] = count; vertex[count++] = 0; parent[0] = -1;
    stackB[sp] = 0; stackE[sp++] = succStart[0]!;
    while (sp > 0) {
      const b = stackB[sp - 1]!;
      const ei = stackE[sp - 1]!;
      if (ei < succStart[b + 1]!) {
        stackE[sp - 1] = ei + 1;
        const w = eTo[ei]!;
        if (pre[w]! < 0) {
          pre[w] = count; vertex[count++] = w; parent[w] = b;
          stackB[sp] = w; stackE[sp++] = succStart[w]!;
        }
      } else {
        post[b] = postN++;
        sp--;
      }
    }
  }
  const reachable = (b: number) => pre[b]! >= 0;
  const idom = dominators(nb, count, pre, vertex, parent, predStart, predEdges, eFrom);

  // Dominator-tree preorder/postorder intervals (a dominates b iff its interval contains b's), and the tree's
  // postorder: children before parents.
  const dIn = i32('dIn', nb), dOut = i32('dOut', nb);
  const childStart = i32('childStart', nb + 1).fill(0, 0, nb + 1);
  for (let b = 1; b < nb; b++) if (idom[b]! >= 0) childStart[idom[b]! + 1]!++;
  for (let b = 0; b < nb; b++) childStart[b + 1]! += childStart[b]!;
  const children = i32('children', nb);
  const fillC = i32('fillC', nb).fill(0, 0, nb);
  for (let b = 1; b < nb; b++) { const p = idom[b]!; if (p >= 0) children[childStart[p]! + fillC[p]!++] = b; }
  const domPost = i32('domPost', nb);
  let domPostN = 0;
  if (count > 0) {
    const st = i32('domSt', nb), it = i32('domIt', nb);
    let sp = 0, clock = 0;
    dIn[0] = clock++; st[sp] = 0; it[sp++] = childStart[0]!;
    while (sp > 0) {
      const b = st[sp - 1]!;
      const i = it[sp - 1]!;
      if (i < childStart[b + 1]!) {
        it[sp - 1] = i + 1;
        const c = children[i]!;
        dIn[c] = clock++;
        st[sp] = c; it[sp++] = childStart[c]!;
      } else {
        dOut[b] = clock++;
        domPost[domPostN++] = b;
        sp--;
      }
    }
  }
  const dominatesB = (a: number, b: number) => reachable(a) && reachable(b) && dIn[a]! <= dIn[b]! && dOut[b]! <= dOut[a]!;

  // Back edges; retreating edges that are not back edges make the graph irreducible.
  const back = u8('back', ne).fill(0, 0, ne);
  let irreducible = false;
  let latchLists: (number[] | undefined)[] | undefined;
  for (let i = 0; i < ne; i++) {
    const f = eFrom[i]!, t = eTo[i]!;
    if (!reachable(f)) continue;
    if (dominatesB(t, f)) {
      back[i] = 1;
      ((latchLists ??= new Array<number[] | undefined>(nb))[t] ??= []).push(i);
    } else if (pre[t]! <= pre[f]! && post[f]! <= post[t]!) irreducible = true;
  }

  // Loops, innermost first: headers in postorder of the dominator tree; each loop's blocks found backwards from
  // its latches, stepping over inner loops already found (each block is claimed by its innermost loop once).
  const loopOf = i32('loopOf', nb).fill(-1, 0, nb);
  const loopParent: number[] = [];
  const trueParent: number[] = [];
  const loopHeader: number[] = [];
  const outermost = (l: number): number => {
    let r = l;
    while (loopParent[r]! >= 0) r = loopParent[r]!;
    while (loopParent[l]! >= 0 && loopParent[l] !== r) { const x = loopParent[l]!; loopParent[l] = r; l = x; }
    return r;
  };
  if (latchLists) {
    const work: number[] = [];
    for (let q = 0; q < domPostN; q++) {
      const h = domPost[q]!;
      const latches = latchLists[h];
      if (!latches) continue;
      const l = loopHeader.length;
      loopHeader.push(h);
      loopParent.push(-1);
      trueParent.push(-1);
      for (const ei of latches) work.push(eFrom[ei]!);
      loopOf[h] = l;
      while (work.length) {
        const b = work.pop()!;
        let sub = loopOf[b]!;
        if (sub < 0) {
          loopOf[b] = l;
          for (let p = predStart[b]!; p < predStart[b + 1]!; p++) {
            const src = eFrom[predEdges[p]!]!;
            if (reachable(src)) work.push(src);
          }
          continue;
        }
        sub = outermost(sub);
        if (sub === l) continue;
        // An inner loop met for the first time: it becomes a child of l, and the search continues from the
        // predecessors of its header (those inside it now lead back to l and stop at once).
        loopParent[sub] = l;
        trueParent[sub] = l;
        const hb = loopHeader[sub]!;
        for (let p = predStart[hb]!; p < predStart[hb + 1]!; p++) {
          const src = eFrom[predEdges[p]!]!;
          if (reachable(src)) work.push(src);
        }
      }
    }
  }
  const loopDepth = (l: number): number => { let depth = 1; for (let p = trueParent[l]!; p >= 0; p = trueParent[p]!) depth++; return depth; };

  const edges: CfgEdge[] = new Array<CfgEdge>(ne);
  const isHandler = u8('isHandler', nb).fill(0, 0, nb);
  for (let i = 0; i < ne; i++) {
    const o = order[i]!;
    const kind = d.kind[o]!;
    const taken = d.taken[o]!;
    if (kind === K.Exception) isHandler[eTo[i]!] = 1;
    edges[i] = { index: i, from: eFrom[i]!, to: eTo[i]!, kind: KINDS[kind]!, taken: taken < 0 ? null : taken === 1, handler: d.handler[o]!, back: back[i] === 1 };
  }
  const blocks: BasicBlock[] = new Array<BasicBlock>(nb);
  const unreachable: number[] = [];
  for (let b = 0; b < nb; b++) {
    const end = b + 1 < nb ? firsts[b + 1]! : n;
    const last = ins[end - 1]!;
    const succ: number[] = [];
    for (let i = succStart[b]!; i < succStart[b + 1]!; i++) succ.push(i);
    const pred: number[] = [];
    for (let p = predStart[b]!; p < predStart[b + 1]!; p++) pred.push(predEdges[p]!);
    if (!reachable(b)) unreachable.push(b);
    blocks[b] = {
      index: b, first: firsts[b]!, end, startOffset: ins[firsts[b]!]!.offset, endOffset: ins[end]?.offset ?? last.offset + (wordcode ? 2 + 2 * last.cacheUnits : last.arg !== null ? 3 : 1),
      successors: succ, predecessors: pred, reachable: reachable(b), idom: b > 0 && idom[b]! >= 0 ? idom[b]! : null,
      loop: loopOf[b]! >= 0 ? loopOf[b]! : null, handler: isHandler[b] === 1,
    };
  }
  const loops: CfgLoop[] = loopHeader.map((header, l) => ({
    index: l, header, backEdges: latchLists?.[header] ?? [], parent: trueParent[l]! >= 0 ? trueParent[l]! : null, depth: loopDepth(l),
  }));
  return { decoded, blocks, edges, loops, blockOf, unreachable, irreducible };
}

/**
 * Immediate dominators (Lengauer–Tarjan with path compression) of the `count` blocks reached by the search; by
 * block: its immediate dominator, or -1 (the entry, unreachable blocks). The result is a scratch array.
 */
function dominators(
  nb: number, count: number, pre: Int32Array, vertex: Int32Array, parent: Int32Array,
  predStart: Int32Array, predEdges: Int32Array, eFrom: Int32Array,
): Int32Array {
  const idom = i32('idom', nb).fill(-1, 0, nb);
  if (count === 0) return idom;
  // Work in preorder numbers.
  const semi = i32('semi', count), anc = i32('anc', count).fill(-1, 0, count), label = i32('label', count);
  const dom = i32('dom', count), par = i32('par', count);
  for (let i = 0; i < count; i++) { semi[i] = i; label[i] = i; par[i] = i === 0 ? -1 : pre[parent[vertex[i]!]!]!; }
  const bucketHead = i32('bucketHead', count).fill(-1, 0, count);
  const bucketNext = i32('bucketNext', count);
  const path = i32('path', count);
  const evalNode = (v: number): number => {
    if (anc[v]! < 0) return v;
    // Compress the ancestor path of v iteratively, from the top down.
    let n = 0;
    let u = v;
    while (anc[anc[u]!]! >= 0) { path[n++] = u; u = anc[u]!; }
    for (let i = n - 1; i >= 0; i--) {
      const w = path[i]!;
      const a = anc[w]!;
      if (semi[label[a]!]! < semi[label[w]!]!) label[w] = label[a]!;
      anc[w] = anc[a]!;
    }
    return label[v]!;
  };
  for (let i = count - 1; i >= 1; i--) {
    const b = vertex[i]!;
    for (let p = predStart[b]!; p < predStart[b + 1]!; p++) {
      const sv = pre[eFrom[predEdges[p]!]!]!;
      if (sv < 0) continue;
      const u = evalNode(sv);
      if (semi[u]! < semi[i]!) semi[i] = semi[u]!;
    }
    bucketNext[i] = bucketHead[semi[i]!]!;
    bucketHead[semi[i]!] = i;
    const p = par[i]!;
    anc[i] = p;
    for (let w = bucketHead[p]!; w >= 0; w = bucketNext[w]!) {
      const u = evalNode(w);
      dom[w] = semi[u]! < semi[w]! ? u : p;
    }
    bucketHead[p] = -1;
  }
  for (let i = 1; i < count; i++) if (dom[i] !== semi[i]) dom[i] = dom[dom[i]!]!;
  for (let i = 1; i < count; i++) idom[vertex[i]!] = vertex[dom[i]!]!;
  return idom;
}

/** Whether block `a` dominates block `b` (every path from the entry to `b` passes through `a`). */
export function dominates(cfg: ControlFlowGraph, a: number, b: number): boolean {
  const blocks = cfg.blocks;
  if (!blocks[a]?.reachable || !blocks[b]?.reachable) return false;
  for (let x: number | null = b; x !== null; x = blocks[x]!.idom) if (x === a) return true;
  return false;
}

/** The blocks of a loop (its inner loops' blocks included), in code order. */
export function loopBlocks(cfg: ControlFlowGraph, loop: number): number[] {
  const inside = new Uint8Array(cfg.loops.length);
  for (const l of cfg.loops) {
    for (let p: number | null = l.index; p !== null; p = cfg.loops[p]!.parent) if (p === loop) { inside[l.index] = 1; break; }
  }
  return cfg.blocks.filter((b) => b.loop !== null && inside[b.loop] === 1).map((b) => b.index);
}
