/**
 * Reading a whole `.pyc` (or a bare marshalled code object): header, then the code object tree.
 */
import type { CodeObject } from './code-object.js';
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

/** Reads a `.pyc`. Throws a {@link BytescopeError} with a one-line message on bad input. */
export function readPyc(data: Uint8Array, options: ReadPycOptions = {}): PycFile {
  const forced = options.forceVersion;
  if (forced !== undefined) checkReadableVersion(forced);
  let header: PycHeader | undefined;
  let start = 0;
  let version: string;
  if (options.raw) {
    if (forced === undefined) throw new BytescopeError('usage', '--raw needs --force-version X.Y: a bare code object does not say its version');
    version = forced;
  } else {
    header = parsePycHeader(data, { forceVersion: forced });
    start = header.size;
    version = forced ?? header.magic.version;
  }
  const { value, end } = readMarshal(data, start, { layout: codeLayoutFor(version) });
  if (value.type !== 'code') {
    throw new BytescopeError('bad-marshal', `the marshalled object is a ${value.type}, not a code object`, start);
  }
  return { header, version, code: value.code, trailingBytes: data.length - end, size: data.length };
}
