// Bundles the built packages (their dist/src, from tsc) for Node with rolldown, each into its dist/bundle (emptied
// first, so that no chunk of an earlier build stays behind). Run by `npm run build` after tsc.
//
// - core: what `@bytescope/core` and `@bytescope/core/supported` resolve to (the types stay those of dist/src): a few
//   files instead of about a hundred ES modules, 35 ms to import instead of 55-73 ms (module resolution and file
//   reads). @bytescope/python, which every command that runs CPython loads, imports it; the web build takes dist/src
//   (the `browser` condition of the core's exports), which Vite shakes finer (the bundle made its assets 49 KB larger).
// - cli: the `bytescope` command (bin.js) and its `--jobs` worker: one file to load at start instead of about 40, the
//   chunks of the reference's and the lab's commands loaded only by them. The core is bundled in (split the same
//   way); `@bytescope/python` stays outside (it starts its child processes, threads and server from its own files,
//   and loads the core's bundle beside the CLI's copy). One core per process, the CLI importing the core's bundle,
//   was measured and not kept: `bytescope dis` of a small .pyc took 10-15 ms longer (0.115 s against 0.105 s and
//   0.14 s against 0.125 s, medians of 12) for 25-60 ms less on a served lab command.
import { chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { loadThroughCodeCache } from './code-cache.js';
import { compactTables } from './compact-tables.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `entries` (name → file under the package's dist/src) of `pkg` into its dist/bundle; returns that folder. */
async function bundle(pkg, entries, options) {
  const dir = path.join(root, 'packages', pkg);
  const out = path.join(dir, 'dist/bundle');
  rmSync(out, { recursive: true, force: true });
  await build({
    input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(dir, 'dist/src', file)])),
    platform: options.platform,
    external: options.external,
    output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: options.chunkFileNames, codeSplitting: options.codeSplitting },
    plugins: [compactTables()],
    logLevel: 'warn',
  });
  return out;
}

const core = await bundle('core', { index: 'index.js', supported: 'version/supported.js' }, { platform: 'neutral', chunkFileNames: '[name]-chunk.js' });
const cli = await bundle('cli', { bin: 'bin.js', worker: 'worker.js' }, {
  platform: 'node', external: [/^@bytescope\/python/, /^node:/], chunkFileNames: '[name].js',
  codeSplitting: { groups: [{ debugName: 'core', name: (id) => (/[\\/]packages[\\/]core[\\/]/.test(id) ? 'core' : null) }] },
});
// After the CLI's bundle, which takes the core's as it came from rolldown.
await loadThroughCodeCache(core, 'index.js');
await loadThroughCodeCache(cli, 'core.js');
chmodSync(path.join(cli, 'bin.js'), 0o755);
