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
