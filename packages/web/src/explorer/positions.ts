/**
 * Source positions: CPython reports columns as UTF-8 byte offsets within a line; the editor counts UTF-16
 * code units. These helpers convert, and find which instructions cover a point of the source.
 */
import type { JsonInstruction } from '@bytescope/core';

/** The UTF-8 length of the character at index `i` of `line`, and its UTF-16 code units (2 for a surrogate pair). */
function utf8Char(line: string, i: number): { bytes: number; units: number } {
  const c = line.charCodeAt(i);
  if (c < 0x80) return { bytes: 1, units: 1 };
  if (c < 0x800) return { bytes: 2, units: 1 };
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < line.length) return { bytes: 4, units: 2 };
  return { bytes: 3, units: 1 };
}

/** The JS string index of UTF-8 byte column `byteCol` in `line` (clamped to the line). */
export function utf8ColumnToIndex(line: string, byteCol: number): number {
  let bytes = 0;
  for (let i = 0; i < line.length;) {
    if (bytes >= byteCol) return i;
    const ch = utf8Char(line, i);
    bytes += ch.bytes;
    i += ch.units;
  }
  return line.length;
}

/** The UTF-8 byte column of JS string index `index` in `line`. */
export function indexToUtf8Column(line: string, index: number): number {
  let bytes = 0;
  for (let i = 0; i < Math.min(index, line.length);) {
    const ch = utf8Char(line, i);
    bytes += ch.bytes;
    i += ch.units;
  }
  return bytes;
}

/** A source span in line/byte-column terms (1-based lines; columns null = whole line). */
export interface SourceSpan {
  readonly line: number;
  readonly endLine: number;
  readonly col: number | null;
  readonly endCol: number | null;
}

/** The source span of an instruction: its positions (3.11+) or its line (3.10), or null. */
export function instructionSpan(ins: JsonInstruction): SourceSpan | null {
  const p = ins.positions;
  if (p && p[0] !== null) {
    return { line: p[0], endLine: p[1] ?? p[0], col: p[2], endCol: p[3] };
  }
  if (ins.line !== null && ins.line > 0) return { line: ins.line, endLine: ins.line, col: null, endCol: null };
  return null;
}

/** True when `span` covers (line, byte column). Whole-line spans cover every column of their lines. */
export function spanCovers(span: SourceSpan, line: number, col: number): boolean {
  if (line < span.line || line > span.endLine) return false;
  if (span.col === null || span.endCol === null) return true;
  if (line === span.line && col < span.col) return false;
  if (line === span.endLine && col > span.endCol) return false;
  return true;
}

/** A comparable size of a span: innermost (smallest) spans sort first. */
export function spanSize(span: SourceSpan): number {
  const lines = span.endLine - span.line;
  if (span.col === null || span.endCol === null) return lines * 1e6 + 5e5;
  return lines * 1e6 + (span.endCol - span.col);
}
