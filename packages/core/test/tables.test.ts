/**
 * The generated opcode tables (`src/tables/cpython-*.ts`) are JSON text, parsed when the registry is first asked for
 * a version: a process that loads the core and reads one version's bytecode parses that version's table only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const CORE = new URL('../src/index.js', import.meta.url).href;

/** Runs `body` in a fresh Node process after the core is imported; JSON.parse is watched from the start. */
function tablesParsed(body: string): { atImport: string[]; after: string[] } {
  const script = `
    const parsed = [];
    const parse = JSON.parse;
    JSON.parse = function (text, reviver) {
      const v = parse.call(this, text, reviver);
      if (v && typeof v === 'object' && typeof v.version === 'string' && Array.isArray(v.opname)) parsed.push(v.version);
      return v;
    };
    const core = await import(${JSON.stringify(CORE)});
    const atImport = [...parsed];
    ${body}
    console.log(JSON.stringify({ atImport, after: parsed }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { atImport: string[]; after: string[] };
}

test('loading the core parses no opcode table; asking for a version parses its own, once', () => {
  const { atImport, after } = tablesParsed(`
    core.getVersion('3.12'); core.getVersion('3.12'); core.getVersion('2.7');`);
  assert.deepEqual(atImport, []);
  assert.deepEqual(after, ['3.12', '2.7']);
});
