/**
 * Whether a module is the script Node was started with. Compares real paths: a parent that loaded this package
 * through the workspace's `node_modules/@bytescope/python` link may start a child with the link's path, while the
 * child's `import.meta.url` is the resolved file (or the other way round), and a plain string comparison then makes
 * the child do nothing and exit 0.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** True when the module at `moduleUrl` (its `import.meta.url`) is the main script of this process. */
export function isMainScript(moduleUrl: string): boolean {
  const main = process.argv[1];
  return main !== undefined && real(main) === real(fileURLToPath(moduleUrl));
}
