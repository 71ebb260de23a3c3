/**
 * The reference says nothing untrue (issue 14): summaries are whole first sentences (`e.g.` ends none), a version
 * diff lists a stack-effect change only when some argument the instruction takes changes effect, and the one-line
 * history dates every fact. The stack effects are those of each version's `dis.stack_effect` (generated tables).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getVersion } from '../src/version/registry.js';
import { REFERENCE_VERSIONS, historyBrief, versionDiff } from '../src/reference/history.js';
import { allEntries, explain, referenceIndex, summaryOf } from '../src/reference/reference.js';
import { ARGUMENT_VALUES, evalStackEffect } from '../src/reference/stack.js';

test('a summary is the whole first sentence: abbreviations and code spans end none', () => {
  assert.equal(summaryOf('Pushes a value, e.g. `x.y`. Then more.'), 'Pushes a value, e.g. `x.y`.');
  assert.equal(summaryOf('Swaps, i.e. rotates two items. More.'), 'Swaps, i.e. rotates two items.');
  for (const v of REFERENCE_VERSIONS) {
    for (const row of referenceIndex(v)) {
      assert.doesNotMatch(row.summary, /\b(?:e\.g|i\.e|etc|cf|vs)\.$/, `${v} ${row.opname}: ${row.summary}`);
      assert.ok(explain(row.opname, v)!.description.startsWith(row.summary), `${v} ${row.opname}`);
    }
  }
});

test('a version diff lists a stack-effect change only when an argument the instruction takes changes effect', () => {
  for (let k = 1; k < REFERENCE_VERSIONS.length; k++) {
    const from = REFERENCE_VERSIONS[k - 1]!;
    const to = REFERENCE_VERSIONS[k]!;
    const a = getVersion(from)!.table.data.stackEffects;
    const b = getVersion(to)!.table.data.stackEffects;
    for (const c of versionDiff(from, to).stack_effect_changed) {
      const x = a[c.opname]!;
      const y = b[c.opname]!;
      const args = ARGUMENT_VALUES[c.opname] ?? Array.from({ length: 512 }, (_, i) => i);
      const differs = args.some((arg) => evalStackEffect(x.noJump, arg) !== evalStackEffect(y.noJump, arg) || evalStackEffect(x.jump, arg) !== evalStackEffect(y.jump, arg));
      assert.ok(differs, `${from} → ${to}: ${c.opname} listed as changed (${c.from} → ${c.to}) but has the same effect for every argument it takes`);
    }
  }
  // BUILD_SLICE takes 2 or 3: 3.13's table per low byte and 3.14's 1 - oparg agree there.
  assert.ok(!versionDiff('3.13', '3.14').stack_effect_changed.some((c) => c.opname === 'BUILD_SLICE'));
});

test('the one-line history dates every fact it gives', () => {
  for (const v of REFERENCE_VERSIONS) {
    for (const e of allEntries(v)) {
      const h = e.history;
      const brief = historyBrief(h);
      for (const r of h.replaces) assert.match(brief, new RegExp(`${r.opname.replace(/[+]/g, '\\+')}\\b[^;.]* in ${r.version.replace('.', '\\.')}|and \\d+ more in ${r.version.replace('.', '\\.')}`), `${v} ${e.opname}: ${brief}`);
      if (h.removed) assert.match(brief, new RegExp(`gone from ${h.removed.replace('.', '\\.')}`), `${v} ${e.opname}`);
      // No "replaced by" without the version it happened in.
      for (const m of brief.matchAll(/replaced by/g)) assert.match(brief.slice(0, m.index), /(gone from|From) 3\.\d+,?\s*$/, `${v} ${e.opname}: ${brief}`);
    }
  }
  assert.equal(historyBrief(explain('BINARY_ADD', '3.10')!.history), 'BINARY_ADD is an ordinary instruction in 2.7–3.10. It is gone from 3.11, replaced by BINARY_OP.');
});
