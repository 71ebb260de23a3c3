/**
 * What `dis` and `info` make of one loaded file, and the outcome of one file as a value: its output, or the
 * one-line failure that the CLI prints for it. The same code runs on the main thread and in the worker threads
 * of `--jobs`.
 */
import { DEFAULT_PYTHON_VERSION, disVersionRange, getVersion, supportedDisOptions, textOutputBudget, writeDisassembly, type DisOptions, type PycFile, type VersionInfo } from '@bytescope/core';
import { InputError, failure } from './errors.js';
import { formatInfo, infoReport } from './info-report.js';
import { bytesReport, formatBytes } from './info-bytes.js';
import { toJsonOutput } from './json-output.js';
import { inputName, loadInput, type CompiledBy, type InputSpec, type ReadOptions } from './sources.js';

/** The output asked for: `dis` text or JSON, `info` text or JSON. */
export type OutputMode = 'dis-text' | 'dis-json' | 'info-text' | 'info-json' | 'info-bytes-text' | 'info-bytes-json';

/** How a file's output is made (plain data: it is sent to worker threads). */
export interface RenderOptions {
  readonly mode: OutputMode;
  readonly dis: DisOptions;
  /** `dis --stack` (`depth`) or `--stack --symbolic` (`symbolic`). */
  readonly stack?: 'depth' | 'symbolic';
  /** `dis --function QUALNAME`. */
  readonly function?: string;
}

/** The module of `--stack`/`--function` (loaded only for them). */
type StackListing = typeof import('./stack-listing.js');

/** How `.pyc` files are read (plain data: it is sent to worker threads). */
export interface PycReadSettings {
  readonly forceVersion?: string;
  readonly raw: boolean;
}

/**
 * The outcome of one file: its output (text in text modes: a string, or UTF-8 bytes in pieces; a JSON value
 * in JSON modes) or a one-line failure message with its exit code; with the warnings (for stderr) that came
 * before either.
 */
export type FileResult =
  | { readonly ok: true; readonly out: string | Uint8Array[] | object; readonly warnings: readonly string[] }
  | {
    readonly ok: false; readonly message: string; readonly exit: number; readonly warnings: readonly string[];
    /** A worker thread ran out of memory on it (the file is then done on the main thread). */
    readonly outOfMemory?: boolean;
  };

/**
 * The `dis` text of a file as UTF-8, in pieces of at most about 64 KB (no string is built and encoded again
 * for output, and no large buffer is grown and copied).
 */
function disBytes(pyc: PycFile, v: VersionInfo, o: DisOptions): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  writeDisassembly(pyc.code, v, { ...o, maxOutputChars: o.maxOutputChars ?? textOutputBudget(pyc.size) }, (piece) => { pieces.push(piece.slice()); });
  return pieces;
}

/**
 * Renders one loaded file: `dis` text as UTF-8 pieces, `info` text as a string, or a JSON value. In a directory
 * (`inDirectory`), `dis` options that the file's version lacks are ignored with a warning. Throws
 * {@link InputError} / {@link BytescopeError} when it cannot.
 */
export function render(name: string, pyc: PycFile, o: RenderOptions, warn: (line: string) => void, data: Uint8Array, read: PycReadSettings, extra?: StackListing, compiledBy?: CompiledBy, inDirectory = false): string | Uint8Array[] | object {
  if (o.mode === 'info-bytes-text') return formatBytes(name, data, read);
  if (o.mode === 'info-bytes-json') return bytesReport(name, data, read);
  if (o.mode === 'info-text') return formatInfo(infoReport(name, pyc, compiledBy));
  if (o.mode === 'info-json') return infoReport(name, pyc, compiledBy);
  const v = getVersion(pyc.version);
  if (!v) {
    throw new InputError(`${name}: Python ${pyc.version} .pyc read, but disassembly needs ${disVersionRange()} (try bytescope info)`);
  }
  const magic = pyc.header?.magic;
  if (inDirectory) {
    // A directory may mix versions: an option a version's dis lacks is left out for its files, and said once.
    const { options, ignored } = supportedDisOptions(v, o.dis);
    if (ignored.length) {
      o = { ...o, dis: options };
      for (const flag of ignored) warn(`bytescope: warning: ${flag} ignored for the Python ${v.version} files (that version's dis has no such option)`);
    }
  }
  if (magic?.prerelease) {
    warn(`bytescope: warning: ${name}: magic number ${magic.magic} is from a pre-release of Python ${magic.version}; its opcodes may differ from the ${v.table.data.fullVersion} tables used here`);
  }
  if (extra) {
    return o.mode === 'dis-json' ? extra.disJsonWith(name, pyc, v, o.dis, o.stack, o.function) : extra.disTextWith(pyc, v, o.dis, o.stack, o.function);
  }
  return o.mode === 'dis-json' ? toJsonOutput(name, pyc, o.dis) : disBytes(pyc, v, o.dis);
}

/**
 * Loads and renders one input (a `.pyc`, or source compiled by real CPython; `read.warn` receives CPython's
 * warnings as they come). Never throws: a failure is returned as a value. When `inDirectory` is set, an
 * option that the file's version lacks (`-O` on a 3.12 file…) is ignored for that file with a warning (the same
 * for every such file, which the caller prints once), since a directory may mix versions.
 */
export async function processInput(spec: InputSpec, read: ReadOptions, o: RenderOptions, inDirectory = false): Promise<FileResult> {
  const name = inputName(spec);
  const warnings: string[] = [];
  try {
    const { pyc, data, compiledBy } = await loadInput(spec, read);
    const extra = o.stack !== undefined || o.function !== undefined ? await import('./stack-listing.js') : undefined;
    const settings: PycReadSettings = { forceVersion: read.forceVersion, raw: read.raw ?? false };
    return { ok: true, out: render(name, pyc, o, (l) => warnings.push(l), data, settings, extra, compiledBy, inDirectory), warnings };
  } catch (e) {
    return { ok: false, ...failure(e, name), warnings };
  }
}

/** Loads and renders one `.pyc` file (what a worker thread does). */
export function processPycFile(path: string, read: PycReadSettings, o: RenderOptions, inDirectory: boolean): Promise<FileResult> {
  return processInput({ kind: 'file', path }, { python: DEFAULT_PYTHON_VERSION, forceVersion: read.forceVersion, raw: read.raw, warn: () => {} }, o, inDirectory);
}
