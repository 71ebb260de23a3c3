/**
 * Bytescope explorer: type Python, see its bytecode for CPython 3.10–3.15, linked span by span. Source is
 * compiled by real CPython (Pyodide) in a Web Worker; `.pyc` files are read by the core alone.
 */
import {
  BytescopeError, disassembleToText, getVersion, readPyc, toJsonModel,
  type BytescopeJson, type JsonCodeObject, type JsonInstruction, type PycFile,
} from '@bytescope/core';
import { byId, el } from './dom.js';
import { createEditor, type SourceMark } from './editor.js';
import { helpElements } from './help.js';
import { highlightEntry, renderInspector } from './inspector.js';
import { lineBands, renderListing, type ListingOptions, type RenderedListing } from './listing.js';
import { initLab } from './lab-panel.js'; // performance lab (issue #5)
import { initTheme } from './page-theme.js';
import { instructionSpan, spanCovers, spanSize, type SourceSpan } from './positions.js';
import { Runtimes } from './runtime-client.js';
import { decodeState, encodeState } from './share.js';
import './style.css';

const VERSIONS = ['3.10', '3.11', '3.12', '3.13', '3.14', '3.15'];
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

interface AppState {
  mode: 'source' | 'pyc';
  version: string;
  opts: ListingOptions;
  pyc?: PycFile;
  pycName?: string;
  model?: BytescopeJson;
  stale: boolean;
  selection?: string;
  fullVersion?: string;
}

const state: AppState = {
  mode: 'source',
  version: '3.14',
  opts: { showCaches: false, showOffsets: false, showPositions: false, bands: false },
  stale: false,
};
const runtimes = new Runtimes();
const collapsed = new Set<number>();
let rendered: RenderedListing | undefined;
let spans: { key: string; span: SourceSpan; size: number }[] = [];
const backStack: string[] = [];
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
const textOutput = byId('text-output');
const textNote = byId('text-note');
const banner = byId('error-banner');
const helpPanel = byId('help-panel');
const inspector = byId('inspector');
const pycHeader = byId('pyc-header');
const fileInput = byId<HTMLInputElement>('file-input');

for (const v of VERSIONS) versionSelect.appendChild(el('option', { text: `Python ${v}`, attrs: { value: v } }));

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
    if (!point) { clearRowHighlights(); return; }
    highlightRowsAt(point.line, point.col, source === 'cursor');
  },
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
    showBanner(`Python ${version}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (seq !== compileSeq || state.mode !== 'source') return;
  state.fullVersion = outcome.fullVersion;
  perf.runtimeStart = outcome.startedFrom;
  setStatus(`CPython ${outcome.fullVersion}`, false);
  perf.lastCompileMs = outcome.ms;
  if (!outcome.ok) {
    const e = outcome.syntaxError;
    editor.showError(e.lineno === null ? null : { line: e.lineno, col: e.offset, endLine: e.end_lineno, endCol: e.end_offset, message: `${e.type}: ${e.message}` });
    state.stale = true;
    listingEl.classList.add('stale');
    showBanner(`${e.type}: ${e.message}` + (e.lineno !== null ? ` (line ${e.lineno}${e.offset !== null ? `, column ${e.offset}` : ''})` : '') + (state.model ? ' — showing the last good listing' : ''));
    perf.lastUpdateMs = performance.now() - t0;
    perf.updates++;
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
    showBanner(e instanceof Error ? e.message : String(e));
    return;
  }
  render();
  perf.lastUpdateMs = performance.now() - t0;
  perf.updates++;
  listingEl.dataset.updates = String(perf.updates);
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
  const listingHadFocus = listingEl.contains(document.activeElement);
  const opts = { ...state.opts, showOffsets: state.opts.showOffsets };
  const previous = rendered;
  rendered = renderListing(model, opts, collapsed, listingEl, previous);
  previous?.dispose();
  if (listingEl.firstChild !== rendered.root || listingEl.childNodes.length !== 1) listingEl.replaceChildren(rendered.root);
  listingEl.dataset.version = model.python_version;
  spans = [];
  for (const co of state.mode === 'source' ? model.code_objects : []) {
    for (const ins of co.instructions) {
      const s = instructionSpan(ins);
      if (s) spans.push({ key: rendered.key(co.index, ins.offset), span: s, size: spanSize(s) });
    }
  }
  renderText();
  // The selection survives an update; the focus stays where it was (in the editor while typing).
  if (state.selection && rendered.row(state.selection)) select(state.selection, false, listingHadFocus);
  else renderInspector(inspector, model.code_objects[0]);
  editor.highlight(bandMarks());
  perf.lastRenderMs = performance.now() - t0;
}

function renderText(): void {
  if (!state.pyc || textView.hidden) return;
  const v = getVersion(state.pyc.version);
  if (!v) { textOutput.textContent = ''; return; }
  const has = v.features.options;
  const o = { showCaches: state.opts.showCaches && has.showCaches, showOffsets: state.opts.showOffsets && has.showOffsets, showPositions: state.opts.showPositions && has.showPositions };
  const ignored = [
    state.opts.showCaches && !has.showCaches ? 'caches (3.11+)' : '',
    state.opts.showOffsets && !has.showOffsets ? 'offsets (dis always shows them before 3.13)' : '',
    state.opts.showPositions && !has.showPositions ? 'positions (3.14+)' : '',
  ].filter(Boolean);
  textNote.textContent = `What CPython ${v.table.data.fullVersion}'s dis.dis() prints` + (ignored.length ? `; this dis has no option for ${ignored.join(', ')}` : '') + '.';
  try {
    textOutput.textContent = disassembleToText(state.pyc.code, v, o);
  } catch (e) {
    textOutput.textContent = e instanceof BytescopeError ? e.message : String(e);
  }
}

function bandMarks(): SourceMark[] {
  if (!state.opts.bands || state.mode !== 'source' || !state.model) return [];
  return [...lineBands(state.model)].map(([l, b]) => ({ span: { line: l, endLine: l, col: null, endCol: null }, cls: `cm-band-${b}` }));
}

// ---------------------------------------------------------------------------------------------- linking
function clearRowHighlights(): void {
  for (const r of listingEl.querySelectorAll('.ins.hl, .ins.hl-primary')) r.classList.remove('hl', 'hl-primary');
}

function highlightRowsAt(line: number, col: number, scroll: boolean): void {
  clearRowHighlights();
  if (!rendered || state.mode !== 'source') return;
  const hits = spans.filter((s) => spanCovers(s.span, line, col)).sort((a, b) => a.size - b.size);
  if (!hits.length) return;
  const best = hits[0]!.size;
  for (const h of hits) rendered.row(h.key)?.classList.add(h.size === best ? 'hl-primary' : 'hl');
  if (scroll) rendered.row(hits[0]!.key)?.scrollIntoView({ block: 'nearest' });
}

function rowInstruction(row: HTMLElement): { co: JsonCodeObject; ins: JsonInstruction } | undefined {
  const model = state.model;
  if (!model) return undefined;
  const co = model.code_objects[Number(row.dataset.co)];
  const off = Number(row.dataset.offset);
  const ins = co?.instructions.find((i) => i.offset === off);
  return co && ins ? { co, ins } : undefined;
}

function spanOfRow(row: HTMLElement): SourceSpan | null {
  const d = row.dataset.span;
  if (!d) return null;
  const [a, b, c, e] = d.split(',');
  return { line: Number(a), endLine: Number(b), col: c === '' ? null : Number(c), endCol: e === '' ? null : Number(e) };
}

function showRowSpan(row: HTMLElement | null): void {
  const marks = bandMarks();
  const span = row ? spanOfRow(row) : null;
  if (span && state.mode === 'source') marks.push({ span, cls: 'cm-bs-span' });
  editor.highlight(marks);
}

listingEl.addEventListener('mouseover', (e) => {
  const row = (e.target as HTMLElement).closest<HTMLElement>('.ins[data-offset]');
  if (row) {
    showRowSpan(row);
    const hit = rowInstruction(row);
    if (hit) showHelp(hit.ins);
  }
});
listingEl.addEventListener('mouseleave', () => {
  showRowSpan(state.selection ? rendered?.row(state.selection) ?? null : null);
});

function showHelp(ins: JsonInstruction): void {
  const v = state.model ? getVersion(state.model.python_version) : undefined;
  if (!v) return;
  helpPanel.replaceChildren(...helpElements(v, ins.opcode, ins.opname, ins.arg));
}

/** Selects a row; it takes the keyboard focus unless `focus` is false (an update restoring the selection). */
function select(key: string, scroll = true, focus = true): void {
  if (!rendered) return;
  const row = rendered.row(key);
  if (!row) return;
  for (const r of listingEl.querySelectorAll('.ins.selected')) { r.classList.remove('selected'); r.setAttribute('aria-selected', 'false'); }
  row.classList.add('selected');
  row.setAttribute('aria-selected', 'true');
  state.selection = key;
  if (scroll) row.scrollIntoView({ block: 'nearest' });
  if (focus) row.focus({ preventScroll: !scroll });
  const hit = rowInstruction(row);
  if (hit) {
    showHelp(hit.ins);
    renderInspector(inspector, hit.co);
  }
  showRowSpan(row);
}

function followJump(row: HTMLElement): boolean {
  const hit = rowInstruction(row);
  if (!hit || hit.ins.jump_target === null || !rendered) return false;
  const key = rendered.key(hit.co.index, hit.ins.jump_target);
  if (!rendered.row(key)) return false;
  backStack.push(rendered.key(hit.co.index, hit.ins.offset));
  select(key);
  return true;
}

function goBack(): void {
  const k = backStack.pop();
  if (k) select(k);
}

listingEl.addEventListener('click', (e) => {
  const t = e.target as HTMLElement;
  // An opname is a link to its reference entry: a plain click selects the row (as elsewhere in it); Ctrl/⌘-click,
  // Shift-click or the middle button open the entry, as links do.
  if (t.closest('.c-op a') && !(e.ctrlKey || e.metaKey || e.shiftKey)) e.preventDefault();
  const toggle = t.closest('.co-toggle');
  if (toggle) {
    const section = toggle.closest<HTMLElement>('section.code-object')!;
    const idx = Number(section.dataset.co);
    if (collapsed.has(idx)) collapsed.delete(idx); else collapsed.add(idx);
    section.classList.toggle('collapsed');
    toggle.textContent = section.classList.contains('collapsed') ? '▸' : '▾';
    toggle.setAttribute('aria-expanded', String(!section.classList.contains('collapsed')));
    return;
  }
  const inspect = t.closest<HTMLElement>('.co-inspect');
  if (inspect && state.model) { renderInspector(inspector, state.model.code_objects[Number(inspect.dataset.co)]); return; }
  const row = t.closest<HTMLElement>('.ins[data-offset]');
  if (!row || !rendered) return;
  if (t.classList.contains('jump-link')) { select(rendered.key(Number(row.dataset.co), Number(row.dataset.offset)), false); followJump(row); return; }
  select(rendered.key(Number(row.dataset.co), Number(row.dataset.offset)), false);
  if (t.classList.contains('arg-link')) {
    if (t.dataset.table) highlightEntry(inspector, t.dataset.table, Number(t.dataset.index));
    else if (t.dataset.name !== undefined) highlightEntry(inspector, null, null, t.dataset.name);
  }
});

listingEl.addEventListener('keydown', (e) => {
  if (!rendered || (e.target as HTMLElement).closest('button')) return; // Enter on a button presses it
  // Keys in model order: rows of parts not yet rendered are rendered by select().
  const cur = state.selection ? rendered.row(state.selection) : undefined;
  const moveBy = (d: number) => {
    const keys = rendered!.keys(collapsed);
    const i = cur && state.selection ? keys.indexOf(state.selection) : -1;
    const k = keys[Math.min(Math.max(i < 0 && d < 0 ? 0 : i + d, 0), keys.length - 1)];
    if (k) select(k);
    e.preventDefault();
  };
  if (e.key === 'ArrowDown' || e.key === 'j') moveBy(1);
  else if (e.key === 'ArrowUp' || e.key === 'k') moveBy(-1);
  else if (e.key === 'Enter' && cur) { followJump(cur); e.preventDefault(); }
  else if (e.key === 'Backspace' || (e.key === 'ArrowLeft' && e.altKey)) { goBack(); e.preventDefault(); }
  else if (e.key === 'h' && cur) { const hit = rowInstruction(cur); if (hit) showHelp(hit.ins); helpPanel.focus(); }
  else if (e.key === 'r' && cur) { const a = cur.querySelector<HTMLAnchorElement>('.c-op a'); if (a) window.open(a.href, '_blank', 'noopener'); }
});

document.addEventListener('keydown', (e) => {
  if (e.key === '?' && !(e.target as HTMLElement).closest('.cm-editor, input, select')) {
    const d = byId<HTMLDialogElement>('shortcuts');
    if (d.open) d.close(); else d.showModal();
  }
});

// ---------------------------------------------------------------------------------------------- controls
function bindToggle(id: string, key: keyof ListingOptions): void {
  const box = byId<HTMLInputElement>(id);
  box.checked = state.opts[key];
  box.addEventListener('change', () => {
    state.opts[key] = box.checked;
    render();
  });
}
bindToggle('toggle-caches', 'showCaches');
bindToggle('toggle-offsets', 'showOffsets');
bindToggle('toggle-positions', 'showPositions');
bindToggle('toggle-bands', 'bands');

function syncToggles(): void {
  for (const [id, key] of [['toggle-caches', 'showCaches'], ['toggle-offsets', 'showOffsets'], ['toggle-positions', 'showPositions'], ['toggle-bands', 'bands']] as const) {
    byId<HTMLInputElement>(id).checked = state.opts[key];
  }
}

versionSelect.addEventListener('change', () => {
  state.version = versionSelect.value;
  backStack.length = 0;
  if (state.mode === 'source') void compileNow();
});

function showTab(which: 'listing' | 'text'): void {
  byId('tab-listing').setAttribute('aria-selected', String(which === 'listing'));
  byId('tab-text').setAttribute('aria-selected', String(which === 'text'));
  listingEl.hidden = which !== 'listing';
  textView.hidden = which !== 'text';
  renderText();
}
byId('tab-listing').addEventListener('click', () => showTab('listing'));
byId('tab-text').addEventListener('click', () => showTab('text'));
byId('copy-text').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(textOutput.textContent ?? '');
    byId('copy-text').textContent = 'Copied';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(textOutput);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  }
  setTimeout(() => { byId('copy-text').textContent = 'Copy'; }, 1500);
});

byId('shortcuts-button').addEventListener('click', () => byId<HTMLDialogElement>('shortcuts').showModal());
byId('shortcuts-close').addEventListener('click', () => byId<HTMLDialogElement>('shortcuts').close());

// ---------------------------------------------------------------------------------------------- .pyc files
function formatHeader(pyc: PycFile, name: string): HTMLElement[] {
  const h = pyc.header;
  const items: [string, string][] = [['File', name], ['Python', pyc.version + (h?.magic.prerelease ? ' (pre-release magic)' : '')]];
  if (h) {
    items.push(['Magic', `${h.magic.magic}`], ['Flags', `0x${h.flags.toString(16)} (${h.invalidation})`]);
    if (h.mtime !== undefined) items.push(['Source mtime', new Date(h.mtime * 1000).toISOString()]);
    if (h.sourceSize !== undefined) items.push(['Source size', `${h.sourceSize} bytes`]);
    if (h.sourceHash !== undefined) items.push(['Source hash', h.sourceHash]);
  }
  return items.map(([k, v]) => el('div', { cls: 'hdr-item' }, [el('span', { cls: 'hdr-key', text: k }), el('span', { cls: 'hdr-val', text: v })]));
}

function openPyc(bytes: Uint8Array, name: string): void {
  const t0 = performance.now();
  let pyc: PycFile;
  try {
    pyc = readPyc(bytes);
  } catch (e) {
    showBanner(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  const v = getVersion(pyc.version);
  state.mode = 'pyc';
  state.pyc = pyc;
  state.pycName = name;
  state.selection = undefined;
  compileSeq++;
  pycHeader.hidden = false;
  pycHeader.replaceChildren(el('h2', { text: 'Opened .pyc (no source)' }), ...formatHeader(pyc, name), el('button', { text: 'Back to the editor', attrs: { id: 'close-pyc' } }));
  byId('close-pyc').addEventListener('click', closePyc);
  byId('editor').hidden = true;
  versionSelect.disabled = true;
  hideBanner();
  listingEl.classList.remove('stale');
  if (!v) {
    state.model = undefined;
    listingEl.replaceChildren(el('p', { cls: 'note', text: `This is a Python ${pyc.version} file. Its header and code objects were read, but disassembly needs Python 3.10–3.15.` }));
    setStatus(`Python ${pyc.version} .pyc`, false);
    return;
  }
  setStatus(`.pyc of CPython ${pyc.version} (tables of ${v.table.data.fullVersion}) — no runtime needed`, false);
  try {
    state.model = toJsonModel(pyc, { lazyInstructions: true }); // a large file: build what is shown
  } catch (e) {
    showBanner(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  render();
  perf.lastUpdateMs = performance.now() - t0;
  perf.updates++;
  listingEl.dataset.updates = String(perf.updates);
}

function closePyc(): void {
  state.mode = 'source';
  pycHeader.hidden = true;
  byId('editor').hidden = false;
  versionSelect.disabled = false;
  void compileNow();
}

async function openFile(file: File): Promise<void> {
  openPyc(new Uint8Array(await file.arrayBuffer()), file.name);
}
byId('open-pyc').addEventListener('click', () => fileInput.click());
fileInput.addEventListener('change', () => { const f = fileInput.files?.[0]; if (f) void openFile(f); fileInput.value = ''; });
const overlay = byId('drop-overlay');
window.addEventListener('dragover', (e) => { e.preventDefault(); overlay.hidden = false; });
window.addEventListener('dragleave', (e) => { if (e.relatedTarget === null) overlay.hidden = true; });
window.addEventListener('drop', (e) => {
  e.preventDefault();
  overlay.hidden = true;
  const f = e.dataTransfer?.files[0];
  if (f) void openFile(f);
});

// ---------------------------------------------------------------------------------------------- share
byId('share').addEventListener('click', async () => {
  const frag = await encodeState({ source: sourceText, version: state.version, caches: state.opts.showCaches, offsets: state.opts.showOffsets, positions: state.opts.showPositions, selection: state.selection, lab: lab.shareState() });
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
// The Lab tab (issue #5): everything lives in lab-panel.ts; it reads the source, version and model through these.
const lab = initLab({
  editor,
  runtimes,
  listing: listingEl,
  getSource: () => (state.mode === 'source' ? sourceText : null),
  getVersion: () => state.version,
  getModel: () => state.model,
  getPyc: () => state.pyc,
});

// ---------------------------------------------------------------------------------------------- start
async function start(): Promise<void> {
  const shared = await decodeState(location.hash);
  if (shared) {
    if (VERSIONS.includes(shared.version)) state.version = shared.version;
    state.opts.showCaches = shared.caches;
    state.opts.showOffsets = shared.offsets;
    state.opts.showPositions = shared.positions;
    state.selection = shared.selection;
    sourceText = shared.source;
    editor.setText(shared.source);
    syncToggles();
  }
  versionSelect.value = state.version;
  await compileNow();
  if (shared?.lab) lab.restore(shared.lab);
}
void start();
