/**
 * Reading a whole `.pyc` (or a bare marshalled code object): header, then the code object tree.
 */
import type { CodeObject } from './code-object.js';
import type { PyObject } from './objects.js';
import { BytescopeError } from '../errors.js';
import { checkReadableVersion } from '../version/py-version.js';
import { codeLayoutFor, readMarshal } from './marshal.js';
import { parsePycHeader, type PycHeader } from './header.js';

/** A loaded `.pyc`. */
export interface PycFile {
  /** The header; absent for `raw` input. */
  readonly header: PycHeader | undefined;
  /** The CPython `major.minor` whose layout was used to read the code object. */
  readonly version: string;
  /** The module's code object. */
  readonly code: CodeObject;
  /** Bytes after the marshalled code object (normally none). */
  readonly trailingBytes: number;
  /**
   * Length of the input in bytes, header included (set by {@link readPyc}). Output budgets are proportional to it
   * (see `jsonOutputBudget`).
   */
  readonly size?: number;
}

/** Options of {@link readPyc}. */
export interface ReadPycOptions {
  /** Read the file as this version (`X.Y`) whatever its magic says. */
  readonly forceVersion?: string;
  /** The data is a bare marshalled code object without a header (needs `forceVersion`). */
  readonly raw?: boolean;
}

/** Where the marshalled object of an input starts, and how to read it. */
export interface MarshalStart {
  /** The header; absent for `raw` input. */
  readonly header: PycHeader | undefined;
  /** Offset of the marshalled object (the header size, or 0 for `raw` input). */
  readonly start: number;
  /** The CPython `major.minor` whose layout reads the object. */
  readonly version: string;
}

/** Checks the options and reads the header (unless `raw`): where the marshalled object starts. */
export function locateMarshal(data: Uint8Array, options: ReadPycOptions = {}): MarshalStart {
  const forced = options.forceVersion;
  if (forced !== undefined) checkReadableVersion(forced);
  if (options.raw) {
    if (forced === undefined) throw new BytescopeError('usage', '--raw needs --force-version X.Y: a bare code object does not say its version');
    return { header: undefined, start: 0, version: forced };
  }
  const header = parsePycHeader(data, { forceVersion: forced });
  return { header, start: header.size, version: forced ?? header.magic.version };
}

/** The loaded file, once the object at `at.start` has been read (`value`, ending at `end`); it must be a code object. */
export function pycFileOf(data: Uint8Array, at: MarshalStart, value: PyObject, end: number): PycFile {
  if (value.type !== 'code') {
    throw new BytescopeError('bad-marshal', `the marshalled object is a ${value.type}, not a code object`, at.start);
  }
  return { header: at.header, version: at.version, code: value.code, trailingBytes: data.length - end, size: data.length };
}

/** Reads a `.pyc`. Throws a {@link BytescopeError} with a one-line message on bad input. */
export function readPyc(data: Uint8Array, options: ReadPycOptions = {}): PycFile {
  const at = locateMarshal(data, options);
  const { value, end } = readMarshal(data, at.start, { layout: codeLayoutFor(at.version) });
  return pycFileOf(data, at, value, end);
}
