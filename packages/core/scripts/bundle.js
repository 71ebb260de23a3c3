// Bundles the built core (dist/src) into dist/bundle, what `@bytescope/core` and `@bytescope/core/supported` load in
// Node: a few files instead of about a hundred ES modules (module resolution and file reads cost tens of
// milliseconds on every start: 35 ms against 55-73 ms to import). @bytescope/python and the web build import it; the
// CLI bundles the core into its own chunks (packages/cli/scripts/bundle.js). Types stay those of dist/src.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(pkg, 'dist/bundle');
rmSync(out, { recursive: true, force: true }); // no chunk of an earlier build stays behind
await build({
  input: { index: path.join(pkg, 'dist/src/index.js'), supported: path.join(pkg, 'dist/src/version/supported.js') },
  platform: 'neutral',
  output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-chunk.js' },
  logLevel: 'warn',
});
