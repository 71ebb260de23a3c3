/**
 * The code objects of a file as a list, in `dis` order (a code object, then the code objects among its constants,
 * depth first), each with its qualified name; and `--function QUALNAME`, which keeps one of them with its nested
 * ones.
 */
import type { CodeObject } from '@bytescope/core';
import { UsageError } from './errors.js';

/** One code object of a file, with its qualified name. */
export interface NamedCode {
  readonly code: CodeObject;
  readonly qualname: string;
  /** How deep it is nested (0: the module). */
  readonly level: number;
}

/** `CO_NEWLOCALS`: set on function code, not on module or class bodies. */
const CO_NEWLOCALS = 0x2;

/**
 * The qualified name of `code` nested in `parent` (null: the top level). `co_qualname` where the version stores it
 * (3.11+); for 3.10, derived the way the compiler does it in the common cases.
 * TODO: move to the core's `analysis/qualnames.ts` (the 3.10 derivation included) once it is merged.
 */
function qualnameOf(code: CodeObject, parent: NamedCode | null, hasQualname: boolean): string {
  if (hasQualname || parent === null || parent.level === 0) return code.qualname;
  if ((parent.code.flags & CO_NEWLOCALS) !== 0) return `${parent.qualname}.<locals>.${code.name}`;
  return `${parent.qualname}.${code.name}`;
}

/**
 * Every code object under `root`, in `dis` order. `hasQualname`: whether the version stores `co_qualname` (3.11+).
 */
export function codeTree(root: CodeObject, hasQualname: boolean): NamedCode[] {
  const out: NamedCode[] = [];
  const walk = (code: CodeObject, parent: NamedCode | null): void => {
    const named: NamedCode = { code, qualname: qualnameOf(code, parent, hasQualname), level: parent ? parent.level + 1 : 0 };
    out.push(named);
    for (const c of code.consts) if (c.type === 'code') walk(c.code, named);
  };
  walk(root, null);
  return out;
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
