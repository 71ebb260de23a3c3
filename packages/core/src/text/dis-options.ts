/**
 * The options of `dis.dis` that Bytescope mirrors, and which versions have them.
 */
import { BytescopeError } from '../errors.js';
import type { CodeObject } from '../pyc/objects.js';
import type { VersionInfo } from '../version/registry.js';

/**
 * An extra column of the listing, made by the caller from an analysis (the stack depth of `bytescope dis --stack`):
 * text before each instruction row (padded to {@link ListingColumn.width}, then a space; blank on cache rows) and
 * text after it. Blank lines and the exception table get nothing. Without a column the listing is `dis`'s.
 */
export interface ListingColumn {
  /** Width of the text before the rows of `code`. */
  width(code: CodeObject): number;
  /** The text before the instruction at `offset` of `code` (at most `width` characters); null: blank. */
  before(code: CodeObject, offset: number): string | null;
  /** The text after that instruction's row (after two spaces); null: nothing. */
  after(code: CodeObject, offset: number): string | null;
}

/** Options of `dis.dis`, each refused for versions whose `dis` lacks it. */
export interface DisOptions {
  /** `show_caches=True` / `-C` (3.11+). */
  readonly showCaches?: boolean;
  /** `show_offsets=True` / `-O` (3.13+). */
  readonly showOffsets?: boolean;
  /** `show_positions=True` / `-P` (3.14+). */
  readonly showPositions?: boolean;
  /**
   * `python -m dis -S` / `--specialized` (3.14+): `adaptive=True` on the code just compiled or read. Such code has
   * not run, so it holds no specialized instruction yet and the text is the plain listing (the golden tests check
   * this against CPython's own `-S`); warmed-up code is what the lab's `specialize` shows.
   */
  readonly specialized?: boolean;
  /** Nesting depth for code objects in constants (`depth`); undefined: unlimited. */
  readonly depth?: number;
  /**
   * The most characters (UTF-8 bytes when writing bytes) the listing may have; beyond, a {@link BytescopeError}
   * of kind `limit`. Default {@link DIS_TEXT_MAX_OUTPUT}; for a file, pass {@link textOutputBudget} of its size.
   */
  readonly maxOutputChars?: number;
  /** An extra column (not a `dis` option: the listing is no longer `dis`'s). */
  readonly column?: ListingColumn;
}

/** The version switch and flag of each option of {@link DisOptions} that some versions' `dis` lack. */
const VERSIONED_OPTIONS = [
  ['showCaches', '--show-caches', '3.11'],
  ['showOffsets', '--show-offsets', '3.13'],
  ['showPositions', '--show-positions', '3.14'],
  ['specialized', '--specialized', '3.14'],
] as const;

/**
 * The options with those that the version's `dis` lacks turned off, and the flags of the ones turned off (for a
 * run over files of several versions, where an option applies to the files whose `dis` has it).
 */
export function supportedDisOptions(v: VersionInfo, o: DisOptions): { options: DisOptions; ignored: string[] } {
  const options: { -readonly [K in keyof DisOptions]: DisOptions[K] } = { ...o };
  const ignored: string[] = [];
  for (const [key, flag] of VERSIONED_OPTIONS) {
    if (o[key] && !v.features.options[key]) { options[key] = false; ignored.push(flag); }
  }
  return { options, ignored };
}

/** Throws a usage error when the version's `dis` does not have an option that is set. */
export function checkDisOptions(v: VersionInfo, o: DisOptions): void {
  for (const [key, flag, since] of VERSIONED_OPTIONS) {
    if (o[key] && !v.features.options[key]) {
      throw new BytescopeError('usage', `${flag} needs Python ${since} or newer; this code is Python ${v.version}, whose dis has no such option`);
    }
  }
}

