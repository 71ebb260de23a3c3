/**
 * Where the lab's Python driver lives in this package (Node only). A browser build imports the same file as text
 * (`py/lab_driver.py`, e.g. with a bundler's `?raw` import) and passes it to `installLabDriver`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute path of `py/lab_driver.py`. */
export const LAB_DRIVER_PATH = path.join(pkgDir, 'py', 'lab_driver.py');

/** The driver's source text. */
export function readLabDriverSource(): string {
  return readFileSync(LAB_DRIVER_PATH, 'utf8');
}
