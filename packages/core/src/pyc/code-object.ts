/**
 * Code objects: the kinds of their fast locals and the address printed for them. The `CodeObject` type itself is
 * declared with the other marshalled values in `objects.ts` (a code object holds values; a value may be a code
 * object).
 */
import type { CodeObject, CodeLayout } from './objects.js';

export type { CodeObject, CodeLayout };

/** Kind bits of `co_localspluskinds` (3.11+; `Include/internal/pycore_code.h`). */
export const CO_FAST_HIDDEN = 0x10;
export const CO_FAST_LOCAL = 0x20;
export const CO_FAST_CELL = 0x40;
export const CO_FAST_FREE = 0x80;

/** The synthetic address printed for a code object (CPython prints a memory address here). */
export function codeAddress(code: CodeObject): string {
  return '0x' + (0x10000000 + code.id * 0x40).toString(16);
}

/**
 * `repr()` of a code object in CPython 3 (`code_repr` in `Objects/codeobject.c`: a first line of 0 prints as -1), as in
 * `Disassembly of <code object …>:` headers and constant reprs.
 */
export function codeRepr(code: CodeObject): string {
  return `<code object ${code.name} at ${codeAddress(code)}, file "${code.filename}", line ${code.firstlineno === 0 ? -1 : code.firstlineno}>`;
}
