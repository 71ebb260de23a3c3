/**
 * A CPython code object as read from marshal data, in one shape for every supported layout
 * (2.7, 3.0–3.7, 3.8–3.9, 3.10, 3.11+). Fields carry CPython's attribute names without the `co_` prefix.
 */
import type { PyObject } from './objects.js';

/** Kind bits of `co_localspluskinds` (3.11+; `Include/internal/pycore_code.h`). */
export const CO_FAST_HIDDEN = 0x10;
export const CO_FAST_LOCAL = 0x20;
export const CO_FAST_CELL = 0x40;
export const CO_FAST_FREE = 0x80;

/** Which marshal field layout the code object was read with. */
export type CodeLayout = '2.7' | '3.0' | '3.8' | '3.10' | '3.11';

/** A code object. */
export interface CodeObject {
  readonly layout: CodeLayout;
  readonly argcount: number;
  readonly posonlyargcount: number;
  readonly kwonlyargcount: number;
  /** `co_nlocals` (stored up to 3.10, derived from localsplus kinds from 3.11). */
  readonly nlocals: number;
  readonly stacksize: number;
  readonly flags: number;
  /** `co_code`: the bytecode, with zeroed inline caches. */
  readonly code: Uint8Array;
  readonly consts: readonly PyObject[];
  readonly names: readonly string[];
  /** Local variable names (`co_varnames`). */
  readonly varnames: readonly string[];
  readonly cellvars: readonly string[];
  readonly freevars: readonly string[];
  /**
   * Names of all fast locals in frame order (3.11+: `co_localsplusnames`; before: varnames, then cellvars
   * not already in varnames, then freevars).
   */
  readonly localsplusnames: readonly string[];
  /** One kind byte per localsplus name (3.11+ as stored; synthesized for older layouts). */
  readonly localspluskinds: Uint8Array;
  readonly filename: string;
  readonly name: string;
  /** `co_qualname` (3.11+), otherwise equal to `name`. */
  readonly qualname: string;
  readonly firstlineno: number;
  /**
   * Line information as stored: `co_lnotab` (≤ 3.9), `co_linetable` in PEP 626 format (3.10) or the PEP 657
   * location table (3.11+).
   */
  readonly linetable: Uint8Array;
  /** `co_exceptiontable` (3.11+; empty before). */
  readonly exceptiontable: Uint8Array;
  /**
   * A stable identity for this code object within its file, used in place of the memory address that CPython
   * prints in `<code object … at 0x…>`.
   */
  readonly id: number;
}

/** The synthetic address printed for a code object (CPython prints a memory address here). */
export function codeAddress(code: CodeObject): string {
  return '0x' + (0x10000000 + code.id * 0x40).toString(16);
}
