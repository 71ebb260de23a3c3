/**
 * The stack column of `bytescope dis --stack`: the depth before each instruction (the analysis' exact depths), and
 * with `symbolic` the symbolic stack after it, as a {@link ListingColumn} of the listing. Each code object is
 * analysed once, when the listing reaches it.
 */
import { buildCfg } from '../analysis/cfg.js';
import { computeStackDepths } from '../analysis/stack-depth.js';
import { symbolicStack } from '../analysis/symbolic-stack.js';
import { decodeCode } from '../bytecode/decode.js';
import type { CodeObject } from '../pyc/objects.js';
import type { VersionInfo } from '../version/registry.js';
import type { ListingColumn } from './dis-options.js';

/** Options of {@link stackColumn}. */
export interface StackColumnOptions {
  /** Also the symbolic stack after each instruction. */
  readonly symbolic?: boolean;
  /** Longest symbolic stack text (longer ones keep their top and start with `[…, `); default 80. */
  readonly maxLength?: number;
}

/** One code object's column: by instruction offset. */
interface CodeColumn {
  readonly depth: Map<number, number>;
  readonly stack: Map<number, string[] | null>;
  readonly width: number;
}

/** A symbolic stack as `[a, NULL, n]`, cut from the bottom to at most `max` characters. */
export function formatSymbolic(slots: readonly string[] | null, max: number): string {
  if (slots === null) return '?';
  const full = `[${slots.join(', ')}]`;
  if (full.length <= max) return full;
  let text = ']';
  for (let i = slots.length - 1; i >= 0; i--) {
    const next = (i === slots.length - 1 ? '' : ', ') + slots[i];
    if (text.length + next.length + 4 > max) break;
    text = next + text;
  }
  return `[…, ${text.startsWith(', ') ? text.slice(2) : text}`;
}

/** The stack column for listings of version `v`. */
export function stackColumn(v: VersionInfo, options: StackColumnOptions = {}): ListingColumn {
  const max = options.maxLength ?? 80;
  const cache = new Map<CodeObject, CodeColumn>();
  const of = (code: CodeObject): CodeColumn => {
    let c = cache.get(code);
    if (c) return c;
    const cfg = buildCfg(decodeCode(code, v), v);
    const depths = computeStackDepths(cfg, v);
    const sym = options.symbolic ? symbolicStack(cfg, depths, v) : undefined;
    const depth = new Map<number, number>();
    const stack = new Map<number, string[] | null>();
    cfg.decoded.instructions.forEach((ins, k) => {
      depth.set(ins.offset, depths.before[k]!);
      if (sym) stack.set(ins.offset, sym.after(k));
    });
    c = { depth, stack, width: Math.max(2, String(depths.max).length) };
    cache.set(code, c);
    return c;
  };
  return {
    width: (code) => of(code).width,
    before(code, offset) {
      const d = of(code).depth.get(offset);
      return d === undefined ? null : d < 0 ? '-' : String(d);
    },
    after(code, offset) {
      if (!options.symbolic) return null;
      const c = of(code);
      return c.stack.has(offset) ? formatSymbolic(c.stack.get(offset)!, max) : null;
    },
  };
}
