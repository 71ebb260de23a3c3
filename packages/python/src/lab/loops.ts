/**
 * Loops of a decoded code object, for the hints: the instructions reachable through normal control flow, and each
 * loop found by its backward jump. The one place the hints look at control flow (a control-flow graph analysis can
 * take its place behind {@link findLoops}).
 */
import { HANDLER_SETUPS, NO_FALLTHROUGH, opcodesOf, type DecodedCode, type Instruction, type VersionInfo } from '@bytescope/core';

/** A loop: the instructions from its backward jump's target to the jump. */
export interface Loop {
  /** Offset of the loop's first instruction (the backward jump's target). */
  readonly start: number;
  /** Offset of the backward jump. */
  readonly end: number;
  /** The first source line in the body (null: none). */
  readonly line: number | null;
  /** The instructions from `start` to `end`, both included, in order. */
  readonly body: readonly Instruction[];
}

/** The offsets of the instructions reachable from the start through normal control flow (not exception handlers). */
export function reachableOffsets(d: DecodedCode, v: VersionInfo): Set<number> {
  const insts = d.instructions;
  const handlerSetups = opcodesOf(HANDLER_SETUPS, v);
  const noFallthrough = opcodesOf(NO_FALLTHROUGH, v);
  const index = new Map<number, number>();
  insts.forEach((x, k) => index.set(x.offset, k));
  const seen = new Set<number>();
  const work = [0];
  while (work.length) {
    const k = work.pop()!;
    if (k >= insts.length || seen.has(insts[k]!.offset)) continue;
    const x = insts[k]!;
    seen.add(x.offset);
    if (x.jumpTarget !== null && !handlerSetups.has(x.baseOpcode)) {
      const t = index.get(x.jumpTarget);
      if (t !== undefined) work.push(t);
    }
    if (!noFallthrough.has(x.baseOpcode)) work.push(k + 1);
  }
  return seen;
}

/**
 * The loops of a code object, by start offset: each reachable backward jump (not the JUMP_BACKWARD_NO_INTERRUPT of
 * `await` and `yield from`) closes a loop from its target; several back edges to one target (`continue`) are one loop,
 * the widest.
 */
export function findLoops(d: DecodedCode, v: VersionInfo): Loop[] {
  const insts = d.instructions;
  const live = reachableOffsets(d, v);
  const handlerSetups = opcodesOf(HANDLER_SETUPS, v);
  const noInterrupt = v.table.op('JUMP_BACKWARD_NO_INTERRUPT');
  const loops: Loop[] = [];
  for (const x of insts) {
    if (x.jumpTarget === null || x.jumpTarget > x.offset || !live.has(x.offset)) continue;
    if (x.baseOpcode === noInterrupt || handlerSetups.has(x.baseOpcode)) continue; // await / yield from
    const start = x.jumpTarget;
    const body = insts.filter((y) => y.offset >= start && y.offset <= x.offset);
    const head = body.find((y) => y.line !== null);
    loops.push({ start, end: x.offset, line: head?.line ?? null, body });
  }
  const byStart = new Map<number, Loop>();
  for (const l of loops) {
    const prev = byStart.get(l.start);
    if (!prev || l.end > prev.end) byStart.set(l.start, l);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
