/**
 * Python values (constants, `argval`s) encoded for the JSON model, with their size for the {@link Meter}.
 */
import type { ArgValue } from '../bytecode/arguments.js';
import type { PyDict, PyObject, PySequence, PySlice } from '../pyc/objects.js';
import { CYCLE_TEXT, Taint, ValueGraphWalk, containerItems } from '../pyc/value-graph.js';
import { reprInt, reprObject } from '../text/repr.js';
import type { VersionInfo } from '../version/registry.js';
import type { JsonPyValue } from './schema.js';
import { CostSum, type Cost, type Meter } from './size.js';

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function hexBytes(b: Uint8Array, start = 0, end = b.length): string {
  end = Math.min(end, b.length);
  if (end - start <= 64) {
    let s = '';
    for (let i = start; i < end; i++) s += HEX_PAIRS[b[i]!]!;
    return s;
  }
  const chunks: string[] = [];
  for (let i = start; i < end; i += 8192) {
    const part: string[] = [];
    for (let j = i; j < Math.min(i + 8192, end); j++) part.push(HEX_PAIRS[b[j]!]!);
    chunks.push(part.join(''));
  }
  return chunks.join('');
}

/** An encoded value and its size. */
export interface Encoded { readonly value: JsonPyValue; readonly cost: Cost }

/** Strings, bytes and ints at least this long are remembered by the encoder. */
const ENCODE_MEMO_MIN = 64;

/**
 * Encodes Python values for one document. Encodings are remembered by value object, so a value shared through
 * marshal back-references is encoded once and appears as one shared JavaScript object at each of its occurrences
 * (`JSON.stringify` writes it out at each); the remembered {@link Cost} lets the {@link Meter} account for every
 * occurrence without walking it again.
 */
export class ValueEncoder {
  private readonly w = new ValueGraphWalk<Encoded>(new Map(), () => true);
  /** A container where the walk stops: marked truncated, with the text `repr` prints there. */
  private readonly stopped = (o: PySequence | PyDict | PySlice, taint: Taint): Encoded =>
    this.small({ type: o.type, repr: taint === Taint.Depth ? '...' : CYCLE_TEXT[o.type] ?? '...', truncated: true });

  constructor(private readonly v: VersionInfo, private readonly meter: Meter) {}

  private repr(o: PyObject): string {
    return reprObject(o, this.v.printable);
  }

  /** The encoding of a constant; a code object gets `codeIndex` as its value when it is listed. */
  encode(o: PyObject, codeIndex?: number): Encoded {
    if (o.type === 'code') {
      const value: JsonPyValue = codeIndex === undefined ? { type: 'code', repr: this.repr(o) } : { type: 'code', repr: this.repr(o), value: codeIndex };
      return { value, cost: this.meter.walk(value) };
    }
    return this.at(o, 0);
  }

  /** A small value, walked for its size. */
  private small(value: JsonPyValue): Encoded {
    return { value, cost: this.meter.walk(value) };
  }

  private at(o: PyObject, depth: number): Encoded {
    const w = this.w;
    w.leaf();
    switch (o.type) {
      case 'None': return { value: null, cost: { c: 4, n: 0, r: 0 } };
      case 'bool': return { value: o.value, cost: { c: o.value ? 4 : 5, n: 0, r: 0 } };
      case 'str':
        return o.value.length < ENCODE_MEMO_MIN ? { value: o.value, cost: this.meter.str(o.value) }
          : this.scalar(o, () => ({ value: o.value, cost: this.meter.str(o.value) }));
      case 'int': {
        const n = Number(o.value);
        if (Number.isSafeInteger(n)) return { value: n, cost: { c: String(n).length, n: 0, r: 0 } };
        return this.scalar(o, () => {
          const s = reprInt(o.value);
          return this.small(s.startsWith('<') ? { type: 'int', repr: s, truncated: true } : { type: 'int', repr: s, value: s });
        });
      }
      case 'float':
        return this.small(Number.isFinite(o.value) ? { type: 'float', repr: this.repr(o), value: o.value === 0 ? 0 : o.value } : { type: 'float', repr: this.repr(o) });
      case 'complex':
        return this.small(Number.isFinite(o.real) && Number.isFinite(o.imag)
          ? { type: 'complex', repr: this.repr(o), value: [o.real === 0 ? 0 : o.real, o.imag === 0 ? 0 : o.imag] }
          : { type: 'complex', repr: this.repr(o) });
      case 'bytes': {
        const make = () => {
          this.meter.need(2 * o.value.length);
          return this.small({ type: 'bytes', repr: this.repr(o), value: hexBytes(o.value) });
        };
        return o.value.length < ENCODE_MEMO_MIN ? make() : this.scalar(o, make);
      }
      case 'Ellipsis': return this.small({ type: 'ellipsis', repr: 'Ellipsis' });
      case 'StopIteration': return this.small({ type: 'type', repr: this.repr(o), value: 'StopIteration' });
      case 'Unknown': return this.small({ type: 'marshal_unknown', repr: this.repr(o) });
      case 'code': return this.small({ type: 'code', repr: this.repr(o) }); // not a co_consts entry itself: no index
      default: break;
    }
    // Containers: guard against self-containment (marshal back-references) and excessive depth, like repr().
    const known = w.enter(o, depth, this.stopped);
    if (known !== undefined) return known;
    // Items are visited in plain loops (no closures, no Array.map): one stack frame per level of nesting, as the
    // repr of each nested container recurses too.
    const d = depth + 1;
    let height = 0;
    let taint = Taint.None;
    const sum = new CostSum();
    let value: JsonPyValue;
    let cost: Cost;
    const isDict = o.type === 'dict' || o.type === 'frozendict';
    const xs = containerItems(o) ?? [];
    const items: JsonPyValue[] = [];
    let pair: CostSum | undefined;
    for (let i = 0; i < xs.length; i++) {
      const e = this.at(xs[i]!, d);
      if (w.h > height) height = w.h;
      if (w.taint > taint) taint = w.taint;
      if (isDict) {
        // Each entry is a two-element array [key, value].
        if (i % 2 === 0) { pair = new CostSum(); pair.add(e.cost); items.push([e.value] as unknown as JsonPyValue); continue; }
        pair!.add(e.cost);
        (items[items.length - 1] as unknown as JsonPyValue[]).push(e.value);
        sum.add(pair!.done());
      } else {
        items.push(e.value);
        sum.add(e.cost);
      }
      this.meter.need(sum.partialChars);
    }
    if (o.type === 'tuple') {
      value = items;
      cost = sum.done();
    } else {
      const repr = this.repr(o);
      value = { type: o.type, repr, value: items };
      const obj = new CostSum();
      obj.add(this.meter.str(o.type), 'type');
      obj.add(this.meter.str(repr), 'repr');
      obj.add(sum.done(), 'value');
      cost = obj.done();
    }
    return w.close(o, depth, { value, cost }, height, taint);
  }

  /** A scalar's encoding, remembered (for shared long strings, ints and bytes). */
  private scalar(o: PyObject, make: () => Encoded): Encoded {
    return this.w.scalar(o, make);
  }

  /** The encoding of an instruction's `argval` (a code object constant without its index: see `CodeEntry`). */
  argval(a: ArgValue): Encoded {
    switch (a.kind) {
      case 'none': return { value: null, cost: { c: 4, n: 0, r: 0 } };
      case 'int': case 'offset': return { value: a.value, cost: { c: String(a.value).length, n: 0, r: 0 } };
      case 'name': case 'compare': return { value: a.value, cost: this.meter.str(a.value) };
      case 'names': return this.small([a.value[0], a.value[1]]);
      case 'const': return this.encode(a.value);
      case 'format': return this.small([a.converter, a.withSpec]);
      case 'converter': return { value: a.value, cost: a.value === null ? { c: 4, n: 0, r: 0 } : this.meter.str(a.value) };
      case 'object': return this.small({ type: 'type', repr: a.repr });
      case 'unknown': return this.small({ type: 'unknown', repr: '<unknown>' });
    }
  }
}

