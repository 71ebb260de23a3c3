/**
 * The lab's Compare view: two or more snippets (a preset that teaches, or your own), each in its own small editor,
 * run side by side in the same CPython: instruction counts by opname aligned in one table (rows whose counts differ
 * highlighted), then best-of-N timings and the ratio with its spread. Times in WebAssembly are slower than native;
 * the ratio is what matters, and the view says so.
 */
import { LabError, PRESETS, PRESET_IDS, byCount, compareVerdicts, isPresetId, timingMethod, type LabCompareResponse, type LabPresetId, type LabVariant } from '@bytescope/python/lab/portable';
import { createEditor, type SourceEditor } from '../explorer/editor.js';
import { el } from '../ui/dom.js';
import { errorMessage } from '../ui/errors.js';
import { createVersionsCompare, type VersionsCompare } from './compare-versions.js';
import type { LabContext, LabPanel } from './context.js';
import { exceptionBlock, fmtCount, fmtRatio, fmtSeconds, opKind, outputBlock, panelOutput, stopMessage } from './widgets.js';

const CUSTOM = 'custom';
const HONEST = 'Times in WebAssembly are slower than native CPython; the ratios are what matters.';

interface VariantBox {
  readonly name: HTMLInputElement;
  readonly editor: SourceEditor;
  readonly el: HTMLElement;
}

/** What the Compare panel compares: snippets timed in one version, or one source compiled by two versions. */
export type CompareMode = 'snippets' | 'versions';

/** The Compare panel, plus loading a preset from elsewhere (the hints link to theirs). */
export interface ComparePanel extends LabPanel {
  loadPreset(id: LabPresetId): void;
  /** The mode shown, and showing one. */
  mode(): CompareMode;
  setMode(mode: CompareMode): void;
  /** The "two versions" mode (compare-versions.ts). */
  readonly versions: VersionsCompare;
}

/** Names made unique (the engine tells variants apart by name). */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n, i) => {
    const base = n.trim() || `variant ${i + 1}`;
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    return k === 1 ? base : `${base} #${k}`;
  });
}

/** The aligned opname table: one row per opname, one column per variant; differing rows marked. */
function opnameTable(r: LabCompareResponse): HTMLElement {
  const vs = r.variants;
  const ops = new Map<string, number>();
  for (const v of vs) for (const [op, n] of Object.entries(v.counts?.byOpname ?? {})) ops.set(op, Math.max(ops.get(op) ?? 0, n));
  const sorted = byCount(ops).map(([op]) => op);
  const table = el('table', { cls: 'lab-mix', attrs: { id: 'lab-cmp-mix' } });
  table.appendChild(el('thead', {}, [el('tr', {}, [el('th', { text: 'opname' }), ...vs.map((v) => el('th', { text: v.name, cls: 'lab-num' }))])]));
  const body = el('tbody');
  for (const op of sorted) {
    const counts = vs.map((v) => v.counts?.byOpname[op] ?? 0);
    const hi = Math.max(...counts);
    const lo = Math.min(...counts);
    // Any difference is marked; one of at least 5 % of the larger count (and 10) stands out.
    const cls = hi === lo ? '' : hi - lo >= Math.max(10, hi * 0.05) ? 'lab-diff lab-diff-big' : 'lab-diff';
    body.appendChild(el('tr', { cls, attrs: { 'data-op': op } }, [
      el('td', { cls: opKind(op), text: op }),
      ...counts.map((n) => el('td', { cls: 'lab-num' + (n === 0 ? ' lab-zero-count' : ''), text: fmtCount(n) })),
    ]));
  }
  body.appendChild(el('tr', { cls: 'lab-total' }, [el('td', { text: 'total' }), ...vs.map((v) => el('td', { cls: 'lab-num', text: fmtCount(v.counts?.total ?? 0) }))]));
  table.appendChild(body);
  return table;
}

function isCompare(x: unknown): x is LabCompareResponse {
  return typeof x === 'object' && x !== null && Array.isArray((x as { variants?: unknown }).variants);
}

function timingTable(r: LabCompareResponse): HTMLElement {
  const table = el('table', { cls: 'lab-times', attrs: { id: 'lab-cmp-times' } });
  table.appendChild(el('thead', {}, [el('tr', {}, ['variant', 'median per run', 'best', 'runs per measurement', 'vs fastest (median of rounds)'].map((h, i) => el('th', { text: h, cls: i ? 'lab-num' : '' })))]));
  const body = el('tbody');
  r.variants.forEach((v) => {
    const t = v.timing;
    const ratio = r.ratios?.find((x) => x.name === v.name);
    body.appendChild(el('tr', { cls: v.name === r.fastest ? 'lab-fastest' : '', attrs: { 'data-variant': v.name } }, [
      el('td', { text: v.name }),
      el('td', { cls: 'lab-num', text: t ? fmtSeconds(t.median) : '—' }),
      el('td', { cls: 'lab-num', text: t ? fmtSeconds(t.best) : '—' }),
      el('td', { cls: 'lab-num', text: t ? fmtCount(t.number) : '—' }),
      el('td', { cls: 'lab-num', text: v.name === r.fastest && t ? 'fastest' : ratio ? `${fmtRatio(ratio.median)} (${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)})` : '—' }),
    ]));
  });
  table.appendChild(body);
  return table;
}

/** Creates the Compare panel. */
export function createComparePanel(ctx: LabContext): ComparePanel {
  const { host, client, activity } = ctx;
  const select = el('select', { attrs: { id: 'lab-cmp-preset', 'aria-label': 'preset' } }, [
    ...PRESET_IDS.map((id) => el('option', { text: PRESETS[id].title.replace(/`/g, ''), attrs: { value: id } })),
    el('option', { text: 'Your own snippets', attrs: { value: CUSTOM } }),
  ]);
  const description = el('p', { cls: 'lab-description', attrs: { id: 'lab-cmp-description' } });
  const variantsEl = el('div', { cls: 'lab-variants', attrs: { id: 'lab-cmp-variants' } });
  const go = el('button', { cls: 'lab-action lab-primary', text: 'Run comparison', attrs: { id: 'lab-cmp-go' } });
  const fromEditor = el('button', { cls: 'lab-link', text: 'Use the editor’s source as the first snippet', attrs: { id: 'lab-cmp-from-editor' } });
  const { message, result } = panelOutput('cmp');
  const snippets = el('div', { cls: 'lab-cmp-snippets', attrs: { id: 'lab-cmp-snippets' } }, [
    el('p', { cls: 'lab-intro', text: 'Runs the snippets side by side in the same CPython: first once with instruction counts, then timed like timeit '
      + '(warm, interleaved rounds, best of N).' }),
    el('div', { cls: 'lab-controls' }, [el('label', { cls: 'lab-field' }, [el('span', { text: 'Preset' }), select]), fromEditor]),
    description, variantsEl,
    el('div', { cls: 'lab-controls' }, [go, el('span', { cls: 'lab-muted lab-honest', text: HONEST })]),
    message, result,
  ]);
  // Two modes: snippets timed in one version, or one source compiled by two versions (compare-versions.ts).
  const versions = createVersionsCompare(ctx);
  versions.el.hidden = true;
  const modeButtons: Record<CompareMode, HTMLButtonElement> = {
    snippets: el('button', { text: 'Snippets, timed', attrs: { id: 'lab-cmp-mode-snippets', role: 'radio', 'aria-checked': 'true' } }),
    versions: el('button', { text: 'Two versions, side by side', attrs: { id: 'lab-cmp-mode-versions', role: 'radio', 'aria-checked': 'false', title: 'The source compiled by two CPython versions, instructions aligned' } }),
  };
  const panel = el('section', { cls: 'lab-panel', attrs: { id: 'lab-compare', 'aria-label': 'Compare variants' } }, [
    el('div', { cls: 'lab-modes', attrs: { role: 'radiogroup', 'aria-label': 'What to compare' } }, [modeButtons.snippets, modeButtons.versions]),
    snippets, versions.el,
  ]);
  let mode: CompareMode = 'snippets';
  function applyMode(m: CompareMode): void {
    mode = m;
    snippets.hidden = m !== 'snippets';
    versions.el.hidden = m !== 'versions';
    for (const [k, b] of Object.entries(modeButtons)) b.setAttribute('aria-checked', String(k === m));
  }
  function setMode(m: CompareMode): void {
    applyMode(m);
    refresh();
  }
  for (const [k, b] of Object.entries(modeButtons) as [CompareMode, HTMLButtonElement][]) b.addEventListener('click', () => setMode(k));
  // A radio group: the arrow keys move between the modes.
  modeButtons.snippets.parentElement!.addEventListener('keydown', (e) => {
    if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key)) return;
    const next: CompareMode = mode === 'snippets' ? 'versions' : 'snippets';
    setMode(next);
    modeButtons[next].focus();
    e.preventDefault();
  });

  let boxes: VariantBox[] = [];
  let started = false;
  let loading = false;
  let preset: LabPresetId | null = null;

  function makeBox(v: LabVariant, i: number): VariantBox {
    const name = el('input', { cls: 'lab-variant-name', attrs: { type: 'text', 'aria-label': `name of snippet ${i + 1}`, spellcheck: 'false' } });
    name.value = v.name;
    const holder = el('div', { cls: 'lab-variant-editor' });
    const box = el('div', { cls: 'lab-variant', attrs: { 'data-index': String(i) } }, [name, holder]);
    const editor = createEditor({
      parent: holder, doc: v.source, dark: ctx.dark(),
      onChange: () => { if (!loading) markCustom(); },
      onPoint: () => {},
    });
    name.addEventListener('input', () => { if (!loading) markCustom(); });
    return { name, editor, el: box };
  }

  function setVariants(vs: readonly LabVariant[]): void {
    for (const b of boxes) b.editor.view.destroy();
    loading = true;
    boxes = vs.map((v, i) => makeBox(v, i));
    loading = false;
    variantsEl.replaceChildren(...boxes.map((b) => b.el));
  }

  function markCustom(): void {
    if (preset === null) return;
    preset = null;
    select.value = CUSTOM;
    description.textContent = 'Your own snippets (edited from a preset).';
  }

  function loadPreset(id: LabPresetId): void {
    applyMode('snippets');
    const p = PRESETS[id];
    started = true;
    preset = id;
    select.value = id;
    description.textContent = p.description + (p.versions.includes(host.getVersion()) ? '' : ` (In CPython ${host.getVersion()} the effect is small: ${p.versions.join(', ')} show${p.versions.length === 1 ? 's' : ''} it best.)`);
    setVariants(p.variants);
    result.replaceChildren();
    message.replaceChildren();
  }

  function loadCustom(first?: string): void {
    started = true;
    preset = null;
    select.value = CUSTOM;
    description.textContent = 'Your own snippets: each runs as a program of its own (a fresh namespace). Keep each run short — a few milliseconds.';
    const src = first ?? host.getSource() ?? '';
    const current = boxes.map((b) => ({ name: b.name.value, source: b.editor.view.state.doc.toString() }));
    setVariants([{ name: 'A', source: src }, { name: 'B', source: current[1]?.source ?? src }]);
    result.replaceChildren();
  }

  select.addEventListener('change', () => {
    if (isPresetId(select.value)) loadPreset(select.value);
    else loadCustom();
  });
  fromEditor.addEventListener('click', () => {
    const src = host.getSource();
    if (src === null) return;
    if (!boxes.length) { loadCustom(src); return; }
    boxes[0]!.editor.setText(src);
    markCustom();
  });

  function render(r: LabCompareResponse): void {
    const parts: (HTMLElement | null)[] = [];
    if (r.ratio !== null && r.fastest !== null && r.slowest !== null) {
      const verdicts = compareVerdicts(r);
      const measurable = r.measurable !== false;
      parts.push(el('p', { cls: 'lab-ratio', attrs: { id: 'lab-cmp-ratio', 'data-ratio': String(r.ratio), 'data-measurable': String(measurable) } }, [
        el('strong', { text: measurable ? fmtRatio(r.ratio) : 'No measurable difference' }),
        document.createTextNode(` — ${verdicts[0] ?? ''}.`),
      ]));
      for (const v of verdicts.slice(1)) parts.push(el('p', { cls: 'lab-ratio-more', text: v + '.' }));
      const spread = r.ratioSpread;
      parts.push(el('p', { cls: 'lab-muted', attrs: { id: 'lab-cmp-method' }, text: `${timingMethod(r)}.`
        + (spread ? ` Round by round the ratio ranged ${fmtRatio(spread.min)}–${fmtRatio(spread.max)}; the interval is that of the median.` : '') + ` Clock: ${r.clock ?? 'wall clock'}.` }));
    } else {
      parts.push(el('p', { cls: 'lab-error', text: `Not timed: ${r.error ?? 'a variant failed'}` }));
    }
    parts.push(timingTable(r));
    parts.push(el('p', { cls: 'lab-note', text: r.timingNote || HONEST }));
    for (const v of r.variants) if (v.exception) parts.push(exceptionBlock(v.exception, `${v.name} raised`));
    parts.push(el('h4', { text: 'Instructions executed, by opname (rows that differ are highlighted; large differences strongly)' }), opnameTable(r));
    for (const v of r.variants) {
      const out = outputBlock(v);
      if (out) parts.push(el('details', { cls: 'lab-variant-output' }, [el('summary', { text: `output of ${v.name}` }), out]));
    }
    result.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  }

  async function run(): Promise<void> {
    const version = host.getVersion();
    const names = uniqueNames(boxes.map((b) => b.name.value));
    const variants: LabVariant[] = boxes.map((b, i) => ({ name: names[i]!, source: b.editor.view.state.doc.toString() }));
    if (variants.length < 2) { message.replaceChildren(el('p', { cls: 'lab-error', text: 'Compare needs two snippets.' })); return; }
    const p = preset ? PRESETS[preset] : null;
    await activity.run('compare', async () => {
      message.replaceChildren(el('p', { cls: 'lab-muted', text: `Counting, then timing ${variants.length} variants in CPython ${version}…` }));
      try {
        const r = await client.compare(version, { variants, repeat: p?.repeat ?? 15, targetMs: p?.targetMs ?? 10, outputLimit: 10_000, timeoutMs: ctx.limit.ms });
        message.replaceChildren();
        render(r);
      } catch (e) {
        const partial = e instanceof LabError && isCompare(e.partial) ? e.partial : null;
        message.replaceChildren(stopMessage(e, ctx.limit, () => { void run(); }, partial !== null));
        if (partial) render(partial);
        else result.replaceChildren();
      }
    });
  }
  go.addEventListener('click', () => { void run(); });

  // Follow the page's theme.
  new MutationObserver(() => { for (const b of boxes) b.editor.setDark(ctx.dark()); })
    .observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  function refresh(): void {
    if (mode === 'versions') versions.refresh();
    else if (!started) { started = true; loadPreset('faster-in-function'); }
  }

  return { id: 'compare', title: 'Compare', el: panel, loadPreset, refresh, mode: () => mode, setMode, versions };
}
