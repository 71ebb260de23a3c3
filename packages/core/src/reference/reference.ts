/**
 * The instruction reference: for every opname of every supported version, what it does, its stack effect, its
 * argument and how `dis` shows it, its inline cache, its specialized family or base, a live-checked example and
 * its history. Entries are plain JSON-serializable objects; nothing here needs Node.
 */
import type { StackEffectModel } from '../bytecode/opcode-table.js';
import type { VersionInfo } from '../version/registry.js';
import { argKinds, argumentInfo, type ArgKind, type ArgumentInfo } from './arguments.js';
import { INSTRUMENTED_DOCS, OP_DOCS, SPECIALIZED_DOCS, type SpecializedKind } from './descriptions.js';
import { EXAMPLES, isUnproducible, type ExampleDef } from './examples.js';
import { REFERENCE_VERSIONS, opHistory, presenceMap, requireVersion, versionDiff, type OpHistory, type OpKind, type OpPresence, type VersionDiff } from './history.js';
import { evalStackEffect, itemCount, modelText, netText, parseSignature, popsText, pushesText, sameModel } from './stack.js';
import { pick } from './versioned.js';
import { compareVersions } from '../version/py-version.js';
import { compareCodeUnits } from '../order.js';

/** The stack effect of an instruction in one version. */
export interface StackEffectInfo {
  /** Whose generated effect this is: the instruction's own, its base's (specialized forms), or none. */
  readonly source: 'own' | 'base' | 'none';
  /** The opname whose `dis.stack_effect` the models come from. */
  readonly of: string;
  /** Net effect without jumping, as generated from `dis.stack_effect` (null when CPython has none). */
  readonly model: StackEffectModel | null;
  /** Net effect when the jump is taken (equal to `model` for instructions that do not jump). */
  readonly jump_model: StackEffectModel | null;
  /** The net effect as a formula of oparg (`+1`, `-1 - oparg`, `+(oparg&1)`), or null. */
  readonly net: string | null;
  /** The net effect when jumping, when it differs. */
  readonly net_jump: string | null;
  /** Stack signature `inputs -- outputs`, bottom to top (items `name[count]` take count slots), or null. */
  readonly signature: string | null;
  readonly signature_jump: string | null;
  /** How many items it pops and pushes, as formulas (from the signature). */
  readonly pops: string | null;
  readonly pushes: string | null;
  /** What the numbers cannot say. */
  readonly note: string | null;
}

/** The inline cache of an instruction (its base's, 3.11+). */
export interface CacheInfo {
  /** Code units of CACHE after the instruction. */
  readonly units: number;
  /** The fields, in order, with their size in code units. */
  readonly fields: readonly { readonly name: string; readonly size: number }[];
  /** The instruction whose cache layout it is (the base for specialized forms). */
  readonly of: string;
}

/** How the example of an instruction is produced and checked. */
export interface ExampleInfo {
  /**
   * `compiled`: the compiled snippet contains the instruction; `specialized`: it appears after the warm-up;
   * `instrumented`: it appears with `sys.monitoring` events on; `pseudo`: the snippet makes the compiler emit it
   * and `becomes` lists what it turns into; `unproducible`: no source produces it (see `note`).
   */
  readonly status: 'compiled' | 'specialized' | 'instrumented' | 'pseudo' | 'unproducible';
  /** Python source (null for some unproducible instructions). */
  readonly code: string | null;
  readonly mode: 'exec' | 'single';
  /** Times `run` is executed after the module (specialized and instrumented examples). */
  readonly warm: number;
  readonly run: string | null;
  /** `sys.monitoring` events switched on for the snippet's code objects. */
  readonly monitor: readonly string[];
  /** Pseudo-instructions: what appears in their place. */
  readonly becomes: readonly string[];
  /** How to see it yourself, in words. */
  readonly how: string;
  /** Why it cannot be produced, or anything else worth knowing about the snippet. */
  readonly note: string | null;
}

/** One instruction in one version. */
export interface ReferenceEntry {
  readonly opname: string;
  /** `3.x`. */
  readonly version: string;
  /** The exact CPython the tables come from. */
  readonly full_version: string;
  /** Opcode number (pseudo-instructions: ≥ 256). */
  readonly opcode: number;
  readonly kind: OpKind;
  /** The `opcode.has*` sets `dis` consults for it (those of its base for a specialized form). */
  readonly flags: readonly string[];
  readonly description: string;
  readonly stack_effect: StackEffectInfo;
  readonly argument: ArgumentInfo;
  readonly caches: CacheInfo;
  /** Base instruction of a specialized or instrumented form, else null. */
  readonly base: string | null;
  /** Specialized forms of a base instruction in this version. */
  readonly family: readonly string[];
  readonly example: ExampleInfo;
  readonly history: OpHistory;
}

const FLAG_NAMES: Record<ArgKind, string> = {
  arg: 'hasarg', const: 'hasconst', name: 'hasname', jrel: 'hasjrel', jabs: 'hasjabs', jump: 'hasjump', local: 'haslocal',
  free: 'hasfree', compare: 'hascompare', exc: 'hasexc',
};

const SPECIALIZED_SUFFIX: Record<SpecializedKind, (base: string) => string> = {
  specialized: (b) => `A specialized form of ${b}: the adaptive interpreter rewrites ${b} into it in place after ` +
    `seeing this case, and rewrites it back when its assumptions stop holding. It never appears in a .pyc; ` +
    '`dis` shows it for live code with adaptive=True.',
  adaptive: () => 'It never appears in a .pyc; `dis` shows it for live code with adaptive=True.',
  quickened: () => 'It never appears in a .pyc; `dis` shows it for live code with adaptive=True.',
  superinstruction: (b) => `Written in place of the first ${b} when the code is quickened; the second instruction ` +
    'stays in place and is skipped. It never appears in a .pyc.',
};

function describe(name: string, p: OpPresence, v: VersionInfo): string {
  if (p.kind === 'specialized') {
    const doc = SPECIALIZED_DOCS[name];
    if (!doc) return '';
    return `${pick(doc.what, v.version) ?? ''} ${SPECIALIZED_SUFFIX[doc.kind ?? 'specialized'](p.base!)}`;
  }
  if (p.kind === 'instrumented') {
    const what = INSTRUMENTED_DOCS[name];
    if (!what) return '';
    const cap = what[0]!.toUpperCase() + what.slice(1);
    if (!p.base) {
      return `Written by sys.monitoring (3.12+), never by the compiler: it ${what}. It is not in .pyc files; \`dis\` shows it ` +
        'for live code with adaptive=True.';
    }
    return `Instrumented form of ${p.base} (3.12+): sys.monitoring writes it in place of ${p.base} while a tool ` +
      `listens for its events in this code object. ${cap}. It is not in .pyc files; \`dis\` shows it for live code ` +
      'with adaptive=True.';
  }
  return pick(OP_DOCS[name]?.what, v.version) ?? '';
}

function stackInfo(name: string, p: OpPresence, v: VersionInfo): StackEffectInfo {
  const map = presenceMap(v.version);
  const of = p.kind === 'specialized' ? p.base! : name;
  const source: StackEffectInfo['source'] = !p.stackEffect ? 'none' : p.kind === 'specialized' ? 'base' : 'own';
  let docName = of;
  let note: string | null = null;
  if (p.kind === 'instrumented') {
    const base = p.base ? map.get(p.base) : undefined;
    if (base?.stackEffect && p.stackEffect && sameModel(base.stackEffect.noJump, p.stackEffect.noJump) &&
        sameModel(base.stackEffect.jump, p.stackEffect.jump)) {
      docName = p.base!;
    } else if (base?.stackEffect && p.stackEffect) {
      docName = '';
      note = `\`dis.stack_effect\` reports ${modelText(p.stackEffect.noJump)} for this opcode but ` +
        `${modelText(base.stackEffect.noJump)} for ${p.base}: in this version the instrumented form declares no ` +
        `stack effect of its own — it fires the event and then runs ${p.base}'s code or moves the stack by hand — ` +
        `so what really happens to the stack is ${p.base}'s effect.`;
    } else {
      docName = '';
      note = p.stackEffect ? 'It executes the instruction it stands for, so the stack changes as that instruction ' +
        'changes it; the generated figure of 0 only covers the event itself.'
        : 'It executes the instruction it stands for, so the stack changes as that instruction changes it; ' +
          '`dis.stack_effect` rejects this opcode in this version.';
    }
  }
  const doc = docName ? OP_DOCS[docName] : undefined;
  const sig = doc ? pick(doc.stack, v.version) ?? null : null;
  const sigJump = doc ? pick(doc.stackJump, v.version) ?? null : null;
  if (doc && note === null) note = pick(doc.stackNote, v.version) ?? null;
  if (p.kind === 'specialized' && note === null) note = `The same as ${p.base}: specialization never changes the stack effect.`;
  if (note === null && !p.stackEffect && Object.keys(v.table.data.stackEffects).length === 0) {
    note = `CPython ${v.table.data.fullVersion}'s tables carry no stack effects (its \`dis\` has no \`stack_effect\`); ` +
      'see the stack signature, when there is one.';
  } else if (note === null && !p.stackEffect && p.kind === 'real') {
    note = `\`dis.stack_effect\` of CPython ${v.table.data.fullVersion} rejects ${name}: its compiler never counts it ` +
      '(the stack signature says what it does to the stack, when there is one).';
  }
  const parsed = sig ? parseSignature(sig) : null;
  const model = p.stackEffect?.noJump ?? null;
  const jumpModel = p.stackEffect?.jump ?? null;
  const net = parsed ? netText(parsed) : model !== null ? modelText(model) : null;
  const parsedJump = sigJump ? parseSignature(sigJump) : null;
  const netJump = parsedJump ? netText(parsedJump)
    : model !== null && jumpModel !== null && !sameModel(model, jumpModel) ? modelText(jumpModel) : null;
  return {
    source, of, model, jump_model: jumpModel, net, net_jump: netJump && netJump !== net ? netJump : null,
    signature: sig, signature_jump: sigJump && sigJump !== sig ? sigJump : null,
    pops: parsed ? popsText(parsed) : null, pushes: parsed ? pushesText(parsed) : null, note,
  };
}

function exampleInfo(name: string, p: OpPresence, v: VersionInfo): ExampleInfo {
  const def: ExampleDef | undefined = pick(EXAMPLES[name], v.version);
  const empty = { mode: 'exec' as const, warm: 0, run: null, monitor: [], becomes: [] };
  if (!def) {
    return { status: 'unproducible', code: null, ...empty, how: '', note: null };
  }
  if (isUnproducible(def)) {
    return { status: 'unproducible', code: def.code ?? null, ...empty, how: `No source makes CPython ${v.version} emit ${name}.`, note: def.unproducible };
  }
  // The events this version's sys.monitoring has (BRANCH_LEFT / BRANCH_RIGHT arrived in 3.14).
  const monitor = (def.monitor ?? []).filter((e) => v.features.branchSideEvents || (e !== 'BRANCH_LEFT' && e !== 'BRANCH_RIGHT'));
  const base = { code: def.code, mode: def.mode ?? 'exec', warm: def.warm ?? 0, run: def.warm || def.monitor ? def.run ?? 'f()' : null,
    monitor, becomes: def.becomes ?? [], note: def.note ?? null };
  if (p.kind === 'pseudo') {
    return { status: 'pseudo', ...base,
      how: `A pseudo-instruction never appears in bytecode: compiling this snippet, CPython ${v.version}'s compiler emits ` +
        `${name} and the assembler replaces it with ${base.becomes.map((b) => b === '<exception table>' ? 'an exception-table entry' : b).join(' / ')}.` };
  }
  if (def.monitor) {
    return { status: 'instrumented', ...base,
      how: `Run the snippet, switch on the sys.monitoring events ${base.monitor.join(', ')} for its code objects ` +
        `(sys.monitoring.set_local_events), execute \`${base.run}\`; then \`dis.dis(f, adaptive=True)\` shows ${name}.` };
  }
  if (def.warm) {
    return { status: 'specialized', ...base,
      how: `Run the snippet and execute \`${base.run}\` ${base.warm} times; then \`dis.dis(f, adaptive=True)\` in ` +
        `CPython ${v.version} shows ${name}${p.base ? ` in place of ${p.base}` : ''}.` };
  }
  return { status: 'compiled', ...base,
    how: `Compile the snippet with CPython ${v.version}${base.mode === 'single' ? ' in `single` mode' : ''} and ` +
      `disassemble it: the bytecode contains ${name}.` };
}

const entryCache = new Map<string, ReferenceEntry | null>();

/**
 * The reference entry of `opname` in `version` (`2.7`, `3.0` … `3.15`), or null when that version has no such
 * instruction (see {@link opnameVersions}). Opnames are matched case-insensitively. Throws on an unsupported version.
 */
export function explain(opname: string, version: string): ReferenceEntry | null {
  const name = opname.trim().toUpperCase();
  const key = `${version}\u0000${name}`;
  const hit = entryCache.get(key);
  if (hit !== undefined) return hit;
  const v = requireVersion(version);
  const p = presenceMap(version).get(name);
  if (!p) {
    entryCache.set(key, null);
    return null;
  }
  const d = v.table.data;
  const baseOp = p.kind === 'specialized' ? v.table.op(p.base!) : p.opcode;
  const argOf = p.kind === 'specialized' ? p.base! : name;
  const meaningOf = p.kind === 'instrumented' && p.base ? { name: p.base, op: v.table.op(p.base) } : { name: argOf, op: baseOp };
  let argument = argumentInfo(argOf, baseOp, v, meaningOf);
  if (p.kind === 'instrumented' && p.base) {
    const own = argKinds(d, p.opcode).filter((k) => k !== 'arg').join(',');
    const plain = argKinds(d, meaningOf.op).filter((k) => k !== 'arg').join(',');
    if (own !== plain) {
      argument = { ...argument, dis: `${argument.dis} (\`dis\` decides by this opcode's own has* sets [${own || 'none'}], ` +
        `which differ from ${p.base}'s [${plain || 'none'}], so it does not resolve the argument the way it does for ${p.base}.)` };
    }
  }
  const cacheOf = p.kind === 'specialized' ? p.base! : name;
  const entry: ReferenceEntry = {
    opname: name,
    version,
    full_version: d.fullVersion,
    opcode: p.opcode,
    kind: p.kind,
    flags: argKinds(d, baseOp).map((k) => FLAG_NAMES[k]),
    description: describe(name, p, v),
    stack_effect: stackInfo(name, p, v),
    argument,
    caches: { units: p.cache, fields: p.cacheFormat.map(([n, s]) => ({ name: n, size: s })), of: cacheOf },
    base: p.base,
    family: p.family,
    example: exampleInfo(name, p, v),
    history: opHistory(name),
  };
  entryCache.set(key, entry);
  return entry;
}

/** Every opname of `version`, by opcode number (real, specialized and instrumented 0–255, then pseudo). */
export function allOpnames(version: string): string[] {
  requireVersion(version);
  return [...presenceMap(version)].sort((a, b) => a[1].opcode - b[1].opcode).map(([n]) => n);
}

/** Every entry of `version`, by opcode number. */
export function allEntries(version: string): ReferenceEntry[] {
  return allOpnames(version).map((n) => explain(n, version)!);
}

/** The versions that have `opname`, oldest first (empty when none does). */
export function opnameVersions(opname: string): string[] {
  return [...opHistory(opname.trim().toUpperCase()).versions];
}

/** The supported versions, oldest first. */
export function referenceVersions(): readonly string[] {
  return REFERENCE_VERSIONS;
}

/** Abbreviations whose full stop ends no sentence. */
const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|cf|vs|resp|approx)\./g;

/** The first sentence of a description (code spans and abbreviations such as `e.g.` do not end it). */
export function summaryOf(description: string): string {
  const hide = (s: string) => s.replace(/\./g, '\u2024');
  const m = /^(.*?[.!?])(\s|$)/.exec(description.replace(/`[^`]*`/g, hide).replace(ABBREVIATIONS, hide));
  return (m ? m[1]! : description).replace(/\u2024/g, '.');
}

/** A compact row of the reference index (for lists and the searchable page). */
export interface ReferenceIndexItem {
  readonly opname: string;
  readonly opcode: number;
  readonly kind: OpKind;
  readonly base: string | null;
  readonly summary: string;
}

/** The index of `version`: one row per opname, by opcode number. */
export function referenceIndex(version: string): ReferenceIndexItem[] {
  return allEntries(version).map((e) => ({ opname: e.opname, opcode: e.opcode, kind: e.kind, base: e.base, summary: summaryOf(e.description) }));
}

/** A search result. */
export interface SearchHit {
  readonly opname: string;
  /** The version the hit describes (the newest that has it, unless a version was asked for). */
  readonly version: string;
  readonly kind: OpKind;
  readonly opcode: number;
  readonly summary: string;
  /** Every version that has the opname. */
  readonly versions: readonly string[];
  readonly score: number;
}

/** Options of {@link searchReference}. */
export interface SearchOptions {
  /** Only this version (default: every version; each opname once, described by the newest version that has it). */
  readonly version?: string;
  /** Only these kinds. */
  readonly kinds?: readonly OpKind[];
  /** At most this many hits (default 50). */
  readonly limit?: number;
}

function scoreEntry(e: ReferenceEntry, tokens: readonly string[]): number {
  const name = e.opname.toLowerCase();
  const text = `${e.description} ${e.argument.meaning}`.toLowerCase();
  const extra = `${e.base ?? ''} ${e.family.join(' ')} ${e.history.replaced_by.map((r) => r.by.join(' ')).join(' ')} ${e.history.replaces.map((r) => r.opname).join(' ')}`.toLowerCase();
  let total = 0;
  for (const t of tokens) {
    let s = 0;
    if (name === t) s = 100;
    else if (name.startsWith(t)) s = 60;
    else if (name.includes(t)) s = 40;
    else if (new RegExp(`(^|[^a-z0-9_])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(text)) s = 12;
    else if (text.includes(t)) s = 6;
    else if (extra.includes(t)) s = 3;
    if (s === 0) return 0;
    total += s;
  }
  return total;
}

/**
 * Searches the reference: every whitespace-separated token of `query` must match the opname, the description,
 * the argument's meaning or a related opname (base, family, replacements). Best matches first.
 */
export function searchReference(query: string, options: SearchOptions = {}): SearchHit[] {
  const tokens = query.toLowerCase().split(/\s+/).filter(Boolean);
  const limit = options.limit ?? 50;
  const versions = options.version ? [options.version] : [...REFERENCE_VERSIONS].reverse();
  const seen = new Set<string>();
  const hits: SearchHit[] = [];
  for (const v of versions) {
    for (const e of allEntries(v)) {
      if (seen.has(e.opname)) continue;
      seen.add(e.opname);
      if (options.kinds && !options.kinds.includes(e.kind)) continue;
      const score = tokens.length ? scoreEntry(e, tokens) : 1;
      if (score > 0) {
        hits.push({ opname: e.opname, version: v, kind: e.kind, opcode: e.opcode, summary: summaryOf(e.description),
          versions: e.history.versions, score });
      }
    }
  }
  hits.sort((a, b) => b.score - a.score || compareCodeUnits(a.opname, b.opname));
  return hits.slice(0, limit);
}

// ---- text ------------------------------------------------------------------------------------------------------

const KIND_LABEL: Record<OpKind, string> = {
  real: 'instruction', specialized: 'specialized instruction', instrumented: 'instrumented instruction', pseudo: 'pseudo-instruction',
};

function indent(text: string, pad: string): string {
  return text.replace(/\n$/, '').split('\n').map((l) => pad + l).join('\n');
}

/** An entry as plain text (what `bytescope explain` prints). */
export function formatEntry(e: ReferenceEntry): string {
  const lines: string[] = [];
  lines.push(`${e.opname} — CPython ${e.full_version}, ${KIND_LABEL[e.kind]}, opcode ${e.opcode}`);
  lines.push('');
  lines.push(e.description);
  lines.push('');
  const s = e.stack_effect;
  if (s.signature !== null) {
    lines.push(`Stack:     ( ${s.signature} )`);
    lines.push(`           pops ${s.pops}, pushes ${s.pushes}; net ${s.net}` + (s.net_jump ? ` (${s.net_jump} when it jumps)` : ''));
    if (s.signature_jump) lines.push(`           when it jumps: ( ${s.signature_jump} )`);
  } else {
    lines.push(`Stack:     net ${s.net ?? 'none'}` + (s.net_jump ? ` (${s.net_jump} when it jumps)` : ''));
  }
  if (s.note) lines.push(`           ${s.note}`);
  lines.push(`Argument:  ${e.argument.meaning}`);
  if (e.argument.has_arg) lines.push(`  dis:     ${e.argument.dis}`);
  if (e.flags.length) lines.push(`Flags:     ${e.flags.join(', ')}`);
  if (e.caches.units) {
    lines.push(`Cache:     ${e.caches.units} code unit${e.caches.units > 1 ? 's' : ''}: ` +
      e.caches.fields.map((f) => `${f.name} (${f.size})`).join(', ') + (e.caches.of !== e.opname ? ` — the layout of ${e.caches.of}` : ''));
  }
  if (e.base) lines.push(`Base:      ${e.base}`);
  if (e.family.length) lines.push(`Family:    ${e.family.join(', ')}`);
  lines.push('');
  lines.push(`Example (${e.example.status}): ${e.example.how}`);
  if (e.example.code) lines.push(indent(e.example.code, '    '));
  if (e.example.note) lines.push(`  ${e.example.note}`);
  lines.push('');
  lines.push(`History:   ${e.history.summary}`);
  for (const ev of e.history.events) lines.push(`  ${ev.version}  ${ev.text}`);
  return lines.join('\n') + '\n';
}

/** A version diff as plain text (what `bytescope versions A B` prints). */
export function formatVersionDiff(d: VersionDiff): string {
  const lines: string[] = [`CPython ${d.from} → ${d.to}`];
  const section = (title: string, rows: string[]) => {
    if (!rows.length) return;
    lines.push('', `${title} (${rows.length}):`);
    for (const r of rows) lines.push(`  ${r}`);
  };
  section('Added', d.added.map((x) => `${x.opname} (${x.opcode}, ${x.kind})`));
  section('Removed', d.removed.map((x) => `${x.opname} (${x.opcode}, ${x.kind})` + (x.note ? ` — ${x.note}` : '')));
  section('Kind changed', d.kind_changed.map((x) => `${x.opname}: ${x.from} → ${x.to}`));
  section('Argument changed', d.argument_changed.map((x) => `${x.opname}: ${x.from} → ${x.to}`));
  section('Cache changed', d.cache_changed.map((x) => `${x.opname}: ${x.from} → ${x.to}`));
  section('Stack effect changed', d.stack_effect_changed.map((x) => `${x.opname}: ${x.from} → ${x.to}`));
  section('Specialized family changed', d.family_changed.map((x) =>
    `${x.opname}:` + (x.added.length ? ` +${x.added.join(' +')}` : '') + (x.removed.length ? ` -${x.removed.join(' -')}` : '')));
  section('Renumbered', d.renumbered.map((x) => `${x.opname}: ${x.from} → ${x.to}`));
  return lines.join('\n') + '\n';
}

/** One step of the version timeline: what changed from one supported version to the next. */
export interface TimelineStep {
  readonly from: string;
  readonly to: string;
  readonly summary: VersionDiff['summary'];
  /** Names added and removed (the full lists are in {@link versionDiff}). */
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** The changes between consecutive supported versions, oldest first (for a history timeline). */
export function referenceTimeline(): TimelineStep[] {
  const out: TimelineStep[] = [];
  for (let i = 1; i < REFERENCE_VERSIONS.length; i++) {
    const d = versionDiff(REFERENCE_VERSIONS[i - 1]!, REFERENCE_VERSIONS[i]!);
    out.push({ from: d.from, to: d.to, summary: d.summary, added: d.added.map((x) => x.opname), removed: d.removed.map((x) => x.opname) });
  }
  return out;
}

/** An example to check against real CPython: the opname it illustrates and its snippet (see examples.ts). */
export interface ExampleCheck {
  readonly opname: string;
  readonly version: string;
  readonly kind: OpKind;
  readonly example: ExampleInfo;
}

/** Every example of `version` (for the live check in packages/python). */
export function referenceExamples(version: string): ExampleCheck[] {
  return allEntries(version).map((e) => ({ opname: e.opname, version, kind: e.kind, example: e.example }));
}

/** The stack effect of an entry for a concrete argument (null where the entry has no figure). */
export interface StackEffectAt {
  readonly net: number | null;
  /** When the jump is taken (equal to `net` for instructions that do not jump). */
  readonly net_jump: number | null;
  /** From the signature, when the entry has one. */
  readonly pops: number | null;
  readonly pushes: number | null;
}

/** The stack effect of `entry` for argument `oparg` (null or 0 for instructions without one), e.g. for hover help. */
export function stackEffectAt(entry: ReferenceEntry, oparg: number | null): StackEffectAt {
  const a = oparg ?? 0;
  const s = entry.stack_effect;
  const sig = s.signature ? parseSignature(s.signature) : null;
  return {
    net: s.model === null ? null : evalStackEffect(s.model, a),
    net_jump: s.jump_model === null ? null : evalStackEffect(s.jump_model, a),
    pops: sig ? itemCount(sig.inputs, a) : null,
    pushes: sig ? itemCount(sig.outputs, a) : null,
  };
}

/**
 * A one-line message for an opname that `version` lacks: where it exists instead and what replaced it, or the
 * closest known names (for the CLI's error line).
 */
export function describeMissing(opname: string, version: string): string {
  const name = opname.trim().toUpperCase();
  const h = opHistory(name);
  if (!h.versions.length) {
    const close = searchReference(name.split('_')[0] ?? name, { limit: 5 }).map((x) => x.opname);
    return `${name} is not an instruction of any supported CPython (${REFERENCE_VERSIONS.join(', ')})` +
      (close.length ? `; similar: ${close.join(', ')}` : '');
  }
  const link = [...h.replaced_by].reverse().find((r) => compareVersions(r.version, version) <= 0);
  return `${name} is not an instruction of CPython ${version}; it exists in ${h.versions.join(', ')}` +
    (link ? `; ${link.text}` : '');
}

export { versionDiff, opHistory, type VersionDiff, type OpHistory };
