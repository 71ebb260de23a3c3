import vm from 'node:vm';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const v = process.argv[2]; const mode = process.argv[3];
const t0 = performance.now();
if (mode === 'req') require(`py${v.replace('.','')}/pyodide.asm.js`);
else if (mode !== 'none') {
  const file = require.resolve(`py${v.replace('.','')}/pyodide.asm.js`);
  const src = readFileSync(file, 'utf8');
  const cacheFile = `/tmp/start/cc-${v}.bin`;
  const cachedData = mode === 'cache' && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${src}\n})`, { filename: file, cachedData, importModuleDynamically: (s) => import(s) });
  if (cachedData) console.log('rejected', script.cachedDataRejected);
  script.runInThisContext()({}, require, { exports: {} }, file, file.replace(/\/[^/]*$/, ''));
  globalThis.__script = script;
  if (mode === 'cache' && !cachedData) process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}
const t1 = performance.now();
const { loadRuntime, compileSource } = await import('@bytescope/python');
const rt = await loadRuntime(v);
const t2 = performance.now();
compileSource(rt, new TextEncoder().encode('print(1)'), 'x.py');
const t3 = performance.now();
console.log(v, mode, rt.startedFrom, 'pre', (t1-t0)|0, 'load', (t2-t1)|0, 'compile', (t3-t2)|0, process.cpuUsage());
