// Loads a bundle's chunk through V8's code cache. Node 20 keeps no compiled code between runs of a process (its
// `module.enableCompileCache` came with Node 22): every `bytescope` command parsed and compiled the core's 880 KB
// again before it read its first byte. `vm.Script` takes a code cache (`cachedData`), but only for a classic script,
// so the build turns the chunk into three files:
//
// - CHUNK.script.js: the chunk as a classic script, a function (strict, as a module is) of the bindings the chunk
//   imported, returning the chunk's exports, in ASCII (read as Latin-1). Its first line carries the build's token
//   (the SHA-1 of the rest).
// - CHUNK.cache: that token, then V8's code cache of the script, made here after running it once (the cache then
//   holds the functions its top level compiled; measured: as fast as one made after disassembling a file). V8's
//   flags are part of what a cache fits: this process runs with Node's defaults, as the commands that load it do.
// - CHUNK.js, in the chunk's place: a module that imports what the chunk imported, compiles the script with the cache
//   when the three tokens match, runs it and exports what the chunk exported. V8 checks the rest (its version, its
//   flags, the script's length) and compiles from the source when the cache does not fit: the same result, slower.
//
// What V8 checks of a cache: its version, its flags, the source's length and the cache's own length (a truncated file
// is refused), not a checksum of its contents (release builds do not compute one). These files are the build's, as
// the bundle's JavaScript is; the caches written at run time (Pyodide's glue, `packages/python/src/glue-cache.ts`)
// carry a checksum of their own.
//
// The chunk may import named bindings (`import { a, b as c } from "…"`) and must use neither `import()` nor
// `import.meta` (a classic script has no module context): the build fails otherwise.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Script } from 'node:vm';

/** The first line of a script: this marker, a space and the token. */
const MARKER = '// bytescope-code-cache';
/** Names the loading module declares: an export of the same name would clash. */
const LOADER_NAMES = ['TOKEN', 'file', 'source', 'cachedData', 'cache', 'script', 'codeCache', 'readFileSync', 'fileURLToPath', 'Script'];

/** `a, b as c` (an import or export list) as pairs: the name outside the chunk, the name inside it. */
function bindings(list) {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [outer, inner = outer] = s.split(/\s+as\s+/);
    return { outer, inner };
  });
}

/** Rewrites `dir/chunk` (see above); throws when the chunk cannot become a classic script. */
export function loadThroughCodeCache(dir, chunk) {
  const file = path.join(dir, chunk);
  let code = readFileSync(file, 'utf8');
  const imports = [];
  for (let m; (m = /^import \{([^}]*)\} from ("[^"]+");\n/.exec(code)); code = code.slice(m[0].length)) {
    imports.push({ from: m[2], names: bindings(m[1]) });
  }
  const end = /\nexport \{([^}]*)\};\s*$/.exec(code);
  const body = end ? code.slice(0, end.index) : code;
  if (/^\s*(import|export)\b/m.test(body) || /\bimport\s*\(|\bimport\.meta\b/.test(body)) {
    throw new Error(`${file}: an import that is not of named bindings at the top, an export before the end, import() or import.meta: cannot be a classic script`);
  }
  // `export { local as exported }`: inside the chunk `local`, outside `exported`.
  const exports = (end ? bindings(end[1]) : []).map(({ outer, inner }) => ({ local: outer, exported: inner }));
  const params = imports.flatMap((i) => i.names.map((n) => n.inner));
  const taken = [...params, ...exports.map((e) => e.exported)].filter((n) => LOADER_NAMES.includes(n));
  if (taken.length) throw new Error(`${file}: imports or exports ${taken.join(', ')}, a name the loading module uses`);

  // ASCII only (every other character as a \uXXXX escape: the chunk has them in strings, templates and comments
  // only, and no backslash before one), so that the loader reads the file as Latin-1 into a one-byte string: a UTF-8
  // read of the 880 KB made a two-byte string, 1.5-3 ms slower.
  if (/\\[^\x00-\x7f]/.test(body)) throw new Error(`${file}: a backslash before a non-ASCII character: cannot escape it`);
  const ascii = body.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const fn = `(function (${params.join(', ')}) {\n"use strict";\n${ascii}\nreturn { ${exports.map((e) => `${JSON.stringify(e.exported)}: ${e.local}`).join(', ')} };\n})`;
  const token = createHash('sha1').update(fn).digest('hex');
  const source = `${MARKER} ${token}\n${fn}`;
  const stem = chunk.replace(/\.js$/, '');
  const scriptFile = path.join(dir, `${stem}.script.js`);
  writeFileSync(scriptFile, source);

  // Run once, with the imported bindings, so that the cache holds what the top level compiled.
  const script = new Script(source, { filename: scriptFile });
  return Promise.all(imports.map((i) => import(new URL(JSON.parse(i.from), `file://${file}`).href))).then((mods) => {
    script.runInThisContext()(...imports.flatMap((i, k) => i.names.map((n) => mods[k][n.outer])));
    writeFileSync(path.join(dir, `${stem}.cache`), Buffer.concat([Buffer.from(token, 'latin1'), script.createCachedData()]));
    const lines = [
      `// Made by scripts/code-cache.js: ${stem}.script.js compiled with V8's code cache (${stem}.cache) when it fits.`,
      'import { readFileSync } from "node:fs";',
      'import { fileURLToPath } from "node:url";',
      'import { Script } from "node:vm";',
      // Imported under names of their own: the chunk may export what it imports.
      ...imports.map((i, k) => `import { ${i.names.map((n, j) => `${n.outer} as $${k}_${j}`).join(', ')} } from ${i.from};`),
      `const TOKEN = "${token}";`,
      `const file = fileURLToPath(new URL("./${stem}.script.js", import.meta.url));`,
      'const source = readFileSync(file, "latin1");',
      'let cachedData;',
      'try {',
      `  const cache = readFileSync(fileURLToPath(new URL("./${stem}.cache", import.meta.url)));`,
      `  if (source.slice(${MARKER.length + 1}, ${MARKER.length + 1 + token.length}) === TOKEN && cache.toString("latin1", 0, ${token.length}) === TOKEN) cachedData = cache.subarray(${token.length});`,
      '} catch {}',
      'const script = new Script(source, { filename: file, cachedData });',
      '/** Whether V8 compiled the chunk with the build\'s code cache ("used"), refused it ("rejected"), or had none ("none"). */',
      'export const codeCache = cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "used";',
      `export const { ${exports.map((e) => e.exported).join(', ')} } = script.runInThisContext()(${imports.flatMap((i, k) => i.names.map((_, j) => `$${k}_${j}`)).join(', ')});`,
      '',
    ];
    writeFileSync(file, lines.join('\n'));
  });
}
