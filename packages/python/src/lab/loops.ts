/**
 * Loops of a decoded code object, for the hints, read off the core's control-flow graph (`buildCfg`): the
 * instructions reachable through normal control flow, and each natural loop with the instructions of its body in
 * code order.
 */
import { buildCfg, type ControlFlowGraph, type DecodedCode, type Instruction, type VersionInfo } from '@bytescope/core';

/** A loop: the instructions from its header to its last back edge, in code order. */
export interface Loop {
  /** Offset of the loop's first instruction (its header, where every iteration starts). */
  readonly start: number;
  /** Offset of the last instruction that jumps back to the header. */
  readonly end: number;
  /** The first source line in the body (null: none). */
  readonly line: number | null;
  /** The instructions from `start` to `end`, both included, in order. */
  readonly body: readonly Instruction[];
}

/** The offsets of the instructions reachable from the entry along normal edges (not into exception handlers). */
export function reachableOffsets(d: DecodedCode, v: VersionInfo, cfg: ControlFlowGraph = buildCfg(d, v)): Set<number> {
  const seen = new Set<number>();
  const blocks = cfg.blocks;
  if (!blocks.length) return seen;
  const visited = new Uint8Array(blocks.length);
  const work = [0];
  visited[0] = 1;
  while (work.length) {
    const b = blocks[work.pop()!]!;
    for (let k = b.first; k < b.end; k++) seen.add(d.instructions[k]!.offset);
    for (const e of b.successors) {
      const edge = cfg.edges[e]!;
      if (edge.kind === 'exception' || visited[edge.to]) continue;
      visited[edge.to] = 1;
      work.push(edge.to);
    }
  }
  return seen;
}

/**
 * The loops of a code object, by start offset: each natural loop of the graph that normal flow reaches and that
 * is not the interpreter's own resumption loop of `await` / `yield from` (closed by JUMP_BACKWARD_NO_INTERRUPT),
 * from its header to the farthest instruction that jumps back to it (several back edges, as `continue` makes, are
 * one loop).
 */
export function findLoops(d: DecodedCode, v: VersionInfo): Loop[] {
  const cfg = buildCfg(d, v);
  const insts = d.instructions;
  const live = reachableOffsets(d, v, cfg);
  const noInterrupt = v.table.op('JUMP_BACKWARD_NO_INTERRUPT');
  const byStart = new Map<number, Loop>();
  for (const loop of cfg.loops) {
    const header = cfg.blocks[loop.header]!;
    const start = header.startOffset;
    if (!live.has(start)) continue;
    let end = -1;
    for (const e of loop.backEdges) {
      const edge = cfg.edges[e]!;
      if (edge.kind === 'exception') continue;
      const from = cfg.blocks[edge.from]!;
      const last = insts[from.end - 1]!;
      if (last.baseOpcode === noInterrupt || !live.has(last.offset)) continue; // await / yield from
      if (last.offset > end) end = last.offset;
    }
    if (end < start) continue;
    const body = insts.filter((y) => y.offset >= start && y.offset <= end);
    const prev = byStart.get(start);
    if (!prev || end > prev.end) byStart.set(start, { start, end, line: body.find((y) => y.line !== null)?.line ?? null, body });
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
