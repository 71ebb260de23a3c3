/**
 * Checks our disassembly against a golden directory written by real CPython (see golden.ts): every module,
 * every `dis` option the version has.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { disassembleToText, getVersion, readPyc, type DisOptions } from '@bytescope/core';
import { goldenModules } from './golden.js';
import { firstDifference, normalizeDis } from './compare.js';

/** The `dis` modes a golden directory may hold, by file suffix. */
export const GOLDEN_MODES: Readonly<Record<string, DisOptions>> = {
  '': {},
  C: { showCaches: true },
  O: { showOffsets: true },
  P: { showPositions: true },
  COP: { showCaches: true, showOffsets: true, showPositions: true },
  S: { specialized: true },
  D0: { depth: 0 },
};

/** One mismatch. */
export interface GoldenFailure { module: string; mode: string; line: number; expected: string; actual: string }

/** Result of checking one golden directory. */
export interface GoldenReport { modules: number; comparisons: number; failures: GoldenFailure[] }

/** Compares every module of `dir` (written by CPython `version`) with our text in every mode present. */
export function checkGolden(dir: string, version: string): GoldenReport {
  const v = getVersion(version);
  if (!v) throw new Error(`no tables for ${version}`);
  const failures: GoldenFailure[] = [];
  let comparisons = 0;
  const modules = goldenModules(dir);
  for (const m of modules) {
    const base = path.join(dir, m);
    let pyc;
    try {
      pyc = readPyc(new Uint8Array(readFileSync(base + '.pyc')));
    } catch (e) {
      failures.push({ module: m, mode: 'read', line: 0, expected: '', actual: String(e) });
      continue;
    }
    for (const [suffix, opts] of Object.entries(GOLDEN_MODES)) {
      const file = base + (suffix ? `.${suffix}` : '') + '.dis';
      if (!existsSync(file)) continue;
      comparisons++;
      const expected = normalizeDis(readFileSync(file, 'utf8'));
      let actual: string;
      try {
        actual = normalizeDis(disassembleToText(pyc.code, v, opts));
      } catch (e) {
        failures.push({ module: m, mode: suffix || 'default', line: 0, expected: '', actual: String(e instanceof Error ? e.stack : e) });
        continue;
      }
      const diff = firstDifference(expected, actual);
      if (diff) failures.push({ module: m, mode: suffix || 'default', ...diff });
    }
  }
  return { modules: modules.length, comparisons, failures };
}
