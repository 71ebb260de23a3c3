/**
 * The Compare panel's "two versions" mode: the editor's source (or a preset's snippet) compiled by two CPython
 * versions, side by side per code object, the instruction sequences aligned so that an instruction lines up with
 * the one doing its job in the other version (the core's `alignPycs`, which follows the instruction reference's
 * history of renamed and replaced opcodes). Nothing runs: the code is only compiled, by the page's compile workers
 * (`Runtimes`, at most two alive: comparing in two versions other than the listing's replaces the listing's runtime,
 * which starts again on the next edit).
 */
import {
  DEFAULT_PYTHON_VERSION, PYTHON_VERSIONS, alignPycs, isPythonVersion, readPyc, toJsonModel,
  type BytescopeJson, type ModuleAlignment,
} from '@bytescope/core';
import { PRESETS, PRESET_IDS, isPresetId } from '@bytescope/python/lab/portable';
import { el, versionOptions } from '../ui/dom.js';
import { errorMessage } from '../ui/errors.js';
import { syntaxErrorText, type CompileOutcome } from '../workers/compile-client.js';
import type { LabContext } from './context.js';
import { rowCounts } from './counts.js';
import { diffLegend, renderVersionDiff, type SideCounts, type VersionDiffLabels } from './version-diff-view.js';
import { exceptionBlock, panelOutput } from './widgets.js';

/** Where the compared source comes from: the editor, or variant `index` of a preset (`preset:faster-in-function:1`). */
export type VersionsSource = 'editor' | `preset:${string}:${number}`;

/** What a share link keeps of this mode. */
export interface VersionsState {
  readonly a: string;
  readonly b: string;
  readonly source: VersionsSource;
}

/** The "two versions" mode of the Compare panel. */
export interface VersionsCompare {
  readonly el: HTMLElement;
  /** The mode was shown, or the explorer changed (source, version) while it is shown. */
  refresh(): void;
  /** The versions and source chosen. */
  state(): VersionsState;
  /** Chooses versions and source (from a share link; unknown values are ignored); the next {@link refresh} compares them. */
  setState(s: { readonly a?: string; readonly b?: string; readonly source?: string }): void;
}

const EDITOR: VersionsSource = 'editor';

/**
 * The default pair: the oldest version beside the listing's version (beside the default version when the listing
 * shows the oldest): 3.10 beside 3.14.
 */
function defaultPair(main: string): [string, string] {
  const oldest = PYTHON_VERSIONS[0];
  return main === oldest || !isPythonVersion(main) ? [oldest, DEFAULT_PYTHON_VERSION] : [oldest, main];
}

function versionSelect(id: string, label: string): HTMLSelectElement {
  return el('select', { attrs: { id, 'aria-label': label } }, versionOptions(PYTHON_VERSIONS));
}

function isVersionsSource(s: string): s is VersionsSource {
  if (s === EDITOR) return true;
  const m = /^preset:([a-z0-9-]+):(\d+)$/.exec(s);
  return m !== null && isPresetId(m[1]!) && Number(m[2]) < PRESETS[m[1]!].variants.length;
}

/** Creates the mode's element and logic. */
export function createVersionsCompare(ctx: LabContext): VersionsCompare {
  const { host } = ctx;
  const selA = versionSelect('lab-ver-a', 'version A');
  const selB = versionSelect('lab-ver-b', 'version B');
  const swap = el('button', { cls: 'vd-swap', text: '⇄', title: 'Swap A and B', attrs: { id: 'lab-ver-swap', 'aria-label': 'swap versions A and B' } });
  const sourceSel = el('select', { attrs: { id: 'lab-ver-source', 'aria-label': 'source' } }, [
    el('option', { text: 'The editor’s source', attrs: { value: EDITOR } }),
    ...PRESET_IDS.flatMap((id) => PRESETS[id].variants.map((v, i) => el('option', {
      text: `${PRESETS[id].title.replace(/`/g, '')} — ${v.name}`, attrs: { value: `preset:${id}:${i}` },
    }))),
  ]);
  const go = el('button', { cls: 'lab-primary', text: 'Compare versions', attrs: { id: 'lab-ver-go' } });
  const countsGo = el('button', { text: 'Run both with counts', attrs: { id: 'lab-ver-counts', title: 'Run the program once in each version (the lab runtime) and show how many times each instruction executed' } });
  countsGo.disabled = true;
  const diffsOnly = el('input', { attrs: { type: 'checkbox', id: 'lab-ver-diffs-only' } });
  const { message, result } = panelOutput('ver');
  const stale = el('p', { cls: 'lab-note vd-stale', attrs: { id: 'lab-ver-stale' } }, [
    document.createTextNode('The source changed since this comparison. '),
  ]);
  const again = el('button', { cls: 'lab-link', text: 'Compare again', attrs: { id: 'lab-ver-again' } });
  stale.appendChild(again);
  stale.hidden = true;
  const preview = el('details', { cls: 'vd-preview' }, [el('summary', { text: 'The snippet' }), el('pre', { cls: 'lab-out' })]);
  preview.hidden = true;
  const legend = el('div', { cls: 'vd-legend-box' });
  const root = el('div', { cls: 'vd-mode', attrs: { id: 'lab-cmp-versions' } }, [
    el('p', { cls: 'lab-intro', text: 'The same source compiled by two CPython versions, side by side: in each code object the instructions are '
      + 'aligned so that one lines up with the instruction doing its job in the other version (BINARY_ADD beside BINARY_OP (+), '
      + 'LOAD_METHOD beside LOAD_ATTR). Nothing runs: the code is only compiled.' }),
    el('div', { cls: 'lab-controls' }, [
      el('div', { cls: 'vd-pick' }, [
        el('label', { cls: 'lab-field' }, [el('span', { text: 'Version A' }), selA]),
        swap,
        el('label', { cls: 'lab-field' }, [el('span', { text: 'Version B' }), selB]),
      ]),
      el('label', { cls: 'lab-field vd-source-field' }, [el('span', { text: 'Source' }), sourceSel]),
      go, countsGo,
    ]),
    preview,
    el('div', { cls: 'lab-controls vd-options' }, [el('label', { cls: 'lab-check' }, [diffsOnly, document.createTextNode('Only rows that differ')]), legend]),
    message, stale, result,
  ]);

  let chosen = false; // versions picked (by the user or a link), not defaults
  let compared: { source: string; a: string; b: string } | null = null;
  /** The comparison shown, to draw again with counts. */
  let shown: { source: string; al: ModuleAlignment; models: [BytescopeJson, BytescopeJson]; labels: VersionDiffLabels } | null = null;
  let seq = 0;
  let autoTimer: ReturnType<typeof setTimeout> | undefined;

  function currentSource(): string | null {
    const v = sourceSel.value;
    if (v === EDITOR) return host.getSource();
    const m = /^preset:([a-z0-9-]+):(\d+)$/.exec(v);
    return m && isPresetId(m[1]!) ? PRESETS[m[1]!].variants[Number(m[2])]?.source ?? null : null;
  }

  function showPreview(): void {
    const fromPreset = sourceSel.value !== EDITOR;
    preview.hidden = !fromPreset;
    if (fromPreset) preview.querySelector('pre')!.textContent = currentSource() ?? '';
  }

  function setMessage(...nodes: HTMLElement[]): void {
    message.replaceChildren(...nodes);
  }

  /** Compiles `source` with CPython `version`, with a progress line while its runtime starts. */
  async function compileWith(version: string, source: string, mine: number): Promise<CompileOutcome> {
    const runtimes = host.runtimes;
    if (runtimes.isReady(version)) return runtimes.compile(version, source);
    const t0 = performance.now();
    const text = el('span');
    const bar = el('progress', { attrs: { 'aria-label': `loading CPython ${version}` } });
    const tick = () => {
      const s = Math.round((performance.now() - t0) / 1000);
      text.textContent = `Loading CPython ${version} (Pyodide, WebAssembly)… ${s} s — a version's first start takes a few seconds (3.10 and 3.11 up to about 10).`;
    };
    tick();
    if (mine === seq) setMessage(el('p', { cls: 'lab-muted vd-progress', attrs: { id: 'lab-ver-loading', 'data-version': version } }, [bar, text]));
    const timer = setInterval(() => { if (mine === seq) tick(); }, 500);
    try {
      return await runtimes.compile(version, source);
    } finally {
      clearInterval(timer);
    }
  }

  function compileError(version: string, o: CompileOutcome): HTMLElement | null {
    if (o.ok) return null;
    return el('p', { cls: 'lab-stop', text: `CPython ${o.fullVersion || version} cannot compile it: ${syntaxErrorText(o.error)}`, attrs: { role: 'alert' } });
  }

  async function compare(): Promise<void> {
    const mine = ++seq;
    const a = selA.value;
    const b = selB.value;
    const source = currentSource();
    stale.hidden = true;
    shown = null;
    countsGo.disabled = true;
    if (source === null) {
      compared = null;
      result.replaceChildren();
      setMessage(el('p', { cls: 'lab-error', text: 'A .pyc is open: there is no source to compile. Go back to the editor, or pick a preset as the source.' }));
      return;
    }
    go.disabled = true;
    try {
      // The listing's version first when it is one of the two: its runtime is loaded, and stays the most recent.
      const order = b === host.getVersion() && a !== b ? [b, a] : [a, b];
      const outcomes = new Map<string, CompileOutcome>();
      for (const v of order) {
        if (outcomes.has(v)) continue;
        outcomes.set(v, await compileWith(v, source, mine));
        if (mine !== seq) return;
      }
      const oa = outcomes.get(a)!;
      const ob = outcomes.get(b)!;
      const errors = [compileError(a, oa), b !== a ? compileError(b, ob) : null].filter((x): x is HTMLElement => x !== null);
      if (errors.length || !oa.ok || !ob.ok) {
        compared = { source, a, b };
        result.replaceChildren();
        setMessage(...errors);
        return;
      }
      const pa = readPyc(oa.pyc);
      const pb = readPyc(ob.pyc);
      const al = alignPycs(pa, pb);
      // The JSON models place a lab run's counts on the rows (same code object indices as the alignment's).
      const ma: BytescopeJson = toJsonModel(pa);
      const mb: BytescopeJson = toJsonModel(pb);
      compared = { source, a, b };
      shown = { source, al, models: [ma, mb], labels: { fullA: oa.fullVersion, fullB: ob.fullVersion } };
      setMessage();
      legend.replaceChildren(diffLegend(a, b));
      result.replaceChildren(renderVersionDiff(al, shown.labels));
      result.dataset.versions = `${a}/${b}`;
    } catch (e) {
      if (mine !== seq) return;
      compared = null;
      result.replaceChildren();
      setMessage(el('p', { cls: 'lab-stop', text: `Could not compare: ${errorMessage(e)}`, attrs: { role: 'alert' } }));
    } finally {
      if (mine === seq) {
        go.disabled = false;
        countsGo.disabled = shown === null || ctx.activity.busy !== null;
      }
    }
  }

  /** Runs the compared program once in each version with counts (the lab runtime), then shows them by row. */
  async function runCounts(): Promise<void> {
    const s = shown;
    if (!s) return;
    const [ma, mb] = s.models;
    const blocks: HTMLElement[] = [];
    await ctx.activity.run('version counts', async () => {
      const sides: SideCounts[] = [];
      for (const [v, model] of [[s.al.versionA, ma], [s.al.versionB, mb]] as const) {
        setMessage(el('p', { cls: 'lab-muted', text: `Running the program in CPython ${v} with counts (the lab runtime of ${v} starts first)…` }));
        try {
          const r = await ctx.client.run(v, { source: s.source, outputLimit: 2_000, timeoutMs: ctx.limit.ms });
          if (r.exception) blocks.push(exceptionBlock(r.exception, `In CPython ${v} the program raised`));
          const rc = r.counts ? rowCounts(r.counts, model) : null;
          sides.push({ rows: rc?.rows ?? new Map(), total: r.counts?.total ?? 0 });
        } catch (e) {
          setMessage(el('p', { cls: 'lab-stop', text: `CPython ${v}: ${errorMessage(e)}`, attrs: { role: 'alert' } }));
          return;
        }
      }
      if (shown !== s) return; // compared again meanwhile
      setMessage(...blocks);
      result.replaceChildren(renderVersionDiff(s.al, { ...s.labels, counts: { a: sides[0]!, b: sides[1]! } }));
    });
  }
  countsGo.addEventListener('click', () => { void runCounts(); });
  // One lab request at a time (the panels share the lab runtime).
  ctx.activity.onChange((label) => { countsGo.disabled = label !== null || shown === null; });
  function start(): void { void compare(); }
  go.addEventListener('click', start);
  again.addEventListener('click', start);
  swap.addEventListener('click', () => {
    [selA.value, selB.value] = [selB.value, selA.value];
    chosen = true;
    start();
  });
  for (const s of [selA, selB]) s.addEventListener('change', () => { chosen = true; start(); });
  sourceSel.addEventListener('change', () => { showPreview(); start(); });
  diffsOnly.addEventListener('change', () => result.classList.toggle('vd-diffs-only', diffsOnly.checked));

  return {
    el: root,
    refresh() {
      if (!chosen) {
        const [a, b] = defaultPair(host.getVersion());
        selA.value = a;
        selB.value = b;
        chosen = true;
      }
      if (!compared) { start(); return; }
      const source = currentSource();
      if (source === compared.source && compared.a === selA.value && compared.b === selB.value) { stale.hidden = true; return; }
      // The source changed. Compiling it again is cheap when both runtimes stay loaded, which the page guarantees
      // only when the listing's version is one of the two (at most two compile runtimes live); else ask.
      const main = host.getVersion();
      if (source !== null && (main === selA.value || main === selB.value)) {
        clearTimeout(autoTimer);
        autoTimer = setTimeout(start, 250); // typing: once the edits pause
      } else {
        stale.hidden = false;
      }
    },
    state: () => ({ a: selA.value, b: selB.value, source: isVersionsSource(sourceSel.value) ? sourceSel.value : EDITOR }),
    setState(s) {
      if (s.a && isPythonVersion(s.a)) { selA.value = s.a; chosen = true; }
      if (s.b && isPythonVersion(s.b)) { selB.value = s.b; chosen = true; }
      if (s.source && isVersionsSource(s.source)) { sourceSel.value = s.source; showPreview(); }
      compared = null;
    },
  };
}
