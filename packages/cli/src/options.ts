/** Option values shared by several commands, checked in one place each. */
import {
  DEFAULT_PYTHON_VERSION, DIS_VERSIONS, checkReadableVersion, isPythonVersion, pythonVersionRange, type PythonVersion,
} from '@bytescope/core';
import { UsageError } from './errors.js';

/**
 * The value of a version option, checked: `--python X.Y` names a version with an embedded CPython (absent:
 * the default version); `--force-version X.Y` a version whose `.pyc` the core reads (absent: none, the magic
 * number decides). A bad value is a {@link UsageError}.
 */
export function versionOption(option: '--python', value: string | undefined): PythonVersion;
export function versionOption(option: '--force-version', value: string | undefined): string | undefined;
export function versionOption(option: '--python' | '--force-version', value: string | undefined): string | undefined {
  if (option === '--python') {
    if (value === undefined) return DEFAULT_PYTHON_VERSION;
    if (isPythonVersion(value)) return value;
    throw new UsageError(`--python must be ${pythonVersionRange()}, not ${JSON.stringify(value)}`);
  }
  if (value !== undefined) {
    try {
      checkReadableVersion(value);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
  }
  return value;
}

/** A whole-number option (`--depth`, `--timeout`…) of at least `min`; undefined when absent. */
export function intOption(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number >= ${min}, not ${JSON.stringify(value)}`);
  return n;
}

