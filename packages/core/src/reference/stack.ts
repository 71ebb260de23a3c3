/**
 * Stack signatures (`inputs -- outputs`, see descriptions.ts) and the generated stack-effect models: parsing,
 * evaluating for an argument, and short formulas for people (`2 + oparg`, `-1 - oparg`, `1 + (oparg&1)`).
 */
import type { StackEffectModel } from '../bytecode/opcode-table.js';

/** An expression of `oparg`: integers, `oparg`, `+ - * << >> & | == !=`, unary minus and parentheses. */
type Expr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'arg' }
  | { readonly k: 'neg'; readonly e: Expr }
  | { readonly k: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr };

/** One stack item of a signature: `count` copies (an expression; null for exactly one). */
export interface StackItem {
  readonly name: string;
  readonly count: string | null;
}

/** A parsed `inputs -- outputs` signature. */
export interface StackSignature {
  readonly inputs: readonly StackItem[];
  readonly outputs: readonly StackItem[];
}

const BINARY_LEVELS: readonly (readonly string[])[] = [['|'], ['&'], ['==', '!='], ['<<', '>>'], ['+', '-'], ['*']];

function parseExpr(text: string): Expr {
  const tokens = text.match(/0x[0-9a-fA-F]+|\d+|oparg|<<|>>|==|!=|[-+*&|()]/g) ?? [];
  if (tokens.join('') !== text.replace(/\s+/g, '')) throw new Error(`bad count expression: ${text}`);
  let i = 0;
  const level = (n: number): Expr => {
    if (n === BINARY_LEVELS.length) return unary();
    let l = level(n + 1);
    while (i < tokens.length && BINARY_LEVELS[n]!.includes(tokens[i]!)) {
      const op = tokens[i++]!;
      l = { k: 'bin', op, l, r: level(n + 1) };
    }
    return l;
  };
  const unary = (): Expr => {
    const t = tokens[i++];
    if (t === '-') return { k: 'neg', e: unary() };
    if (t === '(') {
      const e = level(0);
      if (tokens[i++] !== ')') throw new Error(`missing ) in ${text}`);
      return e;
    }
    if (t === 'oparg') return { k: 'arg' };
    if (t !== undefined && /^(0x)?[0-9a-fA-F]+$/.test(t)) return { k: 'num', v: Number(t) };
    throw new Error(`bad count expression: ${text}`);
  };
  const e = level(0);
  if (i !== tokens.length) throw new Error(`bad count expression: ${text}`);
  return e;
}

function evalExpr(e: Expr, oparg: number): number {
  switch (e.k) {
    case 'num': return e.v;
    case 'arg': return oparg;
    case 'neg': return -evalExpr(e.e, oparg);
    case 'bin': {
      const l = evalExpr(e.l, oparg);
      const r = evalExpr(e.r, oparg);
      switch (e.op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '<<': return l << r;
        case '>>': return l >> r;
        case '&': return l & r;
        case '|': return l | r;
        case '==': return l === r ? 1 : 0;
        default: return l !== r ? 1 : 0;
      }
    }
  }
}

/** `{ a, b }` when the expression is `a * oparg + b`, else null. */
function linear(e: Expr): { a: number; b: number } | null {
  switch (e.k) {
    case 'num': return { a: 0, b: e.v };
    case 'arg': return { a: 1, b: 0 };
    case 'neg': {
      const x = linear(e.e);
      return x && { a: -x.a, b: -x.b };
    }
    case 'bin': {
      const l = linear(e.l);
      const r = linear(e.r);
      if (!l || !r) return null;
      if (e.op === '+') return { a: l.a + r.a, b: l.b + r.b };
      if (e.op === '-') return { a: l.a - r.a, b: l.b - r.b };
      if (e.op === '*' && (l.a === 0 || r.a === 0)) return { a: l.a * r.b + r.a * l.b, b: l.b * r.b };
      return null;
    }
  }
}

const exprCache = new Map<string, Expr>();
function expr(text: string): Expr {
  let e = exprCache.get(text);
  if (!e) {
    e = parseExpr(text);
    exprCache.set(text, e);
  }
  return e;
}

/** Parses a signature such as `callable self_or_null args[oparg] -- res`. */
export function parseSignature(sig: string): StackSignature {
  const parts = sig.split('--');
  if (parts.length !== 2) throw new Error(`stack signature needs exactly one '--': ${sig}`);
  const items = (s: string): StackItem[] => s.trim() === '' ? [] : s.trim().split(/\s+/).map((tok) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(.+)\])?$/.exec(tok);
    if (!m) throw new Error(`bad stack item '${tok}' in: ${sig}`);
    if (m[2] !== undefined) expr(m[2]);
    return { name: m[1]!, count: m[2] ?? null };
  });
  return { inputs: items(parts[0]!), outputs: items(parts[1]!) };
}

/** Number of stack slots the items take for `oparg`. */
export function itemCount(items: readonly StackItem[], oparg: number): number {
  let n = 0;
  for (const it of items) n += it.count === null ? 1 : evalExpr(expr(it.count), oparg);
  return n;
}

/** Net effect (outputs − inputs) of a signature for `oparg`. */
export function signatureNet(sig: StackSignature, oparg: number): number {
  return itemCount(sig.outputs, oparg) - itemCount(sig.inputs, oparg);
}

/** A sum of terms: a linear part `a·oparg + b` plus non-linear terms with coefficients. */
interface Sum { a: number; b: number; terms: Map<string, number> }

function sumOf(items: readonly StackItem[], sign: number, into: Sum = { a: 0, b: 0, terms: new Map() }): Sum {
  for (const it of items) {
    if (it.count === null) { into.b += sign; continue; }
    const lin = linear(expr(it.count));
    if (lin) { into.a += sign * lin.a; into.b += sign * lin.b; continue; }
    const key = it.count.replace(/\s+/g, '');
    into.terms.set(key, (into.terms.get(key) ?? 0) + sign);
  }
  return into;
}

function formatSum(s: Sum, signed: boolean): string {
  const parts: [number, string][] = [];
  if (s.b !== 0) parts.push([s.b, String(Math.abs(s.b))]);
  if (s.a !== 0) parts.push([s.a, Math.abs(s.a) === 1 ? 'oparg' : `${Math.abs(s.a)} × oparg`]);
  for (const [t, c] of s.terms) {
    if (c === 0) continue;
    const body = /^[\w]+$/.test(t) ? t : `(${t})`;
    parts.push([c, Math.abs(c) === 1 ? body : `${Math.abs(c)} × ${body}`]);
  }
  if (parts.length === 0) return '0';
  // Positive terms first: `oparg - 1` rather than `-1 + oparg`.
  parts.sort((x, y) => Number(y[0] > 0) - Number(x[0] > 0));
  return parts.map(([c, t], i) => (i === 0 ? (c < 0 ? '-' : signed ? '+' : '') : c < 0 ? ' - ' : ' + ') + t).join('');
}

/** How many items the signature pops, as a formula (`2 + oparg`). */
export function popsText(sig: StackSignature): string {
  return formatSum(sumOf(sig.inputs, 1), false);
}

/** How many items the signature pushes, as a formula. */
export function pushesText(sig: StackSignature): string {
  return formatSum(sumOf(sig.outputs, 1), false);
}

/** The net effect of the signature as a formula with a sign (`+1`, `-1 - oparg`, `+(oparg&1)`). */
export function netText(sig: StackSignature): string {
  const s = sumOf(sig.outputs, 1);
  sumOf(sig.inputs, -1, s);
  return formatSum(s, true);
}

/** Evaluates a generated stack-effect model for `oparg` (the rule of `npm run gen:tables`). */
export function evalStackEffect(m: StackEffectModel, oparg: number): number {
  if (typeof m === 'number') return m;
  if ('byLowByte' in m) return m.byLowByte[oparg & 255] ?? 0;
  if (m.perArg16 !== undefined) {
    return m.base + m.perArg * (oparg & 255) + (m.perHighArg ?? 0) * ((oparg >>> 8) & 255) + m.perArg16 * Math.floor(oparg / 65536);
  }
  if (m.perHighArg !== undefined) return m.base + m.perArg * (oparg & 255) + m.perHighArg * (oparg >> 8);
  return m.base + m.perArg * oparg;
}

/** A generated stack-effect model as a formula (`+1`, `1 - oparg`, or the distinct values of a table). */
export function modelText(m: StackEffectModel): string {
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  if (typeof m === 'number') return signed(m);
  if ('byLowByte' in m) {
    const values = [...new Set(m.byLowByte)].sort((x, y) => x - y);
    return `${values.map(signed).join(' or ')} depending on the low byte of oparg`;
  }
  const s: Sum = { a: 0, b: m.base, terms: new Map() };
  if (m.perHighArg === undefined && m.perArg16 === undefined) s.a = m.perArg;
  else {
    if (m.perArg) s.terms.set('oparg&0xFF', m.perArg);
    if (m.perArg16 !== undefined) {
      if (m.perHighArg) s.terms.set('(oparg>>8)&0xFF', m.perHighArg);
      if (m.perArg16) s.terms.set('oparg>>16', m.perArg16);
    } else if (m.perHighArg) s.terms.set('oparg>>8', m.perHighArg);
  }
  return formatSum(s, true);
}

/**
 * The only argument values an instruction takes, where the compiler emits just a few (BUILD_SLICE: 2 or 3 items).
 * A change of its stack-effect model outside these values changes nothing a program can run.
 */
export const ARGUMENT_VALUES: Readonly<Record<string, readonly number[]>> = {
  BUILD_SLICE: [2, 3],
  RAISE_VARARGS: [0, 1, 2],
};

/**
 * Arguments that tell two stack-effect models apart where programs use them: a model is a table by low byte or linear
 * in the low and the high byte, so two models equal on every low byte and on high bytes 0 to 2 are equal for every
 * argument below 2**16. (Above, only 3.0–3.5's MAKE_FUNCTION counts annotations, and the models of 2.7 read from
 * `compile.c` are exact below 2**16 only.)
 */
const DISTINGUISHING_ARGUMENTS: readonly number[] = Array.from({ length: 768 }, (_, i) => i);

/**
 * True when two models are the same function of the argument (of the values `opname` takes, when
 * {@link ARGUMENT_VALUES} lists them), however the generated tables write them.
 */
export function sameModel(x: StackEffectModel, y: StackEffectModel, opname?: string): boolean {
  const values = (opname !== undefined ? ARGUMENT_VALUES[opname] : undefined) ?? DISTINGUISHING_ARGUMENTS;
  return values.every((arg) => evalStackEffect(x, arg) === evalStackEffect(y, arg));
}
