/**
 * The lab's texts name only instructions that exist where they say: every opname in a preset's description and in
 * a hint's explanation exists in the opcode table of each version the sentence speaks of (a qualifier such as
 * `in 3.11`, `from 3.13`, `up to 3.12` or `3.12+` next to it, in the same sentence), or of every version when the
 * sentence names none. The tables are CPython's own (generated from each runtime).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PYTHON_VERSIONS, getVersion } from '@bytescope/core';
import { HINT_RULES, PRESETS, PRESET_IDS } from '../src/lab/index.js';

const minor = (v: string) => Number(v.split('.')[1]);
const LAST = Math.max(...PYTHON_VERSIONS.map(minor));
const FIRST = Math.min(...PYTHON_VERSIONS.map(minor));
const OPNAME = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
const QUALIFIERS: [RegExp, (m: RegExpExecArray) => [number, number]][] = [
  [/\b(3\.\d+)\s*[–-]\s*(3\.\d+)/g, (m) => [minor(m[1]!), minor(m[2]!)]],
  [/\b(?:from|since)\s+(3\.\d+)/gi, (m) => [minor(m[1]!), LAST]],
  [/\b(3\.\d+)\+/g, (m) => [minor(m[1]!), LAST]],
  [/\b(?:up to|until|before)\s+(3\.\d+)/gi, (m) => [FIRST, minor(m[1]!) - (/before/i.test(m[0]) ? 1 : 0)]],
  [/\bin\s+(3\.\d+)\b(?!\+)/gi, (m) => [minor(m[1]!), minor(m[1]!)]],
];

/** Each opname of `text` with the versions (minor numbers) its sentence speaks of. */
function claims(text: string): { op: string; from: number; to: number }[] {
  const out: { op: string; from: number; to: number }[] = [];
  for (const sentence of text.split(/\.(?=\s|$)/)) {
    const quals: { at: number; range: [number, number] }[] = [];
    for (const [re, range] of QUALIFIERS) for (const m of sentence.matchAll(re)) quals.push({ at: m.index!, range: range(m as RegExpExecArray) });
    const ops = [...sentence.matchAll(OPNAME)];
    ops.forEach((m, k) => {
      const at = m.index!;
      const next = ops[k + 1]?.index ?? sentence.length;
      // The qualifier right after the opname (before the next one), else the nearest one before it.
      const after = quals.filter((q) => q.at > at && q.at < next).sort((a, b) => a.at - b.at)[0];
      const before = quals.filter((q) => q.at < at).sort((a, b) => b.at - a.at)[0];
      const [from, to] = (after ?? before)?.range ?? [FIRST, LAST];
      out.push({ op: m[0], from, to });
    });
  }
  return out;
}

function check(where: string, text: string, versions: readonly string[]): void {
  for (const c of claims(text)) {
    for (const v of versions.filter((x) => minor(x) >= c.from && minor(x) <= c.to)) {
      const names = getVersion(v)!.table.data.opname;
      assert.ok(names.includes(c.op), `${where}: ${c.op} is named for ${v} (3.${c.from}–3.${c.to}), but CPython ${v} has no such instruction:\n  ${text}`);
    }
  }
}

test('preset descriptions name each instruction only for versions that have it', () => {
  for (const id of PRESET_IDS) check(`preset ${id}`, PRESETS[id].description, PYTHON_VERSIONS);
});

test('hint explanations, in each version where the rule fires, name only instructions of that version', () => {
  for (const r of HINT_RULES) for (const v of r.versions) check(`hint ${r.id} ${v}`, r.explanation(getVersion(v)!), [v]);
});

test('the checker reads qualifiers', () => {
  assert.deepEqual(claims('3.12+ specializes the call (CALL_LIST_APPEND).'), [{ op: 'CALL_LIST_APPEND', from: 12, to: LAST }]);
  assert.deepEqual(claims('FORMAT_VALUE (up to 3.12) or FORMAT_SIMPLE (from 3.13) and BUILD_STRING').map((c) => [c.op, c.from, c.to]),
    [['FORMAT_VALUE', FIRST, 12], ['FORMAT_SIMPLE', 13, LAST], ['BUILD_STRING', 13, LAST]]);
  assert.throws(() => check('x', 'reads (LOAD_ATTR_PROPERTY at best)', PYTHON_VERSIONS), /3\.10/);
});
