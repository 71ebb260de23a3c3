/**
 * A whole module decoded for analysis: every code object of the `.pyc` in `dis` order (the JSON model's order, so
 * index `i` is the JSON model's `code_objects[i]`), each with its place in the tree, its qualified name and its typed
 * instructions. The input of the analyses (hints, version alignment); nothing here is text for display.
 */
import { decodeCode, type DecodedCode } from '../bytecode/decode.js';
import { BytescopeError } from '../errors.js';
import type { CodeObject } from '../pyc/code-object.js';
import { codeTree, type CodeTreeNode } from '../pyc/code-tree.js';
import { disVersionRange, getVersion, type VersionInfo } from '../version/registry.js';
import { qualnames } from './qualnames.js';

/** One code object of a {@link DecodedModule}. */
export interface ModuleCode extends CodeTreeNode {
  /** Its index in {@link DecodedModule.codeObjects} (and in the JSON model's `code_objects`). */
  readonly index: number;
  /** The qualified name (see `qualnames`): `co_qualname`, or derived from the nesting before 3.11. */
  readonly qualname: string;
  /** The decoded bytecode (shared by every listing of a code object that marshal back-references list twice). */
  readonly decoded: DecodedCode;
}

/** A module's code objects, decoded with the tables of its version. */
export interface DecodedModule {
  /** The version whose tables decoded it (`version.version` is `3.10` … `3.15`). */
  readonly version: VersionInfo;
  /** The module first, then nested code objects in `dis` order (each after its parent). */
  readonly codeObjects: readonly ModuleCode[];
}

/**
 * Decodes every code object of a `.pyc` (a `PycFile`, or a code object read as `version`). Throws a
 * {@link BytescopeError}: `unsupported` when the version has no opcode table, `limit` when marshal back-references
 * list more code objects than a tree may hold.
 */
export function decodeModule(input: { readonly version: string; readonly code: CodeObject }): DecodedModule {
  const v = getVersion(input.version);
  if (!v) throw new BytescopeError('unsupported', `no opcode table for Python ${input.version}: decoding needs ${disVersionRange()}`);
  const nodes = codeTree(input.code);
  const names = qualnames(nodes);
  const decoded = new Map<CodeObject, DecodedCode>();
  const codeObjects = nodes.map((n, index): ModuleCode => {
    let d = decoded.get(n.code);
    if (!d) decoded.set(n.code, (d = decodeCode(n.code, v)));
    return { ...n, index, qualname: names[index]!, decoded: d };
  });
  return { version: v, codeObjects };
}
