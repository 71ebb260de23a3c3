/**
 * Renders an alignment of two compilations of one source (the core's `alignPycs`): per code object a summary
 * (instructions on each side, rows by kind, opnames found on one side only) and the two instruction sequences side
 * by side, one aligned row per line, the kind of each row marked by colour and a sign. In a narrow pane the sides
 * stack (a row shows side A's instruction above side B's). Every text goes in as text.
 */
import {
  compareVersions, type AlignRowKind, type AlignSummary, type CodeObjectAlignment, type Instruction, type ModuleAlignment,
  type ModuleCode,
} from '@bytescope/core';
import { referenceHref, routeHash } from '../reference/link.js';
import { el } from '../ui/dom.js';
import { fmtCount, opKind } from './widgets.js';

/** The sign and words of each kind of row. */
const KINDS: Readonly<Record<AlignRowKind, { sign: string; words: string }>> = {
  same: { sign: '=', words: 'same instruction' },
  renamed: { sign: '≈', words: 'same job, other opname' },
  changed: { sign: '≠', words: 'paired, argument differs' },
  'a-only': { sign: '−', words: 'only in A' },
  'b-only': { sign: '+', words: 'only in B' },
};

/** Instructions executed in a lab run, keyed by `${codeIndex}:${offset}` of the side's model (counts.ts). */
export interface SideCounts {
  readonly rows: ReadonlyMap<string, number>;
  /** Instructions executed in the program's code objects. */
  readonly total: number;
}

/** What the view needs besides the alignment. */
export interface VersionDiffLabels {
  /** Full versions (`3.10.2`) of sides A and B, for headings. */
  readonly fullA: string;
  readonly fullB: string;
  /** Counts of a run in each version, shown in a column beside each side. */
  readonly counts?: { readonly a: SideCounts; readonly b: SideCounts };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtCount(n)} ${n === 1 ? one : many}`;
}

/** An opname linked to its reference entry (opens in a new tab). */
function opLink(version: string, opname: string): HTMLElement {
  return el('a', { text: opname, attrs: { href: referenceHref(version, opname), target: '_blank', rel: 'noopener' }, title: `${opname} in the instruction reference (${version})` });
}

/** `only in 3.10: A, B` with linked opnames, or null when there are none. */
function opnameList(label: string, version: string, ops: readonly string[], cls: string): HTMLElement | null {
  if (!ops.length) return null;
  const items: Node[] = [];
  ops.forEach((op, i) => {
    if (i) items.push(document.createTextNode(', '));
    items.push(opLink(version, op));
  });
  return el('p', { cls: `vd-ops ${cls}` }, [el('span', { cls: 'vd-ops-label', text: label }), ...items]);
}

/** The counts of a summary in words (`3 same · 1 renamed · 1 only in 3.14`), zero counts left out. */
function countsText(s: AlignSummary, va: string, vb: string): string {
  const parts = [
    s.same ? `${s.same} same` : '',
    s.renamed ? `${s.renamed} same job under another name` : '',
    s.changed ? `${s.changed} with another argument` : '',
    s.aOnly ? `${s.aOnly} only in ${va}` : '',
    s.bOnly ? `${s.bOnly} only in ${vb}` : '',
  ].filter(Boolean);
  return parts.join(' · ');
}

/** The cells of one side of a row (empty cells for the side without an instruction); `count` null: no counts. */
function sideCells(version: string, ins: Instruction | null, showLine: boolean, side: 'a' | 'b', count: number | undefined | null): HTMLElement {
  const tag = el('span', { cls: 'vd-tag', text: version, attrs: { 'aria-hidden': 'true' } });
  const countCell = count === null ? null
    : el('span', { cls: `vd-count${count === 0 ? ' vd-zero' : ''}`, text: count === undefined || !ins ? '' : fmtCount(count), title: count === undefined || !ins ? undefined : `executed ${fmtCount(count)} time${count === 1 ? '' : 's'} in CPython ${version}` });
  if (!ins) return el('span', { cls: `vd-side vd-${side} vd-empty`, attrs: { role: 'cell' } }, [tag, el('span', { cls: 'vd-line' }), el('span', { cls: 'vd-op' }), el('span', { cls: 'vd-arg' }), countCell]);
  const arg = ins.argrepr ? `(${ins.argrepr})` : ins.arg !== null ? String(ins.arg) : '';
  return el('span', { cls: `vd-side vd-${side}`, attrs: { role: 'cell' } }, [
    tag,
    el('span', { cls: 'vd-line', text: showLine && ins.line !== null ? String(ins.line) : '' }),
    el('span', { cls: `vd-op ${opKind(ins.opname)}` }, [opLink(version, ins.opname)]),
    el('span', { cls: 'vd-arg', text: arg, title: arg || undefined }),
    countCell,
  ]);
}

/** Instructions of a code object executed in a run (null without counts). */
function executed(co: ModuleCode | null, c: SideCounts | undefined): number | null {
  if (!co || !c) return null;
  let n = 0;
  for (const ins of co.decoded.instructions) n += c.rows.get(`${co.index}:${ins.offset}`) ?? 0;
  return n;
}

function codeObjectView(o: CodeObjectAlignment, va: string, vb: string, counts: VersionDiffLabels['counts']): HTMLElement {
  const s = o.summary;
  const title = el('span', { cls: 'vd-co-title', text: o.qualname });
  const where = el('span', { cls: 'vd-co-meta', text: `line ${o.firstLine}` });
  const sizes = o.a && o.b
    ? `${plural(s.a, 'instruction')} in ${va}, ${fmtCount(s.b)} in ${vb}`
    : `only in ${o.a ? va : vb}: ${plural(o.a ? s.a : s.b, 'instruction')}`;
  const badge = el('span', { cls: `vd-co-badge${o.a && o.b ? '' : ' vd-co-lonely'}`, text: sizes });
  const details = el('details', { cls: 'vd-co', attrs: { 'data-qualname': o.qualname, 'data-a': String(o.aIndex ?? ''), 'data-b': String(o.bIndex ?? '') } });
  details.open = true;
  details.appendChild(el('summary', {}, [title, where, badge]));
  const body: (HTMLElement | null)[] = [];
  if (o.note) body.push(el('p', { cls: 'lab-note', text: o.note }));
  if (o.a && o.b) body.push(el('p', { cls: 'vd-counts', text: countsText(s, va, vb) }));
  const ea = executed(o.a, counts?.a);
  const eb = executed(o.b, counts?.b);
  if (ea !== null || eb !== null) {
    body.push(el('p', { cls: 'vd-counts vd-executed', text: `Executed in the runs: ${[ea !== null ? `${fmtCount(ea)} in ${va}` : '', eb !== null ? `${fmtCount(eb)} in ${vb}` : ''].filter(Boolean).join(', ')}.` }));
  }
  body.push(opnameList(`only in ${va}: `, va, s.opnamesOnlyA, 'vd-ops-a'), opnameList(`only in ${vb}: `, vb, s.opnamesOnlyB, 'vd-ops-b'));
  const grid = el('div', { cls: `vd-grid${counts ? ' vd-with-counts' : ''}`, attrs: { role: 'table', 'aria-label': `${o.qualname}: ${va} beside ${vb}` } });
  // Both opname columns as wide as the longest opname of either side: the two sides are mirror images, so the
  // divider is in the middle of every code object and lines up down the page.
  let longest = 6;
  for (const co of [o.a, o.b]) for (const ins of co?.decoded.instructions ?? []) longest = Math.max(longest, ins.opname.length);
  grid.style.setProperty('--vd-op-w', `calc(${longest}ch + 10px)`);
  const countHead = counts ? el('span', { cls: 'vd-count', text: 'runs', title: 'times executed in the lab run' }) : null;
  grid.appendChild(el('div', { cls: 'vd-row vd-head', attrs: { role: 'row' } }, [
    el('span', { cls: 'vd-side vd-a', attrs: { role: 'columnheader' } }, [el('span', { cls: 'vd-tag' }), el('span', { cls: 'vd-line' }), el('span', { cls: 'vd-op', text: `A: ${va}` }), el('span', { cls: 'vd-arg' }), countHead]),
    el('span', { cls: 'vd-mark', attrs: { 'aria-hidden': 'true' } }),
    el('span', { cls: 'vd-side vd-b', attrs: { role: 'columnheader' } }, [el('span', { cls: 'vd-tag' }), el('span', { cls: 'vd-line' }), el('span', { cls: 'vd-op', text: `B: ${vb}` }), el('span', { cls: 'vd-arg' }), countHead?.cloneNode(true) ?? null]),
  ]));
  const countOf = (co: ModuleCode | null, ins: Instruction | null, c: SideCounts | undefined): number | undefined | null =>
    (!counts ? null : co && ins && c ? c.rows.get(`${co.index}:${ins.offset}`) : undefined);
  let lastA: number | null | undefined;
  let lastB: number | null | undefined;
  for (const r of o.rows) {
    const x = r.a !== null && o.a ? o.a.decoded.instructions[r.a] ?? null : null;
    const y = r.b !== null && o.b ? o.b.decoded.instructions[r.b] ?? null : null;
    const k = KINDS[r.kind];
    const words = r.kind === 'a-only' ? `only in ${va}` : r.kind === 'b-only' ? `only in ${vb}` : k.words;
    const row = el('div', { cls: `vd-row vd-${r.kind}`, attrs: { role: 'row', 'data-kind': r.kind }, title: r.note ? `${words}. ${r.note}` : words }, [
      sideCells(va, x, x !== null && x.line !== lastA, 'a', countOf(o.a, x, counts?.a)),
      el('span', { cls: 'vd-mark', text: k.sign, attrs: { role: 'cell', 'aria-label': words } }),
      sideCells(vb, y, y !== null && y.line !== lastB, 'b', countOf(o.b, y, counts?.b)),
    ]);
    if (x) lastA = x.line;
    if (y) lastB = y.line;
    grid.appendChild(row);
  }
  body.push(grid);
  for (const b of body) if (b) details.appendChild(b);
  return details;
}

/** The legend of the row kinds. */
export function diffLegend(va: string, vb: string): HTMLElement {
  return el('div', { cls: 'vd-legend', attrs: { 'aria-label': 'legend' } }, (Object.keys(KINDS) as AlignRowKind[]).map((kind) => {
    const words = kind === 'a-only' ? `only in ${va}` : kind === 'b-only' ? `only in ${vb}` : KINDS[kind].words;
    return el('span', { cls: `vd-row vd-${kind} vd-legend-item` }, [el('span', { cls: 'vd-mark', text: KINDS[kind].sign }), document.createTextNode(` ${words}`)]);
  }));
}

/** The whole comparison: totals, a link to the opcode-level differences, then each code object. */
export function renderVersionDiff(al: ModuleAlignment, labels: VersionDiffLabels): HTMLElement {
  const va = al.versionA;
  const vb = al.versionB;
  const t = al.totals;
  const paired = al.objects.filter((o) => o.a && o.b).length;
  const lonelyA = al.objects.filter((o) => o.a && !o.b).length;
  const lonelyB = al.objects.filter((o) => !o.a && o.b).length;
  const objects = [plural(paired, 'code object') + ' in both', lonelyA ? `${lonelyA} only in ${va}` : '', lonelyB ? `${lonelyB} only in ${vb}` : ''].filter(Boolean).join(', ');
  const [lo, hi] = compareVersions(va, vb) <= 0 ? [va, vb] : [vb, va];
  const route = routeHash({ view: 'diff', version: hi, opname: null, from: lo, to: hi, query: '', kinds: [] });
  const head = el('div', { cls: 'vd-totals', attrs: { id: 'lab-ver-totals' } }, [
    el('p', { cls: 'lab-summary' }, [
      el('strong', { text: `CPython ${labels.fullA} (A) beside ${labels.fullB} (B)` }),
      document.createTextNode(`: ${objects}; ${fmtCount(t.a)} instructions in ${va}, ${fmtCount(t.b)} in ${vb}.`),
    ]),
    el('p', { cls: 'vd-counts', text: countsText(t, va, vb) }),
    labels.counts ? el('p', { cls: 'lab-summary vd-executed', attrs: { id: 'lab-ver-executed' } }, [
      el('strong', { text: `Executed: ${fmtCount(labels.counts.a.total)} instructions in ${va}, ${fmtCount(labels.counts.b.total)} in ${vb}` }),
      document.createTextNode(' (one run of the program in each version, counted; the counts are in the “runs” columns).'),
    ]) : null,
    el('p', { cls: 'lab-muted' }, [
      document.createTextNode('Rows pair instructions that do the same job, following the instruction reference’s history of renamed and replaced opcodes; hover a row for why. '),
      el('a', { text: `Every opcode change from ${lo} to ${hi}`, attrs: { href: `reference.html${route}`, target: '_blank', rel: 'noopener', id: 'lab-ver-reference' } }),
      document.createTextNode('.'),
    ]),
  ]);
  return el('div', { cls: 'vd-result' }, [head, ...al.objects.map((o) => codeObjectView(o, va, vb, labels.counts))]);
}
