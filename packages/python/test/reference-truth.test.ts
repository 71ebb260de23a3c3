/**
 * The reference's sentences against real CPython 3.11–3.15 (issue 14): RESUME quickens nothing where code is
 * quickened when it is created (3.12+); the argument notation a note quotes is what that version's `dis` prints;
 * an instrumented example switches on only events that version's sys.monitoring has; INSTRUMENTED_LINE's argument
 * is described as the number its listing shows. One child process per version.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '@bytescope/core';
import { PYTHON_VERSIONS } from '../src/runtime.js';
import { runPythonInChild } from '../src/child.js';
import { runReferenceExamples } from '../src/reference-check.js';
import { exampleInput, liveExampleFrom } from '../src/reference-example.js';

const FACTS = `
import dis, json, sys
def f(a, b):
    return a + b
c = f.__code__
json.dumps({
    'quickened_at_creation': c._co_code_adaptive != c.co_code,
    'events': sorted(n for n in dir(sys.monitoring.events) if n.isupper()) if hasattr(sys, 'monitoring') else [],
})
`;

/** `BYTESCOPE_LAB_VERSIONS=3.12,3.14` limits the run to some versions (all by default). */
const only = process.env.BYTESCOPE_LAB_VERSIONS?.split(',');

for (const version of PYTHON_VERSIONS.filter((v) => v !== '3.10' && (!only || only.includes(v)))) {
  test(`the reference's claims hold in CPython ${version}`, { timeout: 120_000 }, async () => {
    const facts = JSON.parse(await runPythonInChild(version, FACTS)) as { quickened_at_creation: boolean; events: string[] };
    const resume = explain('RESUME', version)!.description;
    if (facts.quickened_at_creation) {
      assert.doesNotMatch(resume, /quickens the code|towards quickening/, `${version}: code is quickened at creation, yet: ${resume}`);
      assert.match(resume, /quickened when it is created/);
    } else {
      assert.match(resume, /quicken/, `${version}: RESUME counts towards quickening: ${resume}`);
    }

    const names = ['LOAD_METHOD', 'INSTRUMENTED_LINE', 'INSTRUMENTED_FOR_ITER', 'INSTRUMENTED_POP_JUMP_IF_TRUE'];
    const entries = names.map((n) => explain(n, version)).filter((e) => e !== null && e.example.status !== 'unproducible');
    const out = await runReferenceExamples(version, entries.map((e) => exampleInput(e!.opname, e!.example, true)));
    for (const e of entries) {
      const x = e!.example;
      // Only events this version has.
      for (const ev of x.monitor) assert.ok(facts.events.includes(ev), `${version} ${e!.opname}: sys.monitoring has no ${ev} event`);
      const live = liveExampleFrom(out, e!.opname, x);
      assert.equal(live.error, null, `${version} ${e!.opname}`);
      // A note that quotes dis notation quotes what this version's dis prints.
      for (const m of (x.note ?? '').matchAll(/`([^`]*NULL[^`]*)`/g)) assert.ok(live.listing!.includes(`(${m[1]})`), `${version} ${e!.opname}: "${m[1]}" not in\n${live.listing}`);
      if (e!.opname === 'INSTRUMENTED_LINE') {
        const line = live.lines.find((l) => l.marked)!;
        const shown = /INSTRUMENTED_LINE\s+(\d+)/.exec(line.text);
        assert.ok(shown, line.text);
        assert.doesNotMatch(e!.argument.meaning, /^None/, `${version}: dis shows ${shown[1]} but the reference says: ${e!.argument.meaning}`);
      }
    }
  });
}
