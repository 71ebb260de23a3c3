/**
 * `bytescope explain OPNAME --live`: the entry's example run in the embedded CPython of that version, its dis
 * listing printed with the illustrated instruction's lines marked (▶), as text and as JSON (`example_listing`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers.js';


/** The listing lines after the "Live example:" header, and those the gutter marks. */
function liveSection(out: string): { header: string; lines: string[]; marked: string[] } {
  const at = out.indexOf('\nLive example: ');
  assert.ok(at >= 0, `no live example in:\n${out}`);
  const [header = '', ...lines] = out.slice(at + 1).replace(/\n$/, '').split('\n');
  return { header, lines, marked: lines.filter((l) => l.startsWith('  ▶ ')) };
}

/** True when `line` (of dis text) is an instruction line of `opname` (the whole name, not a longer one). */
function showsOpname(line: string, opname: string): boolean {
  return new RegExp(`(^|\\s)${opname}(\\s|$)`).test(line);
}

test('explain --live: LOAD_FAST in 3.14, compiled, its line marked', { timeout: 120_000 }, () => {
  const r = cli(['explain', '--python', '3.14', '--live', 'LOAD_FAST']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  assert.ok(r.out.startsWith('LOAD_FAST'), 'the entry comes first');
  const s = liveSection(r.out);
  assert.match(s.header, /^Live example: CPython 3\.14\.\d+ compiled the snippet/);
  assert.ok(s.marked.length >= 1, s.lines.join('\n'));
  for (const m of s.marked) assert.ok(showsOpname(m, 'LOAD_FAST'), `marked line without LOAD_FAST: ${m}`);
  // Unmarked lines never show the instruction, and the listing is this version's dis text (3.13+ labels).
  assert.ok(!s.lines.some((l) => !l.startsWith('  ▶ ') && showsOpname(l, 'LOAD_FAST')));
  assert.ok(s.lines.some((l) => /Disassembly of <code object f at 0x[0-9a-f]+, file "<example LOAD_FAST>", line 1>:/.test(l)));
});

test('explain --live --json: BINARY_OP_ADD_INT in 3.14 after the warm-up, in example_listing', { timeout: 120_000 }, () => {
  const r = cli(['explain', '--python', '3.14', '--live', '--json', 'BINARY_OP_ADD_INT']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as {
    opname: string; version: string; example: { warm: number; run: string };
    example_listing: { python: string; status: string; targets: string[]; how: string; text: string; marked_lines: number[]; note: string | null };
  };
  assert.equal(j.opname, 'BINARY_OP_ADD_INT');
  assert.equal(j.version, '3.14');
  const x = j.example_listing;
  assert.match(x.python, /^3\.14\.\d+$/);
  assert.equal(x.status, 'specialized');
  assert.deepEqual(x.targets, ['BINARY_OP_ADD_INT']);
  assert.match(x.how, new RegExp(`${j.example.warm} times.*adaptive=True`));
  const lines = x.text.replace(/\n$/, '').split('\n');
  assert.ok(x.marked_lines.length >= 1);
  for (const n of x.marked_lines) assert.ok(showsOpname(lines[n - 1]!, 'BINARY_OP_ADD_INT'), lines[n - 1]);
  // The adaptive listing: the base BINARY_OP (+) was rewritten, so it is gone.
  assert.ok(!lines.some((l) => showsOpname(l, 'BINARY_OP')), x.text);
  assert.equal(x.note, null);
  // Without --live the JSON has no listing.
  const plain = JSON.parse(cli(['explain', '--python', '3.14', '--json', 'BINARY_OP_ADD_INT']).out) as Record<string, unknown>;
  assert.equal('example_listing' in plain, false);
});

test('explain --live: BINARY_ADD in 3.10', { timeout: 120_000 }, () => {
  const r = cli(['explain', '--live', '--python', '3.10', 'BINARY_ADD']);
  assert.equal(r.code, 0, r.err);
  const s = liveSection(r.out);
  assert.match(s.header, /^Live example: CPython 3\.10\.\d+ compiled the snippet/);
  assert.equal(s.marked.length, 1, s.lines.join('\n'));
  // 3.10's dis text: offsets before the opname.
  assert.match(s.marked[0]!, /^ {2}▶ +\d+ BINARY_ADD$/);
});

test('explain --live: an unproducible instruction prints its reason; usage and input errors keep their codes', { timeout: 60_000 }, () => {
  const u = cli(['explain', '--live', 'ENTER_EXECUTOR']);
  assert.equal(u.code, 0, u.err);
  assert.match(liveSection(u.out).header, /^Live example: none\. .{30,}/);
  const uj = JSON.parse(cli(['explain', '--live', '--json', 'ENTER_EXECUTOR']).out) as { example_listing: unknown };
  assert.equal(uj.example_listing, null);

  const noName = cli(['explain', '--live']);
  assert.equal(noName.code, 2);
  assert.match(noName.err, /^bytescope: explain needs one OPNAME/);
  const badVersion = cli(['explain', '--live', '--python', '3.9', 'LOAD_FAST']);
  assert.equal(badVersion.code, 2);
  const missing = cli(['explain', '--live', '--python', '3.12', 'BINARY_ADD']);
  assert.equal(missing.code, 1);
  assert.equal(missing.err.trimEnd().split('\n').length, 1);
  assert.match(cli(['explain', '--help']).out, /--live/);
});
