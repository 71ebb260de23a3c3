/**
 * Where the test data of the repository lies (Node only, so not part of the test kit's main entry): the repository
 * root, the shared corpora beside it, and the golden `.pyc` files that real CPython wrote into `.cache/golden/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this module is packages/core/dist/testkit/corpora.js, four levels below it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The shared corpora (`xdis/`, `pycdc/`; see their README): the `BYTESCOPE_CORPORA_ROOT` directory, or
 * `../shared/corpora` beside the repository.
 */
export function corporaDir(): string {
  return process.env.BYTESCOPE_CORPORA_ROOT ?? path.resolve(repoRoot, '../shared/corpora');
}

/** The `.pyc` files of the corpora written by CPython `version` (`xdis/bytecode_X.Y/*.pyc`, `pycdc/*.X.Y.pyc`), sorted. */
export function corpusPycs(version: string): string[] {
  const root = corporaDir();
  const xdis = path.join(root, 'xdis', `bytecode_${version}`);
  const out: string[] = [];
  if (fs.existsSync(xdis)) for (const f of fs.readdirSync(xdis)) if (f.endsWith('.pyc')) out.push(path.join(xdis, f));
  const pycdc = path.join(root, 'pycdc');
  if (fs.existsSync(pycdc)) for (const f of fs.readdirSync(pycdc)) if (f.endsWith(`.${version}.pyc`)) out.push(path.join(pycdc, f));
  return out.sort();
}

/** The bytes of a file, as the core reads them. */
export function readBytes(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(file));
}
