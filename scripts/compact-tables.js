// A bundler plugin (rolldown, Vite) that compacts the JSON text of the generated opcode tables
// (packages/core/src/tables/cpython-*.ts, see packages/python/scripts/table-files.ts). The sources lay that text out
// for review, one key per line and indented; in a bundle that layout is only bytes (about 100 KB of whitespace over
// the seventeen tables, in each bundle that holds them), which a minifier cannot remove from inside a string.

const TABLE_FILE = /[\\/]tables[\\/]cpython-\d+\.[jt]s$/;
const JSON_TEXT = /JSON\.parse\(`((?:[^`\\]|\\.)*)`\)/;

/** The plugin: each table file's `JSON.parse(`…`)` with its text compacted (the same data). */
export function compactTables() {
  return {
    name: 'bytescope-compact-tables',
    /** @param {string} code @param {string} id */
    transform(code, id) {
      if (!TABLE_FILE.test(id)) return null;
      const m = JSON_TEXT.exec(code);
      if (!m) throw new Error(`${id}: no JSON.parse of a template literal (see table-files.ts)`);
      const text = m[1].replace(/\\([\\`$])/g, '$1');
      const compact = JSON.stringify(JSON.stringify(JSON.parse(text)));
      return { code: code.slice(0, m.index) + `JSON.parse(${compact})` + code.slice(m.index + m[0].length), map: null };
    },
  };
}
