/**
 * The Python values a marshalled `.pyc` can hold, as plain tagged JavaScript objects.
 *
 * Strings are JavaScript strings that may contain lone surrogates (CPython allows them in `str` constants).
 * Integers are `bigint` so that arbitrary-precision longs round-trip exactly.
 */
import type { CodeObject } from './code-object.js';

/** `None`, `Ellipsis`, `StopIteration` and marshal's `?` (unknown) marker. */
export interface PySingleton { readonly type: 'None' | 'Ellipsis' | 'StopIteration' | 'Unknown' }
/** `True` / `False`. */
export interface PyBool { readonly type: 'bool'; readonly value: boolean }
/** `int` (any size). */
export interface PyInt { readonly type: 'int'; readonly value: bigint }
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
