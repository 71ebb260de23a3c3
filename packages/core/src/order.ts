/** Orders the core and its users share. */

/**
 * Compares two strings by their UTF-16 code units, as `<` does and as Python's `sorted` orders `str` (for text of the
 * BMP): the same on every platform and in every locale, and without `localeCompare`, whose first call builds an ICU
 * collator (6-9 ms of a short command).
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
