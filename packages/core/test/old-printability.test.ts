/**
 * Which characters the `repr` of 3.0–3.5 escapes: each release's own Unicode database (read from its
 * Objects/unicodetype_db.h by gen:old-tables), not a newer interpreter's. Characters assigned by a later Unicode
 * version are unassigned (Cn), hence escaped, in the releases before it: a fact of the Unicode standard per character
 * below, and of which Unicode version each release carries (3.0–3.1: 5.1, 3.2: 6.0, 3.3: 6.1, 3.4: 6.3, 3.5: 8.0,
 * 3.6: 9.0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getVersion } from '../src/version/registry.js';
import { printableTableFromRanges } from '../src/text/repr.js';
import { disassembleToText } from '../src/text/dis-text.js';
import { makeCode } from '../testkit/index.js';

/** A character and the first Unicode version that assigns it. */
const FIRST_ASSIGNED: readonly [number, string, number][] = [
  [0x0526, 'CYRILLIC CAPITAL LETTER SHHA WITH DESCENDER', 6.0],
  [0x08a0, 'ARABIC LETTER BEH WITH SMALL V BELOW', 6.1],
  [0x20ba, 'TURKISH LIRA SIGN', 6.2],
  [0x20bd, 'RUBLE SIGN', 7.0],
  [0x20be, 'LARI SIGN', 8.0],
  [0x08b6, 'ARABIC LETTER BEH WITH SMALL MEEM ABOVE', 9.0],
];
const UNICODE: Record<string, number> = { '3.0': 5.1, '3.1': 5.1, '3.2': 6.0, '3.3': 6.1, '3.4': 6.3, '3.5': 8.0, '3.6': 9.0 };

test('3.0–3.6 escape exactly the characters their Unicode version does not assign yet', () => {
  for (const [version, unicode] of Object.entries(UNICODE)) {
    const t = printableTableFromRanges(getVersion(version)!.table.data.nonPrintable);
    for (const [cp, name, since] of FIRST_ASSIGNED) {
      assert.equal(t.isPrintable(cp), since <= unicode, `${version} (Unicode ${unicode}): U+${cp.toString(16)} ${name} (Unicode ${since})`);
    }
    assert.equal(t.isPrintable(0x41), true);
    assert.equal(t.isPrintable(0x2028), false, 'LINE SEPARATOR');
  }
});

test('a 3.1 listing escapes U+0526, 3.2 prints it', () => {
  const text = (version: string) => disassembleToText(makeCode(version, { consts: [{ type: 'str', value: '\u0526' }] }), getVersion(version)!);
  assert.match(text('3.1'), /\('\\u0526'\)/);
  assert.match(text('3.2'), /\('\u0526'\)/);
});
