/**
 * The listing's line starts are read straight off the line table (`scanCode` in src/bytecode/scan.ts, without
 * building `co_lines()` ranges); `dis.findlinestarts` of the decoder is built on `co_lines()` (`findLineStarts(
 * codeLines(code, v), v)`). Both walk the table with the same walker (`walkLines310` for 3.10, `walkLocations` for
 * 3.11+), but each has its own logic on top (3.12+ merging of ranges, 3.13+ line-less starts), so they are pinned
 * equal here: on every code object of every 3.10–3.15 file of the corpora and of the golden data that real CPython
 * compiled (in packages/python's golden tests, which generate that data), and on line tables of random bytes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DIS_VERSIONS, getVersion } from '../src/version/registry.js';
import { coLinesLineStarts, compareLineStarts, listingLineStarts, makeCode, Prng } from '../testkit/index.js';
import { corporaDir, corpusPycs, readBytes } from '../testkit/corpora.js';

/** Compares the two on every code object of `files`; returns how many code objects and line starts were compared. */
function compareFiles(version: string, files: readonly string[]): { codes: number; starts: number } {
  const r = compareLineStarts(version, files.map((name) => ({ name, bytes: readBytes(name) })));
  assert.deepEqual(r.bad.slice(0, 5), [], `${r.bad.length} code objects of ${version} differ`);
  return r;
}

const hasCorpora = fs.existsSync(corporaDir());

/**
 * The versions with a line table that `co_lines()` reads (3.10+). Up to 3.9 `dis.findlinestarts` walks `co_lnotab`
 * itself (`walkLnotab`, whose starts may lie past the end of the code) and the listing uses that walk directly; the
 * golden data of those versions pins it.
 */
const LINE_TABLE_VERSIONS = DIS_VERSIONS.filter((v) => getVersion(v)!.features.lineTable !== 'lnotab');

describe('the listing\'s line starts are dis.findlinestarts', () => {
  for (const version of LINE_TABLE_VERSIONS) {
    it(`on every code object of the ${version} corpus files`, { skip: !hasCorpora && `no corpora at ${corporaDir()}` }, (t) => {
      const files = corpusPycs(version);
      assert.ok(files.length >= 10, `only ${files.length} ${version} files in ${corporaDir()}`);
      const { codes, starts } = compareFiles(version, files);
      assert.ok(codes >= files.length && starts >= codes, `${codes} code objects, ${starts} line starts`);
      t.diagnostic(`${version}: ${files.length} files, ${codes} code objects, ${starts} line starts`);
    });
  }

  it('on line tables of random bytes, every version', () => {
    let compared = 0;
    let lineless = 0;
    for (const version of LINE_TABLE_VERSIONS) {
      const v = getVersion(version)!;
      const rng = new Prng(0x11e5, DIS_VERSIONS.indexOf(version));
      for (let i = 0; i < 400; i++) {
        const units = rng.range(1, 64);
        const code = makeCode(version, {
          code: new Uint8Array(units * 2), linetable: rng.bytes(rng.size(300)), firstlineno: rng.pick([0, 1, 7, 1000, -5, 2 ** 31 - 1]),
        });
        const want = coLinesLineStarts(code, v);
        assert.deepEqual(listingLineStarts(code, v), want, `${version} #${i}: line table ${Buffer.from(code.linetable).toString('hex')}`);
        compared += want.length;
        lineless += want.filter(([, line]) => line === null).length;
      }
    }
    assert.ok(compared > 10_000 && lineless > 100, `${compared} line starts compared, ${lineless} of them line-less`);
  });
});
