/**
 * Bytescope explorer: type Python, see its bytecode for CPython 3.10–3.15, linked span by span. Source is
 * compiled by real CPython (Pyodide) in a Web Worker; `.pyc` files are read by the core alone.
 *
 * This module is the page: its state, the compile after each edit, the controls, `.pyc` files, share links and the
 * Lab tab's hookup. The listing's own behaviour is in listing-view.ts, the dis text tab in text-view.ts.
 */
import {
  DEFAULT_PYTHON_VERSION, DIS_VERSIONS, PYTHON_VERSIONS, disassembleToText, getVersion, isPythonVersion, readPyc, toJsonModel,
  type BytescopeJson, type PycFile, type PythonVersion,
} from '@bytescope/core';
// Styles first, so that the cascade goes shared → explorer → lab (lab/tab.ts brings lab/style.css).
import '../ui/style.css';
import './style.css';
import { initLab } from '../lab/tab.js'; // performance lab (issue #5)
import { byId, el, versionOptions } from '../ui/dom.js';
import { errorMessage } from '../ui/errors.js';
import { initTheme } from '../ui/theme.js';
import { createBytesView } from './bytes-view.js';
import { Runtimes, syntaxErrorText, type CompileOptions } from '../workers/compile-client.js';
import { download } from '../ui/download.js';
import { createEditor, type SourceMark } from './editor.js';
import { lineBands, type ListingOptions } from './listing.js';
import { createListingView } from './listing-view.js';
import { acceptFiles, pycHeaderItems } from './pyc-file.js';
import { decodeState, encodeState, isBroken, type ShareState } from './share.js';
import { renderLegend } from './legend.js';
import { initTabList } from '../ui/tabs.js';
import { highlightEntry, renderInspector } from './inspector.js';
import { createTextView } from './text-view.js';
import { DEFAULT_EXAMPLE_ID, EXAMPLES, example } from './examples.js';
import { DEFAULT_COMPILE, EDITOR_FILENAME, firstListing, loadFirstListings } from './first-listing.js';
import { createOutline } from './outline.js';
import { initTour, rowsOf } from '../tour/tour.js';
import type { TourTool } from '../tour/chapters.js';
import { createCfgView } from './cfg-view.js'; // control-flow graph, stack depths (issue #11)
import { initStepper } from '../step/tab.js'; // the stepper (issue #12)

const DEFAULT_SOURCE = example(DEFAULT_EXAMPLE_ID).source;

/** What the page shows (the selected row is the listing view's). */
interface AppState {
  mode: 'source' | 'pyc';
  version: PythonVersion;
  opts: ListingOptions;
  pyc?: PycFile;
  /** The bytes of the `.pyc` shown: the file opened, or what CPython wrote for the source. */
  pycBytes?: Uint8Array;
  pycName?: string;
  model?: BytescopeJson;
  stale: boolean;
  fullVersion?: string;
  /** How the editor's source is compiled. */
  compile: CompileOptions;
  /** The listing shown is the build's (first-listing.ts), not yet the loaded runtime's. */
  fromBuild: boolean;
  /** The source the listing shown was compiled from (source mode; the tests wait for it after an edit). */
  listedSource?: string;
}

// The build's first listing is fetched at once, while the page sets itself up (first-listing.ts).
void loadFirstListings();

const state: AppState = {
  mode: 'source',
  version: DEFAULT_PYTHON_VERSION,
  opts: { showCaches: false, showOffsets: false, showPositions: false, bands: false },
  stale: false,
  compile: { ...DEFAULT_COMPILE },
  fromBuild: false,
};
const runtimes = new Runtimes();
/** The page is replacing the editor's text and compiles it itself (a link applied): the edit schedules no compile. */
let settingText = false;
/**
 * A note about the link just applied, for the banner after the compile that follows (a good compile clears the
 * banner): shown by that compile, then forgotten.
 */
let linkNote: string | undefined;
let compileSeq = 0;
let sourceText = DEFAULT_SOURCE;
/** Timings of the last update, for the benchmark script. */
const perf = { lastUpdateMs: 0, lastCompileMs: 0, lastRenderMs: 0, updates: 0, runtimeStart: '' };
/** Testing only: what the browser tests add to the stepper's trace requests (a wrong frame layout, a failing check). */
const traceTesting: { layoutPatch?: Record<string, unknown> | null; faultStep?: number } = {};
(globalThis as unknown as { __bytescope: unknown }).__bytescope = { perf, state, traceTesting, editorSource: () => sourceText };

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
    if (state.mode === 'source' && !settingText) scheduleCompile();
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
  onSelect: (co, offset) => bytesView.markInstruction(co, offset),
});
const bytesView = createBytesView({
  view: byId('bytes-view'),
  selectInstruction: (co, offset) => listing.select(`${co}:${offset}`),
  inspect(co, table, index) {
    const inspector = byId('inspector');
    renderInspector(inspector, state.model?.code_objects[co]);
    if (table !== null) highlightEntry(inspector, table, index);
  },
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

/** The last compile whose runtime answered (or failed to load): the build's listing comes too late for it. */
let settledSeq = 0;

async function compileNow(): Promise<void> {
  const seq = ++compileSeq;
  const version = state.version;
  const text = sourceText;
  const t0 = performance.now();
  if (!runtimes.isReady(version)) {
    setStatus(`Loading CPython ${version} (Pyodide, WebAssembly)…`, true);
    void showBuildListing(seq, version, t0);
  }
  let outcome;
  try {
    outcome = await runtimes.compile(version, text, state.compile);
  } catch (e) {
    settledSeq = Math.max(settledSeq, seq);
    if (seq !== compileSeq) return;
    setStatus(`CPython ${version} failed to load`, false);
    // Opening a .pyc needs no runtime: it still works. Retry (or the next edit) loads the runtime again.
    showBanner(`Python ${version}: ${errorMessage(e)} — .pyc files still open without it`);
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.id = 'runtime-retry';
    retry.textContent = 'Retry';
    retry.addEventListener('click', () => { hideBanner(); scheduleCompile(); });
    banner.append(' ', retry);
    return;
  }
  settledSeq = Math.max(settledSeq, seq);
  if (seq !== compileSeq || state.mode !== 'source') return;
  state.fullVersion = outcome.fullVersion;
  perf.runtimeStart = outcome.startedFrom;
  // A runtime that died on this source is being replaced: the status says so until the next compile.
  if (outcome.restarted) setStatus(`CPython ${outcome.fullVersion}: runtime restarted after a stack overflow`, false);
  else setStatus(`CPython ${outcome.fullVersion}`, false);
  perf.lastCompileMs = outcome.ms;
  if (!outcome.ok) {
    const e = outcome.error;
    editor.showError(e.lineno === null ? null : { line: e.lineno, col: e.offset, endLine: e.endLineno, endCol: e.endOffset, message: `${e.type}: ${e.message}` });
    setStale('stale: the source does not compile');
    showBanner((linkNote !== undefined ? linkNote + '\n' : '') + syntaxErrorText(e) + (state.model ? ' — showing the last good listing' : ''));
    linkNote = undefined;
    countUpdate(t0, false);
    return;
  }
  editor.showError(null);
  if (linkNote !== undefined) showBanner(linkNote); else hideBanner();
  linkNote = undefined;
  setStale(null);
  if (!showSourceListing(outcome.pyc, text, false)) return;
  countUpdate(t0, true);
}

/**
 * Shows the listing of `pyc`, the `.pyc` of the editor's source `text`: compiled by the loaded runtime, or at build time
 * (`fromBuild`). False (and the reason in the banner) when the bytes do not read.
 */
function showSourceListing(pyc: Uint8Array, text: string, fromBuild: boolean): boolean {
  try {
    state.pyc = readPyc(pyc);
    state.model = toJsonModel(state.pyc);
  } catch (e) {
    showBanner(errorMessage(e));
    return false;
  }
  state.pycBytes = pyc;
  state.fromBuild = fromBuild;
  state.listedSource = text;
  showBytes();
  render();
  return true;
}

/**
 * While version's runtime loads: the listing of the editor's source compiled at build time by the same CPython, when
 * the build compiled exactly this source with these options (first-listing.ts). Marked on the listing
 * (`data-from-build`, with when it was shown in ms after `t0` of the compile) and in the status line until the
 * runtime's own compile replaces it. Does not count as an update (`data-updates` stays the runtime's).
 */
async function showBuildListing(seq: number, version: PythonVersion, t0: number): Promise<void> {
  const text = sourceText;
  const first = await firstListing(version, text, EDITOR_FILENAME, state.compile.mode, state.compile.optimize);
  if (seq !== compileSeq || settledSeq >= seq || state.mode !== 'source' || runtimes.isReady(version)) return;
  if (!first) {
    // The build's listing still shown is of other source (or options) than the editor's now.
    if (state.fromBuild) setStale('stale: the source changed while CPython loads');
    return;
  }
  if (!showSourceListing(first.pyc, text, true)) return;
  state.fullVersion = first.fullVersion;
  listingEl.dataset.fromBuild = String(Math.round(performance.now() - t0));
  setStatus(`CPython ${first.fullVersion}: listing compiled when this page was built; loading the runtime (Pyodide, WebAssembly)…`, true);
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

/**
 * Marks the listing (and a `.pyc`'s header, for a file that failed) as stale, saying why (`#listing[data-stale]`,
 * shown above it), or clears the mark (null).
 */
function setStale(reason: string | null, header = false): void {
  state.stale = reason !== null;
  listingEl.classList.toggle('stale', reason !== null);
  if (reason === null) delete listingEl.dataset.stale; else listingEl.dataset.stale = reason;
  pycHeader.classList.toggle('stale', reason !== null && header);
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
  if (!state.fromBuild) delete listingEl.dataset.fromBuild;
  const t0 = performance.now();
  listing.render(model, state.opts);
  outline.update();
  cfgView.annotateListing();
  cfgView.refresh();
  renderText();
  perf.lastRenderMs = performance.now() - t0;
}

function renderText(): void {
  disText.render(state.pyc, state.opts);
}

/** Gives the Bytes view the `.pyc` shown (before the listing renders: restoring the selection marks its bytes). */
function showBytes(): void {
  const name = state.mode === 'pyc' ? state.pycName ?? 'file.pyc' : `editor.cpython-${state.version.replace('.', '')}.pyc`;
  bytesView.setInput(state.pycBytes ? { data: state.pycBytes, name, model: state.model } : undefined);
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

/** The source pane's tabs: the editor (a .pyc's header in its place) or the Bytes view. */
let sourceTab: 'source' | 'bytes' = 'source';
function showSourceTab(which: 'source' | 'bytes'): void {
  sourceTab = which;
  byId('tab-source').setAttribute('aria-selected', String(which === 'source'));
  byId('tab-bytes').setAttribute('aria-selected', String(which === 'bytes'));
  syncSourcePane();
  const key = listing.selection;
  if (which === 'bytes' && key) bytesView.markInstruction(Number(key.split(':')[0]), Number(key.split(':')[1]));
}
function syncSourcePane(): void {
  byId('editor').hidden = sourceTab !== 'source' || state.mode !== 'source';
  pycHeader.hidden = sourceTab !== 'source' || state.mode !== 'pyc';
  byId('tab-source').textContent = state.mode === 'pyc' ? 'Header' : 'Source';
  byId('tab-source').setAttribute('aria-controls', state.mode === 'pyc' ? 'pyc-header' : 'editor');
  bytesView.setVisible(sourceTab === 'bytes');
  document.querySelector('.layout')?.classList.toggle('bytes-wide', sourceTab === 'bytes');
}
byId('tab-source').addEventListener('click', () => showSourceTab('source'));
byId('tab-bytes').addEventListener('click', () => showSourceTab('bytes'));
byId('tab-text').addEventListener('click', () => showTab('text'));
byId('tab-graph').addEventListener('click', () => showTab('graph'));
byId('tab-lab').addEventListener('click', () => { graphView.hidden = true; byId('tab-graph').setAttribute('aria-selected', 'false'); });
byId<HTMLInputElement>('toggle-depth').addEventListener('change', (e) => {
  listingEl.classList.toggle('show-depth', (e.target as HTMLInputElement).checked);
  cfgView.annotateListing();
});

// Every tab set of the page (the lab's panels: lab/tab.ts): panels, a roving tabindex, arrow keys.
for (const list of document.querySelectorAll<HTMLElement>('.layout [role=tablist]')) initTabList(list);
renderLegend(byId('legend'));

byId('shortcuts-button').addEventListener('click', () => byId<HTMLDialogElement>('shortcuts').showModal());
byId('shortcuts-close').addEventListener('click', () => byId<HTMLDialogElement>('shortcuts').close());

// ---------------------------------------------------------------------------------------------- .pyc files
/**
 * Shows the version of an opened `.pyc` in the (disabled) version menu, adding an entry for one it does not list
 * (2.7, 3.0–3.9); undefined: back to the editor's version, without that entry.
 */
function showMenuVersion(pycVersion: string | undefined): void {
  versionSelect.querySelector('option[data-pyc]')?.remove();
  if (pycVersion !== undefined && ![...versionSelect.options].some((o) => o.value === pycVersion)) {
    versionSelect.append(el('option', { text: `Python ${pycVersion} (.pyc)`, attrs: { value: pycVersion, 'data-pyc': '' } }));
  }
  versionSelect.value = pycVersion ?? state.version;
  versionSelect.disabled = pycVersion !== undefined;
}

/**
 * A file that could not be opened: the banner says why; what is shown stays, marked stale when it is another `.pyc`
 * (the editor's listing is still that of the editor's source).
 */
function openFailed(name: string, why: string): void {
  if (state.mode === 'pyc') {
    showBanner(`${name}: ${why}`);
    setStale(`stale: ${name} could not be read; still showing ${state.pycName ?? 'the file opened before'}`, true);
  } else {
    showBanner(`${name}: ${why} (the listing is still that of the editor's source)`);
  }
}

function openPyc(bytes: Uint8Array, name: string): void {
  const t0 = performance.now();
  let pyc: PycFile;
  let model: BytescopeJson | undefined;
  try {
    pyc = readPyc(bytes);
    const v = getVersion(pyc.version);
    model = v ? toJsonModel(pyc, { lazyInstructions: true }) : undefined; // a large file: build what is shown
  } catch (e) {
    openFailed(name, errorMessage(e));
    return;
  }
  const v = getVersion(pyc.version);
  state.mode = 'pyc';
  state.pyc = pyc;
  state.pycBytes = bytes;
  state.pycName = name;
  state.model = model;
  listing.selection = undefined;
  compileSeq++;
  pycHeader.hidden = false;
  pycHeader.replaceChildren(el('h2', { text: 'Opened .pyc (no source)' }), ...pycHeaderItems(pyc, name), el('button', { text: 'Back to the editor', attrs: { id: 'close-pyc' } }));
  byId('close-pyc').addEventListener('click', closePyc);
  syncSourcePane();
  showMenuVersion(pyc.version);
  hideBanner();
  setStale(null);
  showBytes();
  if (!v || !model) {
    listingEl.replaceChildren(el('p', { cls: 'note', text: `This is a Python ${pyc.version} file. Its header and code objects were read, but disassembly needs Python ${DIS_VERSIONS[0]}–${DIS_VERSIONS[DIS_VERSIONS.length - 1]}.` }));
    setStatus(`Python ${pyc.version} .pyc`, false);
    return;
  }
  setStatus(`.pyc of CPython ${pyc.version} (tables of ${v.table.data.fullVersion}) — no runtime needed`, false);
  render();
  countUpdate(t0, true);
}

/** Back to the editor's source (not compiled yet: the caller compiles, or sets a text that will be). */
function leavePyc(): void {
  state.mode = 'source';
  syncSourcePane();
  showMenuVersion(undefined);
  setStale(null);
}

function closePyc(): void {
  leavePyc();
  void compileNow();
}

/** Largest source file taken into the editor. */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/** A `.py` file opened or dropped: its text replaces the editor's (from a `.pyc`, back to the editor first). */
function openSource(bytes: Uint8Array, name: string): void {
  if (bytes.length > MAX_SOURCE_BYTES) { openFailed(name, `${(bytes.length / 1048576).toFixed(1)} MB is more source than the editor takes (${MAX_SOURCE_BYTES / 1048576} MB)`); return; }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    openFailed(name, 'the file is not UTF-8 text');
    return;
  }
  const wasPyc = state.mode === 'pyc';
  if (wasPyc) leavePyc();
  showSourceTab('source');
  hideBanner();
  editor.setText(text);
  if (wasPyc && text === sourceText) void compileNow(); // the same text changes nothing: compile it for the listing
}

acceptFiles({ button: byId('open-pyc'), input: byId<HTMLInputElement>('file-input'), overlay: byId('drop-overlay') }, { pyc: openPyc, source: openSource });

// ---------------------------------------------------------------------------------------------- share
const shareButton = byId('share');
let shareReset: ReturnType<typeof setTimeout> | undefined;
/** Says `text` on the share button for a moment. */
function shareSays(text: string): void {
  shareButton.textContent = text;
  clearTimeout(shareReset);
  shareReset = setTimeout(() => { shareButton.textContent = 'Copy link'; }, 2500);
}
shareButton.addEventListener('click', async () => {
  // A link holds the editor's source; a .pyc opened is not in it, and the source behind it is not what is shown.
  if (state.mode === 'pyc') { shareSays('No link for a .pyc'); return; }
  const { optimize, mode } = state.compile;
  const frag = await encodeState({
    source: sourceText, version: state.version, caches: state.opts.showCaches, offsets: state.opts.showOffsets, positions: state.opts.showPositions,
    ...(state.opts.bands ? { bands: true } : {}),
    selection: listing.selection, lab: lab.shareState(), step: stepper.shareState(), ...(optimize ? { optimize } : {}), ...(mode !== 'exec' ? { mode } : {}),
  });
  history.replaceState(null, '', '#' + frag);
  appliedHash = location.hash;
  const link = location.href;
  shareButton.dataset.link = link;
  try {
    await navigator.clipboard.writeText(link);
    shareSays('Link copied');
  } catch {
    shareSays('Link in address bar');
  }
});

/** The fragment last applied or written: a hashchange to it again changes nothing. */
let appliedHash = '';

/**
 * Applies the link in `location.hash`, if it is one: at start, and when a link is pasted into this tab's address bar
 * (hashchange). A broken link is said in the banner; what is shown stays. Returns the state applied, if any.
 */
async function applyLink(compileFollows: boolean): Promise<ShareState | undefined> {
  const hash = location.hash;
  appliedHash = hash;
  const shared = await decodeState(hash);
  if (!shared) return undefined;
  if (isBroken(shared)) {
    const note = `This link could not be read: ${shared.broken}. Showing the editor as it was.`;
    showBanner(note);
    if (compileFollows) linkNote = note;
    return undefined;
  }
  if (isPythonVersion(shared.version)) state.version = shared.version;
  else linkNote = `This link names Python ${shared.version}, which this page does not have: showing Python ${state.version}.`;
  state.opts.showCaches = shared.caches;
  state.opts.showOffsets = shared.offsets;
  state.opts.showPositions = shared.positions;
  state.opts.bands = shared.bands === true;
  listing.selection = shared.selection;
  setCompileOptions({ optimize: shared.optimize ?? 0, mode: shared.mode ?? 'exec' });
  syncToggles();
  if (state.mode === 'pyc') leavePyc();
  showSourceTab('source');
  versionSelect.value = state.version;
  sourceText = shared.source;
  settingText = true;
  try {
    editor.setText(shared.source);
  } finally {
    settingText = false;
  }
  await compileNow();
  return shared;
}
window.addEventListener('hashchange', () => {
  if (location.hash === appliedHash) return;
  void applyLink(false).then((shared) => {
    if (shared?.lab) lab.restore(shared.lab);
    if (shared?.step) stepper.restore(shared.step);
  });
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
  getPyc: () => state.pyc,
});

// ---------------------------------------------------------------------------------------------- stepper
// The Step tab (issue #12): everything lives in step/ (step/tab.ts); traces are recorded in the lab's worker.
const stepper = initStepper({
  listing: listingEl,
  getSource: () => (state.mode === 'source' ? sourceText : null),
  getVersion: () => state.version,
  selectRow: (key) => listing.select(key),
  selection: () => listing.selection,
  async record(version, request) {
    const r = await lab.client.trace(version, { ...request, ...traceTesting });
    if (!r.ok) throw new Error(syntaxErrorText(r.error));
    return r;
  },
});

// ---------------------------------------------------------------------------------------------- workbench
// Compile options, examples, the outline of code objects, downloads.
const optimizeSelect = byId<HTMLSelectElement>('optimize');
const modeSelect = byId<HTMLSelectElement>('mode');
function setCompileOptions(o: CompileOptions): void {
  state.compile = o;
  optimizeSelect.value = String(o.optimize);
  modeSelect.value = o.mode;
}
function compileOptionsChanged(): void {
  const optimize = Number(optimizeSelect.value);
  const mode = modeSelect.value;
  setCompileOptions({
    optimize: optimize === 1 || optimize === 2 ? optimize : 0,
    mode: mode === 'eval' || mode === 'single' ? mode : 'exec',
  });
  if (state.mode === 'source') void compileNow();
}
optimizeSelect.addEventListener('change', compileOptionsChanged);
modeSelect.addEventListener('change', compileOptionsChanged);

const examplesSelect = byId<HTMLSelectElement>('examples');
examplesSelect.append(el('option', { text: 'Examples…', attrs: { value: '' } }), ...EXAMPLES.map((x) => el('option', { text: x.title, attrs: { value: x.id } })));
examplesSelect.addEventListener('change', () => {
  const id = examplesSelect.value;
  examplesSelect.value = '';
  if (!id) return;
  if (state.mode === 'pyc') closePyc();
  showSourceTab('source');
  editor.setText(example(id).source);
});

const outline = createOutline({
  select: byId<HTMLSelectElement>('outline'),
  model: () => state.model,
  jump(index) {
    showTab('listing');
    const co = state.model?.code_objects[index];
    if (!co) return;
    listingEl.querySelector(`section.code-object[data-co="${index}"]`)?.scrollIntoView({ block: 'start' });
    const first = co.instructions[0];
    if (first) listing.select(`${index}:${first.offset}`);
    renderInspector(byId('inspector'), co);
  },
});

/** The base of download names: the file opened without `.pyc`, or `editor.cpython-3XX` for the source. */
function downloadBase(): string {
  return state.mode === 'pyc' ? (state.pycName ?? 'file.pyc').replace(/\.py[co]$/i, '') : `editor.cpython-${state.version.replace('.', '')}`;
}
const downloadMenu = byId<HTMLDetailsElement>('download-menu');
byId('download-pyc').addEventListener('click', () => {
  if (state.pycBytes) download(`${downloadBase()}.pyc`, state.pycBytes, 'application/x-python-code');
  downloadMenu.open = false;
});
byId('download-text').addEventListener('click', () => {
  const v = state.pyc ? getVersion(state.pyc.version) : undefined;
  if (state.pyc && v) download(`${downloadBase()}.dis.txt`, String(disassembleToText(state.pyc.code, v)), 'text/plain;charset=utf-8');
  downloadMenu.open = false;
});
byId('download-json').addEventListener('click', () => {
  if (state.pyc && getVersion(state.pyc.version)) {
    const name = state.mode === 'pyc' ? state.pycName ?? 'file.pyc' : '<editor>';
    download(`${downloadBase()}.json`, JSON.stringify({ file: name, ...toJsonModel(state.pyc) }, null, 1) + '\n', 'application/json');
  }
  downloadMenu.open = false;
});

// ---------------------------------------------------------------------------------------------- tour
/** Opens a tool for the tour: the one that answers a chapter's question. */
function openTool(tool: Exclude<TourTool, { kind: 'reference' }>): void {
  const selectFirst = (op: string, arg?: string, code?: string) => {
    const row = rowsOf(listingEl, op, arg, code)[0];
    if (row) listing.select(`${row.dataset.co}:${row.dataset.offset}`);
  };
  switch (tool.kind) {
    case 'inspect': {
      const co = state.model?.code_objects.find((c) => (c.co_qualname ?? c.co_name) === tool.code);
      if (!co) return;
      showTab('listing');
      renderInspector(byId('inspector'), co);
      listingEl.querySelector(`section.code-object[data-co="${co.index}"]`)?.scrollIntoView({ block: 'nearest' });
      byId('inspector').scrollIntoView({ block: 'nearest' }); // on a narrow screen the panes are stacked
      return;
    }
    case 'bytes':
      showTab('listing');
      showSourceTab('bytes');
      selectFirst(tool.op);
      byId('bytes-view').scrollIntoView({ block: 'nearest' });
      return;
    case 'text':
      showTab('text');
      textView.scrollIntoView({ block: 'nearest' });
      return;
    case 'select':
      showTab('listing');
      selectFirst(tool.op, tool.arg, tool.code);
      return;
    case 'lab':
      lab.openPreset(tool.preset);
      byId('lab-view').scrollIntoView({ block: 'nearest' });
      return;
    case 'step':
      stepper.openLesson(tool.lesson);
      byId('step-view').scrollIntoView({ block: 'nearest' });
      return;
  }
}

initTour({
  getSource: () => sourceText,
  setSource: (text) => { showSourceTab('source'); editor.setText(text); },
  getVersion: () => state.version,
  showSource: () => {
    // The chapters' examples are modules, compiled as they are imported.
    if (state.compile.mode !== 'exec' || state.compile.optimize !== 0) setCompileOptions({ mode: 'exec', optimize: 0 });
    if (state.mode === 'pyc') closePyc();
  },
  listing: listingEl,
  selectRow: (key) => { showTab('listing'); listing.select(key); },
  openTool,
});

// ---------------------------------------------------------------------------------------------- start
async function start(): Promise<void> {
  versionSelect.value = state.version;
  const shared = await applyLink(true);
  if (!shared) await compileNow();
  if (shared?.lab) lab.restore(shared.lab);
  if (shared?.step) stepper.restore(shared.step);
}
void start();
