/**
 * Comparing our `dis` text with real CPython's: the only allowed differences are the memory address in a
 * code object's repr and the element order inside `frozenset({…})` (CPython's depends on its hash seed).
 */

/** Replaces every `<code object … at 0x…,` address with `0xADDR`. */
export function maskAddresses(text: string): string {
  return text.replace(/ at 0x[0-9a-f]+, file "/g, ' at 0xADDR, file "');
}

/** Sorts the elements of every `frozenset({…})` in `text`, so that two texts compare as sets. */
export function sortFrozensets(text: string): string {
  const key = 'frozenset({';
  let i = text.indexOf(key);
  if (i < 0) return text;
  let out = '';
  let last = 0;
  while (i >= 0) {
    const start = i + key.length;
    const end = matchingBrace(text, start);
    if (end < 0) break;
    const inner = sortFrozensets(text.slice(start, end));
    out += text.slice(last, start) + splitTopLevel(inner).sort().join(', ');
    last = end;
    i = text.indexOf(key, end);
  }
  return out + text.slice(last);
}

/** Index of the quote closing the string literal that opens at `open` (backslash escapes skipped), or `s.length`. */
function closingQuote(s: string, open: number): number {
  const q = s[open];
  let i = open + 1;
  while (i < s.length && s[i] !== q) i += s[i] === '\\' ? 2 : 1;
  return i;
}

/** Index of the `}` closing the set whose body starts at `start`, skipping strings and nested brackets. */
function matchingBrace(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'" || c === '"') i = closingQuote(s, i);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return c === '}' ? i : -1;
      depth--;
    } else if (c === '\n') return -1;
  }
  return -1;
}

/** The elements of a set's body: split at each `, ` outside strings and brackets. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'" || c === '"') i = closingQuote(s, i);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0 && s[i + 1] === ' ') {
      parts.push(s.slice(cur, i));
      cur = i + 2;
      i++;
    }
  }
  parts.push(s.slice(cur));
  return parts;
}

/** Normalizes a `dis` text for comparison. */
export function normalizeDis(text: string): string {
  return sortFrozensets(maskAddresses(text));
}

/** The first line where two texts differ (1-based) with both lines, or undefined when equal. */
export function firstDifference(expected: string, actual: string): { line: number; expected: string; actual: string } | undefined {
  if (expected === actual) return undefined;
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, expected: a[i] ?? '<end>', actual: b[i] ?? '<end>' };
  }
  return { line: a.length, expected: '', actual: '' };
}
