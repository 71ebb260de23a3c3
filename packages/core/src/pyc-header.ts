/**
 * The `.pyc` header (PEP 552 from 3.7): magic, then flags, then either the source mtime and size or the
 * source hash. Older layouts: 2.x and 3.0–3.2 have magic + mtime (8 bytes); 3.3–3.6 add the source size
 * (12 bytes).
 */
import { BytescopeError } from './errors.js';
import { readMagic, type MagicInfo } from './magic.js';

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

function versionTuple(v: string): [number, number] {
  const [a, b] = v.split('.');
  return [Number(a), Number(b)];
}

const u32 = (d: Uint8Array, i: number) => (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> 0;

/** Parses the header of a `.pyc`; throws a {@link BytescopeError} naming the problem. */
export function parsePycHeader(data: Uint8Array): PycHeader {
  const magic = readMagic(data);
  const [major, minor] = versionTuple(magic.version);
  if (major < 2 || (major === 2 && minor < 7)) {
    throw new BytescopeError('unsupported', `magic number ${magic.magic} is CPython ${magic.version}, older than the 2.7 and 3.x files Bytescope reads`);
  }
  const size = major === 2 || minor < 3 ? 8 : minor < 7 ? 12 : 16;
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
