/**
 * The Python values a marshalled `.pyc` can hold, as plain tagged JavaScript objects.
 *
 * Strings are JavaScript strings that may contain lone surrogates (CPython allows them in `str` constants).
 * Integers are `bigint` so that arbitrary-precision longs round-trip exactly.
 */

/** `None`, `Ellipsis`, `StopIteration` and marshal's `?` (unknown) marker. */
export interface PySingleton { readonly type: 'None' | 'Ellipsis' | 'StopIteration' | 'Unknown' }
/** `True` / `False`. */
export interface PyBool { readonly type: 'bool'; readonly value: boolean }
/** `int` (any size). `long`: a Python 2 `long` (marshal `l` in a 2.7 file), whose repr ends in `L`. */
export interface PyInt { readonly type: 'int'; readonly value: bigint; readonly long?: true }
/** `float`. */
export interface PyFloat { readonly type: 'float'; readonly value: number }
/** `complex`. */
export interface PyComplex { readonly type: 'complex'; readonly real: number; readonly imag: number }
/** `str`. `kind` records marshal's type code family (informational only). */
export interface PyStr { readonly type: 'str'; readonly value: string }
/** `bytes`. */
export interface PyBytes { readonly type: 'bytes'; readonly value: Uint8Array }
/** `tuple`, `list`, `set`, `frozenset`: items in marshal order. */
export interface PySequence {
  readonly type: 'tuple' | 'list' | 'set' | 'frozenset';
  readonly items: PyObject[];
}
/** `dict` or (3.15+) `frozendict`: entries in marshal order. */
export interface PyDict {
  readonly type: 'dict' | 'frozendict';
  readonly entries: [PyObject, PyObject][];
}
/** `slice(start, stop, step)` (marshal 5, CPython 3.14+). */
export interface PySlice { readonly type: 'slice'; readonly start: PyObject; readonly stop: PyObject; readonly step: PyObject }
/** A code object. */
export interface PyCode { readonly type: 'code'; readonly code: CodeObject }

/** Any value the marshal reader produces. */
export type PyObject =
  | PySingleton | PyBool | PyInt | PyFloat | PyComplex | PyStr | PyBytes
  | PySequence | PyDict | PySlice | PyCode;

/** The singletons, shared. */
export const PY_NONE: PySingleton = Object.freeze({ type: 'None' });
export const PY_ELLIPSIS: PySingleton = Object.freeze({ type: 'Ellipsis' });
export const PY_STOP_ITERATION: PySingleton = Object.freeze({ type: 'StopIteration' });
export const PY_UNKNOWN: PySingleton = Object.freeze({ type: 'Unknown' });
export const PY_TRUE: PyBool = Object.freeze({ type: 'bool', value: true });
export const PY_FALSE: PyBool = Object.freeze({ type: 'bool', value: false });

/** Which marshal field layout the code object was read with. */
export type CodeLayout = '2.7' | '3.0' | '3.8' | '3.10' | '3.11';

/**
 * A CPython code object as read from marshal data, in one shape for every supported layout
 * (2.7, 3.0–3.7, 3.8–3.9, 3.10, 3.11+). Fields carry CPython's attribute names without the `co_` prefix.
 */
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
