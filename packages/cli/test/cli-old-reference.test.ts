/** `bytescope explain` and `bytescope versions` for 2.7 and 3.0–3.9, against the core's reference. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, formatEntry, formatVersionDiff, versionDiff } from '@bytescope/core';
import { cli } from './helpers.js';

test('explain describes an instruction of 2.7 and 3.9, and names where a missing one went', () => {
  const r = cli(['explain', '--python', '2.7', 'PRINT_ITEM']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, formatEntry(explain('PRINT_ITEM', '2.7')!));
  const j = JSON.parse(cli(['explain', '--json', '--python', '3.9', 'JUMP_ABSOLUTE']).out);
  assert.equal(j.version, '3.9');
  assert.equal(j.opcode, explain('JUMP_ABSOLUTE', '3.9')!.opcode);
  const gone = cli(['explain', '--python', '3.9', 'SETUP_LOOP']);
  assert.equal(gone.code, 1);
  assert.match(gone.err, /^bytescope: SETUP_LOOP is not an instruction of CPython 3\.9; it exists in 2\.7.*3\.7; replaced by JUMP_ABSOLUTE in 3\.8/);
  const live = cli(['explain', '--live', '--python', '2.7', 'PRINT_ITEM']);
  assert.equal(live.code, 2);
  assert.match(live.err, /--live .* none for 2\.7/);
  assert.equal(cli(['explain', '--python', '2.6', 'NOP']).code, 2);
});

test('versions compares across the eras: 2.7 3.14 and 3.9 3.10', () => {
  for (const [a, b] of [['2.7', '3.14'], ['3.9', '3.10']] as const) {
    const r = cli(['versions', a, b]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, formatVersionDiff(versionDiff(a, b)));
  }
  assert.match(cli(['versions', '2.7', '3.14']).out, /PRINT_ITEM \(71, real\) — replaced by CALL_FUNCTION/);
});
