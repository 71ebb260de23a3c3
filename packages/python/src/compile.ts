/**
 * Compiling Python source with a real CPython: the code object that `compile(source, filename, "exec")`
 * returns, written as the `.pyc` bytes that CPython itself would write (timestamp header + marshal).
 * Compilation never runs the user's code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PythonRuntime } from './runtime.js';

/** CPython's report of a source that does not compile (a `SyntaxError` or, before 3.12, a `ValueError`). */
export interface PythonCompileError {
  /** Exception class name: `SyntaxError`, `IndentationError`, `TabError`, `ValueError`, … */
  readonly type: string;
  /** CPython's message (`e.msg`, or `str(e)` for non-syntax errors). */
  readonly message: string;
  readonly filename: string | null;
  /** 1-based line, or null. */
  readonly lineno: number | null;
  /** 1-based column, as CPython reports it (`e.offset`), or null. */
  readonly offset: number | null;
  readonly endLineno: number | null;
  readonly endOffset: number | null;
  /** The offending source line, when CPython has it. */
  readonly text: string | null;
}

/** The outcome of {@link compileSource}. */
export type CompileResult =
  | { readonly ok: true; readonly pyc: Uint8Array }
  | { readonly ok: false; readonly error: PythonCompileError };

const COMPILE_PY = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../py/compile_helper.py'), 'utf8');

const prepared = new WeakSet<PythonRuntime>();

/** Compiles `source` (bytes, as `python -m dis` reads a file) as module `filename` with the runtime's CPython. */
export function compileSource(rt: PythonRuntime, source: Uint8Array, filename: string): CompileResult {
  if (!prepared.has(rt)) {
    rt.runText(COMPILE_PY);
    prepared.add(rt);
  }
  rt.pyodide.FS.writeFile('/tmp/bytescope_src', source);
  const raw = JSON.parse(rt.runText(`_bytescope_compile(${JSON.stringify(filename)})`)) as Record<string, unknown>;
  if (raw.ok === true) {
    const pyc = rt.pyodide.FS.readFile('/tmp/bytescope_pyc');
    return { ok: true, pyc: new Uint8Array(pyc) };
  }
  const num = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : null);
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : null);
  return {
    ok: false,
    error: {
      type: str('type') ?? 'SyntaxError', message: str('message') ?? '', filename: str('filename'),
      lineno: num('lineno'), offset: num('offset'), endLineno: num('end_lineno'), endOffset: num('end_offset'),
      text: str('text'),
    },
  };
}

/** One line naming a compile error the way a person reads it: `file:line:col: SyntaxError: message`. */
export function formatCompileError(e: PythonCompileError): string {
  let where = e.filename ?? '<source>';
  if (e.lineno !== null) where += `:${e.lineno}`;
  if (e.lineno !== null && e.offset !== null) where += `:${e.offset}`;
  return `${where}: ${e.type}: ${e.message}`;
}
