/**
 * Turning the CLI's inputs (a `.pyc`, a `.py`, source given with `-c`, stdin) into loaded code objects:
 * `.pyc` files are read by the core alone; source is compiled by the real CPython of `--python X.Y`.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { BytescopeError, lookupMagic, readPyc, type PycFile } from '@bytescope/core';
import type { PythonVersion } from '@bytescope/python';
import type { SourceCompiler } from '@bytescope/python/source-compiler';
import { InputError, UsageError } from './errors.js';

/** One thing to disassemble, as named on the command line. */
export type InputSpec =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'command'; readonly source: string };

/** The name of an input in messages and output: its path, `<stdin>` or `<string>` (`-c`). */
export function inputName(spec: InputSpec): string {
  return spec.kind === 'file' ? (spec.path === '-' ? '<stdin>' : spec.path) : '<string>';
}

/** How inputs are read. */
export interface ReadOptions {
  readonly python: PythonVersion;
  readonly forceVersion?: string;
  readonly raw?: boolean;
  /** Writes Python's warnings (e.g. SyntaxWarning) somewhere. */
  readonly warn: (line: string) => void;
}

/** Largest input file accepted (bytes). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * The bytes of the file at `path` (`-`: stdin), or an {@link InputError} in one line: no such file, permission
 * denied, a directory, too large. Every command reads its file arguments through here.
 *
 * A regular file is read by its descriptor into memory of its size, and returned as a plain `Uint8Array` over that
 * memory (not a `Buffer`, whose `slice` does not copy): one `stat` and one copy of every file fewer than `statSync`
 * then `readFileSync` wrapped in a new `Uint8Array` (`bytescope dis DIR` over 799 files: 1,600 system calls and
 * 14.8 MB copied). Anything else (a pipe, a character device, a file of size 0 such as procfs's) is read to its end.
 */
export function readInputFile(path: string): Uint8Array {
  if (path === '-') return new Uint8Array(readFileSync(0));
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : 'cannot read file'}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${path}: is a directory`);
    if (st.size > MAX_INPUT_BYTES) throw new InputError(`${path}: file too large (${st.size} bytes; the limit is ${MAX_INPUT_BYTES})`);
    // Not a regular file, or one that does not know its size (procfs): read to the end.
    if (!st.isFile() || st.size === 0) return new Uint8Array(readFileSync(fd));
    const b = Buffer.allocUnsafeSlow(st.size);
    let n = 0;
    for (let r; n < b.length && (r = readSync(fd, b, n, b.length - n, null)) > 0;) n += r;
    return new Uint8Array(b.buffer, b.byteOffset, n);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
}

/** The text of a program to run (the lab's commands, `trace`): {@link readInputFile}, decoded as UTF-8. */
export function readProgramText(path: string): string {
  return new TextDecoder().decode(readInputFile(path));
}

/** True when the bytes start like a .pyc: two magic bytes then `\r\n`. */
function looksLikePyc(b: Uint8Array): boolean {
  return b.length >= 4 && b[2] === 0x0d && b[3] === 0x0a && !(b[0] === 0x0d || b[0] === 0x0a);
}

/** True when the bytes start with the magic number of a CPython version Bytescope knows, then `\r\n`. */
function startsWithKnownMagic(b: Uint8Array): boolean {
  return looksLikePyc(b) && lookupMagic(b[0]! | (b[1]! << 8)) !== undefined;
}

/**
 * Decides whether an input is source to compile: stdin is source unless it starts with a known magic number
 * (`cat x.pyc | bytescope dis -`); a file is by its extension, else by its first bytes.
 */
export function isSource(spec: InputSpec, bytes: Uint8Array | undefined, raw: boolean | undefined): boolean {
  if (spec.kind === 'command') return true;
  if (raw) return false;
  if (spec.path === '-') return bytes === undefined || !startsWithKnownMagic(bytes);
  if (/\.py[wi]?$/i.test(spec.path)) return true;
  if (/\.py[co]$/i.test(spec.path)) return false;
  return bytes !== undefined && !looksLikePyc(bytes);
}

let compiler: Promise<SourceCompiler> | undefined;
let compilerVersion: PythonVersion | undefined;

/**
 * The CPython that compiles source: the runtime server's, which keeps it loaded between commands, else one in a
 * worker thread of this process with a large stack (a deep expression gets CPython's own RecursionError, not a dead
 * runtime), replaced when it dies (see `source-compiler.ts`, `compile-thread.ts`).
 */
async function getCompiler(version: PythonVersion, warn: (l: string) => void): Promise<SourceCompiler> {
  if (!compiler) {
    compilerVersion = version;
    // The CPython this process runs itself only compiles source (lab runs, traces and the runtime server are processes
    // of their own, with V8's defaults): its WebAssembly is compiled by Liftoff alone. Optimising it pays off only after
    // seconds of work, and until the background compiles it queues end, the event loop of the thread that runs CPython
    // stands still (about 0.1 s after the runtime starts). Measured: `dis --python 3.14` of one file 0.645 s against
    // 0.74 s (0.71 against 0.94 s of CPU), of eight large stdlib modules 1.19 against 1.50 s, of 168 (4.9 MB) 3.5-4.0
    // against 3.8 s. The flag is set by the runtime once its glue is compiled (the code caches fit V8's defaults).
    compiler = import('@bytescope/python/source-compiler').then((py) => py.openSourceCompiler(version, { stderr: warn, liftoffOnly: true }));
  } else if (compilerVersion !== version) {
    throw new UsageError(`one run uses one Python version (${compilerVersion} already loaded)`);
  }
  return compiler;
}

/** A loaded input: the `.pyc` read (`data`: its bytes), and for source, which CPython compiled it. */
export interface LoadedInput {
  readonly name: string;
  readonly pyc: PycFile;
  readonly data: Uint8Array;
  /** Source compiled here, in memory: the full version of the CPython that compiled it (`3.10.2`). */
  readonly compiledBy?: CompiledBy;
}

/** Which CPython compiled a source: its full version and the runtime it ran in. */
export interface CompiledBy {
  /** `sys.version`'s first word: `3.10.2` (bytecode can differ between patch releases). */
  readonly version: string;
  /** Where it ran: `Pyodide 0.22.1`. */
  readonly runtime: string;
}

/** Loads one input: reads a .pyc, or compiles source with real CPython (`data`: the .pyc bytes either way). */
export async function loadInput(spec: InputSpec, o: ReadOptions): Promise<LoadedInput> {
  const name = inputName(spec);
  const bytes = spec.kind === 'file' ? readInputFile(spec.path) : new TextEncoder().encode(spec.source);
  try {
    if (isSource(spec, bytes, o.raw)) {
      if (o.forceVersion !== undefined || o.raw) throw new UsageError('--force-version and --raw apply to .pyc input, not to source');
      const thread = await getCompiler(o.python, o.warn);
      const result = await thread.compile(bytes, name);
      const { formatCompileError } = await import('@bytescope/python/compile');
      if (!result.ok) throw new InputError(formatCompileError(result.error, name));
      return { name, pyc: readPyc(result.pyc), data: result.pyc, compiledBy: { version: thread.fullVersion ?? o.python, runtime: thread.runtime } };
    }
    return { name, pyc: readPyc(bytes, { forceVersion: o.forceVersion, raw: o.raw }), data: bytes };
  } catch (e) {
    if (e instanceof BytescopeError) {
      if (e.kind === 'usage') throw new UsageError(e.message);
      throw new InputError(`${name}: ${e.message}`);
    }
    throw e;
  }
}
