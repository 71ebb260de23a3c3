/**
 * Small pieces shared by the lab's panels: number and time formats, the opname histogram, captured output and
 * exceptions. Everything from the user's program (output, messages, names) goes in as text, never as HTML.
 */
import { LabError, LabTimeout, byCount, formatDuration, formatTime, type LabException, type LabOutput } from '@bytescope/python/lab/portable';
import { errorMessage } from '../ui/errors.js';
import type { LabLimit } from './context.js';
import { el } from '../ui/dom.js';

/** `12,345`. */
export function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Seconds as `12.3 µs`, `4.56 ms` or `1.23 s` (never `1.00e+3 µs`): the lab's one time format. */
export const fmtSeconds = formatTime;

/** `2.41×`. */
export function fmtRatio(r: number): string {
  return `${r.toFixed(2)}×`;
}

/** A colour class for an opname: what it touches, like the listing's kinds. */
export function opKind(op: string): string {
  if (/^(LOAD|STORE|DELETE)_NAME$/.test(op)) return 'op-name';
  if (/_FAST/.test(op)) return 'op-fast';
  if (/GLOBAL/.test(op)) return 'op-global';
  if (/DEREF|CLOSURE/.test(op)) return 'op-deref';
  if (/^(CALL|PRECALL)/.test(op)) return 'op-call';
  if (/_ATTR|_METHOD/.test(op)) return 'op-attr';
  if (/JUMP|FOR_ITER/.test(op)) return 'op-jump';
  return 'op-other';
}

/** A horizontal bar chart of counts by opname (the `limit` largest, then a line saying how many more). */
export function histogram(rec: Readonly<Record<string, number>>, limit = 24): HTMLElement {
  const rows = byCount(rec);
  const max = rows[0]?.[1] ?? 0;
  const box = el('div', { cls: 'lab-hist', attrs: { role: 'table', 'aria-label': 'instructions executed by opname' } });
  for (const [op, n] of rows.slice(0, limit)) {
    const bar = el('span', { cls: 'lab-hist-fill' });
    bar.style.width = `${max > 0 ? Math.max(0.5, (100 * n) / max) : 0}%`;
    box.appendChild(el('div', { cls: 'lab-hist-row', attrs: { role: 'row', 'data-op': op } }, [
      el('span', { cls: `lab-hist-name ${opKind(op)}`, text: op, attrs: { role: 'cell' } }),
      el('span', { cls: 'lab-hist-bar', attrs: { role: 'cell' } }, [bar]),
      el('span', { cls: 'lab-hist-n', text: fmtCount(n), attrs: { role: 'cell' } }),
    ]));
  }
  if (rows.length > limit) {
    const rest = rows.slice(limit).reduce((a, [, n]) => a + n, 0);
    box.appendChild(el('p', { cls: 'lab-muted', text: `… ${rows.length - limit} more opnames (${fmtCount(rest)} instructions)` }));
  }
  return box;
}

/** Captured stdout and stderr as text blocks (nothing when both are empty). */
export function outputBlock(out: Partial<LabOutput>): HTMLElement | null {
  const parts: HTMLElement[] = [];
  if (out.stdout) parts.push(el('h4', { text: 'stdout' + (out.stdoutTruncated ? ' (truncated)' : '') }), el('pre', { cls: 'lab-out', text: out.stdout, attrs: { 'data-stream': 'stdout' } }));
  if (out.stderr) parts.push(el('h4', { text: 'stderr' + (out.stderrTruncated ? ' (truncated)' : '') }), el('pre', { cls: 'lab-out lab-err-out', text: out.stderr, attrs: { 'data-stream': 'stderr' } }));
  return parts.length ? el('div', { cls: 'lab-output' }, parts) : null;
}

/** The exception the user's code raised: one line, then the traceback. */
export function exceptionBlock(e: LabException, prefix = 'The program raised'): HTMLElement {
  const where = e.phase === 'compile' ? ' while compiling' : e.phase === 'call' ? ' in the call expression' : '';
  return el('div', { cls: 'lab-exception', attrs: { role: 'alert' } }, [
    el('p', { text: `${prefix} ${e.type}${where}: ${e.message}${e.lineno !== null ? ` (line ${e.lineno})` : ''}` }),
    e.traceback ? el('pre', { cls: 'lab-out', text: e.traceback }) : null,
  ]);
}

/**
 * A panel's message line (`#lab-<key>-message`: progress and errors, announced to screen readers) and its result
 * area (`#lab-<key>-result`).
 */
export function panelOutput(key: string): { message: HTMLElement; result: HTMLElement } {
  return {
    message: el('div', { cls: 'lab-message', attrs: { id: `lab-${key}-message`, role: 'status', 'aria-live': 'polite' } }),
    result: el('div', { cls: 'lab-result', attrs: { id: `lab-${key}-result` } }),
  };
}

/** A labelled text input. */
export function textField(label: string, input: HTMLInputElement): HTMLLabelElement {
  return el('label', { cls: 'lab-field' }, [el('span', { text: label }), input]);
}

/**
 * The message of a failed lab request. A stop by the time limit says what happened, that what was gathered until
 * then is shown (when it is), and offers "Allow N s and run again" (`#lab-allow-longer`), which raises the limit and
 * calls `again`.
 */
export function stopMessage(e: unknown, limit: LabLimit, again: () => void, kept: boolean): HTMLElement {
  const isStop = e instanceof LabTimeout || (e instanceof LabError && e.kind === 'steps');
  let text = errorMessage(e);
  if (e instanceof LabTimeout && e.killed) text += '. The lab runtime was restarted.';
  else if (isStop && kept) text += '. What it printed and counted until then is shown below, marked partial.';
  const p = el('p', { cls: isStop ? 'lab-stop' : 'lab-error', text, attrs: { role: 'alert' } });
  const next = limit.longer();
  if (e instanceof LabTimeout && next !== null) {
    const b = el('button', { cls: 'lab-link lab-allow-longer', text: `Allow ${formatDuration(next)} and run again`, attrs: { id: 'lab-allow-longer' } });
    b.addEventListener('click', () => { limit.set(next); again(); });
    p.append(' ', b);
  }
  return p;
}
