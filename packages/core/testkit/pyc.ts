/**
 * `.pyc` files assembled for tests: a PEP 552 header with the final magic number of a version, then marshal data.
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

/** The 16-byte header of a `.pyc` of `version` (3.10+): its final magic number, flags 0, mtime, source size. */
export function pycHeader(version: string, fields: PycHeaderFields = {}): Uint8Array {
  const h = new Uint8Array(16);
  const dv = new DataView(h.buffer);
  dv.setUint16(0, versionInfo(version).table.data.magic, true);
  h[2] = 0x0d;
  h[3] = 0x0a;
  dv.setUint32(8, fields.mtime ?? 0x04030201, true);
  dv.setUint32(12, fields.sourceSize ?? 5, true);
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
