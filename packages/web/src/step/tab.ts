/**
 * The explorer's stepper (issue #12): a "Step" tab beside the Lab that watches CPython execute the program
 * instruction by instruction with the real value stack. The program is traced once, in the lab's Web Worker (the
 * real interpreter of the version picked); every move after that replays the recorded trace (step/replay.ts), so
 * moving is a look-up and a redraw.
 *
 * Two modes: the editor's program (one column; the explorer's listing marks the step's row, its editor the step's
 * source span, and a click on a row's line-number gutter sets a breakpoint), and a lesson (two programs stepped
 * side by side in two columns, each with its own source and listing: step/lessons.ts).
 *
 * explorer/main.ts calls {@link initStepper} once; everything else lives in this folder.
 */
import { readPyc, toJsonModel, type BytescopeJson, type Trace } from '@bytescope/core';
import { byId, el } from '../ui/dom.js';
import { errorMessage } from '../ui/errors.js';
import { StepColumn } from './column.js';
import { LESSONS, lessonById, type Lesson } from './lessons.js';
import { STEP_UNITS, stepKey, type StepUnit } from './replay.js';
import './style.css';

/** What a trace request asks for. */
export interface StepTraceRequest {
  readonly source: string;
  /** An expression traced after the module body ran (untraced). */
  readonly call?: string;
}

/** What the stepper needs of the explorer. */
export interface StepperHost {
  /** The listing element (`#listing`): the step's row is marked there, and breakpoints set on its gutter. */
  readonly listing: HTMLElement;
  /** The editor's source, or null when a `.pyc` is shown (nothing to run then). */
  getSource(): string | null;
  getVersion(): string;
  /** Selects a listing row (`codeIndex:offset`): marks it, scrolls to it, marks its span in the editor. */
  selectRow(key: string): void;
  /** The listing's selected row, if any. */
  selection(): string | undefined;
  /** Records a trace in the lab's worker: the trace and the `.pyc` that ran (throws with a compile error's text). */
  record(version: string, request: StepTraceRequest): Promise<{ readonly trace: Trace; readonly pyc: Uint8Array }>;
}

/** The listing model of the `.pyc` a trace ran: its code objects are the trace's, by index. */
function modelOf(pyc: Uint8Array): BytescopeJson {
  return toJsonModel(readPyc(pyc));
}

/** What a share link keeps of the stepper. */
export interface StepShareState {
  readonly mode: 'program' | 'lesson';
  /** The lesson shown (mode `lesson`). */
  readonly lesson?: string;
  /** The step shown in each column. */
  readonly steps: readonly number[];
  readonly unit: StepUnit;
  /** Each column's breakpoints (`codeIndex:offset`). */
  readonly breakpoints: readonly (readonly string[])[];
}

/** What the explorer asks of the stepper. */
export interface StepperHandle {
  /** The stepper's state for a link, or undefined when its tab is not shown. */
  shareState(): StepShareState | undefined;
  /** Shows the stepper as a link left it (records, then goes to the steps). */
  restore(s: StepShareState): void;
  /** Shows a lesson (the tour opens one). */
  openLesson(id: string): void;
}

/** Milliseconds between moves while playing, by speed. */
const SPEEDS = { slow: 900, normal: 350, fast: 60 } as const;
const UNIT_TEXT: Record<StepUnit, string> = { instruction: 'instruction', line: 'line', call: 'call', return: 'return' };

/** Sets up the Step tab (`#tab-step`, `#step-view` in index.html). Call once, after the explorer's listeners. */
export function initStepper(host: StepperHost): StepperHandle {
  const tab = byId('tab-step');
  const view = byId('step-view');
  const pane = view.closest<HTMLElement>('.listing-pane');
  const listing = host.listing;

  let mode: 'program' | 'lesson' = 'program';
  let lesson: Lesson = LESSONS[0]!;
  let recordSeq = 0;
  /** The listing row marked as the step's, in program mode. */
  let markedRow: Element | null = null;
  /** A recording of the program asked for by a new listing, waiting for the edits to settle. */
  let again: ReturnType<typeof setTimeout> | undefined;

  // ------------------------------------------------------------------------------------------ controls
  const button = (id: string, text: string, title: string) => el('button', { text, title, attrs: { id, 'aria-label': title } });
  // The two modes: a pair of toggle buttons (both show their columns in the same place, so they are not tabs).
  const modeProgram = el('button', { text: 'This program', attrs: { id: 'step-mode-program', 'aria-pressed': 'true' } });
  const modeLesson = el('button', { text: 'Lesson: side by side', attrs: { id: 'step-mode-lesson', 'aria-pressed': 'false', title: LESSONS.map((l) => l.title).join('; ') } });
  const rerecord = button('step-record', 'Record again', 'Trace the program again (it is recorded once; stepping replays the recording)');
  const status = el('span', { cls: 'step-status', attrs: { id: 'step-status', role: 'status', 'aria-live': 'polite' } });
  const toStart = button('step-start', '|◀', 'First step (Home)');
  const back = button('step-back', '◀', 'Step back (←)');
  const unitSelect = el('select', { attrs: { id: 'step-unit', 'aria-label': 'Step by' } }, STEP_UNITS.map((u) => el('option', { text: `by ${UNIT_TEXT[u]}`, attrs: { value: u } })));
  const forward = button('step-forward', '▶', 'Step forward (→)');
  const play = button('step-play', 'Play', 'Play / pause (p): steps forward until a breakpoint or the end');
  const toBp = button('step-continue', '▶ to breakpoint', 'Run to the next breakpoint');
  const toEnd = button('step-end', '▶|', 'Last step (End)');
  const speed = el('select', { attrs: { id: 'step-speed', 'aria-label': 'Play speed' } }, Object.keys(SPEEDS).map((s) => el('option', { text: s, attrs: { value: s } })));
  speed.value = 'normal';
  const bpInfo = el('span', { cls: 'step-bp-info', attrs: { id: 'step-bp-info' } });
  const clearBps = button('step-clear-bps', 'clear', 'Clear all breakpoints');
  const intro = el('p', { cls: 'step-hint', attrs: { id: 'step-intro' } });
  const columnsEl = el('div', { cls: 'step-columns', attrs: { id: 'step-columns' } });

  const program = new StepColumn({ id: 'step', ownCode: false, onMove: markProgramStep });
  let lessonCols: StepColumn[] = [];
  const columns = (): StepColumn[] => (mode === 'program' ? [program] : lessonCols);

  const modes = el('div', { cls: 'step-modes', attrs: { role: 'group', 'aria-label': 'What to step' } }, [modeProgram, modeLesson]);
  view.replaceChildren(
    el('div', { cls: 'step-head' }, [modes, rerecord, status]),
    el('div', { cls: 'step-controls', attrs: { role: 'toolbar', 'aria-label': 'Stepping' } }, [toStart, back, unitSelect, forward, play, speed, toBp, toEnd, bpInfo, clearBps]),
    intro,
    columnsEl,
  );

  // ------------------------------------------------------------------------------------------ moving
  /** Moves every column by the unit chosen (or `unit`); a lesson's columns move together. */
  function step(dir: 1 | -1, unit: StepUnit = unitSelect.value as StepUnit): void {
    for (const c of columns()) c.move(unit, dir);
  }
  function jump(where: 'start' | 'end'): void {
    for (const c of columns()) c.go(where === 'start' ? 0 : Number.MAX_SAFE_INTEGER);
  }

  let playing: ReturnType<typeof setInterval> | undefined;
  function setPlaying(on: boolean): void {
    clearInterval(playing);
    playing = undefined;
    play.textContent = on ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(on));
    if (!on) return;
    playing = setInterval(() => {
      const unit = unitSelect.value as StepUnit;
      const results = columns().map((c) => c.move(unit, 1, true));
      if (results.includes('breakpoint') || results.every((r) => r === 'end')) setPlaying(false);
    }, SPEEDS[speed.value as keyof typeof SPEEDS] ?? SPEEDS.normal);
  }

  toStart.addEventListener('click', () => jump('start'));
  toEnd.addEventListener('click', () => jump('end'));
  back.addEventListener('click', () => step(-1));
  forward.addEventListener('click', () => step(1));
  play.addEventListener('click', () => setPlaying(playing === undefined));
  speed.addEventListener('change', () => { if (playing !== undefined) setPlaying(true); });
  toBp.addEventListener('click', () => {
    const moved = columns().map((c) => c.toBreakpoint(1));
    if (!moved.includes(true)) status.textContent = 'No breakpoint ahead.';
  });
  clearBps.addEventListener('click', () => {
    for (const c of columns()) { c.breakpoints.clear(); c.markBreakpoints(); }
    markListingBreakpoints();
  });

  view.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (t.closest('select, input') || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'ArrowRight') step(1, e.shiftKey ? 'line' : undefined);
    else if (e.key === 'ArrowLeft') step(-1, e.shiftKey ? 'line' : undefined);
    else if (e.key === 'Home') jump('start');
    else if (e.key === 'End') jump('end');
    else if (e.key === 'p') setPlaying(playing === undefined);
    else return;
    e.preventDefault();
  });

  // ------------------------------------------------------------------------------------------ program mode: the listing
  /** Marks the step's row in the explorer's listing (selected, so its span shows in the editor). */
  function markProgramStep(c: StepColumn): void {
    updateBpInfo();
    if (mode !== 'program' || view.hidden) return;
    const s = c.replay?.step(c.index);
    markedRow?.classList.remove('step-current');
    markedRow = null;
    if (!s) return;
    const key = stepKey(s);
    host.selectRow(key);
    markedRow = listing.querySelector(`.ins[data-co="${s.code}"][data-offset="${s.offset}"]`);
    markedRow?.classList.add('step-current');
  }

  /** Marks the program's breakpoints on the listing's rows. */
  function markListingBreakpoints(): void {
    for (const r of listing.querySelectorAll('.ins.step-bp')) r.classList.remove('step-bp');
    if (mode === 'program') {
      for (const k of program.breakpoints) {
        const [co, off] = k.split(':');
        listing.querySelector(`.ins[data-co="${co}"][data-offset="${off}"]`)?.classList.add('step-bp');
      }
    }
    updateBpInfo();
  }

  function updateBpInfo(): void {
    const n = columns().reduce((a, c) => a + c.breakpoints.size, 0);
    bpInfo.textContent = n ? `${n} breakpoint${n === 1 ? '' : 's'}` : 'no breakpoints';
    clearBps.hidden = n === 0;
  }

  function toggleListingBreakpoint(key: string): void {
    program.toggleBreakpoint(key);
    markListingBreakpoints();
  }

  // A click on a row's line-number cell (the gutter) sets or clears a breakpoint; `b` does it for the selected row.
  listing.addEventListener('click', (e) => {
    if (view.hidden || mode !== 'program') return;
    const cell = (e.target as HTMLElement).closest('.c-line');
    const row = cell?.closest<HTMLElement>('.ins[data-offset]');
    if (row) toggleListingBreakpoint(`${row.dataset.co}:${row.dataset.offset}`);
  });
  listing.addEventListener('keydown', (e) => {
    if (view.hidden || mode !== 'program' || e.key !== 'b' || e.ctrlKey || e.metaKey || e.altKey) return;
    const key = host.selection();
    if (key) { toggleListingBreakpoint(key); e.preventDefault(); }
  });

  // ------------------------------------------------------------------------------------------ recording
  async function recordProgram(): Promise<void> {
    const seq = ++recordSeq;
    const source = host.getSource();
    if (source === null) { program.message('The stepper runs source code: go back to the editor to step a program.'); return; }
    const version = host.getVersion();
    status.textContent = `Recording in CPython ${version} (the lab’s worker)…`;
    view.dataset.state = 'recording';
    try {
      const t0 = performance.now();
      const { trace, pyc } = await host.record(version, { source });
      if (seq !== recordSeq) return;
      program.setTrace(trace, modelOf(pyc), source, performance.now() - t0);
      status.textContent = '';
      view.dataset.state = 'ready';
    } catch (e) {
      if (seq !== recordSeq) return;
      program.message(`The program could not be traced: ${errorMessage(e)}`, true);
      status.textContent = '';
      view.dataset.state = 'failed';
    }
  }

  async function recordLesson(): Promise<void> {
    const seq = ++recordSeq;
    const version = host.getVersion();
    status.textContent = `Recording both programs in CPython ${version}…`;
    view.dataset.state = 'recording';
    const cols = lessonCols;
    const results = await Promise.allSettled(lesson.columns.map(async (lc) => {
      const { trace, pyc } = await host.record(version, { source: lc.source, ...(lc.call ? { call: lc.call } : {}) });
      return { model: modelOf(pyc), trace };
    }));
    if (seq !== recordSeq || cols !== lessonCols) return;
    let failed = false;
    results.forEach((r, k) => {
      const c = cols[k]!;
      if (r.status === 'fulfilled') c.setTrace(r.value.trace, r.value.model, lesson.columns[k]!.source);
      else { failed = true; c.message(`Could not be traced: ${errorMessage(r.reason)}`, true); }
    });
    status.textContent = '';
    view.dataset.state = failed ? 'failed' : 'ready';
  }

  function record(): void {
    if (mode === 'program') void recordProgram();
    else void recordLesson();
  }
  rerecord.addEventListener('click', record);

  // ------------------------------------------------------------------------------------------ modes and the tab
  function setMode(m: 'program' | 'lesson'): void {
    setPlaying(false);
    clearTimeout(again);
    mode = m;
    modeProgram.setAttribute('aria-pressed', String(m === 'program'));
    modeLesson.setAttribute('aria-pressed', String(m === 'lesson'));
    view.classList.toggle('step-lesson', m === 'lesson');
    listing.classList.toggle('step-mode', m === 'program');
    if (!view.hidden) listing.hidden = m === 'lesson';
    markedRow?.classList.remove('step-current');
    markedRow = null;
    if (m === 'program') {
      intro.textContent = 'The editor’s program, traced once by real CPython; stepping replays the recording. Click a row’s line-number gutter (or press b on a selected row) for a breakpoint. Keys: ← → step, Shift+← → by line, Home, End, p play.';
      columnsEl.replaceChildren(program.el);
    } else {
      intro.textContent = lesson.intro;
      lessonCols = lesson.columns.map((lc, k) => new StepColumn({
        id: `step-${'ab'[k]}`, title: lc.title, note: lc.note, ownCode: true, onMove: () => updateBpInfo(), onBreakpoints: () => updateBpInfo(),
      }));
      columnsEl.replaceChildren(...lessonCols.map((c) => c.el));
      unitSelect.value = 'line';
    }
    markListingBreakpoints();
  }
  modeProgram.addEventListener('click', () => { if (mode !== 'program') { setMode('program'); record(); } });
  modeLesson.addEventListener('click', () => { if (mode !== 'lesson') { setMode('lesson'); record(); } });

  const otherTabs = ['tab-listing', 'tab-text', 'tab-graph', 'tab-lab'].map((id) => document.getElementById(id)).filter((x): x is HTMLElement => x !== null);
  function showStep(): void {
    for (const t of otherTabs) t.setAttribute('aria-selected', 'false');
    tab.setAttribute('aria-selected', 'true');
    for (const id of ['text-view', 'graph-view', 'lab-view']) { const e = document.getElementById(id); if (e) e.hidden = true; }
    view.hidden = false;
    pane?.classList.add('step-active');
    listing.hidden = mode === 'lesson';
    listing.classList.toggle('step-mode', mode === 'program');
    markListingBreakpoints();
    record();
  }
  function hideStep(): void {
    if (view.hidden) return;
    setPlaying(false);
    clearTimeout(again);
    tab.setAttribute('aria-selected', 'false');
    view.hidden = true;
    pane?.classList.remove('step-active');
    listing.classList.remove('step-mode');
    markedRow?.classList.remove('step-current');
    markedRow = null;
    for (const r of listing.querySelectorAll('.ins.step-bp')) r.classList.remove('step-bp');
  }
  tab.addEventListener('click', showStep);
  for (const t of otherTabs) t.addEventListener('click', hideStep);

  // A new listing (an edit, another version): the program changed, record it again once the edits settle.
  new MutationObserver(() => {
    if (view.hidden || mode !== 'program') return;
    clearTimeout(again);
    again = setTimeout(() => {
      if (!view.hidden && mode === 'program') void recordProgram().then(markListingBreakpoints);
    }, 150);
  }).observe(listing, { attributes: true, attributeFilter: ['data-updates'] });
  byId<HTMLSelectElement>('version').addEventListener('change', () => { if (!view.hidden && mode === 'lesson') void recordLesson(); });

  setMode('program');
  view.hidden = true;
  listing.classList.remove('step-mode');

  return {
    shareState() {
      if (view.hidden) return undefined;
      const cols = columns();
      return {
        mode, ...(mode === 'lesson' ? { lesson: lesson.id } : {}), unit: unitSelect.value as StepUnit,
        steps: cols.map((c) => c.index), breakpoints: cols.map((c) => [...c.breakpoints]),
      };
    },
    openLesson(id) {
      this.restore({ mode: 'lesson', lesson: id, steps: [], unit: 'line', breakpoints: [] });
    },
    restore(s) {
      if (s.mode === 'lesson') lesson = lessonById(s.lesson ?? '') ?? lesson;
      setMode(s.mode);
      unitSelect.value = s.unit;
      columns().forEach((c, k) => {
        c.index = s.steps[k] ?? 0;
        for (const b of s.breakpoints[k] ?? []) c.breakpoints.add(b);
      });
      showStep();
      markListingBreakpoints();
    },
  };
}
