/**
 * The options of `dis.dis` that Bytescope mirrors, and which versions have them.
 */
import { BytescopeError } from '../errors.js';
import type { VersionInfo } from '../version/registry.js';

/** Options of `dis.dis`, each refused for versions whose `dis` lacks it. */
export interface DisOptions {
  /** `show_caches=True` / `-C` (3.11+). */
  readonly showCaches?: boolean;
  /** `show_offsets=True` / `-O` (3.13+). */
  readonly showOffsets?: boolean;
  /** `show_positions=True` / `-P` (3.14+). */
  readonly showPositions?: boolean;
  /** Nesting depth for code objects in constants (`depth`); undefined: unlimited. */
  readonly depth?: number;
  /**
   * The most characters (UTF-8 bytes when writing bytes) the listing may have; beyond, a {@link BytescopeError}
   * of kind `limit`. Default {@link DIS_TEXT_MAX_OUTPUT}; for a file, pass {@link textOutputBudget} of its size.
   */
  readonly maxOutputChars?: number;
}

/** Throws a usage error when the version's `dis` does not have an option that is set. */
export function checkDisOptions(v: VersionInfo, o: DisOptions): void {
  const has = v.features.options;
  const refuse = (flag: string, since: string) => {
    throw new BytescopeError('usage', `${flag} needs Python ${since} or newer; this code is Python ${v.version}, whose dis has no such option`);
  };
  if (o.showCaches && !has.showCaches) refuse('--show-caches', '3.11');
  if (o.showOffsets && !has.showOffsets) refuse('--show-offsets', '3.13');
  if (o.showPositions && !has.showPositions) refuse('--show-positions', '3.14');
}

