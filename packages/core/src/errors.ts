/** Errors the core raises for bad input. Every failure on untrusted bytes is one of these. */

/** What went wrong, for programs that branch on it. */
export type BytescopeErrorKind =
  | 'truncated'        // the data ends before a complete structure
  | 'bad-magic'        // not a .pyc, or a magic number of an unsupported version or implementation
  | 'bad-marshal'      // an unknown type code, a bad reference, a malformed object
  | 'bad-code'         // a code object whose fields are inconsistent
  | 'limit'            // a resource limit (size, nesting depth, object count) was reached
  | 'unsupported'      // a valid input this version of Bytescope cannot handle (e.g. no opcode table)
  | 'usage';           // a caller asked for something invalid (e.g. an option the version lacks)

/** The one error type the core throws on bad input: a single-line message naming the problem. */
export class BytescopeError extends Error {
  /** The kind of failure. */
  readonly kind: BytescopeErrorKind;
  /** Byte offset in the input where the problem was found, when known. */
  readonly offset: number | undefined;

  constructor(kind: BytescopeErrorKind, message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.name = 'BytescopeError';
    this.kind = kind;
    this.offset = offset;
  }
}

/**
 * True for a {@link BytescopeError}, also one thrown by another copy of the core (a bundle and the package it
 * loads on demand each have their own class, so `instanceof` alone can miss it).
 */
export function isBytescopeError(e: unknown): e is BytescopeError {
  return e instanceof BytescopeError || (e instanceof Error && e.name === 'BytescopeError' && typeof (e as { kind?: unknown }).kind === 'string');
}

/**
 * An output budget proportional to the input: `perByte` characters per input byte, at least `min` and at most
 * `max` (`max` when the input size is unknown). A small hostile file (one that lists a shared constant or code
 * object at every occurrence, or loads a large constant from thousands of instructions) then fails fast with a
 * `limit` error, while real files, whose output is a few dozen characters per byte, never come near it.
 */
export function outputBudget(inputBytes: number | undefined, perByte: number, min: number, max: number): number {
  if (inputBytes === undefined || !(inputBytes >= 0)) return max;
  return Math.min(max, Math.max(min, inputBytes * perByte));
}

/**
 * Whether `e` is the engine's stack overflow: V8's and JavaScriptCore's RangeError "Maximum call stack size exceeded",
 * SpiderMonkey's InternalError "too much recursion". The recursive parts of the core bound their depth so that this
 * does not happen on a default stack; it is caught as a last resort and turned into a `limit` error.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof Error && !(e instanceof BytescopeError) && /call stack|too much recursion|stack overflow/i.test(e.message);
}

/** `s` quoted for an error message, cut after 60 characters (a hostile value may be huge). */
export function quoteShort(s: string): string {
  return s.length <= 60 ? JSON.stringify(s) : JSON.stringify(s.slice(0, 60)) + `… (${s.length} characters)`;
}
