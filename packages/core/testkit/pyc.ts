/**
 * `.pyc` files assembled for tests: the header of a version (PEP 552's from 3.7) with its final magic number, then
 * marshal data.
 */
import type { CodeObject } from '../src/pyc/code-object.js';
import { versionInfo } from './code.js';
import { writeMarshal } from './marshal-writer.js';

/** Header fields of {@link pycHeader} (a timestamp-based header: flags 0). */
export interface PycHeaderFields {
  /** Source modification time. Default 0x04030201 (distinct bytes, so that a misread shows). */
  readonly mtime?: number;
  /** Source size. Default 5. */
  readonly sourceSize?: number;
}

/**
 * The header of a `.pyc` of `version`, with its final magic number, as that version writes it: 16 bytes from 3.7
 * (flags 0, mtime, source size), 12 in 3.3–3.6 (mtime, source size), 8 before (mtime).
 */
export function pycHeader(version: string, fields: PycHeaderFields = {}): Uint8Array {
  const v = versionInfo(version);
  const { major, minor } = v.release;
  const size = major === 3 && minor >= 7 ? 16 : major === 3 && minor >= 3 ? 12 : 8;
  const h = new Uint8Array(size);
  const dv = new DataView(h.buffer);
  dv.setUint16(0, v.table.data.magic, true);
  h[2] = 0x0d;
  h[3] = 0x0a;
  const at = size === 16 ? 8 : 4;
  dv.setUint32(at, fields.mtime ?? 0x04030201, true);
  if (size > 8) dv.setUint32(at + 4, fields.sourceSize ?? 5, true);
  return h;
}

/**
 * A whole `.pyc` of `version`: the header, then `body` as it is (marshal bytes) or, for a code object, marshalled
 * in the layout of the code object.
 */
export function assemblePyc(version: string, body: CodeObject | Uint8Array, fields: PycHeaderFields = {}): Uint8Array {
  const data = body instanceof Uint8Array ? body : writeMarshal({ type: 'code', code: body }, body.layout);
  const h = pycHeader(version, fields);
  const out = new Uint8Array(h.length + data.length);
  out.set(h);
  out.set(data, h.length);
  return out;
}
