/**
 * A CPython version as a value: `major.minor`, parsed once and compared as numbers (never as text, where
 * `'3.9' > '3.13'`).
 */
import { BytescopeError, quoteShort } from '../errors.js';

/** A CPython `major.minor` version. Values are interned: equal versions are the same object. */
export interface PyVersion {
  readonly major: number;
  readonly minor: number;
  /** `major.minor`, e.g. `3.14`: the form used as a key everywhere (tables, JSON, the command line). */
  readonly key: string;
}

const interned = new Map<string, PyVersion>();
const VERSION_TEXT = /^([1-9]\d?|0)\.(0|[1-9]\d?)$/;

/** Parses `X.Y` (e.g. `2.7`, `3.14`), or returns undefined for anything else (`3.14.1`, `3`, `03.1`). */
export function parsePyVersion(text: string): PyVersion | undefined {
  const hit = interned.get(text);
  if (hit) return hit;
  const m = VERSION_TEXT.exec(text);
  if (!m) return undefined;
  const v: PyVersion = Object.freeze({ major: Number(m[1]), minor: Number(m[2]), key: text });
  interned.set(text, v);
  return v;
}

/** The version `major.minor`. */
export function pyVersionOf(major: number, minor: number): PyVersion {
  const v = parsePyVersion(`${major}.${minor}`);
  if (!v) throw new RangeError(`not a version: ${major}.${minor}`);
  return v;
}

/** A version given as text or value, as a value; throws a RangeError for text that is not `X.Y`. */
export function asPyVersion(v: string | PyVersion): PyVersion {
  if (typeof v !== 'string') return v;
  const p = parsePyVersion(v);
  if (!p) throw new RangeError(`not a CPython version X.Y: ${JSON.stringify(v)}`);
  return p;
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareVersions(a: string | PyVersion, b: string | PyVersion): number {
  const x = asPyVersion(a);
  const y = asPyVersion(b);
  return x.major - y.major || x.minor - y.minor;
}

/** True when `v` is `major.minor` or newer. */
export function versionAtLeast(v: string | PyVersion, major: number, minor: number): boolean {
  const x = asPyVersion(v);
  return x.major > major || (x.major === major && x.minor >= minor);
}

/**
 * True when `.pyc` files of `v` can be read (header and marshal): CPython 2.7 and 3.0 … 3.19. Which of those can
 * be disassembled is `DIS_VERSIONS` (the versions with opcode tables).
 */
export function isReadableVersion(v: string | PyVersion): boolean {
  const x = typeof v === 'string' ? parsePyVersion(v) : v;
  return x !== undefined && ((x.major === 2 && x.minor === 7) || (x.major === 3 && x.minor <= 19));
}

/** Throws a usage error naming `--force-version` unless `.pyc` files of `v` can be read ({@link isReadableVersion}). */
export function checkReadableVersion(v: string): void {
  if (!isReadableVersion(v)) throw new BytescopeError('usage', `--force-version must be 2.7 or 3.0 … 3.19, not ${quoteShort(v)}`);
}
