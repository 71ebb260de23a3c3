/**
 * History timelines of the reference page: one instruction across the supported versions (where it exists, its
 * number, what changed, what replaced it), and the versions themselves (what each release added and removed).
 * Every version on a timeline is a link that switches the page to it. Horizontal on wide screens, vertical on
 * narrow ones (reference/style.css).
 */
import type { HistoryEvent, OpHistory, OpKind, TimelineStep } from '@bytescope/core';
import { el } from '../ui/dom.js';
import { KIND_SHORT, capitalize, opLink, type RefContext } from './text.js';

/** A short label of a history event, for the timeline (the full text is its tooltip and the event list). */
export function eventLabel(e: HistoryEvent): string | null {
  switch (e.change) {
    case 'added': return 'new';
    case 'returned': return 'back';
    case 'removed': return 'removed';
    case 'renumbered': return null; // shown by the number itself
    case 'kind': return `now ${KIND_SHORT[(e.to ?? 'real') as OpKind] ?? e.to}`;
    case 'argument': return 'argument changed';
    case 'cache': return 'cache changed';
    case 'stack_effect': return 'stack effect changed';
    case 'base': return `base now ${e.to}`;
    case 'family': {
      const before = new Set((e.from ?? '').split(' ').filter((x) => x && x !== '-'));
      const after = new Set((e.to ?? '').split(' ').filter((x) => x && x !== '-'));
      const plus = [...after].filter((x) => !before.has(x)).length;
      const minus = [...before].filter((x) => !after.has(x)).length;
      return [plus ? `+${plus}` : '', minus ? `−${minus}` : ''].filter(Boolean).join(' ') + ` specialized form${plus + minus > 1 ? 's' : ''}`;
    }
    default: return null;
  }
}

/**
 * The timeline of one instruction: a column per supported version with its presence (coloured by kind), opcode
 * number, the changes of that version and, where it went away, what replaced it. `current` is marked.
 */
export function renderOpTimeline(h: OpHistory, current: string, ctx: RefContext): HTMLElement {
  const list = el('ol', { cls: 'timeline', attrs: { 'aria-label': `${h.opname} across CPython ${ctx.versions[0]}–${ctx.versions[ctx.versions.length - 1]}` } });
  ctx.versions.forEach((v, i) => {
    const kind = h.kinds[v];
    const present = kind !== undefined;
    const prevPresent = i > 0 && h.kinds[ctx.versions[i - 1]!] !== undefined;
    const nextPresent = i < ctx.versions.length - 1 && h.kinds[ctx.versions[i + 1]!] !== undefined;
    const events = h.events.filter((e) => e.version === v);
    const body = el('div', { cls: 'tl-body' });
    if (present) {
      const renum = events.find((e) => e.change === 'renumbered');
      body.appendChild(el('div', { cls: 'tl-num' + (renum ? ' changed' : ''), text: `opcode ${h.numbers[v]}` + (renum ? ` (was ${renum.from})` : ''),
        title: renum ? capitalize(renum.text) : `Opcode number in ${v}` }));
      if (kind !== 'real') body.appendChild(el('div', { cls: `tl-kind k-${kind}`, text: KIND_SHORT[kind] }));
    } else {
      const before = ctx.versions.slice(0, i).some((x) => h.kinds[x] !== undefined);
      const after = ctx.versions.slice(i + 1).some((x) => h.kinds[x] !== undefined);
      body.appendChild(el('div', { cls: 'tl-num absent', text: before && after ? 'absent' : before ? 'gone' : after ? 'not yet' : '—' }));
    }
    const tags = el('ul', { cls: 'tl-tags' });
    for (const e of events) {
      const label = eventLabel(e);
      if (label) tags.appendChild(el('li', { cls: `tl-tag ev-${e.change}`, text: label, title: capitalize(e.text) }));
    }
    for (const r of h.replaced_by.filter((x) => x.version === v)) {
      const li = el('li', { cls: 'tl-tag tl-repl', title: capitalize(r.text) }, [document.createTextNode('→ ')]);
      r.by.forEach((b, j) => {
        if (j) li.appendChild(document.createTextNode(' + '));
        li.appendChild(opLink(ctx, b, v));
        if (j === 0 && r.arg !== undefined) li.appendChild(document.createTextNode(` (${r.arg})`));
      });
      tags.appendChild(li);
    }
    const replaces = h.replaces.filter((x) => x.version === v);
    if (replaces.length) {
      const prev = ctx.versions[i - 1] ?? v;
      const li = el('li', { cls: 'tl-tag tl-repl', title: `Replaces ${replaces.map((r) => r.opname).join(', ')}` }, [document.createTextNode('replaces ')]);
      if (replaces.length <= 2) {
        replaces.forEach((r, j) => {
          if (j) li.appendChild(document.createTextNode(', '));
          li.appendChild(opLink(ctx, r.opname, prev));
        });
      } else {
        li.appendChild(document.createTextNode(`${replaces.length} instructions`));
      }
      tags.appendChild(li);
    }
    if (tags.childElementCount) body.appendChild(tags);
    const isCurrent = v === current;
    const link = el('a', {
      cls: 'tl-version', text: v,
      attrs: { href: ctx.entryHref(v, h.opname), 'data-key': `tl-${v}`, ...(isCurrent ? { 'aria-current': 'page' } : {}) },
      title: present ? `${h.opname} in CPython ${v}` : `CPython ${v} has no ${h.opname}`,
    });
    const cls = ['tl-step', present ? `present k-${kind}` : 'absent', prevPresent ? 'join-prev' : '', nextPresent ? 'join-next' : '', isCurrent ? 'current' : '']
      .filter(Boolean).join(' ');
    list.appendChild(el('li', { cls }, [link, el('span', { cls: 'tl-track', attrs: { 'aria-hidden': 'true' } }, [el('span', { cls: 'tl-dot' })]), body]));
  });
  return list;
}

/**
 * The timeline of the versions: for each step from one version to the next, how many instructions it added,
 * removed and renumbered; each step links to its full difference. `active` marks the step shown.
 */
export function renderVersionSteps(steps: readonly TimelineStep[], ctx: RefContext, active?: { from: string; to: string }): HTMLElement {
  const list = el('ol', { cls: 'steps', attrs: { 'aria-label': 'What changed from one version to the next' } });
  for (const s of steps) {
    const on = active?.from === s.from && active.to === s.to;
    const a = el('a', { cls: 'step-link', attrs: { href: ctx.diffHref(s.from, s.to), 'data-key': `step-${s.to}`, ...(on ? { 'aria-current': 'page' } : {}) } }, [
      el('span', { cls: 'step-versions', text: `${s.from} → ${s.to}` }),
      el('span', { cls: 'step-counts' }, [
        el('span', { cls: 'n-added', text: `+${s.summary.added}`, title: `${s.summary.added} added` }),
        el('span', { cls: 'n-removed', text: `−${s.summary.removed}`, title: `${s.summary.removed} removed` }),
        el('span', { cls: 'n-renum', text: `${s.summary.renumbered} renumbered` }),
      ]),
    ]);
    list.appendChild(el('li', { cls: 'step' + (on ? ' current' : '') }, [a]));
  }
  return list;
}
