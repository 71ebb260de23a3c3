/**
 * Values that differ between CPython versions, written once per range of versions: `{ byVersion: { '3.10':
 * a, '3.11-3.12': b, '3.13+': c } }`. Keys are a single version (`3.12`, `2.7`), a closed range (`3.11-3.13`),
 * an open range (`3.12+`, `-3.11`) or `all`; the first key that covers the version wins.
 */

import { asPyVersion, compareVersions } from '../version/py-version.js';

/** A value per range of versions. */
export interface ByVersion<T> {
  readonly byVersion: Readonly<Record<string, T>>;
}

/** A value that is the same in every version, or one per range of versions. */
export type Versioned<T> = T | ByVersion<T>;

/** Builds a {@link ByVersion} value. */
export function byVersion<T>(map: Record<string, T>): ByVersion<T> {
  return { byVersion: map };
}

/** Minor version number of `3.x` (10 for `3.10`). */
export function minorOf(version: string): number {
  const v = asPyVersion(version);
  if (v.major !== 3) throw new Error(`not a 3.x version: ${version}`);
  return v.minor;
}

/**
 * True when the range key (`3.12`, `3.11-3.13`, `3.12+`, `-3.11`, `2.7-3.5`, `all`) covers `version` (any version
 * the registry knows, 2.7 included; compared as numbers).
 */
export function rangeCovers(key: string, version: string): boolean {
  if (key === 'all') return true;
  if (key.endsWith('+')) return compareVersions(version, key.slice(0, -1)) >= 0;
  if (key.startsWith('-')) return compareVersions(version, key.slice(1)) <= 0;
  const dash = key.indexOf('-');
  if (dash > 0) return compareVersions(version, key.slice(0, dash)) >= 0 && compareVersions(version, key.slice(dash + 1)) <= 0;
  return compareVersions(version, key) === 0;
}

function isByVersion<T>(x: Versioned<T>): x is ByVersion<T> {
  return typeof x === 'object' && x !== null && 'byVersion' in x;
}

/** The value for `version`, or undefined when no range covers it. */
export function pick<T>(x: Versioned<T> | undefined, version: string): T | undefined {
  if (x === undefined) return undefined;
  if (!isByVersion(x)) return x;
  for (const [k, val] of Object.entries(x.byVersion)) if (rangeCovers(k, version)) return val;
  return undefined;
}

/** Every value a {@link Versioned} can take, with its range key (`all` for a plain value). */
export function allValues<T>(x: Versioned<T>): [string, T][] {
  return isByVersion(x) ? Object.entries(x.byVersion) : [['all', x]];
}
