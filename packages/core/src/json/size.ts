/**
 * Size accounting of the JSON model: the length of the document `JSON.stringify(model, null, 1)` would write is
 * tracked while it is built, so that a hostile file that would expand into an enormous document is refused early
 * (see {@link jsonOutputBudget}).
 */
import { BytescopeError, outputBudget } from '../errors.js';
import type { JsonModelOptions } from './schema.js';

/** The largest JSON document {@link toJsonModel} builds by default, in characters (256 Mi). */
export const JSON_MAX_OUTPUT = 256 * 1024 * 1024;

/** The JSON output always allowed for a `.pyc`, however small (16 Mi characters). */
export const JSON_MIN_OUTPUT = 16 * 1024 * 1024;

/**
 * Characters of JSON allowed per byte of a `.pyc` above {@link JSON_MIN_OUTPUT}: the modules of CPython's stdlib take
 * 30 to 45 (written with `JSON.stringify(model, null, 1)`), so this leaves room for constants loaded many times.
 */
export const JSON_OUTPUT_PER_BYTE = 256;

/**
 * The default output budget of {@link toJsonModel}: for a `.pyc` of `inputBytes` bytes, `inputBytes *`
 * {@link JSON_OUTPUT_PER_BYTE} characters, at least {@link JSON_MIN_OUTPUT} and at most {@link JSON_MAX_OUTPUT};
 * {@link JSON_MAX_OUTPUT} when the input size is unknown. Proportional to the input, so that a small hostile file
 * (a constant or code object shared through marshal back-references and listed at every occurrence, a large constant
 * loaded by thousands of instructions) fails fast with a `limit` error instead of building hundreds of megabytes.
 */
export function jsonOutputBudget(inputBytes?: number): number {
  return outputBudget(inputBytes, JSON_OUTPUT_PER_BYTE, JSON_MIN_OUTPUT, JSON_MAX_OUTPUT);
}

/**
 * The size of a JSON value as `JSON.stringify(value, null, 1)` writes it, relative to the indentation `L` of the line
 * its first character is on: `c` characters without line breaks and indentation (`": "` counted with its space),
 * `n` line breaks, and `r` indentation of those lines beyond `L`; the total is `c + n * (1 + L) + r`.
 */
export interface Cost { readonly c: number; readonly n: number; readonly r: number }

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(s).length`. */
export function jsonStringLength(s: string): number {
  let n = s.length + 2;
  if (!NEEDS_ESCAPE.test(s)) return n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 1 : 5;
    else if (c === 0x22 || c === 0x5c) n += 1;
    else if (c >= 0xd800 && c < 0xe000) {
      if (c < 0xdc00 && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) { i++; continue; }
      }
      n += 5; // a lone surrogate is written as \\udXXX
    }
  }
  return n;
}

const NO_COST: Cost = { c: 0, n: 0, r: 0 };

/**
 * `"key": ` before a member's value: the key, its two quotes, the colon and the space. Keys are the model's own member
 * names (plain ASCII, nothing to escape); an array element has none (`undefined`: 0).
 */
function keyChars(key: string | undefined): number {
  return key === undefined ? 0 : key.length + 4;
}

/** Accumulates the {@link Cost} of an array or object from its elements (or members, with their keys). */
export class CostSum {
  private c = 2;
  private n = 0;
  private r = 0;
  private k = 0;

  /** Adds an element, or the member `key`, whose value costs `x`. */
  add(x: Cost, key?: string): void {
    this.c += x.c + keyChars(key);
    this.n += 1 + x.n;
    this.r += 1 + x.r + x.n;
    this.k++;
  }

  /** Adds an element, or the member `key`, whose value is written on one line of `chars` characters. */
  leaf(chars: number, key?: string): void {
    this.c += chars + keyChars(key);
    this.n += 1;
    this.r += 1;
    this.k++;
  }

  get partialChars(): number {
    return this.c;
  }

  done(): Cost {
    return this.k ? { c: this.c + this.k - 1, n: this.n + 1, r: this.r } : { c: 2, n: 0, r: 0 };
  }
}

/** Tracks the estimated size of the document being built against its budget. */
export class Meter {
  private total = 0;

  constructor(private readonly max: number) {}

  private fail(): never {
    throw new BytescopeError('limit', `the JSON model would exceed ${this.max} characters (constants or code objects shared through marshal back-references are written at every occurrence); see JsonModelOptions.maxOutputChars`);
  }

  /** Fails unless `chars` more characters would still fit. */
  need(chars: number): void {
    if (this.total + chars > this.max) this.fail();
  }

  /** Adds a value placed at indentation `level` to the total. */
  charge(cost: Cost, level: number): void {
    this.total += cost.c + cost.n * (1 + level) + cost.r;
    if (this.total > this.max) this.fail();
  }

  /** `JSON.stringify(s).length`, refusing a string that cannot fit before scanning it. */
  str(s: string): Cost {
    this.need(s.length);
    return { c: jsonStringLength(s), n: 0, r: 0 };
  }

  /**
   * The {@link Cost} of a small JSON value walked in full (no sharing assumed); `special` supplies the cost of
   * particular members of the top object (e.g. a shared encoded constant).
   */
  walk(v: unknown, special?: Readonly<Record<string, Cost | undefined>>): Cost {
    switch (typeof v) {
      case 'string': return this.str(v);
      case 'number': return { c: numberChars(v), n: 0, r: 0 };
      case 'boolean': return { c: v ? 4 : 5, n: 0, r: 0 };
      case 'object': break;
      default: return { c: 4, n: 0, r: 0 };
    }
    if (v === null) return { c: 4, n: 0, r: 0 };
    const sum = new CostSum();
    if (Array.isArray(v)) {
      for (const x of v) this.walkInto(sum, x, undefined);
    } else {
      const o = v as Record<string, unknown>;
      for (const key in o) {
        const x = o[key];
        if (x === undefined) continue;
        const known = special && special[key];
        if (known) sum.add(known, key);
        else this.walkInto(sum, x, key);
      }
    }
    this.need(sum.partialChars);
    return sum.done();
  }

  private walkInto(sum: CostSum, x: unknown, key: string | undefined): void {
    switch (typeof x) {
      case 'string':
        if (x.length < 32) sum.leaf(shortStringChars(x), key);
        else sum.add(this.str(x), key);
        return;
      case 'number': sum.leaf(numberChars(x), key); return;
      case 'boolean': sum.leaf(x ? 4 : 5, key); return;
      case 'object':
        if (x === null) sum.leaf(4, key);
        else sum.add(this.walk(x), key);
        return;
      default: sum.leaf(4, key);
    }
  }
}

/** `String(x).length` of a JSON number. */
export function numberChars(x: number): number {
  if (x >= 0 && x < 1e9 && x === Math.floor(x)) return x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 1e4 ? 4 : x < 1e5 ? 5 : x < 1e6 ? 6 : x < 1e7 ? 7 : x < 1e8 ? 8 : 9;
  return String(x).length;
}

/** {@link jsonStringLength} of a short string, without a regular expression. */
function shortStringChars(s: string): number {
  let n = s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c < 0xe000)) return jsonStringLength(s);
  }
  return n;
}

