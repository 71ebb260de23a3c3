/**
 * The listing's line starts (`scanCode`, read straight off the line table) against `dis.findlinestarts` built on
 * `co_lines()` (`findLineStarts(codeLines(code, v), v)`): the check that pins the two equal, for the core's tests over
 * the corpora and for the golden tests over the stdlib that real CPython compiled.
 */
import { codeLines, findLineStarts } from '../src/bytecode/lines.js';
import { scanCode } from '../src/bytecode/scan.js';
import type { CodeObject } from '../src/pyc/code-object.js';
import { readPyc } from '../src/pyc/read-pyc.js';
import { getVersion, type VersionInfo } from '../src/version/registry.js';
import { codeObjectsOf } from './code.js';

/** `[offset, line]` pairs (line null: a line-less start) of the listing's line starts. */
export function listingLineStarts(code: CodeObject, v: VersionInfo): [number, number | null][] {
  const s = scanCode(code, v);
  const out: [number, number | null][] = [];
  for (let k = 0; k < s.lineStartCount; k++) {
    const line = s.lineStartLine[k]!;
    out.push([s.lineStartOffset[k]!, Number.isNaN(line) ? null : line]);
  }
  return out;
}

/** `dis.findlinestarts` through `co_lines()`. */
export function coLinesLineStarts(code: CodeObject, v: VersionInfo): [number, number | null][] {
  return [...findLineStarts(codeLines(code, v), v)];
}

/** What {@link compareLineStarts} found. */
export interface LineStartsComparison {
  readonly codes: number;
  readonly starts: number;
  /** One line per code object whose two lists differ. */
  readonly bad: readonly string[];
}

/** Compares the two on every code object of `.pyc` files of `version` (given as name and bytes). */
export function compareLineStarts(version: string, files: Iterable<{ readonly name: string; readonly bytes: Uint8Array }>): LineStartsComparison {
  const v = getVersion(version);
  if (!v) throw new Error(`no tables for ${version}`);
  const bad: string[] = [];
  let codes = 0;
  let starts = 0;
  for (const { name, bytes } of files) {
    const pyc = readPyc(bytes);
    if (pyc.version !== version) {
      bad.push(`${name}: a ${pyc.version} file among the ${version} files`);
      continue;
    }
    for (const c of codeObjectsOf(pyc.code)) {
      const want = coLinesLineStarts(c, v);
      const got = listingLineStarts(c, v);
      codes++;
      starts += want.length;
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        bad.push(`${name} ${c.qualname} (line ${c.firstlineno}): listing ${JSON.stringify(got).slice(0, 300)}, findlinestarts ${JSON.stringify(want).slice(0, 300)}`);
      }
    }
  }
  return { codes, starts, bad };
}
