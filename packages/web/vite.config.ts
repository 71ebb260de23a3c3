import { defineConfig, type Plugin } from 'vite';
import { PYTHON_VERSIONS } from '@bytescope/core';
import { runtimeDirectory } from '@bytescope/python';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { DEFAULT_EXAMPLE_ID, example } from './src/explorer/examples.js';
import { DEFAULT_COMPILE, EDITOR_FILENAME, FIRST_LISTING_FILE } from './src/explorer/first-listing.js';
import path from 'node:path';
import { compactTables } from '../../scripts/compact-tables.js';

/** Copies each Pyodide runtime (wasm, stdlib, loader) into the build: nothing is fetched from a CDN. */
function pyodideAssets(): Plugin {
  let outDir = 'dist';
  return {
    name: 'bytescope-pyodide-assets',
    apply: 'build',
    configResolved(c) { outDir = path.resolve(c.root, c.build.outDir); },
    closeBundle() {
      for (const version of PYTHON_VERSIONS) {
        const src = runtimeDirectory(version);
        const dest = path.join(outDir, 'pyodide', version);
        mkdirSync(dest, { recursive: true });
        for (const f of readdirSync(src)) {
          if (/\.(d\.ts|map|md|html)$/.test(f) || f === 'package.json') continue;
          cpSync(path.join(src, f), path.join(dest, f));
        }
      }
      // What the first listing is compiled from; scripts/make-first-listings.js adds each version's .pyc.
      const seed = { source: example(DEFAULT_EXAMPLE_ID).source, filename: EDITOR_FILENAME, ...DEFAULT_COMPILE, versions: {} };
      writeFileSync(path.join(outDir, FIRST_LISTING_FILE), JSON.stringify(seed));
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: {
    outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000,
    // Two pages: the explorer and the instruction reference (core data; a runtime only for a live example).
    rolldownOptions: {
      input: { index: path.resolve(import.meta.dirname, 'index.html'), reference: path.resolve(import.meta.dirname, 'reference.html') },
    },
  },
  // The opcode tables' JSON text compacted (laid out for review in the sources): ../../scripts/compact-tables.js.
  worker: { format: 'es', plugins: () => [compactTables()] },
  plugins: [compactTables(), pyodideAssets()],
});
