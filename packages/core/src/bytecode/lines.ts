/**
 * `co_lines()` and `dis.findlinestarts` of a code object, by the version's line-table format.
 */
import type { CodeObject } from '../pyc/code-object.js';
import type { VersionInfo } from '../version/registry.js';
import { linesFrom310, linesFrom311, linesFromLnotab, type LineRange } from './line-table.js';

/** `co_lines()` of a code object in `version`. */
export function codeLines(code: CodeObject, v: VersionInfo): LineRange[] {
  const f = v.features;
  if (f.lineTable === 'locations') return linesFrom311(code.linetable, code.firstlineno, f.mergeLineRanges);
  if (f.lineTable === 'lines') return linesFrom310(code.linetable, code.firstlineno);
  return linesFromLnotab(code.linetable, code.firstlineno, code.code.length, f.signedLineDeltas);
}

/** `dis.findlinestarts` of the version. */
export function findLineStarts(lines: readonly LineRange[], v: VersionInfo): Map<number, number | null> {
  const starts = new Map<number, number | null>();
  if (v.features.noneLineStarts) {
    let last: number | null | undefined = undefined;
    for (const r of lines) {
      if (r.line !== last) {
        last = r.line;
        starts.set(r.start, r.line);
      }
    }
  } else {
    let last: number | null = null;
    for (const r of lines) {
      if (r.line !== null && r.line !== last) {
        last = r.line;
        starts.set(r.start, r.line);
      }
    }
  }
  return starts;
}

/**
 * `offset → line` over `co_lines()` ranges (sorted by start, not overlapping): the line of the range that covers the
 * offset, or null when none does or the range has no line.
 */
export function lineAtOffset(lines: readonly LineRange[]): (offset: number) => number | null {
  return (offset) => {
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lines[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    const r = lines[lo];
    return r !== undefined && r.start <= offset && offset < r.end ? r.line : null;
  };
}
