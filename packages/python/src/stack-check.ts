/**
 * The stack-depth analysis against CPython's compiler: for every code object of a set of `.pyc` files, the depth
 * the core computes along the control-flow graph (with CPython's own rules, `compilerStacksize`) must equal the
 * `co_stacksize` the compiler stored. Used over the golden data (each runtime's stdlib compiled by that runtime)
 * and over the `.pyc` corpora in `../shared/corpora`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BytescopeError, checkStackSize, getVersion, readPyc, type CodeObject } from '@bytescope/core';

/** A code object whose computed depth differs from its `co_stacksize`, or whose analysis failed. */
export interface StackMismatch {
  readonly file: string;
  readonly qualname: string;
  readonly firstlineno: number;
  readonly declared: number;
  /** The computed depth, or null when the analysis threw. */
  readonly computed: number | null;
  readonly error?: string;
}

/** The result for one Python version. */
export interface StackCheckReport {
  readonly files: number;
  readonly codeObjects: number;
  readonly matches: number;
  readonly mismatches: StackMismatch[];
}

/**
 * Checks every code object of the given `.pyc` files, grouped by the version each file is for. Files that cannot be
 * read, or are of a version without opcode tables, are left out (`skipped`).
 */
export function checkStackSizes(files: Iterable<string>): { byVersion: Map<string, StackCheckReport>; skipped: number } {
  const byVersion = new Map<string, { files: number; codeObjects: number; matches: number; mismatches: StackMismatch[] }>();
  let skipped = 0;
  for (const file of files) {
    let pyc;
    try {
      pyc = readPyc(new Uint8Array(readFileSync(file)));
    } catch (e) {
      if (e instanceof BytescopeError) { skipped++; continue; }
      throw e;
    }
    const v = getVersion(pyc.version);
    if (!v) { skipped++; continue; }
    let r = byVersion.get(pyc.version);
    if (!r) byVersion.set(pyc.version, (r = { files: 0, codeObjects: 0, matches: 0, mismatches: [] }));
    r.files++;
    const stack: CodeObject[] = [pyc.code];
    while (stack.length) {
      const code = stack.pop()!;
      for (const c of code.consts) if (c.type === 'code') stack.push(c.code);
      r.codeObjects++;
      const at = { file, qualname: code.qualname, firstlineno: code.firstlineno, declared: code.stacksize };
      try {
        const { computed } = checkStackSize(code, v);
        if (computed === code.stacksize) r.matches++;
        else r.mismatches.push({ ...at, computed });
      } catch (e) {
        if (!(e instanceof BytescopeError)) throw e;
        r.mismatches.push({ ...at, computed: null, error: e.message });
      }
    }
  }
  return { byVersion, skipped };
}

/** The `.pyc` files below `dir` (recursively), sorted. */
export function pycFilesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.pyc')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** One line per mismatch, for reports. */
export function formatMismatch(m: StackMismatch): string {
  const what = m.computed === null ? `analysis failed: ${m.error}` : `computed ${m.computed}, co_stacksize ${m.declared}`;
  return `${m.file} ${m.qualname} (line ${m.firstlineno}): ${what}`;
}
