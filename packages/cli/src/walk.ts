/** Finding the `.pyc` files under a directory, in a stable order. */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { compareCodeUnits } from '@bytescope/core';

/** One thing a directory walk found: a `.pyc` file, or an entry that could not be read (with why). */
export interface WalkEntry {
  readonly path: string;
  readonly error?: string;
}

/**
 * Every `.pyc` file under `dir` (recursively), in sorted path order: the entries of each directory are
 * sorted by name, and a directory's files and subdirectories are interleaved by name, so the order is that of
 * the sorted relative paths compared component by component. Symbolic links to files are followed;
 * symbolic links to directories are not (no cycles).
 */
export function findPycFiles(dir: string): WalkEntry[] {
  const found: WalkEntry[] = [];
  const walk = (d: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      found.push({ path: d, error: `cannot read directory (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    entries.sort((a, b) => compareCodeUnits(a.name, b.name));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.pyc$/i.test(e.name)) {
        if (e.isFile()) found.push({ path: p });
        else if (e.isSymbolicLink()) {
          try {
            if (statSync(p).isFile()) found.push({ path: p });
          } catch {
            found.push({ path: p, error: 'broken symbolic link' });
          }
        }
      }
    }
  };
  walk(dir);
  return found;
}

/** True when `p` names a directory (following symbolic links); false when it is anything else or missing. */
export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
