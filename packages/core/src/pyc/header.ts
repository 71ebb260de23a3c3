/**
 * The `.pyc` header (PEP 552 from 3.7): magic, then flags, then either the source mtime and size or the
 * source hash. Older layouts: 2.x and 3.0–3.2 have magic + mtime (8 bytes); 3.3–3.6 add the source size
 * (12 bytes). Alphas in between follow their magic number (see `parsePycHeader`).
 */
import { asPyVersion } from '../version/py-version.js';
import { BytescopeError } from '../errors.js';
import { lookupMagic, readMagic, type MagicInfo } from './magic.js';

/** How the `.pyc` is invalidated against its source. */
export type PycInvalidation = 'timestamp' | 'checked-hash' | 'unchecked-hash';

/** A parsed `.pyc` header. */
export interface PycHeader {
  readonly magic: MagicInfo;
  /** The raw flags word (0 before 3.7). */
  readonly flags: number;
  readonly invalidation: PycInvalidation;
  /** Source modification time, seconds since the epoch (timestamp pycs). */
  readonly mtime?: number;
  /** Source size modulo 2**32 (timestamp pycs, 3.3+). */
  readonly sourceSize?: number;
  /** SipHash of the source, 16 hex digits as stored (little-endian bytes), for hash-based pycs. */
  readonly sourceHash?: string;
  /** Header length: where the marshalled code object starts. */
  readonly size: number;
}


const u32 = (d: Uint8Array, i: number) => (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> 0;

/** Options of {@link parsePycHeader}. */
export interface PycHeaderOptions {
  /**
   * Read the header as CPython `X.Y` (2.7 or 3.x) writes it, whatever the magic number says (`--force-version`):
   * any first four bytes are accepted, and the header size is that version's.
   */
  readonly forceVersion?: string;
}

/** The magic of a file read as `version` whatever it says: its own when it is one of that version's. */
function forcedMagic(data: Uint8Array, version: string): MagicInfo {
  if (data.length < 4) throw new BytescopeError('truncated', `file too short for a .pyc header (${data.length} bytes)`);
  const number = data[0]! | (data[1]! << 8);
  const known = data[2] === 0x0d && data[3] === 0x0a ? lookupMagic(number) : undefined;
  return known?.version === version ? known : { magic: number, version, prerelease: false };
}

/**
 * Header length. The layout changed inside alpha series, so a CPython magic number decides, not its version:
 * the source size arrived with 3.3a1's magic 3210 (#13645) and PEP 552's flags word with 3.7a4's 3392 (#31650).
 * A forced version with a foreign magic gets that version's release layout.
 */
function headerSize(magic: MagicInfo): number {
  const { major, minor } = asPyVersion(magic.version);
  if (major === 2) return 8;
  if (lookupMagic(magic.magic)?.version === magic.version) return magic.magic < 3210 ? 8 : magic.magic < 3392 ? 12 : 16;
  return minor < 3 ? 8 : minor < 7 ? 12 : 16;
}

/** Parses the header of a `.pyc`; throws a {@link BytescopeError} naming the problem (and the magic number). */
export function parsePycHeader(data: Uint8Array, options: PycHeaderOptions = {}): PycHeader {
  const magic = options.forceVersion === undefined ? readMagic(data) : forcedMagic(data, options.forceVersion);
  const { major, minor } = asPyVersion(magic.version);
  if (major < 2 || (major === 2 && minor < 7)) {
    throw new BytescopeError('unsupported', `magic number ${magic.magic} is CPython ${magic.version}, older than the 2.7 and 3.x files Bytescope reads`);
  }
  const size = headerSize(magic);
  if (data.length < size) {
    throw new BytescopeError('truncated', `truncated .pyc header: CPython ${magic.version} needs ${size} bytes, file has ${data.length}`);
  }
  if (size < 16) {
    return { magic, flags: 0, invalidation: 'timestamp', mtime: u32(data, 4), sourceSize: size === 12 ? u32(data, 8) : undefined, size };
  }
  const flags = u32(data, 4);
  if (flags & ~3) {
    throw new BytescopeError('bad-magic', `invalid .pyc flags 0x${flags.toString(16)} (only bits 0 and 1 are defined by PEP 552)`, 4);
  }
  if (flags & 1) {
    const hash = Array.from(data.subarray(8, 16), (b) => b.toString(16).padStart(2, '0')).join('');
    return { magic, flags, invalidation: flags & 2 ? 'checked-hash' : 'unchecked-hash', sourceHash: hash, size };
  }
  return { magic, flags, invalidation: 'timestamp', mtime: u32(data, 8), sourceSize: u32(data, 12), size };
}

/** A field of a `.pyc` header and where it lies. */
export interface PycHeaderField {
  /** `magic`, `flags` (3.7+), `mtime` or `source_hash`, `source_size` (3.3+, timestamp pycs). */
  readonly name: 'magic' | 'flags' | 'mtime' | 'source_size' | 'source_hash';
  /** First byte. */
  readonly start: number;
  /** After the last byte. */
  readonly end: number;
}

/** The fields of a parsed header, in file order; together they cover its {@link PycHeader.size} bytes. */
export function pycHeaderFields(h: PycHeader): PycHeaderField[] {
  const f = (name: PycHeaderField['name'], start: number, end: number): PycHeaderField => ({ name, start, end });
  if (h.size < 16) return h.size === 12 ? [f('magic', 0, 4), f('mtime', 4, 8), f('source_size', 8, 12)] : [f('magic', 0, 4), f('mtime', 4, 8)];
  if (h.sourceHash !== undefined) return [f('magic', 0, 4), f('flags', 4, 8), f('source_hash', 8, 16)];
  return [f('magic', 0, 4), f('flags', 4, 8), f('mtime', 8, 12), f('source_size', 12, 16)];
}
