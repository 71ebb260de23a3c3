/**
 * `bytescope dis --stack`, `--symbolic` and `--function`: the listing with the core's stack column, and the JSON
 * model with each instruction's depths (and symbolic stack). Loaded only when one of these options is given, so
 * that plain `dis` starts without the analyses.
 */
import {
  buildCfg, computeStackDepths, decodeCode, stackColumn, symbolicStack, textOutputBudget, writeDisassembly,
  type BytescopeJson, type CodeObject, type DisOptions, type JsonCodeObject, type JsonInstruction, type PycFile, type VersionInfo,
} from '@bytescope/core';
import { namedCodeTree, selectFunction } from './code-tree.js';
import { toJsonOutput } from './json-output.js';

/** What `dis` adds to the listing: the stack column (`depth`, or `symbolic` with the stack after each instruction). */
export type StackMode = 'depth' | 'symbolic';

/** Longest symbolic stack text in the listing. */
const LISTING_SYMBOLIC_MAX = 80;

/** The code object to list: the file's, or the one `--function` names. */
function rootOf(pyc: PycFile, v: VersionInfo, qualname: string | undefined): CodeObject {
  if (qualname === undefined) return pyc.code;
  // co_qualname came with the 3.11 code object, the one with the exception table.
  return selectFunction(namedCodeTree(pyc.code), qualname)[0]!.code;
}

/** The `dis` text (UTF-8 pieces) of a file or of one of its functions, with the stack column when asked. */
export function disTextWith(pyc: PycFile, v: VersionInfo, o: DisOptions, stack: StackMode | undefined, qualname: string | undefined): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  const column = stack ? stackColumn(v, { symbolic: stack === 'symbolic', maxLength: LISTING_SYMBOLIC_MAX }) : undefined;
  writeDisassembly(rootOf(pyc, v, qualname), v, { ...o, column, maxOutputChars: o.maxOutputChars ?? textOutputBudget(pyc.size) }, (piece) => { pieces.push(piece.slice()); });
  return pieces;
}

/** An instruction of the JSON model with its stack fields. */
export type StackJsonInstruction = JsonInstruction & {
  /** Depth before the instruction; null where control never reaches it. */
  readonly stack_before: number | null;
  /** Depth after it when it continues with the next instruction (an unconditional jump: at its target). */
  readonly stack_after: number | null;
  /** With `--symbolic`: the slots after it, bottom first (null: unknown). */
  readonly stack?: readonly string[] | null;
};

/**
 * The JSON document of a file with `--stack`/`--function`: only the code objects under the one named (and with its
 * `parent` as it is in the whole file), each instruction with `stack_before`, `stack_after` and, for `symbolic`,
 * `stack`.
 */
export function disJsonWith(name: string, pyc: PycFile, v: VersionInfo, o: DisOptions, stack: StackMode | undefined, qualname: string | undefined): object {
  const doc: BytescopeJson & { file: string } = toJsonOutput(name, pyc, o);
  const codes: CodeObject[] = [];
  for (const c of doc.code_objects) {
    const parent = c.parent === null ? undefined : codes[c.parent];
    const k = c.const_index;
    const konst = parent && k !== null ? parent.consts[k] : undefined;
    codes.push(c.parent === null ? pyc.code : konst?.type === 'code' ? konst.code : pyc.code);
  }
  let keep: (c: JsonCodeObject) => boolean = () => true;
  if (qualname !== undefined) {
    const root = rootOf(pyc, v, qualname);
    const top = codes.indexOf(root);
    const inside = new Set<number>([top]);
    for (const c of doc.code_objects) if (c.parent !== null && inside.has(c.parent)) inside.add(c.index);
    keep = (c) => inside.has(c.index);
  }
  const objects = doc.code_objects.filter(keep).map((c): JsonCodeObject => {
    if (!stack) return c;
    const cfg = buildCfg(decodeCode(codes[c.index]!, v), v);
    const depths = computeStackDepths(cfg, v);
    const sym = stack === 'symbolic' ? symbolicStack(cfg, depths, v) : undefined;
    const at = new Map<number, number>();
    cfg.decoded.instructions.forEach((ins, k) => at.set(ins.offset, k));
    const instructions = c.instructions.map((ins): StackJsonInstruction => {
      const k = at.get(ins.offset);
      const before = k === undefined ? -1 : depths.before[k]!;
      const after = k === undefined ? -1 : depths.after[k]!;
      return {
        ...ins,
        stack_before: before < 0 ? null : before,
        stack_after: after < 0 ? null : after,
        ...(sym ? { stack: k === undefined ? null : sym.after(k) } : {}),
      };
    });
    return { ...c, instructions };
  });
  return { ...doc, code_objects: objects };
}
