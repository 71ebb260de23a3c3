/**
 * Qualified names of the code objects of a module (`C.m.<locals>.<lambda>`): `co_qualname` where the version stores it
 * (3.11+), otherwise derived from the nesting the way CPython's compiler names a scope (`compiler_set_qualname` in
 * `Python/compile.c`), so that a 3.10 code object and its 3.11+ counterpart carry the same name.
 */
import type { CodeObject } from '../pyc/code-object.js';

/**
 * What {@link qualnames} reads of a code object: `co_qualname` where the layout stores it (`3.11`), otherwise its
 * name, flags and the names its scope binds. A decoded {@link CodeObject} has all of it; the lab's driver sends these
 * fields of the code objects it runs, so that one rule names both.
 */
export type QualnameCode = Pick<CodeObject, 'layout' | 'name' | 'qualname' | 'flags' | 'varnames' | 'cellvars' | 'freevars'>;

/** What {@link qualnames} reads of a code object of a tree (a `CodeTreeNode` has it). */
export interface QualnameNode {
  readonly code: QualnameCode;
  /** Index of the enclosing code object in the same list (always lower), or null for the module. */
  readonly parent: number | null;
}

const CO_OPTIMIZED = 0x1;
const CO_NEWLOCALS = 0x2;

/** The names CPython gives the code of a comprehension or generator expression. */
const COMPREHENSION_NAMES: ReadonlySet<string> = new Set(['<listcomp>', '<setcomp>', '<dictcomp>', '<genexpr>']);

/** A function, lambda, comprehension or generator expression: a scope with fast locals (a class body or module has neither flag). */
function isFunctionScope(c: QualnameCode): boolean {
  return (c.flags & (CO_OPTIMIZED | CO_NEWLOCALS)) === (CO_OPTIMIZED | CO_NEWLOCALS);
}

/** `_Py_Mangle`: a private name (`__x`, not `__x__`) as the class `privateName` sees it (`_C__x`). */
function mangle(privateName: string | null, name: string): string {
  if (privateName === null || !name.startsWith('__') || name.endsWith('__') || name.includes('.')) return name;
  const stripped = privateName.replace(/^_+/, '');
  return stripped ? `_${stripped}${name}` : name;
}

/**
 * The qualified name of every code object of a tree (the module first, each code object after its parent):
 * `co_qualname` where the layout stores it (3.11+); before, CPython's rule from the nesting — the name alone at module
 * level; inside a function or lambda, the parent's qualified name, `.<locals>.` and the name; inside a class, a
 * comprehension or a generator expression, the parent's qualified name, `.` and the name. A `def` or `class` whose
 * name the enclosing function declares `global` gets its name alone. (The same declaration in a class body is not
 * seen: it leaves no trace outside the bytecode.)
 */
export function qualnames(nodes: readonly QualnameNode[]): string[] {
  const out: string[] = [];
  /** The class whose private names are mangled inside each node (`u_private`), or null. */
  const privates: (string | null)[] = [];
  nodes.forEach((n, i) => {
    const c = n.code;
    const p = n.parent !== null && n.parent < i ? n.parent : null;
    const parent = p === null ? undefined : nodes[p]!.code;
    const isClass = parent !== undefined && !isFunctionScope(c);
    privates.push(isClass ? c.name : p === null ? null : privates[p]!);
    if (c.layout === '3.11') { out.push(c.qualname); return; }
    if (p === null || parent === undefined || nodes[p]!.parent === null) { out.push(c.name); return; }
    if (!isFunctionScope(parent)) { out.push(`${out[p]!}.${c.name}`); return; }
    if (COMPREHENSION_NAMES.has(parent.name)) { out.push(`${out[p]!}.${c.name}`); return; }
    // A def or class binds its name in the enclosing function: a local, a cell or a nonlocal, unless declared global.
    if (!c.name.startsWith('<')) {
      const bound = mangle(privates[p]!, c.name);
      if (!parent.varnames.includes(bound) && !parent.cellvars.includes(bound) && !parent.freevars.includes(bound)) {
        out.push(c.name);
        return;
      }
    }
    out.push(`${out[p]!}.<locals>.${c.name}`);
  });
  return out;
}
