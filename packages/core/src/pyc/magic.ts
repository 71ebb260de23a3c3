/**
 * Magic numbers: the first two bytes of a `.pyc` (little-endian u16) followed by `\r\n`, naming the CPython
 * version that wrote it.
 */
import { FINAL_MAGIC } from '../tables/final-magic.js';
import { MAGIC_HISTORY } from '../tables/magic-history.js';
import { BytescopeError } from '../errors.js';

/** What a magic number says about the file. */
export interface MagicInfo {
  /** The magic number, e.g. 3627. */
  readonly magic: number;
  /** The CPython `major.minor` version, e.g. `3.14`. */
  readonly version: string;
  /** True when the number belongs to an alpha/beta/rc of that version rather than its final release. */
  readonly prerelease: boolean;
  /** Another implementation that writes the same number, when one is known (the file may be its). */
  readonly sharedWith?: string;
}

/**
 * CPython magic numbers that another implementation writes too, so that the header cannot tell them apart: the file
 * is read as the CPython version, and `info` says who else writes the number. (PyPy 3.8 writes CPython 3.8's final
 * number; its bytecode then shows PyPy's own opcodes, >= 200, as unknown: `<201>`.)
 */
const SHARED_MAGIC: ReadonlyMap<number, string> = new Map([[3413, 'PyPy 3.8']]);

/** The magic number of each version whose opcode tables are embedded, as its interpreter reports it. */
const finalMagic = new Map<string, number>(FINAL_MAGIC);

/**
 * Magic numbers older than the history in importlib (which starts at 1.5), as the `.pyc` files of those versions
 * carry them (seen in the test corpora: the same values in two independent collections).
 */
const PRE_HISTORY: ReadonlyArray<readonly [number, string]> = [[11913, '1.3'], [5892, '1.4']];

const historyByMagic = new Map<number, string>([...MAGIC_HISTORY.map(([m, v]) => [m, v] as const), ...PRE_HISTORY]);
// The last magic of each version in the history is that version's release value.
const lastMagicOf = new Map<string, number>();
for (const [m, v] of MAGIC_HISTORY) if (m < 20000 && (lastMagicOf.get(v) ?? 0) < m) lastMagicOf.set(v, m);
lastMagicOf.set('2.7', 62211);

/**
 * Maps a magic number to a CPython version. CPython 3.11+ allots each version 3.n the range
 * `2900 + 50*n … 2949 + 50*n` (see `Include/internal/pycore_magic_number.h`), which identifies versions newer
 * than the history that the embedded runtimes carry in `importlib/_bootstrap_external.py`.
 */
export function lookupMagic(magic: number): MagicInfo | undefined {
  const info = lookupCPythonMagic(magic);
  const shared = SHARED_MAGIC.get(magic);
  return info && shared ? { ...info, sharedWith: shared } : info;
}

function lookupCPythonMagic(magic: number): MagicInfo | undefined {
  for (const [version, m] of finalMagic) {
    if (m === magic) return { magic, version, prerelease: false };
  }
  const known = historyByMagic.get(magic);
  if (known !== undefined) {
    const final = finalMagic.get(known) ?? lastMagicOf.get(known);
    return { magic, version: known, prerelease: final !== undefined && magic !== final };
  }
  if (magic >= 3450 && magic < 4000) {
    const minor = Math.floor((magic - 2900) / 50);
    const version = `3.${minor}`;
    const final = finalMagic.get(version);
    return { magic, version, prerelease: final === undefined || final !== magic };
  }
  return undefined;
}

/** What other implementations' magic numbers are known to be (for the error message only). */
function otherImplementation(magic: number): string | undefined {
  if (magic === 62218) return 'PyPy 2.7 uses it (CPython 2.7\'s 62211 + 7)';
  if (magic === 21280 || magic === 21290) return 'GraalPy uses it';
  if (magic > 0 && magic < 1024 && magic % 16 === 0) return 'it looks like PyPy 3\'s numbering (small multiples of 16)';
  return undefined;
}

/** Reads the magic of a `.pyc` (4 bytes: u16 LE + `\r\n`), or throws a clear one-line error naming the number. */
export function readMagic(data: Uint8Array): MagicInfo {
  if (data.length < 4) throw new BytescopeError('truncated', `file too short for a .pyc header (${data.length} bytes)`);
  const magic = data[0]! | (data[1]! << 8);
  const hex = Array.from(data.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  if (data[2] !== 0x0d || data[3] !== 0x0a) {
    // CPython 1.0–1.2 wrote a 4-byte magic without \r\n: 0x00999902 / 0x00999903.
    if (data[1] === 0x99 && data[2] === 0x99 && data[3] === 0x00) {
      throw new BytescopeError('unsupported', `magic number ${magic} (${hex}) is CPython 1.0–1.2's, older than the 2.7 and 3.x files Bytescope reads`);
    }
    throw new BytescopeError('bad-magic', `not a .pyc file: its first bytes ${hex} are not a magic number (here ${magic}) followed by \\r\\n; use --raw --force-version X.Y for a bare marshalled code object`);
  }
  const info = lookupMagic(magic);
  if (!info) {
    const other = otherImplementation(magic);
    const why = other ? `${other}; Bytescope reads only CPython 2.7 and 3.x .pyc files` : 'not a CPython 2.7 or 3.x .pyc (PyPy, GraalPy and RustPython use their own numbers)';
    throw new BytescopeError('bad-magic', `unknown magic number ${magic} (${hex}): ${why}; try --force-version X.Y`);
  }
  return info;
}
