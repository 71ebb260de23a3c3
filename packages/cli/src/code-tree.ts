/**
 * The code objects of a file as a list, in `dis` order (a code object, then the code objects among its constants,
 * depth first), each with its qualified name; and `--function QUALNAME`, which keeps one of them with its nested
 * ones.
 */
import { codeTree, qualnames, type CodeObject } from '@bytescope/core';
import { UsageError } from './errors.js';

/** One code object of a file, with its qualified name. */
export interface NamedCode {
  readonly code: CodeObject;
  readonly qualname: string;
  /** How deep it is nested (0: the module). */
  readonly level: number;
}

/** Every code object under `root`, in `dis` order, with its qualified name (the core's `codeTree` and `qualnames`). */
export function namedCodeTree(root: CodeObject): NamedCode[] {
  const nodes = codeTree(root);
  const names = qualnames(nodes);
  return nodes.map((n, i) => ({ code: n.code, qualname: names[i]!, level: n.depth }));
}

/**
 * The code object named `qualname` and the ones nested in it (in `dis` order); every code object when `qualname`
 * is undefined. No such code object is a {@link UsageError} that lists the names there are (the first ten).
 */
export function selectFunction(tree: readonly NamedCode[], qualname: string | undefined): NamedCode[] {
  if (qualname === undefined) return [...tree];
  const i = tree.findIndex((n) => n.qualname === qualname);
  if (i < 0) {
    const names = tree.map((n) => n.qualname);
    const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? ', …' : '');
    throw new UsageError(`no code object named ${JSON.stringify(qualname)} (there are: ${shown})`);
  }
  const out = [tree[i]!];
  for (let k = i + 1; k < tree.length && tree[k]!.level > tree[i]!.level; k++) out.push(tree[k]!);
  return out;
}
