/**
 * The code objects of a module as `dis` lists them: the module first, then every code object constant, depth first
 * in `co_consts` order. The one walk of the tree behind the JSON model and the analyses, so that index `i` names the
 * same code object in both.
 */
import { BytescopeError } from '../errors.js';
import type { CodeObject } from './code-object.js';
import type { PyObject } from './objects.js';

/**
 * The most code objects one tree may list. Marshal back-references let a small file name the same code object many
 * times (and `dis` expands every occurrence), so a hostile file could otherwise ask for an exponential tree.
 */
export const MAX_CODE_TREE_NODES = 50_000;

/** One code object of a tree, at one place where it occurs. */
export interface CodeTreeNode {
  readonly code: CodeObject;
  /** Index of the enclosing code object in the list, or null for the root. Always below this node's own index. */
  readonly parent: number | null;
  /** Index of this code object in the parent's `co_consts`, or null for the root. */
  readonly constIndex: number | null;
  /** 0 for the root, 1 for its code constants, … */
  readonly depth: number;
  /** Each code object constant of this node that is listed, with the index of its first listing. */
  readonly children: ReadonlyMap<PyObject, number>;
}

/**
 * Lists the code objects under `root` in `dis` order (pre-order, `co_consts` order), iteratively; a code object
 * shared by marshal back-references is listed at every occurrence. `maxDepth` stops the walk below that depth (0: the
 * root alone). Throws a `limit` {@link BytescopeError} beyond {@link MAX_CODE_TREE_NODES} nodes.
 */
export function codeTree(root: CodeObject, maxDepth?: number): CodeTreeNode[] {
  const nodes: { code: CodeObject; parent: number | null; constIndex: number | null; depth: number; children: Map<PyObject, number> }[] = [];
  const stack: { code: CodeObject; parent: number | null; constIndex: number | null; depth: number }[] = [
    { code: root, parent: null, constIndex: null, depth: 0 },
  ];
  while (stack.length) {
    const item = stack.pop()!;
    const index = nodes.length;
    if (index >= MAX_CODE_TREE_NODES) {
      throw new BytescopeError('limit', `more than ${MAX_CODE_TREE_NODES} code objects to list (shared code objects are listed at every occurrence)`);
    }
    nodes.push({ ...item, children: new Map() });
    if (item.parent !== null) {
      const parent = nodes[item.parent]!;
      const k = parent.code.consts[item.constIndex!]!;
      if (!parent.children.has(k)) parent.children.set(k, index);
    }
    if (maxDepth !== undefined && item.depth >= maxDepth) continue;
    const consts = item.code.consts;
    for (let k = consts.length - 1; k >= 0; k--) {
      const c = consts[k]!;
      if (c.type === 'code') stack.push({ code: c.code, parent: index, constIndex: k, depth: item.depth + 1 });
    }
  }
  return nodes;
}
