/**
 * The tour (issue #16): a strip above the explorer that leads a newcomer through the questions of tour/chapters.ts,
 * one chapter at a time. Opening a chapter loads its example into the editor (the user's own source is kept and
 * put back when the tour closes); its text follows the version picked; each instruction it names is a chip that
 * highlights that instruction's rows in the listing (a click selects the first); its buttons open the tool that
 * answers the question. The explorer (main.ts) provides the tools through {@link TourHost}.
 */
import { PYTHON_VERSIONS } from '@bytescope/core';
import { referenceHref } from '../reference/link.js';
import { byId, el } from '../ui/dom.js';
import { example } from '../explorer/examples.js';
import { CHAPTERS, tourVersion, type TourChapter, type TourPiece, type TourTool } from './chapters.js';
import './style.css';

/** What the tour needs from the explorer. */
export interface TourHost {
  /** The editor's text, and replacing it (which compiles it). */
  getSource(): string;
  setSource(text: string): void;
  /** The version picked. */
  getVersion(): string;
  /** Makes sure the editor's source is shown (closes a `.pyc` file). */
  showSource(): void;
  /** The listing element (`#listing`), whose rows the chips highlight. */
  readonly listing: HTMLElement;
  /** Selects a row of the listing by key (`codeIndex:offset`). */
  selectRow(key: string): void;
  /** Opens a tool (other than the reference's, which are links). */
  openTool(tool: Exclude<TourTool, { kind: 'reference' }>): void;
}

/** The tour's handle. */
export interface Tour {
  /** Opens the tour at chapter `index` (default: where it was). */
  open(index?: number): void;
  close(): void;
}

/** The listing rows of instruction `op` (with `arg` shown in parentheses, when given), optionally in code object `code`. */
export function rowsOf(listing: HTMLElement, op: string, arg?: string, code?: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const section of listing.querySelectorAll<HTMLElement>('section.code-object')) {
    if (code !== undefined && section.querySelector('.co-title')?.textContent !== code) continue;
    for (const row of section.querySelectorAll<HTMLElement>('.ins[data-offset]')) {
      if (row.querySelector('.c-op')?.textContent !== op) continue;
      if (arg !== undefined && row.querySelector('.c-argrepr')?.textContent !== `(${arg})`) continue;
      out.push(row);
    }
  }
  return out;
}

/** The text of an instruction chip: `BINARY_OP (+)`. */
const chipText = (p: { op: string; arg?: string }) => (p.arg === undefined ? p.op : `${p.op} (${p.arg})`);

/** Sets up the tour in `#tour` (opened by `#tour-button`) and returns it. */
export function initTour(host: TourHost): Tour {
  const panel = byId('tour');
  const button = byId('tour-button');
  let index = 0;
  /** The user's source while the tour shows its examples. */
  let saved: string | undefined;
  /** The example as the chapter loaded it (to know whether the user edited it). */
  let loaded = '';

  function piece(p: TourPiece): Node {
    if (typeof p === 'string') return document.createTextNode(p);
    if ('code' in p) return el('code', { text: p.code });
    const chip = el('button', {
      cls: 'tour-op', text: chipText(p),
      attrs: { type: 'button', 'data-op': p.op, ...(p.arg !== undefined ? { 'data-arg': p.arg } : {}), title: `${chipText(p)}: show its rows in the listing` },
    });
    return chip;
  }

  function referenceLink(tool: { op?: string }, label: string): HTMLAnchorElement {
    const v = host.getVersion();
    const i = PYTHON_VERSIONS.indexOf(v as (typeof PYTHON_VERSIONS)[number]);
    const href = tool.op !== undefined
      ? referenceHref(v, tool.op)
      : `reference.html#diff/${i > 0 ? `${PYTHON_VERSIONS[i - 1]}/${v}` : `${v}/${PYTHON_VERSIONS[i + 1] ?? v}`}`;
    return el('a', { cls: 'tour-action', text: label, attrs: { href, target: '_blank', rel: 'noopener', ...(tool.op ? { 'data-op': tool.op } : {}) } });
  }

  function render(): void {
    const chapter: TourChapter = CHAPTERS[index]!;
    const v = tourVersion(host.getVersion());
    const menu = el('select', { cls: 'tour-menu', attrs: { 'aria-label': 'chapter' } }, CHAPTERS.map((c, i) => el('option', { text: `${i + 1}. ${c.title}`, attrs: { value: String(i) } })));
    menu.value = String(index);
    menu.addEventListener('change', () => go(Number(menu.value)));
    const prev = el('button', { text: '◀', attrs: { type: 'button', 'aria-label': 'previous chapter', title: 'previous chapter' } });
    const next = el('button', { text: '▶', attrs: { type: 'button', 'aria-label': 'next chapter', title: 'next chapter' } });
    prev.disabled = index === 0;
    next.disabled = index === CHAPTERS.length - 1;
    prev.addEventListener('click', () => go(index - 1));
    next.addEventListener('click', () => go(index + 1));
    const close = el('button', { cls: 'tour-close', text: 'Close', attrs: { type: 'button', 'aria-label': 'Close the tour', title: 'Close the tour (your own source comes back)' } });
    close.addEventListener('click', () => tour.close());
    const actions = el('div', { cls: 'tour-actions' });
    for (const a of chapter.actions(v)) {
      if (a.tool.kind === 'reference') { actions.appendChild(referenceLink(a.tool, a.label)); continue; }
      const tool = a.tool;
      const b = el('button', { cls: 'tour-action', text: a.label, attrs: { type: 'button', ...('op' in tool ? { 'data-op': tool.op } : {}), ...('arg' in tool && tool.arg !== undefined ? { 'data-arg': tool.arg } : {}) } });
      b.addEventListener('click', () => host.openTool(tool));
      actions.appendChild(b);
    }
    const reset = el('button', { cls: 'tour-reset', text: 'Reset the example', attrs: { type: 'button', title: 'Load the chapter\'s example again' } });
    reset.addEventListener('click', () => loadExample(chapter));
    actions.appendChild(reset);
    panel.dataset.chapter = chapter.id;
    panel.dataset.version = v.version;
    panel.replaceChildren(
      el('div', { cls: 'tour-head' }, [
        el('span', { cls: 'tour-badge', text: 'Tour' }), prev, menu, next,
        el('span', { cls: 'tour-count', text: `${index + 1} of ${CHAPTERS.length} · Python ${v.version}` }), close,
      ]),
      el('h2', { cls: 'tour-question', text: chapter.question }),
      el('div', { cls: 'tour-text' }, chapter.text(v).map((para) => el('p', {}, para.map(piece)))),
      actions,
    );
  }

  function loadExample(chapter: TourChapter): void {
    loaded = example(chapter.example).source;
    host.setSource(loaded);
  }

  function go(i: number): void {
    index = Math.max(0, Math.min(CHAPTERS.length - 1, i));
    render();
    loadExample(CHAPTERS[index]!);
    panel.scrollTop = 0;
  }

  // Instruction chips: hovering highlights their rows, a click selects the first.
  const lit: HTMLElement[] = [];
  const unlight = () => { for (const r of lit.splice(0)) r.classList.remove('hl'); };
  panel.addEventListener('mouseover', (e) => {
    const chip = (e.target as HTMLElement).closest<HTMLElement>('.tour-op');
    unlight();
    if (!chip) return;
    for (const r of rowsOf(host.listing, chip.dataset.op!, chip.dataset.arg)) { r.classList.add('hl'); lit.push(r); }
  });
  panel.addEventListener('mouseleave', unlight);
  panel.addEventListener('click', (e) => {
    const chip = (e.target as HTMLElement).closest<HTMLElement>('.tour-op');
    if (!chip) return;
    const row = rowsOf(host.listing, chip.dataset.op!, chip.dataset.arg)[0];
    if (row) host.selectRow(`${row.dataset.co}:${row.dataset.offset}`);
  });
  // The text follows the version.
  byId<HTMLSelectElement>('version').addEventListener('change', () => { if (!panel.hidden) render(); });

  const tour: Tour = {
    open(i = index) {
      host.showSource();
      if (panel.hidden) saved = host.getSource();
      panel.hidden = false;
      button.setAttribute('aria-pressed', 'true');
      go(i);
    },
    close() {
      panel.hidden = true;
      button.setAttribute('aria-pressed', 'false');
      unlight();
      // The user's own source comes back, unless they made the example their own.
      if (saved !== undefined && host.getSource() === loaded) host.setSource(saved);
      saved = undefined;
    },
  };
  button.addEventListener('click', () => (panel.hidden ? tour.open() : tour.close()));
  return tour;
}
