/**
 * Bytescope's instruction reference page (reference.html): every opcode of CPython 2.7 and 3.0–3.15 from the core's
 * reference — search, entry, history timeline, version differences. Core data only: no Python runtime is loaded
 * unless the reader asks to see an entry's example live (live.ts).
 * The state lives in the URL fragment (link.ts), so links are shareable and Back works.
 */
import { DEFAULT_PYTHON_VERSION, allOpnames, explain, referenceVersions, type OpKind } from '@bytescope/core';
import { byId, el, versionOptions } from '../ui/dom.js';
import { initTheme } from '../ui/theme.js';
import { ROUTE_KINDS, parseRoute, routeHash, type ReferenceRoute } from './link.js';
import { findInstructions, versionIndex, type ListItem } from './search.js';
import { KIND_SHORT, breakable, type RefContext } from './text.js';
import { renderDiff, renderEntry, renderMissing, renderOverview } from './view.js';
import '../ui/style.css';
import './style.css';

const VERSIONS = referenceVersions();
/** The explorer's default version when the reference covers it (it does), else the newest. */
const DEFAULT_VERSION = VERSIONS.includes(DEFAULT_PYTHON_VERSION) ? DEFAULT_PYTHON_VERSION : VERSIONS[VERSIONS.length - 1]!;

const versionSelect = byId<HTMLSelectElement>('ref-version');
const search = byId<HTMLInputElement>('ref-search');
const kindsBox = byId('ref-kinds');
const countEl = byId('ref-count');
const results = byId<HTMLOListElement>('ref-results');
const mainEl = byId('ref-main');
const diffLink = byId<HTMLAnchorElement>('diff-link');
/** The one-column layout of reference/style.css. */
const narrow = window.matchMedia('(max-width: 760px)');

initTheme(byId('theme-toggle'));
versionSelect.append(...versionOptions(VERSIONS));

let route: ReferenceRoute = parseRoute(location.hash, VERSIONS, DEFAULT_VERSION);
let shown: ReferenceRoute | null = null;
/** The rows of the list (this version's, then other versions'), for the keyboard. */
let listItems: ListItem[] = [];
let active = -1;

/** A route without the search state: what links in the page point to (clean, shareable). */
const clean = (r: Partial<ReferenceRoute>): ReferenceRoute => ({
  view: 'entry', version: route.version, opname: null, from: '', to: '', query: '', kinds: [], ...r,
});

const ctx: RefContext = {
  versions: VERSIONS,
  known: new Set(VERSIONS.flatMap((v) => allOpnames(v))),
  entryHref: (version, opname) => routeHash(clean({ version, opname })),
  versionHref: (version) => routeHash(clean({ version })),
  diffHref: (from, to) => routeHash(clean({ view: 'diff', version: to, from, to })),
};

// ---------------------------------------------------------------------------------------------- navigation
/** Shows `next`, recording it in the history (`push`) or in place of the current entry. */
function navigate(next: ReferenceRoute, push: boolean): void {
  const hash = routeHash(next);
  if (hash !== location.hash) {
    if (push) history.pushState(null, '', hash);
    else history.replaceState(null, '', hash);
  }
  show(next);
}

/** The route a link inside the page leads to: its own search state if it has one, else the current one. */
function linkRoute(href: string): ReferenceRoute {
  const target = parseRoute(href, VERSIONS, route.version);
  return { ...target, query: target.query || route.query, kinds: target.kinds.length ? target.kinds : route.kinds };
}

document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element).closest?.('a');
  const href = a?.getAttribute('href');
  if (!a || !href?.startsWith('#') || a.target) return;
  e.preventDefault();
  if (a.classList.contains('skip-link')) { mainEl.focus(); return; }
  navigate(linkRoute(href), true);
  if (a.closest('#ref-results') && narrow.matches) mainEl.scrollIntoView({ block: 'start' });
});

window.addEventListener('popstate', () => show(parseRoute(location.hash, VERSIONS, DEFAULT_VERSION)));
window.addEventListener('hashchange', () => {
  if (routeHash(route) !== location.hash) show(parseRoute(location.hash, VERSIONS, DEFAULT_VERSION));
});

// ---------------------------------------------------------------------------------------------- rendering
function show(next: ReferenceRoute): void {
  const prev = shown;
  route = next;
  shown = next;
  versionSelect.value = next.version;
  if (search.value !== next.query) search.value = next.query;
  diffLink.href = ctx.diffHref(...diffPair(next.version));
  const listChanged = !prev || prev.version !== next.version || prev.query !== next.query || prev.kinds.join() !== next.kinds.join();
  const mainChanged = !prev || prev.view !== next.view || prev.version !== next.version || prev.opname !== next.opname ||
    prev.from !== next.from || prev.to !== next.to;
  if (listChanged) renderKinds();
  if (listChanged) renderList();
  else markSelected();
  if (mainChanged) renderMain(prev);
}

function diffPair(version: string): [string, string] {
  const i = VERSIONS.indexOf(version);
  return i > 0 ? [VERSIONS[i - 1]!, version] : [VERSIONS[0]!, VERSIONS[1] ?? VERSIONS[0]!];
}

const KIND_TITLE: Record<OpKind, string> = {
  real: 'Base instructions: what the compiler emits', specialized: 'Specialized forms written by the adaptive interpreter (3.11+)',
  pseudo: 'Pseudo-instructions: the compiler\'s, replaced before the bytecode is final (3.12+)',
  instrumented: 'Instrumented forms written by sys.monitoring (3.12+)',
};

function renderKinds(): void {
  const counts = new Map<OpKind, number>();
  for (const x of versionIndex(route.version)) counts.set(x.kind, (counts.get(x.kind) ?? 0) + 1);
  kindsBox.replaceChildren(...ROUTE_KINDS.map((k) => {
    const on = route.kinds.includes(k);
    const b = el('button', { cls: `kind-chip k-${k}`, title: KIND_TITLE[k], attrs: { type: 'button', 'aria-pressed': String(on), 'data-kind': k } }, [
      el('span', { text: KIND_SHORT[k] }), el('span', { cls: 'n', text: String(counts.get(k) ?? 0) }),
    ]);
    b.addEventListener('click', () => {
      const kinds = on ? route.kinds.filter((x) => x !== k) : ROUTE_KINDS.filter((x) => x === k || route.kinds.includes(x));
      navigate({ ...route, kinds }, false);
    });
    return b;
  }));
}

function resultRow(item: ListItem, i: number, other: boolean): HTMLElement {
  const href = ctx.entryHref(item.version, item.opname);
  return el('li', { cls: 'result' + (other ? ' other' : ''), attrs: { role: 'option', id: `opt-${i}`, 'aria-selected': 'false', 'data-opname': item.opname, 'data-version': item.version } }, [
    el('a', { attrs: { href, tabindex: '-1' } }, [
      el('span', { cls: 'r-name' }, breakable(item.opname)),
      other ? el('span', { cls: 'r-ver', text: item.version }) : null,
      el('span', { cls: 'r-code', text: String(item.opcode), title: `opcode ${item.opcode} in ${item.version}` }),
      el('span', { cls: 'r-sum' }, [
        item.kind !== 'real' ? el('span', { cls: `r-kind k-${item.kind}`, text: KIND_SHORT[item.kind] }) : null,
        document.createTextNode(item.summary.replace(/`/g, '')),
      ]),
    ]),
  ]);
}

function renderList(): void {
  const r = findInstructions(route.version, route.query, route.kinds);
  listItems = [...r.items, ...r.elsewhere];
  const rows: HTMLElement[] = r.items.map((x, i) => resultRow(x, i, false));
  if (r.elsewhere.length) {
    rows.push(el('li', { cls: 'result-group', text: r.items.length ? 'Also in other versions' : `Not in ${route.version}; in other versions`, attrs: { role: 'presentation' } }));
    r.elsewhere.forEach((x, i) => rows.push(resultRow(x, r.items.length + i, true)));
  }
  results.replaceChildren(...rows);
  const n = r.items.length;
  const what = route.kinds.length ? route.kinds.map((k) => KIND_SHORT[k]).join(' or ') + ' ' : '';
  countEl.textContent = route.query.trim()
    ? `${n || 'No'} ${what}match${n === 1 ? '' : 'es'} in ${route.version}` + (r.elsewhere.length ? `, ${r.elsewhere.length} in other versions` : '')
    : `${n} ${what}instructions in ${route.version}`;
  active = route.query.trim() ? (listItems.length ? 0 : -1) : -1;
  markSelected();
  const sel = selectedIndex();
  if (sel >= 0 && !route.query.trim()) active = sel;
  markActive(false);
}

function selectedIndex(): number {
  return listItems.findIndex((x) => x.opname === route.opname && x.version === route.version);
}

/** Marks the entry shown in the list and scrolls the list (only the list, never the page) to it. */
function markSelected(): void {
  const sel = route.view === 'entry' ? selectedIndex() : -1;
  for (const li of results.querySelectorAll<HTMLElement>('li.result')) li.setAttribute('aria-selected', String(li.id === `opt-${sel}`));
  const li = sel >= 0 ? document.getElementById(`opt-${sel}`) : null;
  if (li) scrollList(li, true);
}

/** Scrolls the list so that `li` is visible (`center`: in the upper third when it was not). */
function scrollList(li: HTMLElement, center: boolean): void {
  const top = li.offsetTop;
  const bottom = top + li.offsetHeight;
  const view = results.clientHeight;
  if (top >= results.scrollTop && bottom <= results.scrollTop + view) return;
  results.scrollTop = center ? Math.max(0, top - view / 3) : top < results.scrollTop ? top : bottom - view;
}

function markActive(scroll: boolean): void {
  results.querySelector('li.active')?.classList.remove('active');
  const li = active >= 0 ? document.getElementById(`opt-${active}`) : null;
  if (li) {
    li.classList.add('active');
    search.setAttribute('aria-activedescendant', li.id);
    if (scroll) scrollList(li, false);
  } else {
    search.removeAttribute('aria-activedescendant');
  }
}

function renderMain(prev: ReferenceRoute | null): void {
  const focusKey = mainEl.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.key : undefined;
  let view: HTMLElement;
  let title: string;
  if (route.view === 'diff') {
    view = renderDiff(route.from, route.to, ctx, (from, to) => navigate({ ...route, view: 'diff', version: to, from, to }, true));
    title = `What changed from CPython ${route.from} to ${route.to}`;
  } else if (route.opname) {
    const entry = explain(route.opname, route.version);
    view = entry ? renderEntry(entry, ctx) : renderMissing(route.opname, route.version, ctx);
    title = `${route.opname} — CPython ${route.version}`;
  } else {
    view = renderOverview(route.version, ctx, (k) => routeHash(clean({ version: route.version, kinds: [k] })));
    title = `CPython ${route.version} instructions`;
  }
  document.title = `${title} — Bytescope reference`;
  mainEl.replaceChildren(view);
  // A version switch of the same entry (the timeline, the version menu) keeps the place; anything else starts at the top.
  const sameThing = prev && prev.view === route.view && prev.opname === route.opname && route.view === 'entry' && route.opname;
  if (!sameThing) mainEl.scrollTop = 0;
  if (focusKey) mainEl.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
}

// ---------------------------------------------------------------------------------------------- controls
versionSelect.addEventListener('change', () => {
  navigate({ ...route, view: 'entry', version: versionSelect.value, opname: route.view === 'entry' ? route.opname : null, from: '', to: '' }, true);
});

search.addEventListener('input', () => navigate({ ...route, query: search.value }, false));

search.addEventListener('keydown', (e) => {
  const n = listItems.length;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    if (!n) return;
    e.preventDefault();
    active = e.key === 'ArrowDown' ? Math.min(active + 1, n - 1) : Math.max(active - 1, 0);
    markActive(true);
  } else if (e.key === 'Enter') {
    const item = listItems[active >= 0 ? active : 0];
    if (!item) return;
    e.preventDefault();
    navigate({ ...route, view: 'entry', version: item.version, opname: item.opname, from: '', to: '' }, true);
  } else if (e.key === 'Escape' && search.value) {
    e.preventDefault();
    navigate({ ...route, query: '' }, false);
  }
});

document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement;
  if (e.key === '/' && !t.closest('input, select, textarea')) {
    e.preventDefault();
    search.focus();
    search.select();
  }
});

show(route);
search.focus({ preventScroll: true });
(globalThis as unknown as { __bytescopeReference: unknown }).__bytescopeReference = { ready: true };
