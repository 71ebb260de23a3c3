/**
 * The lab's Specialize panel (CPython 3.11+): warms the code up, then shows each code object's base bytecode (what
 * the compiler wrote) beside its adaptive bytecode (what runs now), with the specialized instructions highlighted,
 * their inline caches, and the engine's plain-words reason where an instruction stayed unspecialized.
 */
import { versionAtLeast } from '@bytescope/core';
import { LabTimeout, specCodeTitle, warmupHeading, type LabCacheField, type LabSpecCode, type LabSpecInstruction, type LabSpecializeResponse } from '@bytescope/python/lab/portable';
import { el } from '../ui/dom.js';
import type { LabContext, LabPanel } from './context.js';
import { exceptionBlock, fmtCount, outputBlock, panelOutput, stopMessage, textField } from './widgets.js';

const STATE_TEXT: Record<LabSpecInstruction['state'], string> = {
  specialized: 'specialized',
  unspecialized: 'could specialize, did not',
  quickened: 'quickened',
  plain: '',
};

/** True when CPython `version` has the specializing adaptive interpreter (3.11+, PEP 659). */
function specializes(version: string): boolean {
  return versionAtLeast(version, 3, 11);
}

function cacheText(f: LabCacheField): string {
  if (f.name === 'counter' && f.counterValue !== undefined) return `counter ${f.counterValue}${f.backoff !== undefined ? ` (backoff ${f.backoff})` : ''}`;
  return `${f.name} ${f.hex ?? String(f.value)}`;
}

function instructionRows(ins: LabSpecInstruction): HTMLElement[] {
  const changed = ins.opname !== ins.baseOpname;
  const arg = ins.argrepr ? ` (${ins.argrepr})` : '';
  const row = el('div', { cls: `lab-spec-row state-${ins.state}`, attrs: { 'data-offset': String(ins.offset), 'data-base': ins.baseOpname, 'data-adaptive': ins.opname } }, [
    el('span', { cls: 'lab-spec-off', text: String(ins.offset) }),
    el('span', { cls: 'lab-spec-base', text: ins.baseOpname + arg, title: ins.baseOpname + arg }),
    el('span', { cls: 'lab-spec-now' + (changed ? ' lab-changed' : ''), text: ins.opname, title: STATE_TEXT[ins.state] || 'nothing to specialize' }),
  ]);
  const out = [row];
  const details: (HTMLElement | null)[] = [];
  if (ins.state !== 'plain') {
    if (ins.state === 'unspecialized') details.push(el('span', { cls: 'lab-reason', text: `${STATE_TEXT.unspecialized}: ${ins.reason ?? 'no reason given'}` }));
    // A superinstruction or *_QUICK form (3.11, 3.12): what quickening made of it.
    else if (ins.state === 'quickened' && ins.reason) details.push(el('span', { cls: 'lab-reason', text: `${STATE_TEXT.quickened}: ${ins.reason}` }));
    if (ins.cache?.length) {
      details.push(el('span', { cls: 'lab-cache', text: 'cache: ' + ins.cache.map(cacheText).join(' · '), title: ins.cache.map((f) => `${f.name}: ${f.meaning}`).join('\n') }));
    }
  }
  if (details.length) out.push(el('div', { cls: `lab-spec-detail state-${ins.state}` }, details));
  return out;
}

function codeBlock(co: LabSpecCode, onlyInteresting: boolean): HTMLElement {
  const rows = el('div', { cls: 'lab-spec-table', attrs: { role: 'table', 'aria-label': `base and adaptive bytecode of ${co.qualname}` } }, [
    el('div', { cls: 'lab-spec-row lab-spec-head', attrs: { role: 'row' } }, [
      el('span', { text: 'offset' }), el('span', { text: 'the compiler wrote' }), el('span', { text: 'runs now (adaptive)' }),
    ]),
  ]);
  let hidden = 0;
  for (const ins of co.instructions) {
    if (onlyInteresting && ins.state === 'plain') { hidden++; continue; }
    for (const r of instructionRows(ins)) rows.appendChild(r);
  }
  const specialized = co.instructions.filter((i) => i.state === 'specialized').length;
  return el('div', { cls: 'lab-spec-code', attrs: { 'data-code': co.key } }, [
    el('h4', {}, [
      document.createTextNode(`${specCodeTitle(co)} — ${specialized} specialized`),
      hidden ? el('span', { cls: 'lab-muted lab-hidden-count', text: ` · ${hidden} with nothing to specialize not shown` }) : null,
    ]),
    co.quickened ? null : el('p', { cls: 'lab-note', text: 'Not quickened: this code object ran too little (CPython 3.11 quickens after about 8 calls or loop iterations).' }),
    rows,
  ]);
}

/** Creates the Specialize panel. */
export function createSpecializePanel(ctx: LabContext): LabPanel {
  const { host, client, activity } = ctx;
  const call = el('input', { attrs: { id: 'lab-spec-call', type: 'text', placeholder: 'e.g. f(10) — empty: run the program', spellcheck: 'false', autocomplete: 'off' } });
  const warm = el('input', { attrs: { id: 'lab-spec-warmup', type: 'number', min: '1', max: '100000', placeholder: '100', inputmode: 'numeric' } });
  const only = el('input', { attrs: { id: 'lab-spec-only', type: 'checkbox' } });
  only.checked = true;
  const go = el('button', { cls: 'lab-action lab-primary', text: 'Warm up and show', attrs: { id: 'lab-spec-go' } });
  const unsupported = el('p', { cls: 'lab-notice', attrs: { id: 'lab-spec-unsupported' } });
  const { message, result } = panelOutput('spec');
  const panel = el('section', { cls: 'lab-panel', attrs: { id: 'lab-specialize', 'aria-label': 'Specialization' } }, [
    el('p', { cls: 'lab-intro', text: 'From 3.11 CPython rewrites instructions while the code runs, into forms specialized for the types it meets '
      + '(BINARY_OP on two ints becomes BINARY_OP_ADD_INT). This warms the code up — calls the expression N times, or runs the program '
      + 'N times without one — then shows the base bytecode beside the adaptive bytecode.' }),
    unsupported,
    el('div', { cls: 'lab-controls' }, [
      textField('Call', call), textField('Warm-up', warm),
      el('label', { cls: 'lab-check' }, [only, el('span', { text: 'only instructions that can change' })]),
      go,
    ]),
    message, result,
  ]);

  let last: LabSpecializeResponse | null = null;
  let lastCall: string | undefined;
  function render(): void {
    const r = last;
    if (!r) { result.replaceChildren(); return; }
    if (!r.supported) { result.replaceChildren(el('p', { cls: 'lab-notice', text: r.message ?? `CPython ${r.version} has no specializing interpreter.` })); return; }
    const s = r.summary;
    const parts: (HTMLElement | null)[] = [
      el('p', { cls: 'lab-summary', text: `${warmupHeading(r, lastCall)}${r.warmupMs !== undefined ? ` in ${r.warmupMs < 10 ? r.warmupMs.toFixed(1) : r.warmupMs.toFixed(0)} ms` : ''}: `
        + (s ? `${s.specialized} specialized, ${s.unspecialized} could specialize but did not, ${s.quickened} quickened, ${s.plain} plain.` : '') }),
      el('p', { cls: 'lab-legend' }, [
        el('span', { cls: 'state-specialized', text: 'specialized' }), el('span', { cls: 'state-unspecialized', text: 'could specialize, did not' }),
        el('span', { cls: 'state-quickened', text: 'quickened (type-independent form)' }),
      ]),
      r.seen.length ? el('p', { cls: 'lab-chips' }, r.seen.map((n) => el('span', { cls: 'lab-chip', text: `${n}${r.seenCounts?.[n] && r.seenCounts[n]! > 1 ? ` ×${fmtCount(r.seenCounts[n]!)}` : ''}`, attrs: { 'data-op': n } }))) : el('p', { cls: 'lab-muted', text: 'Nothing specialized.' }),
      r.exception ? exceptionBlock(r.exception) : null,
      r.note ? el('p', { cls: 'lab-note', text: r.note }) : null,
      ...r.codeObjects.map((co) => codeBlock(co, only.checked)),
      outputBlock(r),
    ];
    result.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  }
  only.addEventListener('change', render);

  async function run(): Promise<void> {
    const source = host.getSource();
    if (source === null) { message.replaceChildren(el('p', { cls: 'lab-error', text: 'A .pyc file is shown: go back to the editor to specialize source.' })); return; }
    const version = host.getVersion();
    if (!specializes(version)) { last = null; render(); return; }
    const n = warm.value.trim() === '' ? undefined : Math.floor(Number(warm.value));
    if (n !== undefined && (!Number.isFinite(n) || n < 1 || n > 100_000)) { message.replaceChildren(el('p', { cls: 'lab-error', text: 'Warm-up must be a whole number from 1 to 100000.' })); return; }
    await activity.run('specialize', async () => {
      message.replaceChildren(el('p', { cls: 'lab-muted', text: `Warming up in CPython ${version}…` }));
      try {
        const expr = call.value.trim() || undefined;
        last = await client.specialize(version, { source, call: expr, warmup: n, outputLimit: 20_000, timeoutMs: ctx.limit.ms });
        lastCall = expr;
        message.replaceChildren();
        if (last.stopped) {
          const err = new LabTimeout(last.stopped.afterMs, false, last, last.stopped.message, ctx.limit.ms);
          message.replaceChildren(stopMessage(err, ctx.limit, () => { void run(); }, true));
        }
      } catch (e) {
        last = null;
        message.replaceChildren(stopMessage(e, ctx.limit, () => { void run(); }, false));
      }
      render();
    });
  }
  go.addEventListener('click', () => { void run(); });
  for (const i of [call, warm]) i.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); void run(); } });

  return {
    id: 'specialize', title: 'Specialize', el: panel,
    refresh() {
      const v = host.getVersion();
      const no = !specializes(v);
      unsupported.hidden = !no;
      unsupported.textContent = no ? `CPython ${v} has no specializing interpreter: specialization arrived in 3.11 (PEP 659). Pick 3.11 or later to see it.` : '';
      panel.classList.toggle('lab-unsupported', no);
    },
  };
}
