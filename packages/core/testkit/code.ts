/**
 * Code objects built by hand for tests and the fuzz harness: instruction bytes assembled from opnames with the
 * version's opcode table, a code object with sensible defaults for a version, and the walk over a code-object tree.
 */
import { CO_FAST_LOCAL, type CodeObject } from '../src/pyc/code-object.js';
import { codeLayoutFor } from '../src/pyc/marshal.js';
import { PY_NONE, type PyObject } from '../src/pyc/objects.js';
import { getVersion, type VersionInfo } from '../src/version/registry.js';

/** One instruction to assemble: its opname and argument (0 when left out). */
export type Op = readonly [opname: string, arg?: number];

/** The version's info; throws for a version without an opcode table. */
export function versionInfo(version: string): VersionInfo {
  const v = getVersion(version);
  if (!v) throw new Error(`testkit: no opcode table for ${version}`);
  return v;
}

/**
 * The bytes of one instruction of `v`: EXTENDED_ARG prefixes when `arg` needs more than 8 bits (it is taken as an
 * unsigned 32-bit value), the instruction, then its inline cache units, zeroed. Before 3.6, the byte encoding
 * ({@link byteInstruction}).
 */
export function instruction(v: VersionInfo, op: number, arg: number): number[] {
  if (!v.features.wordcode) return byteInstruction(v, op, arg);
  const out: number[] = [];
  const parts: number[] = [];
  let a = arg >>> 0;
  do { parts.unshift(a & 0xff); a >>>= 8; } while (a);
  for (let i = 0; i < parts.length - 1; i++) out.push(v.table.data.extendedArg, parts[i]!);
  out.push(op, parts[parts.length - 1]!);
  for (let i = 0; i < v.table.cacheUnits[op]!; i++) out.push(0, 0);
  return out;
}

/**
 * Before 3.6: the opcode alone below `HAVE_ARGUMENT`; from it, a 16-bit little-endian argument, after an
 * EXTENDED_ARG with the next 16 bits when `arg` needs more.
 */
function byteInstruction(v: VersionInfo, op: number, arg: number): number[] {
  if (op < v.table.data.haveArgument) return [op];
  const a = arg >>> 0;
  const ext = a > 0xffff ? [v.table.data.extendedArg, (a >>> 16) & 0xff, (a >>> 24) & 0xff] : [];
  return [...ext, op, a & 0xff, (a >>> 8) & 0xff];
}

/** `co_code` of `ops` in `version` (see {@link instruction}); throws on an opname the version does not have. */
export function assemble(version: string, ops: readonly Op[]): Uint8Array {
  const v = versionInfo(version);
  const out: number[] = [];
  for (const [name, arg] of ops) {
    const op = v.table.op(name);
    if (op < 0) throw new Error(`testkit: no opcode ${name} in ${version}`);
    out.push(...instruction(v, op, arg ?? 0));
  }
  return Uint8Array.from(out);
}

/** `LOAD_CONST index; RETURN_VALUE`, after `RESUME 0` from 3.11 on: the body of the smallest module. */
export function returnConst(version: string, index = 0): Op[] {
  const resume: Op[] = versionInfo(version).table.op('RESUME') >= 0 ? [['RESUME', 0]] : [];
  return [...resume, ['LOAD_CONST', index], ['RETURN_VALUE', 0]];
}

/**
 * The bytes of one exception-table entry (3.11+, `Objects/exception_handling_notes.txt`): start, size, target and
 * `depth << 1 | lasti` as varints of 6-bit big-endian chunks (0x40: more follow), the first byte marked with 0x80.
 * Offsets and sizes are in code units.
 */
export function exceptionTableEntry(start: number, size: number, target: number, depthLasti: number): number[] {
  const out: number[] = [];
  for (const x of [start, size, target, depthLasti]) {
    const chunks: number[] = [];
    let y = x;
    do { chunks.unshift(y % 64); y = Math.floor(y / 64); } while (y > 0);
    chunks.forEach((c, i) => out.push(c | (i < chunks.length - 1 ? 0x40 : 0)));
  }
  out[0]! |= 0x80;
  return out;
}

/** What {@link makeCode} takes: any field of a code object, and two shorthands. */
export interface CodeSpec extends Partial<CodeObject> {
  /** The instructions, assembled into `code` (unless `code` is given). Default: {@link returnConst}. */
  readonly ops?: readonly Op[];
  /** Plain local variables: `varnames`, `localsplusnames` (kind CO_FAST_LOCAL each) and `nlocals` (unless given). */
  readonly locals?: readonly string[];
}

let nextId = 1000;

/**
 * A code object of `version` (2.7, 3.0+) with sensible defaults: the version's layout, a module `<module>` of file
 * `testkit.py` at line 1 returning None, no names or locals, empty line and exception tables, stack size 2 and a
 * fresh `id`. Every default can be replaced through `spec`; `qualname` follows `name`.
 */
export function makeCode(version: string, spec: CodeSpec = {}): CodeObject {
  const { ops, locals = [], ...fields } = spec;
  const name = fields.name ?? '<module>';
  return {
    layout: codeLayoutFor(version),
    argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, nlocals: locals.length, stacksize: 2, flags: 0,
    code: assemble(version, ops ?? returnConst(version)),
    consts: [PY_NONE], names: [], varnames: locals, cellvars: [], freevars: [],
    localsplusnames: locals, localspluskinds: new Uint8Array(locals.length).fill(CO_FAST_LOCAL),
    filename: 'testkit.py', name, qualname: name, firstlineno: 1,
    linetable: new Uint8Array(0), exceptiontable: new Uint8Array(0), id: nextId++,
    ...fields,
  };
}

/** Options of {@link codeObjectsOf}. */
export interface CodeWalkOptions {
  /** Stop after this many code objects (default: no limit). */
  readonly max?: number;
  /** Also find code objects inside constant containers (tuples, sets, dicts, slices …), as `dis` does not. Default true. */
  readonly inContainers?: boolean;
}

/**
 * Every distinct code object of a tree (by identity: shared ones once), the root first, then depth first in the
 * order of the constants. Iterative, so that deep trees do not overflow the stack.
 */
export function codeObjectsOf(root: CodeObject, options: CodeWalkOptions = {}): CodeObject[] {
  const max = options.max ?? Infinity;
  const inContainers = options.inContainers ?? true;
  const out: CodeObject[] = [];
  const seen = new Set<CodeObject | PyObject>();
  const stack: (CodeObject | PyObject)[] = [root];
  const pushReversed = (xs: readonly PyObject[]) => { for (let i = xs.length - 1; i >= 0; i--) stack.push(xs[i]!); };
  while (stack.length && out.length < max) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    if (!('type' in x)) {
      out.push(x);
      pushReversed(x.consts);
      continue;
    }
    switch (x.type) {
      case 'code': stack.push(x.code); break;
      case 'tuple': case 'list': case 'set': case 'frozenset': if (inContainers) pushReversed(x.items); break;
      case 'dict': case 'frozendict': if (inContainers) pushReversed(x.entries.flat()); break;
      case 'slice': if (inContainers) pushReversed([x.start, x.stop, x.step]); break;
      default: break;
    }
  }
  return out;
}
