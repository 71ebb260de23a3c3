/**
 * Instruction counts of a lab run placed on the explorer: a count bar on each listing row (`.ins.lab-counted`, the
 * count in `data-lab-count`, the bar's length in `--lab-frac`) and per-line totals for the editor's heat map.
 *
 * The run compiled the same source as the listing, so code objects and offsets agree; each code object is matched
 * by name, first line and its instructions (offset and opname), and one that does not match gets no bars rather
 * than wrong ones. Rows appear lazily and are rebuilt on every listing update, so a MutationObserver on the listing
 * decorates each row as it enters the document.
 */
import type { BytescopeJson, JsonCodeObject } from '@bytescope/core';
import type { LabCodeCounts, LabCounts } from '@bytescope/python/lab/portable';
import { heatLevel, type HeatLine } from './heat.js';
import { fmtCount } from './widgets.js';

/** Where the driver compiles the user's program (its call expression has another file name). */
const LAB_FILENAME = '<lab>';

/** The counts of a run, keyed by listing row (`${codeIndex}:${offset}`), with the largest one. */
export interface RowCounts {
  readonly rows: ReadonlyMap<string, number>;
  readonly max: number;
  /** Code objects of the listing whose instructions did not match the run's (no bars for them). */
  readonly unmatched: number;
}

function sameInstructions(co: JsonCodeObject, lab: LabCodeCounts): boolean {
  if (co.instructions.length !== lab.instructions.length) return false;
  for (let i = 0; i < lab.instructions.length; i++) {
    const a = co.instructions[i]!;
    const b = lab.instructions[i]!;
    if (a.offset !== b.offset || a.opname !== b.opname) return false;
  }
  return true;
}

/** Matches the run's code objects to the listing's and keys each instruction's count by row. */
export function rowCounts(counts: LabCounts, model: BytescopeJson): RowCounts {
  const candidates = counts.codeObjects.filter((c) => c.filename === LAB_FILENAME);
  const used = new Set<LabCodeCounts>();
  const rows = new Map<string, number>();
  let max = 0;
  let unmatched = 0;
  for (const co of model.code_objects) {
    const lab = candidates.find((c) => !used.has(c) && c.name === co.co_name && c.firstLineno === co.co_firstlineno && sameInstructions(co, c));
    if (!lab) { unmatched++; continue; }
    used.add(lab);
    for (const ins of lab.instructions) {
      rows.set(`${co.index}:${ins.offset}`, ins.count);
      if (ins.count > max) max = ins.count;
    }
  }
  return { rows, max, unmatched };
}

/** Instructions executed per source line of the program (not of the call expression), as heat-map lines. */
export function heatLines(counts: LabCounts): HeatLine[] {
  const perLine = new Map<number, number>();
  for (const co of counts.codeObjects) {
    if (co.filename !== LAB_FILENAME) continue;
    for (const ins of co.instructions) {
      if (ins.line === null || ins.line < 1 || ins.count === 0) continue;
      perLine.set(ins.line, (perLine.get(ins.line) ?? 0) + ins.count);
    }
  }
  const max = Math.max(0, ...perLine.values());
  return [...perLine].map(([line, n]) => ({
    line, level: heatLevel(n, max), title: `${fmtCount(n)} instruction${n === 1 ? '' : 's'} executed on line ${line}`,
  }));
}

/** Shows counts as bars on the rows of a listing element, following its re-renders. */
export class RowBars {
  private counts: LabCounts | null = null;
  private memo: { model: BytescopeJson; counts: LabCounts; rows: RowCounts } | null = null;
  private readonly observer: MutationObserver;

  /**
   * `listing` is the element whose rows (`.ins[data-co][data-offset]`) get the bars; `model` gives the JSON model
   * the listing currently shows.
   */
  constructor(private readonly listing: HTMLElement, private readonly model: () => BytescopeJson | undefined) {
    this.observer = new MutationObserver((records) => {
      if (!this.counts) return;
      for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement) this.decorate(n);
    });
    this.observer.observe(listing, { childList: true, subtree: true });
  }

  /** Shows `counts` on the listing (null: removes every bar). Returns how they matched the current listing. */
  show(counts: LabCounts | null): RowCounts | null {
    this.counts = counts;
    const c = this.current();
    this.listing.classList.toggle('lab-counts', c !== null);
    if (!c) {
      for (const r of this.listing.querySelectorAll<HTMLElement>('.ins.lab-counted')) clear(r);
      return null;
    }
    this.decorate(this.listing);
    return c;
  }

  /** The counts by row for the model shown now (computed once per model). */
  private current(): RowCounts | null {
    const model = this.model();
    if (!this.counts || !model) return null;
    if (this.memo?.model !== model || this.memo.counts !== this.counts) {
      this.memo = { model, counts: this.counts, rows: rowCounts(this.counts, model) };
    }
    return this.memo.rows;
  }

  private decorate(root: HTMLElement): void {
    const c = this.current();
    if (!c) return;
    const rows = root.matches('.ins[data-offset]') ? [root] : root.querySelectorAll<HTMLElement>('.ins[data-offset]');
    for (const row of rows) {
      const n = c.rows.get(`${row.dataset.co}:${row.dataset.offset}`);
      if (n === undefined) { if (row.classList.contains('lab-counted')) clear(row); continue; }
      const text = fmtCount(n);
      row.classList.add('lab-counted');
      row.classList.toggle('lab-zero', n === 0);
      row.setAttribute('data-lab-count', text);
      row.style.setProperty('--lab-frac', c.max > 0 ? (n / c.max).toFixed(4) : '0');
      row.title = `executed ${text} time${n === 1 ? '' : 's'} in the last lab run`;
    }
  }
}

function clear(row: HTMLElement): void {
  row.classList.remove('lab-counted', 'lab-zero');
  row.removeAttribute('data-lab-count');
  row.removeAttribute('title');
  row.style.removeProperty('--lab-frac');
}
