/**
 * One stepped trace: its timeline (a slider, with a marker when the trace was truncated), the step shown, its
 * breakpoints and its state view. The stepper shows one column for the editor's program (the explorer's listing and
 * editor show where it is) or two for a lesson, where each column also shows its own source and the listing of the
 * code object running (with a breakpoint button on each row).
 */
import type { BytescopeJson, Trace } from '@bytescope/core';
import { el } from '../ui/dom.js';
import { Replay, stepKey, type BreakpointKey, type StepUnit } from './replay.js';
import { createStateView, type StepStateView } from './state-view.js';

/** Options of {@link StepColumn}. */
export interface StepColumnOptions {
  /** Prefix of the ids of the column's parts (`step`, `step-a`, `step-b`). */
  readonly id: string;
  readonly title?: string;
  readonly note?: string;
  /** Show the column's own source and listing (a lesson's columns); otherwise the explorer's are used. */
  readonly ownCode: boolean;
  /** Called after every move (the explorer then marks the step's row and span). */
  onMove?(column: StepColumn): void;
  /** Called when the user moves this column alone (its slider). */
  onUserMove?(column: StepColumn): void;
  /** Called when a breakpoint is set or cleared from the column's own listing. */
  onBreakpoints?(column: StepColumn): void;
}

/** A trace being stepped. */
export class StepColumn {
  readonly el: HTMLElement;
  readonly breakpoints = new Set<BreakpointKey>();
  replay: Replay | undefined;
  model: BytescopeJson | undefined;
  /** The step shown. */
  index = 0;
  private readonly slider: HTMLInputElement;
  private readonly truncated: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly state: StepStateView;
  private readonly sourceEl: HTMLElement | undefined;
  private readonly codeEl: HTMLElement | undefined;
  private lines: HTMLElement[] = [];
  /** The code object whose rows the column's listing shows, and those rows by offset. */
  private shownCode = -1;
  private rows = new Map<number, HTMLElement>();
  private currentRow: HTMLElement | undefined;
  private currentLine: HTMLElement | undefined;

  constructor(private readonly o: StepColumnOptions) {
    this.slider = el('input', { cls: 'step-slider', attrs: { id: `${o.id}-slider`, type: 'range', min: '0', max: '0', value: '0', 'aria-label': `${o.title ?? 'trace'}: step` } });
    this.slider.disabled = true;
    this.slider.addEventListener('input', () => {
      this.go(Number(this.slider.value));
      o.onUserMove?.(this);
    });
    this.truncated = el('span', { cls: 'step-truncated', attrs: { id: `${o.id}-truncated`, role: 'note' } });
    this.truncated.hidden = true;
    this.notes = el('div', { cls: 'step-notes', attrs: { id: `${o.id}-notes` } });
    this.state = createStateView(o.id);
    if (o.ownCode) {
      this.sourceEl = el('pre', { cls: 'step-source', attrs: { id: `${o.id}-source`, 'aria-label': 'source' } });
      this.codeEl = el('div', { cls: 'step-code-rows', attrs: { id: `${o.id}-code`, role: 'list', 'aria-label': 'instructions of the running code object' } });
      this.codeEl.addEventListener('click', (e) => {
        const b = (e.target as HTMLElement).closest<HTMLElement>('.step-gutter');
        if (!b?.dataset.key) return;
        this.toggleBreakpoint(b.dataset.key);
        o.onBreakpoints?.(this);
      });
    }
    this.el = el('div', { cls: 'step-column', attrs: { id: `${o.id}-column` } }, [
      o.title ? el('h3', { cls: 'step-column-title', text: o.title }) : null,
      o.note ? el('p', { cls: 'step-hint', text: o.note }) : null,
      el('div', { cls: 'step-timeline' }, [this.slider, this.truncated]),
      this.notes,
      o.ownCode ? el('div', { cls: 'step-code' }, [this.sourceEl!, this.codeEl!]) : null,
      this.state.el,
    ]);
    this.state.message('Not recorded yet.');
  }

  /** Shows a message instead of a trace (recording, a failure); the column has no trace until the next one. */
  message(text: string, error = false): void {
    this.replay = undefined;
    this.slider.disabled = true;
    this.truncated.hidden = true;
    this.notes.replaceChildren();
    this.state.message(text, error);
  }

  /**
   * Takes a newly recorded trace of `source` (whose listing is `model`), keeping the step shown when it can;
   * `recordMs`: how long the page waited for it.
   */
  setTrace(trace: Trace, model: BytescopeJson | undefined, source: string, recordMs?: number): void {
    this.replay = new Replay(trace);
    this.model = model;
    this.shownCode = -1;
    const n = trace.steps.length;
    this.slider.max = String(Math.max(n - 1, 0));
    this.slider.disabled = n === 0;
    const t = trace.truncated;
    this.truncated.hidden = !t;
    this.truncated.textContent = t ? `trace truncated: ${t.reason === 'steps' ? `stopped after ${t.limit.toLocaleString('en-US')} steps` : `stopped after ${t.limit} ms`}` : '';
    const notes: HTMLElement[] = [];
    if (trace.stack_source === 'simulated') {
      notes.push(el('p', { cls: 'step-simulated-trace', attrs: { id: `${this.o.id}-simulated-trace`, role: 'note' },
        text: `Simulated stack from step ${(trace.fallback?.first_step ?? 0) + 1}: ${trace.fallback?.reason ?? 'the real stack could not be read'}. Those steps show the static analysis’s expressions, not values.` }));
    }
    if (trace.outcome.status === 'error') notes.push(el('p', { cls: 'lab-error', text: `The program raised ${trace.outcome.error ?? 'an exception'}.` }));
    if (trace.call !== null) notes.push(el('p', { cls: 'step-hint', text: `Traced: the call ${trace.call}${trace.outcome.result !== undefined ? ` → ${trace.outcome.result}` : ''} (the module body ran untraced first).` }));
    notes.push(el('p', { cls: 'step-hint', text: `${n.toLocaleString('en-US')} steps recorded in CPython ${trace.version}: the run took ${trace.elapsed_ms.toFixed(0)} ms${recordMs === undefined ? '' : `, the page had the trace after ${recordMs.toFixed(0)} ms`}.` }));
    this.notes.replaceChildren(...notes);
    if (this.sourceEl) {
      this.lines = source.replace(/\n$/, '').split('\n').map((text, k) => el('span', { cls: 'step-src-line', attrs: { 'data-line': String(k + 1) } }, [
        el('span', { cls: 'step-src-n', text: String(k + 1) }), el('span', { text: text + '\n' }),
      ]));
      this.sourceEl.replaceChildren(...this.lines);
    }
    this.go(this.index);
  }

  /** Shows step `i` (clamped). */
  go(i: number): void {
    const r = this.replay;
    if (!r) return;
    this.index = Math.min(Math.max(i, 0), Math.max(r.length - 1, 0));
    this.slider.value = String(this.index);
    this.el.dataset.step = String(this.index);
    this.state.show(r, this.index, this.model);
    if (this.o.ownCode) this.showCode();
    this.o.onMove?.(this);
  }

  /**
   * Moves by `unit` in `dir`, stopping at a breakpoint on the way when `breakAt` (playing, or running to a
   * breakpoint). Returns where it stopped: `end` (could not move), `breakpoint` or `moved`.
   */
  move(unit: StepUnit, dir: 1 | -1, breakAt = false): 'end' | 'breakpoint' | 'moved' {
    const r = this.replay;
    if (!r) return 'end';
    const to = r.move(this.index, unit, dir);
    if (to === this.index) return 'end';
    const stop = breakAt ? r.stopAt(this.index, to, this.breakpoints) : to;
    this.go(stop);
    return stop !== to || (breakAt && this.atBreakpoint()) ? 'breakpoint' : 'moved';
  }

  /** Runs to the next (previous) breakpoint; false when there is none that way. */
  toBreakpoint(dir: 1 | -1): boolean {
    const r = this.replay;
    if (!r) return false;
    const to = r.nextBreakpoint(this.index, dir, this.breakpoints);
    if (to === this.index) return false;
    this.go(to);
    return true;
  }

  /** True when the step shown is on a breakpoint. */
  atBreakpoint(): boolean {
    const s = this.replay?.step(this.index);
    return !!s && this.breakpoints.has(stepKey(s));
  }

  /** True at the last step. */
  atEnd(): boolean {
    return !this.replay || this.index >= this.replay.length - 1;
  }

  /** Sets or clears the breakpoint on an instruction (`codeIndex:offset`). */
  toggleBreakpoint(key: BreakpointKey): void {
    if (this.breakpoints.has(key)) this.breakpoints.delete(key);
    else this.breakpoints.add(key);
    this.markBreakpoints();
  }

  /** Marks the breakpoints on the column's own listing rows. */
  markBreakpoints(): void {
    for (const [off, row] of this.rows) {
      const on = this.breakpoints.has(`${this.shownCode}:${off}`);
      row.classList.toggle('step-bp', on);
      row.querySelector('.step-gutter')?.setAttribute('aria-pressed', String(on));
    }
  }

  /** The lesson's own source and listing: the running code object's rows, the step's row and line marked. */
  private showCode(): void {
    const step = this.replay?.step(this.index);
    if (!step || !this.codeEl) return;
    if (step.code !== this.shownCode) {
      this.shownCode = step.code;
      this.rows.clear();
      const co = this.model?.code_objects[step.code];
      const rows = (co?.instructions ?? []).map((ins) => {
        const key = `${step.code}:${ins.offset}`;
        const row = el('div', { cls: 'step-row', attrs: { role: 'listitem', 'data-offset': String(ins.offset), 'data-key': key } }, [
          el('button', { cls: 'step-gutter', text: '●', attrs: { 'data-key': key, 'aria-pressed': 'false', 'aria-label': `breakpoint at ${ins.offset} ${ins.opname}`, title: 'breakpoint: stop here when playing' } }),
          el('span', { cls: 'step-row-off', text: String(ins.offset) }),
          el('span', { cls: 'step-row-op', text: ins.opname }),
          el('span', { cls: 'step-row-arg', text: ins.argrepr }),
        ]);
        this.rows.set(ins.offset, row);
        return row;
      });
      this.codeEl.replaceChildren(el('div', { cls: 'step-row-title', text: co ? (co.co_qualname ?? co.co_name) : `code ${step.code}` }), ...rows);
      this.currentRow = undefined;
      this.markBreakpoints();
    }
    this.currentRow?.classList.remove('step-current');
    this.currentRow = this.rows.get(step.offset);
    this.currentRow?.classList.add('step-current');
    this.currentRow?.scrollIntoView({ block: 'nearest' });
    this.currentLine?.classList.remove('step-current');
    this.currentLine = step.line === null ? undefined : this.lines[step.line - 1];
    this.currentLine?.classList.add('step-current');
  }
}
