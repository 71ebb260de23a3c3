/**
 * Bytescope explorer: type Python, see its bytecode for CPython 3.10–3.15, linked span by span. Source is
 * compiled by real CPython (Pyodide) in a Web Worker; `.pyc` files are read by the core alone.
 *
 * This module is the page: its state, the compile after each edit, the controls, `.pyc` files, share links and the
 * Lab tab's hookup. The listing's own behaviour is in listing-view.ts, the dis text tab in text-view.ts.
 */
import {
  DEFAULT_PYTHON_VERSION, DIS_VERSIONS, PYTHON_VERSIONS, getVersion, isPythonVersion, readPyc, toJsonModel,
  type BytescopeJson, type PycFile, type PythonVersion,
} from '@bytescope/core';
// Styles first, so that the cascade goes shared → explorer → lab (lab/tab.ts brings lab/style.css).
import '../ui/style.css';
import './style.css';
import { initLab } from '../lab/tab.js'; // performance lab (issue #5)
import { byId, el, versionOptions } from '../ui/dom.js';
import { errorMessage } from '../ui/errors.js';
import { initTheme } from '../ui/theme.js';
import { Runtimes, syntaxErrorText } from '../workers/compile-client.js';
import { createEditor, type SourceMark } from './editor.js';
import { lineBands, type ListingOptions } from './listing.js';
import { createListingView } from './listing-view.js';
import { acceptPycFiles, pycHeaderItems } from './pyc-file.js';
import { decodeState, encodeState } from './share.js';
import { createTextView } from './text-view.js';
import { createCfgView } from './cfg-view.js'; // control-flow graph, stack depths (issue #11)

const DEFAULT_SOURCE = `# The classic: the same loop runs faster inside a function.
# At module level, i and total are dict entries (LOAD_NAME / STORE_NAME);
# inside a function they are array slots (LOAD_FAST / STORE_FAST).
total = 0
for i in range(1000):
    total += i

def compute():
    total = 0
    for i in range(1000):
        total += i
    return total
`;

/** What the page shows (the selected row is the listing view's). */
interface AppState {
  mode: 'source' | 'pyc';
  version: PythonVersion;
  opts: ListingOptions;
  pyc?: PycFile;
  pycName?: string;
  model?: BytescopeJson;
  stale: boolean;
  fullVersion?: string;
}

const state: AppState = {
  mode: 'source',
  version: DEFAULT_PYTHON_VERSION,
  opts: { showCaches: false, showOffsets: false, showPositions: false, bands: false },
  stale: false,
};
const runtimes = new Runtimes();
let compileSeq = 0;
let sourceText = DEFAULT_SOURCE;
/** Timings of the last update, for the benchmark script. */
const perf = { lastUpdateMs: 0, lastCompileMs: 0, lastRenderMs: 0, updates: 0, runtimeStart: '' };
(globalThis as unknown as { __bytescope: unknown }).__bytescope = { perf, state };

// ---------------------------------------------------------------------------------------------- elements
const versionSelect = byId<HTMLSelectElement>('version');
const statusEl = byId('runtime-status');
const progress = byId<HTMLProgressElement>('runtime-progress');
const listingEl = byId('listing');
const textView = byId('text-view');
const banner = byId('error-banner');
const pycHeader = byId('pyc-header');

versionSelect.append(...versionOptions(PYTHON_VERSIONS));

// The editor follows the page's theme (set here, toggled by the button, shared with the reference page).
const editor = createEditor({
  parent: byId('editor'),
  doc: DEFAULT_SOURCE,
  dark: initTheme(byId('theme-toggle'), (dark) => editor.setDark(dark)),
  onChange(text) {
    sourceText = text;
    if (state.mode === 'source') scheduleCompile();
  },
  onPoint(point, source) {
    listing.highlightAt(point, source === 'cursor');
  },
});
const listing = createListingView({
  listing: listingEl,
  helpPanel: byId('help-panel'),
  inspector: byId('inspector'),
  editor,
  model: () => state.model,
  linked: () => state.mode === 'source',
  baseMarks: bandMarks,
});
const disText = createTextView({ view: textView, output: byId('text-output'), note: byId('text-note'), copy: byId<HTMLButtonElement>('copy-text') });

const graphView = byId('graph-view');
const cfgView = createCfgView({
  view: graphView,
  listing: listingEl,
  helpPanel: byId('help-panel'),
  pyc: () => state.pyc,
  model: () => state.model,
  selectedCode: () => (listing.selection ? Number(listing.selection.split(':')[0]) : undefined),
  onBlock: (co, offsets) => listing.selectRows(co, offsets),
});

// ---------------------------------------------------------------------------------------------- compile
let timer: ReturnType<typeof setTimeout> | undefined;
/** A compile from typing is under way / another is wanted when it ends. */
let typingCompile = false;
let typingAgain = false;
/**
 * Compiles after an edit: at once (edits of one task are batched), but never more than one at a time. While one is
 * under way further edits only ask for one more, of the text as it is when that one starts: a fast typist never
 * queues stale compiles in the worker, and the listing follows the last edit one compile after it.
 */
function scheduleCompile(): void {
  clearTimeout(timer);
  timer = setTimeout(() => { void compileForTyping(); }, 0);
}
async function compileForTyping(): Promise<void> {
  if (typingCompile) { typingAgain = true; return; }
  typingCompile = true;
  try {
    await compileNow();
  } finally {
    typingCompile = false;
  }
  if (typingAgain) {
    typingAgain = false;
    void compileForTyping();
  }
}

function setStatus(text: string, loading: boolean): void {
  statusEl.textContent = text;
  progress.hidden = !loading;
}

async function compileNow(): Promise<void> {
  const seq = ++compileSeq;
  const version = state.version;
  const t0 = performance.now();
  if (!runtimes.isReady(version)) setStatus(`Loading CPython ${version} (Pyodide, WebAssembly)…`, true);
  let outcome;
  try {
    outcome = await runtimes.compile(version, sourceText);
  } catch (e) {
    if (seq !== compileSeq) return;
    setStatus(`CPython ${version} failed to load`, false);
    showBanner(`Python ${version}: ${errorMessage(e)}`);
    return;
  }
  if (seq !== compileSeq || state.mode !== 'source') return;
  state.fullVersion = outcome.fullVersion;
  perf.runtimeStart = outcome.startedFrom;
  setStatus(`CPython ${outcome.fullVersion}`, false);
  perf.lastCompileMs = outcome.ms;
  if (!outcome.ok) {
    const e = outcome.error;
    editor.showError(e.lineno === null ? null : { line: e.lineno, col: e.offset, endLine: e.endLineno, endCol: e.endOffset, message: `${e.type}: ${e.message}` });
    state.stale = true;
    listingEl.classList.add('stale');
    showBanner(syntaxErrorText(e) + (state.model ? ' — showing the last good listing' : ''));
    countUpdate(t0, false);
    return;
  }
  editor.showError(null);
  hideBanner();
  state.stale = false;
  listingEl.classList.remove('stale');
  try {
    state.pyc = readPyc(outcome.pyc);
    state.model = toJsonModel(state.pyc);
  } catch (e) {
    showBanner(errorMessage(e));
    return;
  }
  render();
  countUpdate(t0, true);
}

/**
 * Counts an update that began at `t0` (the benchmark reads the timings); one that rendered the listing also says so on
 * it (`data-updates`, which the lab and the tests watch).
 */
function countUpdate(t0: number, rendered: boolean): void {
  perf.lastUpdateMs = performance.now() - t0;
  perf.updates++;
  if (rendered) listingEl.dataset.updates = String(perf.updates);
}

function showBanner(text: string): void {
  banner.textContent = text;
  banner.hidden = false;
}
function hideBanner(): void {
  banner.hidden = true;
  banner.textContent = '';
}

// ---------------------------------------------------------------------------------------------- render
function render(): void {
  const model = state.model;
  if (!model) return;
  const t0 = performance.now();
  listing.render(model, state.opts);
  cfgView.annotateListing();
  cfgView.refresh();
  renderText();
  perf.lastRenderMs = performance.now() - t0;
}

function renderText(): void {
  disText.render(state.pyc, state.opts);
}

function bandMarks(): SourceMark[] {
  if (!state.opts.bands || state.mode !== 'source' || !state.model) return [];
  return [...lineBands(state.model)].map(([l, b]) => ({ span: { line: l, endLine: l, col: null, endCol: null }, cls: `cm-band-${b}` }));
}

// ---------------------------------------------------------------------------------------------- controls
document.addEventListener('keydown', (e) => {
  if (e.key === '?' && !(e.target as HTMLElement).closest('.cm-editor, input, select')) {
    const d = byId<HTMLDialogElement>('shortcuts');
    if (d.open) d.close(); else d.showModal();
  }
});

/** The listing's option boxes and what each shows. */
const TOGGLES = [['toggle-caches', 'showCaches'], ['toggle-offsets', 'showOffsets'], ['toggle-positions', 'showPositions'], ['toggle-bands', 'bands']] as const;
for (const [id, key] of TOGGLES) {
  const box = byId<HTMLInputElement>(id);
  box.checked = state.opts[key];
  box.addEventListener('change', () => {
    state.opts[key] = box.checked;
    render();
  });
}

function syncToggles(): void {
  for (const [id, key] of TOGGLES) byId<HTMLInputElement>(id).checked = state.opts[key];
}

versionSelect.addEventListener('change', () => {
  if (!isPythonVersion(versionSelect.value)) return; // the menu lists these only
  state.version = versionSelect.value;
  listing.clearHistory();
  if (state.mode === 'source') void compileNow();
});

function showTab(which: 'listing' | 'text' | 'graph'): void {
  byId('tab-listing').setAttribute('aria-selected', String(which === 'listing'));
  byId('tab-text').setAttribute('aria-selected', String(which === 'text'));
  byId('tab-graph').setAttribute('aria-selected', String(which === 'graph'));
  listingEl.hidden = which !== 'listing';
  textView.hidden = which !== 'text';
  graphView.hidden = which !== 'graph';
  renderText();
  cfgView.refresh();
}
byId('tab-listing').addEventListener('click', () => showTab('listing'));
byId('tab-text').addEventListener('click', () => showTab('text'));
byId('tab-graph').addEventListener('click', () => showTab('graph'));
byId('tab-lab').addEventListener('click', () => { graphView.hidden = true; byId('tab-graph').setAttribute('aria-selected', 'false'); });
byId<HTMLInputElement>('toggle-depth').addEventListener('change', (e) => {
  listingEl.classList.toggle('show-depth', (e.target as HTMLInputElement).checked);
  cfgView.annotateListing();
});

byId('shortcuts-button').addEventListener('click', () => byId<HTMLDialogElement>('shortcuts').showModal());
byId('shortcuts-close').addEventListener('click', () => byId<HTMLDialogElement>('shortcuts').close());

// ---------------------------------------------------------------------------------------------- .pyc files
function openPyc(bytes: Uint8Array, name: string): void {
  const t0 = performance.now();
  let pyc: PycFile;
  try {
    pyc = readPyc(bytes);
  } catch (e) {
    showBanner(`${name}: ${errorMessage(e)}`);
    return;
  }
  const v = getVersion(pyc.version);
  state.mode = 'pyc';
  state.pyc = pyc;
  state.pycName = name;
  listing.selection = undefined;
  compileSeq++;
  pycHeader.hidden = false;
  pycHeader.replaceChildren(el('h2', { text: 'Opened .pyc (no source)' }), ...pycHeaderItems(pyc, name), el('button', { text: 'Back to the editor', attrs: { id: 'close-pyc' } }));
  byId('close-pyc').addEventListener('click', closePyc);
  byId('editor').hidden = true;
  versionSelect.disabled = true;
  hideBanner();
  listingEl.classList.remove('stale');
  if (!v) {
    state.model = undefined;
    listingEl.replaceChildren(el('p', { cls: 'note', text: `This is a Python ${pyc.version} file. Its header and code objects were read, but disassembly needs Python ${DIS_VERSIONS[0]}–${DIS_VERSIONS[DIS_VERSIONS.length - 1]}.` }));
    setStatus(`Python ${pyc.version} .pyc`, false);
    return;
  }
  setStatus(`.pyc of CPython ${pyc.version} (tables of ${v.table.data.fullVersion}) — no runtime needed`, false);
  try {
    state.model = toJsonModel(pyc, { lazyInstructions: true }); // a large file: build what is shown
  } catch (e) {
    showBanner(`${name}: ${errorMessage(e)}`);
    return;
  }
  render();
  countUpdate(t0, true);
}

function closePyc(): void {
  state.mode = 'source';
  pycHeader.hidden = true;
  byId('editor').hidden = false;
  versionSelect.disabled = false;
  void compileNow();
}

acceptPycFiles({ button: byId('open-pyc'), input: byId<HTMLInputElement>('file-input'), overlay: byId('drop-overlay') }, openPyc);

// ---------------------------------------------------------------------------------------------- share
byId('share').addEventListener('click', async () => {
  const frag = await encodeState({ source: sourceText, version: state.version, caches: state.opts.showCaches, offsets: state.opts.showOffsets, positions: state.opts.showPositions, selection: listing.selection, lab: lab.shareState() });
  history.replaceState(null, '', '#' + frag);
  const link = location.href;
  byId('share').dataset.link = link;
  try {
    await navigator.clipboard.writeText(link);
    byId('share').textContent = 'Link copied';
  } catch {
    byId('share').textContent = 'Link in address bar';
  }
  setTimeout(() => { byId('share').textContent = 'Copy link'; }, 2000);
});

// ---------------------------------------------------------------------------------------------- performance lab
// The Lab tab (issue #5): everything lives in lab/ (lab/tab.ts); it reads the source, version and model through these.
const lab = initLab({
  editor,
  runtimes,
  listing: listingEl,
  getSource: () => (state.mode === 'source' ? sourceText : null),
  getVersion: () => state.version,
  getModel: () => state.model,
});

// ---------------------------------------------------------------------------------------------- start
async function start(): Promise<void> {
  const shared = await decodeState(location.hash);
  if (shared) {
    if (isPythonVersion(shared.version)) state.version = shared.version;
    state.opts.showCaches = shared.caches;
    state.opts.showOffsets = shared.offsets;
    state.opts.showPositions = shared.positions;
    listing.selection = shared.selection;
    sourceText = shared.source;
    editor.setText(shared.source);
    syncToggles();
  }
  versionSelect.value = state.version;
  await compileNow();
  if (shared?.lab) lab.restore(shared.lab);
}
void start();
