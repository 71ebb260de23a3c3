/**
 * Checks the JSON model (`toJsonModel` of @bytescope/core) against a golden directory written by real CPython
 * (see golden.ts and py/golden_gen.py): for every module, every code object in `dis` order, every instruction,
 * every `dis.Instruction` field that CPython wrote must equal ours.
 *
 * `argval` is compared in golden_gen.py's JSON-able encoding ({@link toGoldenArgval}); values CPython writes as
 * `{"repr": …}`, and `argrepr`, compare with code-object addresses masked and `frozenset({…})` elements sorted
 * ({@link normalizeRepr}).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  disInstructionFields, getVersion, readPyc, toJsonModel, type BytescopeJson, type JsonPyValue,
} from '@bytescope/core';
import { goldenModules } from './golden.js';
import { maskAddresses, sortFrozensets } from './compare.js';

/** One mismatch. `code` is the code object's index and name; `offset` the instruction's (null: not per instruction). */
export interface GoldenJsonFailure {
  module: string;
  code: string;
  offset: number | null;
  field: string;
  expected: string;
  actual: string;
}

/** Result of checking one golden directory. */
export interface GoldenJsonReport {
  /** Modules with a `.json` file. */
  modules: number;
  codeObjects: number;
  instructions: number;
  /** Number of field comparisons made. */
  comparisons: number;
  /** Mismatches (at most {@link MAX_FAILURES_PER_MODULE} per module are listed). */
  failures: GoldenJsonFailure[];
  /** Total number of mismatches, including the ones not listed. */
  failureCount: number;
}

/** How many mismatches of one module are listed in a report. */
export const MAX_FAILURES_PER_MODULE = 10;

/** golden_gen.py's `jsonable()` output: str/int/bool/None, lists for tuples, or a marker object. */
export type GoldenValue = null | boolean | number | string | GoldenValue[] | { repr: string } | { unknown: true };

/** What golden_gen.py writes for one code object. */
interface GoldenCode {
  co_name: string;
  co_firstlineno: number;
  instructions: Record<string, unknown>[];
}

/**
 * Converts an `argval` of the JSON model into golden_gen.py's encoding: direct values as they are, arrays
 * item by item, `dis.UNKNOWN` as `{"unknown": true}`, a big int as the (rounded) JSON number CPython's `json`
 * writes, anything else as `{"repr": …}` normalized like {@link normalizeRepr}.
 */
export function toGoldenArgval(x: JsonPyValue): GoldenValue {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return (x as readonly JsonPyValue[]).map(toGoldenArgval);
  const o = x as Exclude<JsonPyValue, null | boolean | number | string | readonly JsonPyValue[]>;
  if (o.type === 'unknown') return { unknown: true };
  if (o.type === 'int' && typeof o.value === 'string') return Number(BigInt(o.value));
  return { repr: normalizeRepr(o.repr) };
}

/** A repr made comparable: code-object addresses masked, frozenset elements sorted. */
export function normalizeRepr(repr: string): string {
  return sortFrozensets(maskAddresses(repr));
}

/** Normalizes a golden value the same way (only `repr` strings change). */
function normalizeGolden(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(normalizeGolden);
  if (x !== null && typeof x === 'object' && 'repr' in x && typeof (x as { repr: unknown }).repr === 'string') {
    return { repr: normalizeRepr((x as { repr: string }).repr) };
  }
  return x;
}

const show = (x: unknown): string => {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 300 ? s.slice(0, 300) + '…' : s;
};

/** Compares the JSON model of every module of `dir` (written by CPython `version`) with CPython's `NAME.json`. */
export function checkGoldenJson(dir: string, version: string): GoldenJsonReport {
  const v = getVersion(version);
  if (!v) throw new Error(`no tables for ${version}`);
  const fields = disInstructionFields(v).filter((f) => f !== 'cache_info');
  const fieldSet = new Set(fields);
  const report: GoldenJsonReport = { modules: 0, codeObjects: 0, instructions: 0, comparisons: 0, failures: [], failureCount: 0 };
  for (const m of goldenModules(dir)) {
    const base = path.join(dir, m);
    if (!existsSync(base + '.json')) continue;
    report.modules++;
    let listed = 0;
    const fail = (f: Omit<GoldenJsonFailure, 'module'>) => {
      report.failureCount++;
      if (listed++ < MAX_FAILURES_PER_MODULE) report.failures.push({ module: m, ...f });
    };
    const expected = JSON.parse(readFileSync(base + '.json', 'utf8')) as GoldenCode[];
    let model: BytescopeJson;
    try {
      const pyc = readPyc(new Uint8Array(readFileSync(base + '.pyc')));
      model = toJsonModel(pyc);
    } catch (e) {
      fail({ code: '', offset: null, field: 'read', expected: '', actual: String(e instanceof Error ? e.stack : e) });
      continue;
    }
    if (model.python_version !== version) {
      fail({ code: '', offset: null, field: 'python_version', expected: version, actual: model.python_version });
    }
    if (expected.length !== model.code_objects.length) {
      fail({ code: '', offset: null, field: 'code object count', expected: String(expected.length), actual: String(model.code_objects.length) });
    }
    const n = Math.min(expected.length, model.code_objects.length);
    for (let ci = 0; ci < n; ci++) {
      const exp = expected[ci]!;
      const ours = model.code_objects[ci]!;
      report.codeObjects++;
      const code = `#${ci} ${exp.co_name}`;
      report.comparisons += 2;
      if (exp.co_name !== ours.co_name) fail({ code, offset: null, field: 'co_name', expected: exp.co_name, actual: ours.co_name });
      if (exp.co_firstlineno !== ours.co_firstlineno) {
        fail({ code, offset: null, field: 'co_firstlineno', expected: String(exp.co_firstlineno), actual: String(ours.co_firstlineno) });
      }
      if (exp.instructions.length !== ours.instructions.length) {
        fail({ code, offset: null, field: 'instruction count', expected: String(exp.instructions.length), actual: String(ours.instructions.length) });
      }
      const k = Math.min(exp.instructions.length, ours.instructions.length);
      for (let ii = 0; ii < k; ii++) {
        const e = exp.instructions[ii]!;
        const o = ours.instructions[ii]! as unknown as Record<string, unknown>;
        report.instructions++;
        const offset = typeof e.offset === 'number' ? e.offset : null;
        const keys = Object.keys(e);
        const unexpected = keys.filter((key) => !fieldSet.has(key));
        const missing = fields.filter((key) => !(key in e));
        if (unexpected.length || missing.length) {
          fail({ code, offset, field: 'fields', expected: keys.join(' '), actual: fields.join(' ') });
        }
        for (const key of keys) {
          if (!fieldSet.has(key)) continue;
          report.comparisons++;
          const want = key === 'argval' ? normalizeGolden(e[key]) : key === 'argrepr' ? normalizeRepr(String(e[key])) : e[key];
          const got = key === 'argval' ? toGoldenArgval(o[key] as JsonPyValue) : key === 'argrepr' ? normalizeRepr(String(o[key])) : o[key];
          const a = JSON.stringify(want);
          const b = JSON.stringify(got);
          if (a !== b) fail({ code, offset, field: `${key} (${String(e.opname)})`, expected: show(want), actual: show(got) });
        }
      }
    }
  }
  return report;
}
