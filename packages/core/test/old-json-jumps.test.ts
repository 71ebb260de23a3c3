/**
 * The JSON model knows where an absolute jump of 2.7 and 3.0–3.9 goes, although `dis` shows such a jump without
 * `(to N)` (argrepr empty, argval the offset): `jump_target` is the decoded target, as for every other jump; the
 * explorer links the row to it. Checked on code built for 2.7 (three-byte instructions), 3.5 and 3.9 (wordcode).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJsonModel } from '../src/json/model.js';
import { decodeCode } from '../src/bytecode/decode.js';
import { getVersion } from '../src/version/registry.js';
import { makeCode } from '../testkit/index.js';

for (const version of ['2.7', '3.5', '3.9']) {
  test(`${version}: jump_target of JUMP_ABSOLUTE and POP_JUMP_IF_FALSE in the JSON model`, () => {
    const v = getVersion(version)!;
    const size = v.features.wordcode ? 2 : 3; // of an instruction with an argument
    // 0 LOAD_CONST 0; POP_JUMP_IF_FALSE →exit; JUMP_ABSOLUTE 0; exit: LOAD_CONST 0; RETURN_VALUE
    const exit = 3 * size;
    const code = makeCode(version, { ops: [['LOAD_CONST', 0], ['POP_JUMP_IF_FALSE', exit], ['JUMP_ABSOLUTE', 0], ['LOAD_CONST', 0], ['RETURN_VALUE', 0]] });
    const decoded = decodeCode(code, v).instructions;
    const doc = toJsonModel({ code, version });
    const rows = doc.code_objects[0]!.instructions;
    assert.deepEqual(rows.map((r) => r.opname), decoded.map((i) => i.opname));
    const ja = rows.find((r) => r.opname === 'JUMP_ABSOLUTE')!;
    assert.equal(ja.argrepr, '', `${version} dis shows no (to N) for an absolute jump`);
    assert.equal(ja.jump_target, 0);
    assert.equal(ja.argval, 0);
    const pj = rows.find((r) => r.opname === 'POP_JUMP_IF_FALSE')!;
    assert.equal(pj.jump_target, exit);
    assert.equal(rows.find((r) => r.offset === exit)!.is_jump_target, true);
    assert.equal(rows.find((r) => r.opname === 'RETURN_VALUE')!.jump_target, null);
  });
}
