/**
 * A lenient scan of marshal data for the fuzz harness: where each object starts, where its length field and its
 * reference index are, which ref slot it takes, where it ends, and where a code object's integer fields are. The
 * mutators use it to hit the fields that matter (lengths, reference indices, type codes) instead of random bytes.
 * The scan stops quietly at the first thing it cannot follow.
 */
import type { CodeLayout } from '../src/pyc/code-object.js';

/** One object in the data. */
export interface Token {
  /** Offset of the type code. */
  readonly at: number;
  /** Type code without FLAG_REF. */
  readonly code: number;
  /** Offset and size of the length field, when there is one. */
  readonly lenAt?: number;
  readonly lenSize?: 1 | 4;
  /** Offset of a TYPE_REF's index. */
  readonly refAt?: number;
  /** The ref slot the object takes (FLAG_REF). */
  slot?: number;
  /** Offset after the object (unset when the scan stopped inside it). */
  end?: number;
  /** Offsets of a code object's 32-bit integer fields. */
  readonly ints?: number[];
}

/** The result of {@link scanMarshal}. */
export interface Scan {
  readonly tokens: readonly Token[];
  /** Number of ref slots taken. */
  readonly slots: number;
}

class Stop extends Error {}

/** Scans the object at `start`. */
export function scanMarshal(data: Uint8Array, start: number, layout: CodeLayout): Scan {
  const tokens: Token[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = start;
  let slots = 0;
  const need = (n: number) => { if (n < 0 || pos + n > data.length) throw new Stop(); };
  const u8 = () => { need(1); return data[pos++]!; };
  const i32 = () => { need(4); const v = view.getInt32(pos, true); pos += 4; return v; };
  const skip = (n: number) => { need(n); pos += n; };
  const object = (depth: number): void => {
    if (depth > 3000) throw new Stop();
    const at = pos;
    const byte = u8();
    const flag = (byte & 0x80) !== 0;
    const code = byte & 0x7f;
    const tok: Token & { slot?: number; end?: number } = { at, code };
    tokens.push(tok);
    const take = () => { if (flag) tok.slot = slots++; };
    switch (code) {
      case 0x4e: case 0x46: case 0x54: case 0x53: case 0x2e: break;
      case 0x3f: take(); break;
      case 0x69: take(); skip(4); break;
      case 0x49: take(); skip(8); break;
      case 0x67: take(); skip(8); break;
      case 0x79: take(); skip(16); break;
      case 0x66: take(); skip(u8()); break;
      case 0x78: take(); skip(u8()); skip(u8()); break;
      case 0x6c: {
        take();
        Object.assign(tok, { lenAt: pos, lenSize: 4 });
        const n = i32();
        skip(Math.abs(n) * 2);
        break;
      }
      case 0x73: case 0x74: case 0x75: case 0x61: case 0x41: {
        take();
        Object.assign(tok, { lenAt: pos, lenSize: 4 });
        skip(i32());
        break;
      }
      case 0x7a: case 0x5a: take(); Object.assign(tok, { lenAt: pos, lenSize: 1 }); skip(u8()); break;
      case 0x52: Object.assign(tok, { refAt: pos }); skip(4); break;
      case 0x72: Object.assign(tok, { refAt: pos }); skip(4); break;
      case 0x28: case 0x29: case 0x5b: case 0x3c: case 0x3e: {
        Object.assign(tok, { lenAt: pos, lenSize: code === 0x29 ? 1 : 4 });
        const n = code === 0x29 ? u8() : i32();
        if (n < 0 || n > data.length) throw new Stop();
        take();
        for (let i = 0; i < n; i++) object(depth + 1);
        break;
      }
      case 0x7b: case 0x7d:
        take();
        for (;;) {
          need(1);
          if ((data[pos]! & 0x7f) === 0x30) { pos++; break; }
          object(depth + 1);
          object(depth + 1);
        }
        break;
      case 0x3a: take(); object(depth + 1); object(depth + 1); object(depth + 1); break;
      case 0x63: {
        take();
        const ints: number[] = [];
        Object.assign(tok, { ints });
        const int = () => { ints.push(pos); skip(4); };
        int();
        if (layout === '3.10' || layout === '3.11' || layout === '3.8') int();
        if (layout !== '2.7') int();
        if (layout !== '3.11') int();
        int(); int();
        // code, consts, names, (localsplusnames, kinds, | varnames, freevars, cellvars,) filename, name, [qualname,]
        // then firstlineno, then linetable [, exceptiontable]
        for (let i = 0; i < 8; i++) object(depth + 1);
        int();
        object(depth + 1);
        if (layout === '3.11') object(depth + 1);
        break;
      }
      default: throw new Stop();
    }
    tok.end = pos;
  };
  try {
    object(0);
  } catch (e) {
    if (!(e instanceof Stop) && !(e instanceof RangeError)) throw e;
  }
  return { tokens, slots };
}
