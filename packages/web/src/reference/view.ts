/**
 * The reference page's main views, built from the core's reference (never a second copy of it): one
 * instruction's entry, an instruction a version lacks, a version's overview, and what changed between two
 * versions.
 */
import {
  compareVersions, describeMissing, explain, getVersion, opHistory, parseSignature, referenceTimeline, versionAtLeast, versionDiff,
  type ReferenceEntry, type StackItem, type StackSignature, type VersionDiff,
} from '@bytescope/core';
import { encodeState } from '../explorer/share.js';
import { el, versionOptions } from '../ui/dom.js';
import { renderLiveExample } from './live.js';
import { versionIndex } from './search.js';
import { KIND_LABEL, KIND_SHORT, breakable, capitalize, opLink, richP, richText, type RefContext } from './text.js';
import { renderOpTimeline, renderVersionSteps } from './timeline.js';

function section(title: string, cls: string, children: (Node | null | undefined)[]): HTMLElement {
  return el('section', { cls: `ref-section ${cls}` }, [el('h3', { text: title }), ...children]);
}

function badge(text: string, cls = '', title?: string): HTMLElement {
  return el('span', { cls: `badge ${cls}`.trim(), text, ...(title ? { title } : {}) });
}

// ---- stack ----------------------------------------------------------------------------------------------------

function itemBox(it: StackItem, kept: boolean): HTMLElement {
  return el('span', { cls: 'stack-item' + (kept ? ' kept' : ''), title: it.count ? `${it.count} items named ${it.name}` : undefined }, [
    el('span', { text: it.name }),
    it.count ? el('span', { cls: 'stack-count', text: `×${it.count}` }) : null,
  ]);
}

function stackRow(items: readonly StackItem[], kept: number): HTMLElement {
  const row = el('span', { cls: 'stack-row' });
  if (!items.length) row.appendChild(el('span', { cls: 'stack-empty', text: 'nothing' }));
  items.forEach((it, i) => row.appendChild(itemBox(it, i < kept)));
  return row;
}

/** The signature as two rows of boxes, bottom to top; items it leaves in place are muted. */
function stackDiagram(sig: StackSignature, label: string): HTMLElement {
  let kept = 0;
  while (kept < sig.inputs.length && kept < sig.outputs.length && sig.inputs[kept]!.name === sig.outputs[kept]!.name &&
    sig.inputs[kept]!.count === sig.outputs[kept]!.count) kept++;
  return el('div', { cls: 'stack-diagram', attrs: { role: 'img', 'aria-label': `${label}: ${sig.inputs.map((i) => i.name).join(' ') || 'nothing'} becomes ${sig.outputs.map((i) => i.name).join(' ') || 'nothing'}` } }, [
    el('span', { cls: 'stack-label', text: label }),
    stackRow(sig.inputs, kept),
    el('span', { cls: 'stack-arrow', text: '→', attrs: { 'aria-hidden': 'true' } }),
    stackRow(sig.outputs, kept),
  ]);
}

function safeParse(sig: string | null): StackSignature | null {
  if (!sig) return null;
  try { return parseSignature(sig); } catch { return null; }
}

function stackSection(e: ReferenceEntry, ctx: RefContext): HTMLElement {
  const s = e.stack_effect;
  const kids: (Node | null)[] = [];
  const sig = safeParse(s.signature);
  const sigJump = safeParse(s.signature_jump);
  if (sig) {
    kids.push(stackDiagram(sig, sigJump ? 'not jumping' : 'before → after'));
    if (sigJump) kids.push(stackDiagram(sigJump, 'jumping'));
    kids.push(el('p', { cls: 'stack-caption', text: 'Bottom to top, left to right: the top of the stack is the rightmost item.' }));
  }
  const facts = el('dl', { cls: 'facts-grid' });
  const fact = (k: string, v: string | Node[]) => facts.append(el('dt', { text: k }), el('dd', {}, typeof v === 'string' ? [el('code', { text: v })] : v));
  if (s.signature) fact('Signature', `( ${s.signature} )`);
  if (s.signature_jump) fact('When it jumps', `( ${s.signature_jump} )`);
  if (s.pops !== null) fact('Pops', s.pops);
  if (s.pushes !== null) fact('Pushes', s.pushes);
  fact('Net effect', s.net ?? 'none');
  if (s.net_jump) fact('Net when jumping', s.net_jump);
  if (s.source === 'base') fact('From', [document.createTextNode('the stack effect of '), opLink(ctx, s.of, e.version)]);
  kids.push(facts);
  if (s.note) kids.push(richP(s.note, ctx, e.version, e.opname, 'note-text'));
  return section('Stack effect', 'sec-stack', kids);
}

// ---- argument, caches, family ------------------------------------------------------------------------------

function argumentSection(e: ReferenceEntry, ctx: RefContext): HTMLElement {
  const a = e.argument;
  const dl = el('dl', { cls: 'facts-grid' });
  dl.append(el('dt', { text: 'Meaning' }), el('dd', {}, richText(a.meaning, ctx, e.version, e.opname)));
  dl.append(el('dt', { text: 'dis shows' }), el('dd', {}, richText(a.dis, ctx, e.version, e.opname)));
  if (e.flags.length) dl.append(el('dt', { text: 'opcode sets' }), el('dd', {}, e.flags.map((f) => el('code', { cls: 'flag', text: f }))));
  return section('Argument', 'sec-arg', [dl]);
}

function cacheSection(e: ReferenceEntry, ctx: RefContext): HTMLElement {
  const c = e.caches;
  if (!c.units) {
    const before = !versionAtLeast(e.version, 3, 11);
    return section('Inline cache', 'sec-cache', [el('p', { text: before ? 'None: inline caches came with 3.11.' : 'None: no CACHE units follow it.' })]);
  }
  const table = el('table', { cls: 'cache-table' }, [
    el('thead', {}, [el('tr', {}, [el('th', { text: 'field' }), el('th', { text: 'code units' })])]),
    el('tbody', {}, c.fields.map((f) => el('tr', {}, [el('td', {}, [el('code', { text: f.name })]), el('td', { text: String(f.size) })]))),
  ]);
  const intro = el('p', { text: `${c.units} code unit${c.units > 1 ? 's' : ''} (${c.units * 2} bytes) of CACHE follow${c.units > 1 ? '' : 's'} the instruction` });
  if (c.of !== e.opname) intro.append(document.createTextNode(': the layout of '), opLink(ctx, c.of, e.version), document.createTextNode('.'));
  else intro.append(document.createTextNode('.'));
  return section('Inline cache', 'sec-cache', [intro, table]);
}

function chips(names: readonly string[], ctx: RefContext, version: string, current?: string): HTMLElement {
  return el('ul', { cls: 'chips' }, names.map((n) => {
    const a = opLink(ctx, n, version, n, 'chip');
    if (n === current) a.setAttribute('aria-current', 'page');
    return el('li', {}, [a]);
  }));
}

function familySection(e: ReferenceEntry, ctx: RefContext): HTMLElement | null {
  if (e.base) {
    const base = explain(e.base, e.version);
    const kids: Node[] = [el('p', {}, [
      document.createTextNode(e.kind === 'instrumented' ? 'Instrumented form of ' : 'Specialized form of '),
      opLink(ctx, e.base, e.version, e.base, 'op-ref strong'),
      document.createTextNode(e.kind === 'instrumented' ? ', written in its place while sys.monitoring listens.' :
        ', written in its place by the adaptive interpreter; it turns back into it when its guess stops holding.'),
    ])];
    if (base?.family.length) {
      kids.push(el('p', { cls: 'muted', text: `The family of ${e.base} in ${e.version} (${base.family.length}):` }), chips(base.family, ctx, e.version, e.opname));
    }
    return section(e.kind === 'instrumented' ? 'Instrumented form' : 'Specialization', 'sec-family', kids);
  }
  if (e.family.length) {
    return section('Specialization', 'sec-family', [
      el('p', { text: `In ${e.version} the adaptive interpreter may rewrite it in place into one of ${e.family.length} specialized form${e.family.length > 1 ? 's' : ''}:` }),
      chips(e.family, ctx, e.version),
    ]);
  }
  return null;
}

// ---- example --------------------------------------------------------------------------------------------------

const STATUS_TEXT: Record<ReferenceEntry['example']['status'], string> = {
  compiled: 'compiled', specialized: 'after a warm-up', instrumented: 'with sys.monitoring', pseudo: 'pseudo: compiler only',
  unproducible: 'no snippet produces it',
};

function exampleSection(e: ReferenceEntry, ctx: RefContext): HTMLElement {
  const x = e.example;
  const kids: (Node | null)[] = [el('p', { cls: 'ex-status' }, [badge(STATUS_TEXT[x.status], `st-${x.status}`), document.createTextNode(' '), ...richText(x.how, ctx, e.version, e.opname)])];
  if (x.code) kids.push(el('pre', { cls: 'ex-code' }, [el('code', { text: x.code.replace(/\n$/, '') })]));
  if (x.run && x.status !== 'compiled') kids.push(el('p', { cls: 'muted' }, [document.createTextNode('Then runs '), el('code', { text: x.run }), document.createTextNode(x.warm > 1 ? ` ${x.warm} times.` : '.')]));
  if (x.becomes.length && x.status === 'pseudo') {
    kids.push(el('p', {}, [document.createTextNode('Becomes: '), ...x.becomes.flatMap((b, i) => [
      i ? document.createTextNode(' / ') : null, b.startsWith('<') ? el('span', { text: b.slice(1, -1) }) : opLink(ctx, b, e.version),
    ].filter((n): n is Text | HTMLElement => n !== null))]));
  }
  if (x.note) kids.push(richP(x.note, ctx, e.version, e.opname, 'note-text'));
  // Compiled (warmed up, monitored) live by CPython of this version, on demand only.
  kids.push(renderLiveExample(e));
  if (x.code && x.mode === 'exec' && (x.status === 'compiled' || x.status === 'pseudo' || x.status === 'specialized')) {
    const a = el('a', {
      cls: 'explore-link', text: 'Compile it in the explorer ↗',
      attrs: { href: './index.html', target: '_blank', rel: 'noopener' },
      title: x.status === 'specialized' ? `Opens the snippet in the explorer with CPython ${e.version}; the listing shows the code as compiled, before specialization (${e.base ?? e.opname}).`
        : `Opens the snippet in the explorer, compiled by CPython ${e.version}.`,
    });
    void encodeState({ source: x.code, version: e.version, caches: false, offsets: false, positions: false })
      .then((frag) => { a.href = `./index.html#${frag}`; }, () => {});
    kids.push(el('p', {}, [a]));
  }
  return section('Example', 'sec-example', kids);
}

// ---- history --------------------------------------------------------------------------------------------------

function historySection(e: ReferenceEntry, ctx: RefContext): HTMLElement {
  const h = e.history;
  const kids: Node[] = [richP(h.summary, ctx, e.version, e.opname)];
  if (h.events.length) {
    kids.push(el('ol', { cls: 'events' }, h.events.map((ev) => el('li', {}, [
      el('a', { cls: 'ev-version', text: ev.version, attrs: { href: ctx.entryHref(ev.version, e.opname) } }),
      el('span', {}, richText(capitalize(ev.text), ctx, ev.version, e.opname)),
    ]))));
  }
  if (h.replaces.length) {
    kids.push(el('p', { cls: 'muted', text: `It replaced ${h.replaces.length} instruction${h.replaces.length > 1 ? 's' : ''}:` }));
    kids.push(el('ul', { cls: 'chips' }, h.replaces.map((r) => {
      const prev = ctx.versions[ctx.versions.indexOf(r.version) - 1] ?? r.version;
      const a = opLink(ctx, r.opname, prev, r.opname, 'chip');
      a.title = capitalize(r.text);
      return el('li', {}, [a, r.arg !== undefined ? el('span', { cls: 'chip-note', text: r.arg }) : null]);
    })));
  }
  return section('History', 'sec-history', kids);
}

// ---- views ----------------------------------------------------------------------------------------------------

function entryHead(opname: string, meta: Node[]): HTMLElement {
  return el('header', { cls: 'entry-head' }, [el('h2', { cls: 'entry-name' }, breakable(opname)), el('div', { cls: 'entry-meta' }, meta)]);
}

/** The entry of one instruction in one version. */
export function renderEntry(e: ReferenceEntry, ctx: RefContext): HTMLElement {
  const head = entryHead(e.opname, [
    badge(KIND_LABEL[e.kind], `k-${e.kind}`),
    badge(`opcode ${e.opcode}`, 'num'),
    badge(`CPython ${e.full_version}`, 'ver'),
  ]);
  const timeline = el('section', { cls: 'ref-section sec-timeline' }, [
    el('h3', { text: 'Across versions' }),
    renderOpTimeline(e.history, e.version, ctx),
  ]);
  return el('article', { cls: 'entry', attrs: { 'data-opname': e.opname, 'data-version': e.version } }, [
    head,
    richP(e.description, ctx, e.version, e.opname, 'entry-desc'),
    timeline,
    el('div', { cls: 'entry-grid' }, [stackSection(e, ctx), argumentSection(e, ctx), cacheSection(e, ctx), familySection(e, ctx)]),
    exampleSection(e, ctx),
    historySection(e, ctx),
  ]);
}

/** An opname that `version` lacks: where it exists, what replaced it, its timeline. */
export function renderMissing(opname: string, version: string, ctx: RefContext): HTMLElement {
  const h = opHistory(opname);
  const kids: Node[] = [entryHead(opname, [badge(`not in CPython ${version}`, 'missing')])];
  const why = capitalize(describeMissing(opname, version));
  kids.push(richP(/[.!?]$/.test(why) ? why : why + '.', ctx, version, opname, 'entry-desc'));
  if (h.versions.length) {
    kids.push(el('section', { cls: 'ref-section sec-timeline' }, [el('h3', { text: 'Across versions' }), renderOpTimeline(h, version, ctx)]));
    const near = h.versions.find((v) => compareVersions(v, version) > 0) ?? h.versions[h.versions.length - 1]!;
    kids.push(el('p', {}, [el('a', { cls: 'explore-link', text: `Open ${opname} in ${near} →`, attrs: { href: ctx.entryHref(near, opname) } })]));
  }
  return el('article', { cls: 'entry missing', attrs: { 'data-opname': opname, 'data-version': version } }, kids);
}

const START_WITH = ['LOAD_FAST', 'BINARY_OP', 'CALL', 'LOAD_ATTR', 'FOR_ITER', 'RESUME', 'LOAD_GLOBAL', 'COMPARE_OP'];

/** A version's overview: how many instructions of each kind, where to start, and the version timeline. */
export function renderOverview(version: string, ctx: RefContext, kindHref: (kind: ReferenceEntry['kind']) => string): HTMLElement {
  const idx = versionIndex(version);
  const counts = new Map<ReferenceEntry['kind'], number>();
  for (const x of idx) counts.set(x.kind, (counts.get(x.kind) ?? 0) + 1);
  const full = getVersion(version)?.table.data.fullVersion ?? version;
  const i = ctx.versions.indexOf(version);
  const prev = i > 0 ? ctx.versions[i - 1] : undefined;
  const start = START_WITH.filter((n) => idx.some((x) => x.opname === n));
  return el('article', { cls: 'overview', attrs: { 'data-version': version } }, [
    entryHead(`CPython ${version}`, [badge(`tables of ${full}`, 'ver'), badge(`${idx.length} instructions`, 'num')]),
    el('p', { cls: 'entry-desc', text: 'What every instruction of this version does: its stack effect, its argument and how dis shows it, ' +
      'its inline cache, its specialized forms, an example and its history across ' +
      `${ctx.versions[0]}–${ctx.versions[ctx.versions.length - 1]}. Search on the left by name, ` +
      'by words of the description or by opcode number.' }),
    el('ul', { cls: 'chips kinds-overview' }, [...counts].map(([k, n]) => el('li', {}, [
      el('a', { cls: `chip k-${k}`, text: `${n} ${KIND_SHORT[k]}`, attrs: { href: kindHref(k) } }),
    ]))),
    section('Start with', 'sec-start', [chips(start, ctx, version)]),
    section('Version history', 'sec-steps', [
      renderVersionSteps(referenceTimeline(), ctx, prev ? { from: prev, to: version } : undefined),
      prev ? el('p', {}, [el('a', { cls: 'explore-link', text: `What changed from ${prev} to ${version} →`, attrs: { href: ctx.diffHref(prev, version) } })]) : null,
    ]),
    section('Opcode map', 'sec-opmap', [
      el('p', { cls: 'muted', text: `Every opname of ${version} by number, coloured by kind (pseudo-instructions are numbered from 256).` }),
      el('ol', { cls: 'opmap' }, [...idx].sort((a, b) => a.opcode - b.opcode).map((x) => el('li', {}, [
        el('a', { cls: `opmap-cell k-${x.kind}`, attrs: { href: ctx.entryHref(version, x.opname) }, title: x.summary.replace(/`/g, '') }, [
          el('span', { cls: 'opmap-n', text: String(x.opcode) }), el('span', { cls: 'opmap-name', text: x.opname }),
        ]),
      ]))),
    ]),
  ]);
}

function versionSelect(id: string, value: string, ctx: RefContext, label: string): HTMLSelectElement {
  const s = el('select', { attrs: { id, 'aria-label': label } }, versionOptions(ctx.versions, (v) => v));
  s.value = value;
  return s;
}

function diffList<T>(title: string, rows: readonly T[], row: (x: T) => Node[], open = true): HTMLElement | null {
  if (!rows.length) return null;
  const d = el('details', { cls: 'diff-group' }, [
    el('summary', {}, [el('span', { text: title }), el('span', { cls: 'count', text: String(rows.length) })]),
    el('ul', { cls: 'diff-rows' }, rows.map((x) => el('li', {}, row(x)))),
  ]);
  d.open = open;
  return d;
}

/** What changed between two versions (the core's `versionDiff`), every instruction linked. */
export function renderDiff(from: string, to: string, ctx: RefContext, go: (from: string, to: string) => void): HTMLElement {
  const d: VersionDiff = versionDiff(from, to);
  const older = compareVersions(from, to) <= 0 ? from : to;
  const newer = older === from ? to : from;
  const fromSel = versionSelect('diff-from', from, ctx, 'from version');
  const toSel = versionSelect('diff-to', to, ctx, 'to version');
  fromSel.addEventListener('change', () => go(fromSel.value, toSel.value));
  toSel.addEventListener('change', () => go(fromSel.value, toSel.value));
  const swap = el('button', { text: '⇄', title: 'Swap the versions', attrs: { type: 'button', 'aria-label': 'swap versions' } });
  swap.addEventListener('click', () => go(to, from));
  const text = (s: string) => document.createTextNode(s);
  const link = (n: string, v: string) => opLink(ctx, n, v);
  const counts = el('ul', { cls: 'chips diff-summary' }, (Object.entries(d.summary) as [keyof VersionDiff['summary'], number][])
    .filter(([, n]) => n > 0).map(([k, n]) => el('li', {}, [badge(`${n} ${k.replace(/_/g, ' ')}`)])));
  const groups = [
    diffList('Added', d.added, (x) => [link(x.opname, to), text(` ${x.opcode}`), badge(KIND_SHORT[x.kind], `k-${x.kind}`)]),
    diffList('Removed', d.removed, (x) => [link(x.opname, from), text(` ${x.opcode}`), badge(KIND_SHORT[x.kind], `k-${x.kind}`),
      ...(x.replaced_by.length ? [text(' → '), ...x.replaced_by.flatMap((b, i) => (i ? [text(' + '), link(b, to)] : [link(b, to)]))] : []),
      ...(x.note ? [el('div', { cls: 'diff-note' }, richText(capitalize(x.note), ctx, to, x.opname))] : [])]),
    diffList('Kind changed', d.kind_changed, (x) => [link(x.opname, to), text(`: ${KIND_SHORT[x.from]} → ${KIND_SHORT[x.to]}`)]),
    diffList('Argument changed', d.argument_changed, (x) => [link(x.opname, to), text(`: ${x.from} → ${x.to}`)]),
    diffList('Inline cache changed', d.cache_changed, (x) => [link(x.opname, to), text(`: ${x.from} → ${x.to}`)]),
    diffList('Stack effect changed', d.stack_effect_changed, (x) => [link(x.opname, to), text(`: ${x.from} → ${x.to}`)]),
    diffList('Specialized forms changed', d.family_changed, (x) => [link(x.opname, to), text(': '),
      ...x.added.flatMap((n) => [text(' +'), link(n, to)]), ...x.removed.flatMap((n) => [text(' −'), link(n, from)])]),
    diffList('Renumbered', d.renumbered, (x) => [link(x.opname, to), text(`: ${x.from} → ${x.to}`)], d.renumbered.length <= 20),
  ];
  return el('article', { cls: 'diff', attrs: { 'data-from': from, 'data-to': to } }, [
    el('header', { cls: 'entry-head' }, [
      el('h2', { cls: 'entry-name', text: 'What changed' }),
      el('div', { cls: 'diff-pick' }, [el('label', {}, [text('from '), fromSel]), swap, el('label', {}, [text('to '), toSel])]),
    ]),
    renderVersionSteps(referenceTimeline(), ctx, older !== newer && ctx.versions.indexOf(newer) - ctx.versions.indexOf(older) === 1 ? { from: older, to: newer } : undefined),
    from === to ? el('p', { text: 'Pick two different versions.' }) : counts,
    ...groups,
  ]);
}
