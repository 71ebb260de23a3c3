/**
 * The instruction reference (src/reference): an entry for every opname of every generated version table, with
 * every field filled with specific text; stack signatures that agree with the generated stack effects; history
 * and version diffs that agree with the tables; curated replacement links that the tables confirm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIS_VERSIONS as ALL_DIS_VERSIONS, getVersion } from '../src/version/registry.js';
import { REFERENCE_VERSIONS as DIS_VERSIONS } from '../src/reference/history.js';
import {
  allEntries, allOpnames, explain, formatEntry, formatVersionDiff, opnameVersions, referenceIndex, searchReference,
  versionDiff, referenceTimeline, stackEffectAt, describeMissing, REPLACEMENTS, argumentValues, evalStackEffect, parseSignature, signatureNet, OP_DOCS, SPECIALIZED_DOCS,
  INSTRUMENTED_DOCS, EXAMPLES, type ReferenceEntry,
} from '../src/reference/index.js';

/** Every opname a version's table defines: real 0–255 without `<n>` holes (specialized and instrumented included), pseudo. */
function tableOpnames(version: string): Map<string, number> {
  const d = getVersion(version)!.table.data;
  const out = new Map<string, number>();
  d.opname.forEach((n, i) => { if (!n.startsWith('<')) out.set(n, i); });
  for (const [n, i] of Object.entries(d.pseudo)) out.set(n, i);
  return out;
}

const PLACEHOLDER = /\b(TODO|TBD|FIXME|XXX|lorem|placeholder)\b|\?\?\?/i;

test('every opname of every version table has an entry, and nothing else has one', () => {
  // Every version the registry disassembles, from its tables (not a typed list): 2.7 and 3.0 to the newest.
  assert.deepEqual(DIS_VERSIONS, ALL_DIS_VERSIONS);
  assert.ok(DIS_VERSIONS.includes('2.7') && DIS_VERSIONS.includes('3.0') && DIS_VERSIONS.includes('3.9'));
  for (const v of DIS_VERSIONS) {
    const names = tableOpnames(v);
    assert.deepEqual(new Set(allOpnames(v)), new Set(names.keys()), v);
    for (const [n, op] of names) {
      const e = explain(n, v);
      assert.ok(e, `${v} ${n}: no entry`);
      assert.equal(e.opcode, op, `${v} ${n}: opcode`);
      assert.equal(e.opname, n);
      assert.equal(e.version, v);
    }
    assert.equal(explain('NO_SUCH_OP', v), null);
  }
  assert.equal(explain('load_fast', '3.12')!.opname, 'LOAD_FAST', 'names are case-insensitive');
  assert.equal(explain('BINARY_ADD', '3.11'), null, 'BINARY_ADD is not in 3.11');
  assert.throws(() => explain('NOP', '2.6'), /unsupported version/);
  assert.equal(explain('PRINT_ITEM', '2.7')!.opcode, 71);
  assert.equal(explain('PRINT_ITEM', '3.0'), null);
});

test('every field of every entry is filled, without placeholders', () => {
  for (const v of DIS_VERSIONS) {
    const d = getVersion(v)!.table.data;
    assert.equal(allEntries(v).length, tableOpnames(v).size, `${v}: entries`);
    for (const e of allEntries(v)) {
      const where = `${v} ${e.opname}`;
      assert.ok(e.description.length >= 40, `${where}: description too short: ${JSON.stringify(e.description)}`);
      assert.doesNotMatch(e.description, PLACEHOLDER, where);
      assert.ok(!/undefined|null|\[object/.test(e.description), `${where}: ${e.description}`);
      assert.equal(e.full_version, d.fullVersion);
      assert.ok(['real', 'specialized', 'instrumented', 'pseudo'].includes(e.kind), where);
      // Stack effect: a generated model, and a signature or an explanation.
      if (e.stack_effect.model === null) {
        assert.ok(e.stack_effect.note && e.stack_effect.note.length > 30, `${where}: no stack effect and no note`);
      } else {
        assert.ok(e.stack_effect.net, `${where}: no net effect`);
        assert.ok(e.stack_effect.signature !== null || (e.stack_effect.note ?? '').length > 30,
          `${where}: neither a stack signature nor a note`);
      }
      // Argument.
      assert.ok(e.argument.meaning.length >= 10, `${where}: argument meaning ${JSON.stringify(e.argument.meaning)}`);
      assert.doesNotMatch(e.argument.meaning, PLACEHOLDER, where);
      if (e.argument.has_arg) {
        assert.ok(!e.argument.meaning.startsWith('None'), `${where}: has an argument but says none`);
        assert.ok(e.argument.dis.length > 10, `${where}: dis rule`);
      }
      // Caches: the base's, from the tables.
      const cacheOf = e.kind === 'specialized' ? e.base! : e.opname;
      assert.equal(e.caches.units, d.cacheEntries[cacheOf] ?? 0, `${where}: cache units`);
      assert.equal(e.caches.fields.reduce((s, f) => s + f.size, 0), e.caches.units, `${where}: cache fields add up`);
      // Base and family, from the deopt map.
      if (e.kind === 'specialized') {
        assert.equal(e.base, d.opname[d.deopt[e.opcode]!], `${where}: base`);
        assert.ok(explain(e.base!, v)!.family.includes(e.opname), `${where}: not in its base's family`);
      } else if (e.kind === 'instrumented' && e.base) {
        assert.equal(e.opname, `INSTRUMENTED_${e.base}`);
      } else {
        assert.equal(e.base, null, where);
      }
      const family = Object.entries(d.deopt).filter(([, b]) => b === e.opcode && e.kind !== 'pseudo').map(([op]) => d.opname[Number(op)]);
      assert.deepEqual(new Set(e.family), new Set(e.kind === 'specialized' ? [] : family), `${where}: family`);
      // Example.
      if (e.example.status === 'unproducible') assert.ok((e.example.note ?? '').length > 30, `${where}: unproducible without a reason`);
      else {
        assert.ok(e.example.code && e.example.code.trim().length > 0, `${where}: empty example`);
        assert.ok(e.example.how.includes(e.opname), `${where}: example explanation does not name the instruction`);
      }
      if (e.kind === 'pseudo') assert.ok(e.example.status === 'pseudo' && e.example.becomes.length > 0, `${where}: pseudo example`);
      if (e.example.status === 'specialized') assert.ok(e.example.warm > 0, where);
      if (e.example.status === 'instrumented') assert.ok(e.example.monitor.length > 0, where);
      // History.
      assert.ok(e.history.versions.includes(v), `${where}: history lacks its own version`);
      assert.equal(e.history.numbers[v], e.opcode, `${where}: history number`);
      assert.ok(e.history.summary.length > 30, where);
      // JSON.
      assert.deepEqual(JSON.parse(JSON.stringify(e)), e, `${where}: not JSON round-trippable`);
      assert.ok(formatEntry(e).includes(e.opname));
    }
  }
});

test('descriptions are specific: distinct per version, and each mentions something of its own instruction', () => {
  const all = new Set<string>();
  let total = 0;
  for (const v of DIS_VERSIONS) {
    const entries = allEntries(v);
    const byText = new Map<string, string[]>();
    for (const e of entries) {
      byText.set(e.description, [...(byText.get(e.description) ?? []), e.opname]);
      all.add(e.description);
      total++;
    }
    const shared = [...byText.values()].filter((names) => names.length > 1);
    assert.deepEqual(shared, [], `${v}: descriptions shared by several instructions`);
    for (const e of entries) assert.ok(mentionsOwnInstruction(e), `${v} ${e.opname}: description mentions nothing characteristic: ${e.description}`);
  }
  // Across versions an instruction may keep its text; still far more distinct texts than opnames of one version.
  assert.ok(all.size >= 380, `only ${all.size} distinct descriptions over ${total} entries`);
});

/** Words that stand for an opname token when the description does not use the token itself. */
const SYNONYMS: Record<string, RegExp> = {
  NOP: /nothing/i, ROT: /rotat|lifts|moves the top/i, DUP: /duplicat|second reference/i, LSHIFT: /shift/i,
  RSHIFT: /shift/i, POW: /power/i, SUBSCR: /subscri|\[/i, GEN: /generator/i, AITER: /asynchronous iterator/i,
  ANEXT: /anext/i, EG: /exception group/i, EXC: /exception/i, EX: /\*args|unpacked/i, KW: /keyword/i,
  NULL: /null/i, INIT: /__init__/i, CLASSDEREF: /class/i, DEREF: /cell/i, FAST: /local/i, INTRINSIC: /intrinsic/i,
  SUPER: /super/i, STR: /str/i, USTR: /str/i, TUPLE: /tuple/i, ATTR: /attribute/i, NAME: /name/i, MAP: /dict/i,
  TAKEN: /fall-through/i, PRECALL: /call/i, RERAISE: /re-?rais/i, FINALLY: /`try`/i, SWAP: /exchang/i,
};

function mentionsOwnInstruction(e: ReferenceEntry): boolean {
  const text = e.description;
  if (e.base && text.includes(e.base)) return true;
  for (const tok of e.opname.split('_').filter(Boolean)) {
    const syn = SYNONYMS[tok];
    if (syn?.test(text)) return true;
    const stem = tok.slice(0, Math.min(5, tok.length));
    if (tok.length >= 2 && new RegExp(`\\b${stem}`, 'i').test(text)) return true;
  }
  return false;
}

const SAMPLE_ARGS = [0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 255, 256, 257, 511, 513, 1000, 65535];

test('stack signatures agree with the generated stack effects, for many arguments', () => {
  let checked = 0;
  for (const v of DIS_VERSIONS) {
    const d = getVersion(v)!.table.data;
    for (const e of allEntries(v)) {
      const where = `${v} ${e.opname}`;
      const s = e.stack_effect;
      const own = d.stackEffects[s.of];
      // The entry's models are the table's (the base's for specialized forms).
      assert.deepEqual(s.model, own?.noJump ?? null, `${where}: model differs from the table (${s.of})`);
      assert.deepEqual(s.jump_model, own?.jump ?? null, `${where}: jump model differs from the table`);
      if (e.kind === 'specialized') assert.equal(s.of, e.base, where);
      if (s.signature === null || s.model === null) continue;
      const sig = parseSignature(s.signature);
      const jumpSig = s.signature_jump ? parseSignature(s.signature_jump) : sig;
      const args = e.argument.has_arg ? SAMPLE_ARGS : [0];
      for (const a of args) {
        assert.equal(signatureNet(sig, a), evalStackEffect(s.model, a), `${where}: '${s.signature}' with oparg ${a}`);
        assert.equal(signatureNet(jumpSig, a), evalStackEffect(s.jump_model!, a),
          `${where}: jump '${s.signature_jump ?? s.signature}' with oparg ${a}`);
      }
      checked++;
    }
  }
  assert.ok(checked > 1000, `only ${checked} signatures checked`);
});

test('the signature check can fail', () => {
  assert.equal(signatureNet(parseSignature('callable self_or_null args[oparg] -- res'), 3), -4);
  assert.notEqual(signatureNet(parseSignature('a b -- c'), 0), evalStackEffect({ base: -1, perArg: -1 }, 0) - 1);
  assert.equal(evalStackEffect({ base: 0, perArg: 1, perHighArg: 1 }, 0x203), 5);
  assert.equal(signatureNet(parseSignature('seq -- before[oparg&0xFF] list after[oparg>>8]'), 0x203), 5);
  assert.throws(() => parseSignature('a b c'), /--/);
  assert.throws(() => parseSignature('a[oparg+] -- b'), /bad count/);
});

test('hand-written docs cover exactly the instructions of the tables', () => {
  const kinds = new Map<string, Set<string>>();
  for (const v of DIS_VERSIONS) for (const e of allEntries(v)) {
    if (!kinds.has(e.opname)) kinds.set(e.opname, new Set());
    kinds.get(e.opname)!.add(e.kind);
  }
  const base = [...kinds].filter(([, k]) => k.has('real') || k.has('pseudo')).map(([n]) => n).filter((n) => !n.startsWith('INSTRUMENTED_'));
  const spec = [...kinds].filter(([, k]) => k.has('specialized')).map(([n]) => n);
  const instr = [...kinds].filter(([, k]) => k.has('instrumented')).map(([n]) => n);
  assert.deepEqual(new Set(Object.keys(OP_DOCS)), new Set(base), 'OP_DOCS');
  assert.deepEqual(new Set(Object.keys(SPECIALIZED_DOCS)), new Set(spec), 'SPECIALIZED_DOCS');
  assert.deepEqual(new Set(Object.keys(INSTRUMENTED_DOCS)), new Set(instr), 'INSTRUMENTED_DOCS');
  assert.deepEqual(new Set(Object.keys(EXAMPLES)), new Set(kinds.keys()), 'EXAMPLES');
});

test('examples: every instruction has one; the unproducible list is short and says why', () => {
  const unproducible = new Map<string, string[]>();
  for (const v of DIS_VERSIONS) {
    const list: string[] = [];
    for (const e of allEntries(v)) {
      if (e.example.status === 'unproducible') {
        list.push(e.opname);
        assert.match(e.example.note!, /\w{4,}.*\w{4,}/, `${v} ${e.opname}: reason`);
      }
    }
    assert.ok(list.length <= 8, `${v}: ${list.length} unproducible: ${list.join(', ')}`);
    unproducible.set(v, list);
  }
  // The ones no source can produce, by design.
  for (const v of ['3.12', '3.13', '3.14', '3.15']) {
    assert.ok(unproducible.get(v)!.includes('INTERPRETER_EXIT'), v);
    assert.ok(unproducible.get(v)!.includes('RESERVED'), v);
  }
  assert.deepEqual(unproducible.get('3.10'), []);
});

test('history agrees with the tables', () => {
  const names = new Set<string>();
  for (const v of DIS_VERSIONS) for (const n of allOpnames(v)) names.add(n);
  for (const n of names) {
    const h = explain(n, opnameVersions(n)[0]!)!.history;
    const expected = DIS_VERSIONS.filter((v) => tableOpnames(v).has(n));
    assert.deepEqual(h.versions, expected, n);
    assert.equal(h.introduced, expected[0]);
    const last = DIS_VERSIONS.indexOf(expected[expected.length - 1]!);
    assert.equal(h.removed, last === DIS_VERSIONS.length - 1 ? null : DIS_VERSIONS[last + 1], n);
    for (const v of expected) assert.equal(h.numbers[v], tableOpnames(v).get(n), `${n} ${v}`);
    // One renumbering event per change of number between consecutive versions that both have it.
    let renumbered = 0;
    for (let i = 1; i < DIS_VERSIONS.length; i++) {
      const a = tableOpnames(DIS_VERSIONS[i - 1]!).get(n);
      const b = tableOpnames(DIS_VERSIONS[i]!).get(n);
      if (a !== undefined && b !== undefined && a !== b) renumbered++;
    }
    assert.equal(h.events.filter((e) => e.change === 'renumbered').length, renumbered, `${n}: renumberings`);
    assert.equal(h.events.filter((e) => e.change === 'removed').length,
      DIS_VERSIONS.slice(1).filter((v, i) => tableOpnames(DIS_VERSIONS[i]!).has(n) && !tableOpnames(v).has(n)).length, `${n}: removals`);
  }
  // Some facts the tables must show.
  const hist = (n: string) => explain(n, opnameVersions(n)[0]!)!.history;
  assert.ok(hist('LOAD_DEREF').events.some((e) => e.version === '3.14' && e.change === 'argument' && /free/.test(e.from!) && /local/.test(e.to!)));
  assert.ok(hist('GET_ITER').events.some((e) => e.version === '3.15' && e.change === 'argument'));
  assert.ok(hist('MAKE_FUNCTION').events.some((e) => e.version === '3.13' && e.to === 'no argument'));
  assert.ok(hist('BINARY_OP').events.some((e) => e.version === '3.14' && e.change === 'cache' && /5 cache units/.test(e.to!)));
  assert.ok(hist('LOAD_METHOD').events.some((e) => e.version === '3.12' && e.change === 'kind' && e.to === 'pseudo'));
  assert.ok(hist('LOAD_CLOSURE').events.some((e) => e.version === '3.13' && e.change === 'kind' && e.to === 'pseudo'));
  assert.equal(hist('RETURN_CONST').introduced, '3.12');
  assert.equal(hist('RETURN_CONST').removed, '3.14');
  assert.equal(hist('PRECALL').introduced, '3.11');
  assert.equal(hist('PRECALL').removed, '3.12');
});

test('every replacement link names an instruction of the later version, and the replaced one is gone from it', () => {
  assert.ok(REPLACEMENTS.length >= 60, `${REPLACEMENTS.length} replacement links`);
  for (const r of REPLACEMENTS) {
    const at = DIS_VERSIONS.indexOf(r.version);
    assert.ok(at > 0, `${r.old}: ${r.version} is not a later supported version`);
    const before = explain(r.old, DIS_VERSIONS[at - 1]!);
    assert.ok(before, `${r.old} is not in ${DIS_VERSIONS[at - 1]}, the version before ${r.version}`);
    // Gone from the later version, or demoted from bytecode to a pseudo-instruction there.
    const after = explain(r.old, r.version);
    assert.ok(!after || (after.kind === 'pseudo' && before.kind !== 'pseudo'), `${r.old} is still in ${r.version}`);
    for (const b of r.by) {
      const e = explain(b, r.version);
      assert.ok(e && e.kind !== 'pseudo', `${r.old} → ${b}: ${b} is not an instruction of ${r.version}`);
    }
    if (r.arg !== undefined) {
      const values = argumentValues(r.by[0]!, getVersion(r.version)!.table.data);
      assert.ok(values?.includes(r.arg), `${r.old} → ${r.by[0]} ${r.arg}: not an argument value in ${r.version}`);
    }
  }
  // The well-known ones.
  const links = (n: string) => explain(n, opnameVersions(n)[0]!)!.history.replaced_by.map((r) => `${r.version} ${r.by.join('+')}${r.arg ? ` ${r.arg}` : ''}`);
  assert.deepEqual(links('BINARY_ADD'), ['3.11 BINARY_OP +']);
  assert.deepEqual(links('INPLACE_ADD'), ['3.11 BINARY_OP +=']);
  assert.deepEqual(links('CALL_FUNCTION'), ['3.11 PRECALL+CALL']);
  assert.deepEqual(links('PRECALL'), ['3.12 CALL']);
  assert.deepEqual(links('LOAD_METHOD'), ['3.12 LOAD_ATTR']);
  assert.deepEqual(links('JUMP_ABSOLUTE'), ['3.11 JUMP_BACKWARD+JUMP_FORWARD']);
  assert.deepEqual(links('RETURN_CONST'), ['3.14 LOAD_CONST+RETURN_VALUE']);
  assert.deepEqual(links('LOAD_ASSERTION_ERROR'), ['3.14 LOAD_COMMON_CONSTANT AssertionError']);
  assert.deepEqual(links('BINARY_SUBSCR'), ['3.14 BINARY_OP []']);
  assert.deepEqual(links('KW_NAMES'), ['3.13 CALL_KW']);
  assert.ok(explain('BINARY_OP', '3.11')!.history.replaces.length >= 26);
  assert.match(explain('BINARY_ADD', '3.10')!.history.summary, /BINARY_OP 0 \(\+\)/);
});

test('the few instructions that vanish without a curated successor are known', () => {
  const names = new Set<string>();
  for (const v of DIS_VERSIONS) for (const n of allOpnames(v)) names.add(n);
  const unlinked = [...names].filter((n) => {
    const h = explain(n, opnameVersions(n)[0]!)!.history;
    return h.removed !== null && h.replaced_by.length === 0;
  }).sort();
  // 3.11-3.12 superinstructions with no 3.13 counterpart, and a 3.11 method-load specialization without a 3.12 twin.
  // Opcode 0 of 2.7–3.2, never emitted; 3.0–3.3's STORE_LOCALS, whose job (installing a class body's namespace)
  // moved into __build_class__ itself.
  assert.deepEqual(unlinked, ['LOAD_CONST__LOAD_FAST', 'LOAD_FAST__LOAD_CONST', 'LOAD_METHOD_WITH_DICT', 'STOP_CODE', 'STORE_LOCALS']);
});

test('versionDiff agrees with the tables, both ways', () => {
  for (let i = 0; i < DIS_VERSIONS.length; i++) {
    for (let j = 0; j < DIS_VERSIONS.length; j++) {
      if (i === j) continue;
      const a = DIS_VERSIONS[i]!;
      const b = DIS_VERSIONS[j]!;
      const ta = tableOpnames(a);
      const tb = tableOpnames(b);
      const d = versionDiff(a, b);
      assert.deepEqual(new Set(d.added.map((x) => x.opname)), new Set([...tb.keys()].filter((n) => !ta.has(n))), `${a}→${b} added`);
      assert.deepEqual(new Set(d.removed.map((x) => x.opname)), new Set([...ta.keys()].filter((n) => !tb.has(n))), `${a}→${b} removed`);
      assert.deepEqual(new Set(d.renumbered.map((x) => x.opname)),
        new Set([...ta].filter(([n, op]) => tb.has(n) && tb.get(n) !== op).map(([n]) => n)), `${a}→${b} renumbered`);
      const back = versionDiff(b, a);
      assert.deepEqual(new Set(back.removed.map((x) => x.opname)), new Set(d.added.map((x) => x.opname)));
      assert.equal(d.summary.added, d.added.length);
      assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
    }
  }
  const d = versionDiff('3.10', '3.11');
  assert.deepEqual(d.removed.find((x) => x.opname === 'BINARY_ADD')!.replaced_by, ['BINARY_OP']);
  assert.ok(d.added.some((x) => x.opname === 'CACHE'));
  const d13 = versionDiff('3.12', '3.13');
  assert.ok(d13.argument_changed.some((x) => x.opname === 'MAKE_FUNCTION'));
  assert.ok(d13.renumbered.length > 100, 'everything was renumbered in 3.13');
  assert.ok(versionDiff('3.13', '3.14').cache_changed.some((x) => x.opname === 'BINARY_OP'));
  assert.ok(versionDiff('3.14', '3.15').stack_effect_changed.some((x) => x.opname === 'GET_ITER'));
  assert.ok(formatVersionDiff(d).includes('BINARY_ADD'));
  const timeline = referenceTimeline();
  assert.deepEqual(timeline.map((t) => `${t.from}-${t.to}`), DIS_VERSIONS.slice(1).map((v, i) => `${DIS_VERSIONS[i]}-${v}`));
  assert.deepEqual(timeline[DIS_VERSIONS.indexOf('3.11') - 1]!.summary, d.summary);
});

test('argument rules per version', () => {
  assert.match(explain('LOAD_GLOBAL', '3.10')!.argument.meaning, /Index into co_names/);
  assert.match(explain('LOAD_GLOBAL', '3.11')!.argument.dis, /NULL \+ len/);
  assert.match(explain('LOAD_GLOBAL', '3.13')!.argument.dis, /len \+ NULL/);
  assert.match(explain('COMPARE_OP', '3.12')!.argument.meaning, /four/);
  assert.match(explain('COMPARE_OP', '3.13')!.argument.dis, /bool\(/);
  assert.match(explain('JUMP_FORWARD', '3.12')!.argument.dis, /to 24/);
  assert.match(explain('JUMP_FORWARD', '3.13')!.argument.dis, /to L2/);
  assert.match(explain('JUMP_BACKWARD', '3.12')!.argument.meaning, /backward.*caches/);
  assert.match(explain('JUMP_ABSOLUTE', '3.10')!.argument.meaning, /Absolute/);
  assert.match(explain('END_ASYNC_FOR', '3.14')!.argument.dis, /from L/);
  assert.match(explain('KW_NAMES', '3.11')!.argument.dis, /Only the number/);
  assert.match(explain('BINARY_OP', '3.14')!.argument.meaning, /26 \[\]/);
  assert.match(explain('LOAD_COMMON_CONSTANT', '3.15')!.argument.meaning, /AssertionError.*None/);
  assert.match(explain('IMPORT_NAME', '3.15')!.argument.dis, /lazy/);
  assert.equal(explain('MAKE_FUNCTION', '3.13')!.argument.has_arg, false);
  assert.equal(explain('GET_ITER', '3.15')!.argument.has_arg, true);
  assert.equal(explain('BINARY_ADD', '3.10')!.argument.has_arg, false);
  // Specialized forms take their base's argument rule.
  assert.equal(explain('LOAD_GLOBAL_BUILTIN', '3.13')!.argument.dis, explain('LOAD_GLOBAL', '3.13')!.argument.dis);
});

test('stack effect for a concrete argument, and messages for missing names', () => {
  assert.deepEqual(stackEffectAt(explain('CALL', '3.13')!, 2), { net: -3, net_jump: -3, pops: 4, pushes: 1 });
  assert.deepEqual(stackEffectAt(explain('LOAD_GLOBAL', '3.12')!, 3), { net: 2, net_jump: 2, pops: 0, pushes: 2 });
  assert.deepEqual(stackEffectAt(explain('FOR_ITER', '3.10')!, 4), { net: 1, net_jump: -1, pops: 1, pushes: 2 });
  assert.deepEqual(stackEffectAt(explain('CACHE', '3.12')!, null), { net: null, net_jump: null, pops: null, pushes: null });
  assert.match(describeMissing('LOAD_METHOD', '3.14'), /3\.10, 3\.11, 3\.12, 3\.13.*LOAD_ATTR/);
  assert.match(describeMissing('BINARY_ADD', '3.12'), /BINARY_OP 0 \(\+\)/);
  assert.match(describeMissing('LOAD_FOO', '3.12'), /not an instruction of any supported CPython .*; similar: LOAD_/);
});

test('search finds instructions by name, words and relations', () => {
  assert.equal(searchReference('LOAD_GLOBAL')[0]!.opname, 'LOAD_GLOBAL');
  assert.equal(searchReference('load_glob')[0]!.opname.startsWith('LOAD_GLOBAL'), true);
  const assertHits = searchReference('assert').map((h) => h.opname);
  assert.ok(assertHits.includes('LOAD_ASSERTION_ERROR') && assertHits.includes('LOAD_COMMON_CONSTANT'), assertHits.join(' '));
  const inV10 = searchReference('call', { version: '3.10' });
  assert.ok(inV10.every((h) => h.version === '3.10'));
  assert.ok(inV10.some((h) => h.opname === 'CALL_FUNCTION'));
  assert.ok(searchReference('super method', { kinds: ['specialized'] }).some((h) => h.opname === 'LOAD_SUPER_ATTR_METHOD'));
  assert.deepEqual(searchReference('zzzz-no-such-thing'), []);
  const idx = referenceIndex('3.14');
  assert.equal(idx.length, allOpnames('3.14').length);
  assert.ok(idx.every((r) => r.summary.length > 10 && r.summary.length <= explain(r.opname, '3.14')!.description.length));
});

test('2.7 and 3.0–3.9: their instructions on the one timeline, as the tables give it', () => {
  const hist = (n: string) => explain(n, opnameVersions(n)[0]!)!.history;
  const has = (n: string) => DIS_VERSIONS.filter((v) => tableOpnames(v).has(n));
  // PRINT_ITEM is in 2.7 alone; SETUP_LOOP up to 3.7; JUMP_ABSOLUTE from 2.7 to 3.10.
  assert.deepEqual(hist('PRINT_ITEM').versions, has('PRINT_ITEM'));
  assert.equal(hist('PRINT_ITEM').introduced, '2.7');
  assert.equal(hist('PRINT_ITEM').removed, '3.0');
  assert.match(hist('PRINT_ITEM').summary, /already in 2\.7.*gone from 3\.0: replaced by CALL_FUNCTION/);
  assert.equal(hist('SETUP_LOOP').removed, '3.8');
  assert.deepEqual(hist('SETUP_LOOP').replaced_by.map((r) => `${r.version} ${r.by.join('+')}`), ['3.8 JUMP_ABSOLUTE']);
  assert.equal(hist('JUMP_ABSOLUTE').introduced, '2.7');
  assert.equal(hist('JUMP_ABSOLUTE').removed, '3.11');
  assert.match(describeMissing('SETUP_LOOP', '3.9'), /2\.7.*3\.7.*JUMP_ABSOLUTE/);
  assert.match(describeMissing('BINARY_ADD', '3.12'), /BINARY_OP 0 \(\+\)/);
  // BINARY_ADD: 2.7 to 3.10, with every renumbering the tables show (none), then BINARY_OP.
  assert.equal(hist('BINARY_ADD').introduced, '2.7');
  assert.deepEqual(hist('BINARY_ADD').replaced_by.map((r) => r.version), ['3.11']);
  // Renumbered between 2.7 and 3.0 where the tables say so (e.g. LIST_APPEND 94 → 145).
  const la = hist('LIST_APPEND').events.filter((e) => e.change === 'renumbered').map((e) => `${e.version} ${e.from}→${e.to}`);
  assert.deepEqual(la, [`3.0 ${tableOpnames('2.7').get('LIST_APPEND')}→${tableOpnames('3.0').get('LIST_APPEND')}`, ...la.slice(1)]);
  // The 3.0 gap of the jumps 2.7 shares with 3.1: gone in 3.0, back in 3.1.
  assert.deepEqual(hist('POP_JUMP_IF_FALSE').events.filter((e) => e.version === '3.0' || e.version === '3.1').map((e) => `${e.version} ${e.change}`),
    ['3.0 removed', '3.1 returned']);
  // versions A B across the eras.
  const d = versionDiff('2.7', '3.14');
  assert.ok(d.removed.some((x) => x.opname === 'PRINT_ITEM' && x.replaced_by.includes('CALL_FUNCTION')));
  assert.ok(d.added.some((x) => x.opname === 'BINARY_OP'));
  assert.match(formatVersionDiff(d), /CPython 2\.7 → 3\.14/);
  const d910 = versionDiff('3.9', '3.10');
  assert.deepEqual(d910.added.map((x) => x.opname).sort(), [...tableOpnames('3.10').keys()].filter((n) => !tableOpnames('3.9').has(n)).sort());
  // Old entries: the argument of an absolute jump in bytes, the hasnargs counts of 3.3–3.5, Python 2's no-arg rule.
  assert.match(explain('JUMP_ABSOLUTE', '3.9')!.argument.meaning, /byte offset itself/);
  assert.match(explain('JUMP_ABSOLUTE', '3.9')!.argument.dis, /nothing in parentheses/);
  assert.match(explain('CALL_FUNCTION', '3.4')!.argument.dis, /positional, 1 keyword pair/);
  assert.match(explain('POP_TOP', '2.7')!.argument.meaning, /this one byte/);
  assert.match(explain('MAKE_FUNCTION', '2.7')!.description, /default values/);
  assert.match(explain('COMPARE_OP', '3.8')!.argument.meaning, /exception match/);
});
