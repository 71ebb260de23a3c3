/**
 * What the stepper shows of one step: the instruction and where it is, the value stack as a column (top first, each
 * slot labelled by the instruction that pushed it), the frame's locals as the fixed array they are (slot numbers;
 * a module or class body's namespace instead), the namespaces a NAME/GLOBAL instruction searches, the call stack,
 * and what the program printed so far. A simulated stack and a truncated trace are said so in words.
 *
 * Everything from the traced program (reprs, names, output, exception messages) is set as text, never as HTML.
 */
import type { BytescopeJson, JsonInstruction, TraceSlot, TraceStep } from '@bytescope/core';
import { el } from '../ui/dom.js';
import type { NameLookup, Replay } from './replay.js';

/** Instructions of a model by code object and offset, built once per model. */
const byOffset = new WeakMap<BytescopeJson, Map<number, JsonInstruction>[]>();

/** The instruction of the model at (code object, offset), if the model has it. */
export function modelInstruction(model: BytescopeJson | undefined, code: number, offset: number): JsonInstruction | undefined {
  if (!model) return undefined;
  let maps = byOffset.get(model);
  if (!maps) {
    maps = model.code_objects.map((co) => new Map(co.instructions.map((ins) => [ins.offset, ins])));
    byOffset.set(model, maps);
  }
  return maps[code]?.get(offset);
}

/** `LOAD_NAME total`: an instruction as the listing names it (opname and argrepr). */
function insText(ins: JsonInstruction | undefined, opname: string): string {
  return ins?.argrepr ? `${ins.opname} ${ins.argrepr}` : ins?.opname ?? opname;
}

/** The view of one step, redrawn by {@link StepStateView.show}. */
export interface StepStateView {
  readonly el: HTMLElement;
  /** Shows step `i` of `replay`; `model` is the listing's model of the same source (names, argreprs). */
  show(replay: Replay, i: number, model: BytescopeJson | undefined): void;
  /** Shows a message instead of a step (nothing recorded yet, a failure). */
  message(text: string, error?: boolean): void;
}

/** Creates an empty state view; `idPrefix` makes its parts' ids unique on the page (`step`, `step-a`, …). */
export function createStateView(idPrefix: string): StepStateView {
  const where = el('div', { cls: 'step-where', attrs: { id: `${idPrefix}-where`, 'aria-live': 'polite' } });
  const simulated = el('div', { cls: 'step-simulated', attrs: { id: `${idPrefix}-simulated`, role: 'note' } });
  const lookup = el('div', { cls: 'step-lookup', attrs: { id: `${idPrefix}-lookup` } });
  const stack = el('ol', { cls: 'step-stack', attrs: { id: `${idPrefix}-stack`, 'aria-label': 'value stack, top first' } });
  const locals = el('div', { cls: 'step-locals', attrs: { id: `${idPrefix}-locals` } });
  const calls = el('ol', { cls: 'step-calls', attrs: { id: `${idPrefix}-calls`, 'aria-label': 'call stack, innermost first' } });
  const stdout = el('pre', { cls: 'step-stdout', attrs: { id: `${idPrefix}-stdout`, 'aria-label': 'output so far' } });
  const message = el('p', { cls: 'step-message', attrs: { id: `${idPrefix}-message` } });
  const body = el('div', { cls: 'step-state-body' }, [
    el('section', { cls: 'step-box step-box-stack' }, [el('h4', { text: 'Value stack (top first)' }), simulated, stack]),
    el('section', { cls: 'step-box step-box-frame' }, [
      lookup,
      el('h4', { text: 'Locals' }), locals,
      el('h4', { text: 'Call stack' }), calls,
      el('h4', { text: 'Output so far' }), stdout,
    ]),
  ]);
  const root = el('div', { cls: 'step-state', attrs: { id: `${idPrefix}-state` } }, [message, where, body]);
  message.hidden = true;

  function slotItem(slot: TraceSlot, index: number, step: TraceStep, model: BytescopeJson | undefined): HTMLElement {
    const pusher = slot.pushed_by === null ? undefined : modelInstruction(model, step.code, slot.pushed_by);
    const label = slot.pushed_by === null
      ? (slot.kind === 'symbolic' ? '' : 'pushed by: not known statically')
      : `← ${insText(pusher, '?')} @${slot.pushed_by}`;
    return el('li', { cls: `step-slot step-slot-${slot.kind}`, attrs: { 'data-slot': String(index) } }, [
      el('span', { cls: 'step-slot-n', text: String(index) }),
      el('span', { cls: 'step-slot-repr', text: slot.repr, title: slot.type ? `${slot.type}: ${slot.repr}` : slot.repr }),
      el('span', { cls: 'step-slot-type', text: slot.type ?? (slot.kind === 'null' ? '' : slot.kind === 'int' ? 'tagged int' : '') }),
      el('span', { cls: 'step-slot-by', text: label, attrs: slot.pushed_by === null ? {} : { 'data-pushed-by': String(slot.pushed_by) } }),
    ]);
  }

  function lookupBox(l: NameLookup): HTMLElement[] {
    const verb = l.access === 'load' ? 'looks up' : l.access === 'store' ? 'stores' : 'deletes';
    const out: HTMLElement[] = [el('h4', { text: `${l.op} ${verb} “${l.name}” in a dict, by name` })];
    const chain = el('ol', { cls: 'step-lookup-chain' });
    for (const s of l.searched) {
      const res = s.found === null ? (l.access === 'load' ? 'not known (the module body was not traced)' : '') : s.found ? 'found' : 'not there';
      chain.appendChild(el('li', { cls: s.found ? 'step-found' : s.found === false ? 'step-missing' : '', attrs: { 'data-scope': s.scope } }, [
        el('span', { cls: 'step-scope', text: s.scope }),
        el('span', { text: res ? ` — ${res}` : '' }),
      ]));
    }
    out.push(chain);
    if (l.value !== undefined) out.push(el('div', { cls: 'step-lookup-value' }, [el('span', { text: 'value: ' }), el('code', { text: l.value })]));
    out.push(el('p', { cls: 'step-hint', text: l.access === 'load'
      ? 'A function body reads its own variables from a fixed array by slot number (LOAD_FAST); names that are not local cost a dict lookup each time.'
      : 'Module and class bodies keep their variables in a dict: each store is a dict write.' }));
    return out;
  }

  return {
    el: root,
    message(text, error = false) {
      message.hidden = false;
      message.textContent = text;
      message.classList.toggle('lab-error', error);
      where.textContent = '';
      body.hidden = true;
    },
    show(replay, i, model) {
      const step = replay.step(i);
      if (!step) { this.message('The trace has no steps.'); return; }
      message.hidden = true;
      body.hidden = false;
      const trace = replay.trace;
      const code = trace.codes.find((c) => c.index === step.code);
      const ins = modelInstruction(model, step.code, step.offset);
      where.replaceChildren(...[
        el('span', { cls: 'step-count', text: `step ${i + 1} of ${replay.length}` }),
        el('span', { text: ' · ' }),
        el('span', { cls: 'step-qualname', text: code?.qualname ?? `code ${step.code}` }),
        el('span', { text: step.line === null ? '' : ` · line ${step.line}` }),
        el('span', { text: ' · ' }),
        el('code', { cls: 'step-op', text: `${step.offset} ${insText(ins, step.opname)}` }),
        ...(step.event === 'handler' ? [el('div', { cls: 'step-handler', text: `exception handler entered: ${step.exception ?? 'an exception'}` })] : []),
      ]);

      // The stack: a simulated one is said so, next to its slots.
      const sim = step.stack_source === 'simulated';
      simulated.hidden = !sim;
      simulated.textContent = sim
        ? `Simulated stack: the real one could not be read here${trace.fallback ? ` (${trace.fallback.reason})` : ''}; the slots are expressions of the source from the static analysis, not values.`
        : '';
      const items: HTMLElement[] = [];
      for (let k = step.stack.length - 1; k >= 0; k--) items.push(slotItem(step.stack[k]!, k + step.stack_omitted, step, model));
      if (step.stack_omitted) items.push(el('li', { cls: 'step-slot step-omitted', text: `… ${step.stack_omitted} more below` }));
      if (!items.length) items.push(el('li', { cls: 'step-slot step-empty', text: '(empty)' }));
      stack.replaceChildren(...items);
      stack.classList.toggle('simulated', sim);

      // Locals: the fixed array of a function's frame, or a body's namespace dict.
      if (code?.optimized) {
        const rows = code.localsplus.map((n, k) => {
          const v = step.locals[k];
          return el('tr', { cls: v === null || v === undefined ? 'step-unbound' : '', attrs: { 'data-slot': String(k), 'data-name': n.name } }, [
            el('td', { cls: 'step-slot-n', text: String(k) }),
            el('td', { cls: 'step-local-name', text: n.name }),
            el('td', { cls: 'step-local-kind', text: n.kind === 'local' ? '' : n.kind }),
            el('td', { cls: 'step-local-value', text: v ?? 'unbound' }),
          ]);
        });
        locals.replaceChildren(
          el('p', { cls: 'step-hint', text: `${code.localsplus.length} slots of the frame's localsplus array, read and written by number (*_FAST${code.localsplus.some((n) => n.kind !== 'local') ? ', *_DEREF' : ''}).` }),
          rows.length ? el('table', { cls: 'step-locals-table' }, rows) : el('p', { cls: 'lab-muted', text: 'no local slots' }),
        );
      } else {
        const names = step.names ?? [];
        locals.replaceChildren(
          el('p', { cls: 'step-hint', text: `${code && code.index === 0 ? 'The module body' : 'This body'} has no fast locals: its names live in a dict (the frame's f_locals), read and written by *_NAME.` }),
          names.length
            ? el('table', { cls: 'step-locals-table step-namespace' }, names.map(([k, v]) => el('tr', { attrs: { 'data-name': k } }, [
              el('td', { cls: 'step-local-name', text: k }), el('td', { cls: 'step-local-value', text: v }),
            ])))
            : el('p', { cls: 'lab-muted', text: 'no names bound yet' }),
        );
      }

      const name = typeof ins?.argval === 'string' ? ins.argval : undefined;
      const l = name === undefined ? undefined : replay.lookup(i, name);
      lookup.hidden = !l;
      lookup.replaceChildren(...(l ? lookupBox(l) : []));

      calls.replaceChildren(...[...step.call_stack].reverse().map((c, k) => el('li', {
        cls: k === 0 ? 'step-call-current' : '', text: trace.codes.find((x) => x.index === c)?.qualname ?? `code ${c}`,
      })));
      const out = trace.stdout.slice(0, step.stdout_length);
      stdout.textContent = out;
      stdout.classList.toggle('step-stdout-empty', out === '');
    },
  };
}
