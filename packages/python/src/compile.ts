/**
 * Compiling Python source with a real CPython: the code object that `compile(source, filename, "exec")`
 * returns, written as the `.pyc` bytes that CPython itself would write (timestamp header + marshal).
 * Compilation never runs the user's code. The Python side is `py/bytescope_compile.py`; this module is the one
 * glue to it, and {@link PythonCompileError} the one shape of a failure, in Node (the CLI) and in the browser (the
 * explorer's compile worker) alike. Platform-neutral: no Node imports.
 */
import { installPythonModules } from './python-modules.js';
import type { PythonRuntime } from './runtime.js';

/**
 * CPython's report of a source that does not compile: a `SyntaxError` (or `IndentationError`, `TabError`) with
 * its position, or — without one — a `ValueError` (null bytes before 3.12), `TypeError`, `MemoryError` or
 * `RecursionError`.
 */
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

/** The outcome of compiling: the `.pyc` bytes, or why the source does not compile. */
export type CompileResult =
  | { readonly ok: true; readonly pyc: Uint8Array }
  | { readonly ok: false; readonly error: PythonCompileError };

/** The part of a Pyodide instance compiling needs: running code, and passing bytes through its file system. */
export interface PyodideCompileHost {
  runPython(code: string): unknown;
  FS: { writeFile(path: string, data: Uint8Array): void; readFile(path: string): Uint8Array };
}

/** Where the source and the `.pyc` pass through the runtime's file system. */
const SOURCE_PATH = '/tmp/bytescope_src';
const PYC_PATH = '/tmp/bytescope_pyc';

/** How source is compiled: `compile()`'s mode and optimization level (-1: the interpreter's own, 0, 1 = -O, 2 = -OO). */
export interface CompileOptions {
  readonly mode?: 'exec' | 'eval' | 'single';
  readonly optimize?: -1 | 0 | 1 | 2;
}

/**
 * Compiles `source` (bytes, as `python -m dis` reads a file: a coding cookie or BOM is honoured) as module
 * `filename` with the CPython that `host` runs. Installs Bytescope's Python modules there first, once; `options` as
 * {@link CompileOptions}.
 */
export function compileInRuntime(host: PyodideCompileHost, source: Uint8Array, filename: string, options: CompileOptions = {}): CompileResult {
  installPythonModules(host);
  host.FS.writeFile(SOURCE_PATH, source);
  const mode = options.mode ?? 'exec';
  const optimize = options.optimize ?? -1;
  if (!['exec', 'eval', 'single'].includes(mode)) throw new RangeError(`compile mode must be exec, eval or single, not ${JSON.stringify(mode)}`);
  if (![-1, 0, 1, 2].includes(optimize)) throw new RangeError(`optimize must be -1, 0, 1 or 2, not ${JSON.stringify(optimize)}`);
  const call = `__import__('bytescope_compile').compile_file(${JSON.stringify(SOURCE_PATH)}, ${JSON.stringify(PYC_PATH)}, ${JSON.stringify(filename)}, ${JSON.stringify(mode)}, ${optimize})`;
  const answer = JSON.parse(String(host.runPython(call))) as unknown;
  if (isRecord(answer) && answer.ok === true) return { ok: true, pyc: new Uint8Array(host.FS.readFile(PYC_PATH)) };
  if (isRecord(answer) && answer.ok === false) return { ok: false, error: compileErrorFrom(answer.error) };
  throw new Error('bytescope_compile answered with something that is not a compile result');
}

/** {@link compileInRuntime} with a runtime loaded in Node by `loadRuntime`. */
export function compileSource(rt: PythonRuntime, source: Uint8Array, filename: string): CompileResult {
  return compileInRuntime(rt.pyodide, source, filename);
}

/** The {@link PythonCompileError} in a value decoded from JSON (`error_info` of `py/bytescope_compile.py`). */
export function compileErrorFrom(value: unknown): PythonCompileError {
  const raw = isRecord(value) ? value : {};
  const num = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : null);
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : null);
  return {
    type: str('type') ?? 'SyntaxError', message: str('message') ?? '', filename: str('filename'),
    lineno: num('lineno'), offset: num('offset'), endLineno: num('endLineno'), endOffset: num('endOffset'),
    text: str('text'),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * One line naming a compile error the way a person reads it: `file:line:col: SyntaxError: message`. CPython gives
 * some errors without a file name (a `ValueError` for null bytes…): then `filename` names the input (else `<source>`).
 */
export function formatCompileError(e: PythonCompileError, filename?: string): string {
  let where = e.filename ?? filename ?? '<source>';
  if (e.lineno !== null) where += `:${e.lineno}`;
  if (e.lineno !== null && e.offset !== null) where += `:${e.offset}`;
  return `${where}: ${e.type}: ${e.message}`;
}
