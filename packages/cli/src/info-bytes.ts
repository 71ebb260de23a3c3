/**
 * `bytescope info --bytes`: a `.pyc`'s bytes mapped to what they encode (the core's byte map): as text, a hex dump
 * in which every range of the map is a line (a group's line names it; a leaf's line shows its bytes, 16 a line);
 * as JSON, the ranges themselves.
 */
import { byteMap, type ByteMap, type ByteMapOptions, type ByteRangeKind } from '@bytescope/core';
import { printable } from './info-report.js';

/** One range of the byte map in the JSON output. */
export interface JsonByteRange {
  /** First byte. */
  readonly start: number;
  /** After the last byte. */
  readonly end: number;
  /** Nesting depth (0: header, object, trailing bytes). */
  readonly depth: number;
  /** What the bytes are within their parent (`magic`, `co_code`, `[2]`, `type`, `length`, `payload`, …). */
  readonly label: string;
  readonly kind: ByteRangeKind;
  /** What the bytes say, in a few words; empty when the label says it all. */
  readonly detail: string;
  /** True for a range without children: the leaves cover every byte of the file exactly once, in order. */
  readonly leaf: boolean;
  /** A marshal object's type (`code`, `tuple`, `str`, …, `ref` for a back-reference). */
  readonly type?: string;
  /** An object stored with FLAG_REF: its index in the reference table. */
  readonly ref_index?: number;
  /** A Python 2 interned string: its index in the table that string references (`R`) name. */
  readonly intern_index?: number;
  /** A back-reference: the index in `ranges` of the object it refers to. */
  readonly target?: number;
}

/** Everything `info --bytes --json` reports for one file. */
export interface BytesReport {
  readonly file: string;
  readonly version: string;
  readonly size: number;
  /** Every range, each before the ranges inside it, in file order. */
  readonly ranges: JsonByteRange[];
}

/** The byte map of `data` (a `.pyc`, or a bare marshal stream with `raw`), as JSON. */
export function bytesReport(name: string, data: Uint8Array, options: ByteMapOptions): BytesReport {
  const map = byteMap(data, options);
  return {
    file: name,
    version: map.version,
    size: map.size,
    ranges: map.ranges.map((r) => ({
      start: r.start, end: r.end, depth: r.depth, label: r.label, kind: r.kind, detail: r.detail, leaf: r.descendants === 0,
      ...(r.objectType !== undefined ? { type: r.objectType } : {}),
      ...(r.refIndex !== undefined ? { ref_index: r.refIndex } : {}),
      ...(r.internIndex !== undefined ? { intern_index: r.internIndex } : {}),
      ...(r.target !== undefined ? { target: r.target } : {}),
    })),
  };
}

const HEX_WIDTH = 16 * 3 - 1;
const hex2 = (b: number) => (b < 16 ? '0' : '') + b.toString(16);
const offset8 = (n: number) => n.toString(16).padStart(8, '0');

/** The bytes of `data[start, end)` as hex and as ASCII (`.` for the others). */
function dumpColumns(data: Uint8Array, start: number, end: number): string {
  let hex = '';
  let ascii = '';
  for (let i = start; i < end; i++) {
    const b = data[i]!;
    hex += (i > start ? ' ' : '') + hex2(b);
    ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return `${hex.padEnd(HEX_WIDTH)}  ${ascii.padEnd(16)}`;
}

/** The text of `info --bytes`: a header line, then one line per range (a leaf's long bytes on more lines). */
export function formatBytes(name: string, data: Uint8Array, options: ByteMapOptions): string {
  const map: ByteMap = byteMap(data, options);
  const out: string[] = [
    `${printable(name)}: ${map.size} bytes, CPython ${map.version}, ${map.ranges.length} ranges`,
    `${'offset'.padEnd(8)}  ${'bytes'.padEnd(HEX_WIDTH)}  ${'ascii'.padEnd(16)}  structure`,
  ];
  const blank = ' '.repeat(HEX_WIDTH + 2 + 16);
  for (const r of map.ranges) {
    const text = printable(r.detail ? `${r.label}: ${r.detail}` : r.label);
    const indent = '  '.repeat(r.depth);
    if (r.descendants > 0) {
      out.push(`${offset8(r.start)}  ${blank}  ${indent}${text}`);
      continue;
    }
    for (let at = r.start; at < r.end; at += 16) {
      out.push(`${offset8(at)}  ${dumpColumns(data, at, Math.min(r.end, at + 16))}  ${at === r.start ? indent + text : ''}`.trimEnd());
    }
  }
  return out.join('\n') + '\n';
}
