/**
 * Walking the graph of a marshalled value. Marshal back-references let one value be shared by many parents (a
 * few bytes can describe an exponentially large tree) and let a container contain itself, so every walk that
 * turns values into text or JSON (`repr`, the JSON model) needs the same bookkeeping: a result computed for a
 * shared value is reused; a container met again inside itself stops the walk (`Py_ReprEnter`); nesting deeper
 * than {@link MAX_VALUE_NESTING} stops it too. {@link ValueGraphWalk} is that bookkeeping, once.
 */
import type { PyObject } from './objects.js';

/**
 * Containers nested deeper than this are not walked (`repr` prints `...`). CPython would raise RecursionError (or,
 * before 3.12, possibly crash) on such hostile input; a JavaScript stack overflow is not an option for us, and
 * 1000 levels of recursion (a few small frames each) are safe on every engine.
 */
export const MAX_VALUE_NESTING = 1000;

/**
 * What a result computed for a container depends on besides the container itself: nothing, the depth it was met
 * at (something inside was cut at the nesting limit), or the containers being walked (a cycle marker inside).
 */
export const enum Taint { None = 0, Depth = 1, Cycle = 2 }

/** What a container prints when it (re-)appears inside itself (CPython's `Py_ReprEnter`). */
export const CYCLE_TEXT: Readonly<Record<string, string>> = {
  tuple: '(...)',
  list: '[...]',
  dict: '{...}',
  set: 'set(...)',
  frozenset: 'frozenset(...)',
  frozendict: 'frozendict(...)',
};

/** A remembered result and the nesting height of its value (0 for a scalar, 1 for a flat container). */
export interface Remembered<T> {
  readonly result: T;
  readonly height: number;
}

/** Where context-free results are remembered: a Map for one computation, or a WeakMap kept across computations. */
export interface ResultMemo<T> {
  get(o: object): Remembered<T> | undefined;
  set(o: object, r: Remembered<T>): unknown;
}

/**
 * The bookkeeping of one walk. A container at `depth` starts with {@link enter}, which answers, in this order, with a
 * context-free result remembered for it, the nesting limit or a cycle, or a result cut at the limit at that depth
 * only; otherwise the walker visits the items, reading {@link h} and {@link taint} after each, and ends with
 * {@link close}. Scalars go through {@link leaf} or {@link scalar}.
 */
export class ValueGraphWalk<T> {
  /** The nesting height of the value just walked. */
  h = 0;
  /** The {@link Taint} of the result just computed. */
  taint = Taint.None;
  /** The containers being walked, made at the first container (most walks are of one scalar). */
  private active: Set<object> | undefined;
  /** Results cut at the nesting limit, by container and depth; made at the first one. */
  private depthMemo: Map<object, Map<number, T>> | undefined;

  /** `keep` says which context-free results are worth remembering (e.g. only long texts). */
  constructor(private readonly memo: ResultMemo<T>, private readonly keep: (result: T) => boolean) {}

  /**
   * Starts a new walk with this bookkeeping (a walker reused across walks): forgets the containers being walked and the
   * results cut at the nesting limit, which hold their values; the memo of context-free results stays.
   */
  begin(): void {
    this.active = undefined;
    this.depthMemo = undefined;
  }

  /** Marks the value about to be returned as a scalar that depends on nothing. */
  leaf(): void {
    this.h = 0;
    this.taint = Taint.None;
  }

  /** A scalar's result through the memo (for values worth it: long strings, bytes, ints). */
  scalar(o: object, make: () => T): T {
    this.leaf();
    const m = this.memo.get(o);
    if (m) return m.result;
    const r = make();
    if (this.keep(r)) this.memo.set(o, { result: r, height: 0 });
    return r;
  }

  /** The context-free result remembered for container `o`, when it fits under the nesting limit at `depth`. */
  private remembered(o: object, depth: number): T | undefined {
    this.leaf();
    const m = this.memo.get(o);
    if (m && depth + m.height - 1 < MAX_VALUE_NESTING) {
      this.h = m.height;
      return m.result;
    }
    return undefined;
  }

  /** Whether the walk stops at container `o`: {@link Taint.Depth} (too deep), {@link Taint.Cycle}, or `None`. */
  private stopAt(o: object, depth: number): Taint {
    this.h = 1;
    this.taint = depth >= MAX_VALUE_NESTING ? Taint.Depth : this.active?.has(o) ? Taint.Cycle : Taint.None;
    return this.taint;
  }

  /** A result for `o` cut at the nesting limit, computed before at this same `depth`. */
  private rememberedAtDepth(o: object, depth: number): T | undefined {
    const r = this.depthMemo?.get(o)?.get(depth);
    if (r !== undefined) this.taint = Taint.Depth;
    return r;
  }

  /** Starts walking the items of container `o`. */
  private open(o: object): void {
    (this.active ??= new Set()).add(o);
  }

  /**
   * The start of a container's walk, in that order: the result when no walk is needed (a
   * remembered one, or `stopped(o, taint)` at the nesting limit or a cycle), else undefined with the walk of `o`
   * opened (finish it with {@link close}).
   */
  enter<O extends object>(o: O, depth: number, stopped: (o: O, taint: Taint.Depth | Taint.Cycle) => T): T | undefined {
    const m = this.remembered(o, depth);
    if (m !== undefined) return m;
    const stop = this.stopAt(o, depth);
    if (stop !== Taint.None) return stopped(o, stop);
    const byDepth = this.rememberedAtDepth(o, depth);
    if (byDepth !== undefined) return byDepth;
    this.open(o);
    return undefined;
  }

  /**
   * Ends the walk of container `o` at `depth` with `result`, `height` and `taint` being the largest of its items';
   * remembers the result where its taint allows and leaves the container's height and taint in {@link h} and
   * {@link taint}.
   */
  close(o: object, depth: number, result: T, height: number, taint: Taint): T {
    this.active!.delete(o);
    this.h = height + 1;
    this.taint = taint;
    if (taint === Taint.None) {
      if (this.keep(result)) this.memo.set(o, { result, height: this.h });
    } else if (taint === Taint.Depth) {
      const depthMemo = (this.depthMemo ??= new Map());
      let byDepth = depthMemo.get(o);
      if (!byDepth) depthMemo.set(o, (byDepth = new Map()));
      byDepth.set(depth, result);
    }
    return result;
  }
}

/** The values inside a container in marshal order (a dict's as key, value, key, value…), or undefined for a scalar. */
export function containerItems(o: PyObject): readonly PyObject[] | undefined {
  switch (o.type) {
    case 'tuple': case 'list': case 'set': case 'frozenset': return o.items;
    case 'dict': case 'frozendict': return o.entries.flat();
    case 'slice': return [o.start, o.stop, o.step];
    default: return undefined;
  }
}
