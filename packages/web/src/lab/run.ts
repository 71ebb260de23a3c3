/**
 * The lab's Run panel: runs the editor's program (then an optional call expression) once in real CPython with
 * instruction counts, and shows the counts three ways: a histogram by opname here, a bar on each listing row, and a
 * heat map of the source lines. A runaway program is stopped by the lab's limits with a clear message.
 */
import { LabError, type LabCounts, type LabRunResponse } from '@bytescope/python/lab/portable';
import { el } from '../ui/dom.js';
import { errorMessage } from '../ui/errors.js';
import type { LabContext, LabPanel } from './context.js';
import { RowBars, heatLines } from './counts.js';
import { installHeatMap } from './heat.js';
import { exceptionBlock, fmtCount, histogram, outputBlock, panelOutput, stopMessage, textField } from './widgets.js';

/** Characters of stdout and of stderr the page keeps from one run. */
const OUTPUT_LIMIT = 20_000;

/** The last run whose counts the listing and the editor show (while the source and version are the same). */
interface ShownRun {
  source: string;
  version: string;
  counts: LabCounts;
}

function isRunResponse(x: unknown): x is LabRunResponse {
  return typeof x === 'object' && x !== null && 'stdout' in x && 'counts' in x && 'steps' in x;
}

/** The Run panel, plus `refreshOverlay` for the explorer to call when its source, version or listing changes. */
export interface RunPanel extends LabPanel {
  refreshOverlay(): void;
}

/** Creates the Run panel. */
export function createRunPanel(ctx: LabContext): RunPanel {
  const { host, client, activity } = ctx;
  const call = el('input', { attrs: { id: 'lab-run-call', type: 'text', placeholder: 'optional, e.g. main()', spellcheck: 'false', autocomplete: 'off' } });
  const go = el('button', { cls: 'lab-action lab-primary', text: 'Run with counts', attrs: { id: 'lab-run-go' } });
  const { message, result } = panelOutput('run');
  const stale = el('p', { cls: 'lab-note', text: 'The source or version changed since this run: the listing bars and the heat map are hidden. Run again to see them.', attrs: { id: 'lab-run-stale' } });
  stale.hidden = true;
  const panel = el('section', { cls: 'lab-panel', attrs: { id: 'lab-run', 'aria-label': 'Run with counts' } }, [
    el('p', { cls: 'lab-intro', text: 'Runs the program in the editor once, in real CPython, and counts every instruction executed. '
      + 'The counts appear as a histogram here, as bars on the Listing rows and as a heat map in the editor. '
      + 'With a call expression the program runs first, and the counts cover the call only.' }),
    el('div', { cls: 'lab-controls' }, [textField('Call', call), go]),
    message, stale, result,
  ]);

  let shown: ShownRun | null = null;
  const bars = new RowBars(host.listing, () => host.getModel());
  const setHeat = installHeatMap(host.editor.view, () => refreshOverlay());

  let overlayOn = false;
  function refreshOverlay(): void {
    const valid = shown !== null && host.getSource() === shown.source && host.getVersion() === shown.version;
    stale.hidden = valid || shown === null;
    if (!valid || !shown) {
      if (overlayOn) { bars.show(null); setHeat([]); overlayOn = false; }
      return;
    }
    overlayOn = true;
    const placed = bars.show(shown.counts);
    setHeat(heatLines(shown.counts));
    result.querySelector('.lab-unmatched')?.remove();
    if (placed && placed.unmatched > 0 && host.getModel()) {
      result.prepend(el('p', { cls: 'lab-note lab-unmatched', text: `${placed.unmatched} code object(s) of the listing did not match the run (the source changed?): they have no count bars.` }));
    }
  }

  function showResult(r: LabRunResponse, version: string, source: string, stopped: string | null): void {
    const parts: (HTMLElement | null)[] = [];
    const c = r.counts;
    if (stopped) {
      parts.push(el('p', { cls: 'lab-muted lab-partial', text: c ? `Partial: counts until it was stopped (${fmtCount(c.total)} instructions), and its output until then.` : 'No counts: it was stopped before any were taken.' }));
    } else if (c) {
      parts.push(el('p', { cls: 'lab-summary' }, [
        el('strong', { text: `${fmtCount(c.total)} instructions executed` }),
        document.createTextNode(` in CPython ${r.version} (${c.method}; counting slows the run down, so no time is shown here: use Compare to time code).`),
      ]));
    }
    if (r.value !== null && !stopped) parts.push(el('p', { cls: 'lab-value' }, [el('span', { cls: 'lab-muted', text: 'Value of the call: ' }), el('code', { text: r.value })]));
    if (r.exception) parts.push(exceptionBlock(r.exception));
    if (c) {
      if (c.note) parts.push(el('p', { cls: 'lab-note', text: c.note }));
      parts.push(el('div', { cls: 'lab-row-actions' }, [
        el('button', { cls: 'lab-link', text: 'See the counts on the Listing rows →', attrs: { id: 'lab-run-to-listing' } }),
      ]));
      parts.push(el('h4', { text: 'Instructions executed, by opname' }), histogram(c.byOpname));
      const objs = c.codeObjects.filter((o) => o.total > 0);
      if (objs.length > 1) {
        const list = el('div', { cls: 'lab-code-totals' });
        for (const o of objs) list.appendChild(el('div', {}, [el('span', { text: `${o.qualname} (line ${o.firstLineno})` }), el('span', { cls: 'lab-num', text: fmtCount(o.total) })]));
        parts.push(el('h4', { text: 'By code object' }), list);
      }
    }
    parts.push(outputBlock(r));
    result.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    result.querySelector('#lab-run-to-listing')?.addEventListener('click', () => ctx.showListing());
    shown = c ? { source, version, counts: c } : null;
    refreshOverlay();
  }

  async function run(): Promise<void> {
    const source = host.getSource();
    if (source === null) { message.replaceChildren(el('p', { cls: 'lab-error', text: 'A .pyc file is shown: go back to the editor to run source.' })); return; }
    const version = host.getVersion();
    const expr = call.value.trim();
    await activity.run('run', async () => {
      message.replaceChildren(el('p', { cls: 'lab-muted', text: `Running in CPython ${version}…` }));
      try {
        const r = await client.run(version, { source, call: expr || undefined, outputLimit: OUTPUT_LIMIT, timeoutMs: ctx.limit.ms });
        message.replaceChildren();
        showResult(r, version, source, null);
      } catch (e) {
        const partial = e instanceof LabError && isRunResponse(e.partial) ? e.partial : null;
        message.replaceChildren(stopMessage(e, ctx.limit, () => { void run(); }, partial !== null));
        if (partial) showResult(partial, version, source, errorMessage(e));
        else { result.replaceChildren(); shown = null; refreshOverlay(); }
      }
    });
  }

  go.addEventListener('click', () => { void run(); });
  call.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); void run(); } });

  return { id: 'run', title: 'Run', el: panel, refreshOverlay };
}
